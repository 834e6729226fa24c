"""Figures about residents for the station report (issue 8). Aggregates only, no person.

`date_from`/`date_to` are inclusive dates (Asia/Shanghai). `rooms=None` means the whole station;
otherwise only residents of those rooms count. Every resident belongs to a room.
"""

import datetime

from django.db.models import Count, Q

from stations.models import KeyPopulation, KeyPopulationTag, Resident


def _residents_of(station, rooms):
    queryset = Resident.objects.filter(room__station=station)
    if rooms is not None:
        queryset = queryset.filter(room__in=rooms)
    return queryset


def key_population_figures(
    *, station, date_from: datetime.date, date_to: datetime.date, rooms=None
) -> dict:
    """{KeyPopulation value: distinct non-archived residents holding that tag in the period}.

    A tag counts when it was in force on some day of the period: it started on or before
    `date_to` and did not end before `date_from`. One query.
    """
    residents = _residents_of(station, rooms).filter(archived_at__isnull=True)
    rows = (
        KeyPopulationTag.objects.filter(resident__in=residents.values("pk"))
        .in_force_during(date_from, date_to)
        .values("category")
        .annotate(residents=Count("resident", distinct=True))
        .order_by()
    )
    figures = dict.fromkeys(KeyPopulation.values, 0)
    figures.update({row["category"]: row["residents"] for row in rows})
    return figures


def resident_counts(
    *, station, date_from: datetime.date, date_to: datetime.date, rooms=None
) -> dict:
    """{"registered": residents on file at the end of the period, "new": files opened in it}.

    On file: file opened (建档日期) on or before `date_to` and not archived. One query.
    """
    counts = (
        _residents_of(station, rooms)
        .filter(archived_at__isnull=True, registered_on__lte=date_to)
        .aggregate(
            registered=Count("pk"),
            new=Count("pk", filter=Q(registered_on__gte=date_from)),
        )
    )
    return {"registered": counts["registered"], "new": counts["new"]}
