"""Volunteer figures for the station report: registered, active, person-times, confirmed hours.

Only confirmed (or corrected) records count: pending and disputed hours are not yet vouched for.
With `rooms`, only volunteers registered in those rooms (and their records) count.
"""

from django.db.models import Count, Q, Sum

from stations.aggregates import day_range, grouped, per_room
from volunteers.models import (
    COUNTED_STATUSES,
    ServiceRecord,
    Volunteer,
    VolunteerStatus,
    served_activities,
)


def _volunteers(station, date_from, date_to, rooms):
    """Volunteers registered by `date_to` who had not left before `date_from`."""
    volunteers = Volunteer.objects.filter(station=station, registered_on__lte=date_to).exclude(
        Q(status=VolunteerStatus.LEFT) & Q(left_on__lt=date_from)
    )
    if rooms is not None:
        volunteers = volunteers.filter(room__in=rooms)
    return volunteers


def _records(station, date_from, date_to, rooms):
    records = ServiceRecord.objects.filter(
        volunteer__station=station,
        status__in=COUNTED_STATUSES,
        date__gte=date_from,
        date__lte=date_to,
    )
    if rooms is not None:
        records = records.filter(volunteer__room__in=rooms)
    return records


def _record_counts() -> dict:
    return {
        "active": Count("volunteer", distinct=True),
        "person_times": Count("pk"),
        "hours": Sum("hours"),
    }


def _volunteer_figures(registered: int, totals: dict) -> dict:
    return {
        "registered": registered,
        "active": totals["active"],
        "person_times": totals["person_times"],
        "hours": float(totals["hours"] or 0),
    }


def volunteer_figures(*, station, date_from, date_to, rooms=None) -> dict:
    period = (station, date_from, date_to, rooms)
    return _volunteer_figures(
        _volunteers(*period).count(), _records(*period).aggregate(**_record_counts())
    )


def volunteer_figures_by_room(*, station, date_from, date_to, rooms) -> dict:
    """{room pk: volunteer_figures(rooms=[room])} for each of `rooms`, in two queries."""
    period = (station, date_from, date_to, rooms)
    registered = per_room(_volunteers(*period), "room", {"count": Count("pk")}, rooms)
    totals = per_room(_records(*period), "volunteer__room", _record_counts(), rooms)
    return {pk: _volunteer_figures(registered[pk]["count"], totals[pk]) for pk in totals}


def volunteer_linkage_figures(*, station, date_from, date_to, rooms=None) -> dict:
    """五社联动 · volunteers from their records (issue 16): of the community activities starting in
    the period (with `rooms`: linked to one of them, as the report's activities), those with a
    confirmed (or corrected) volunteer service record, the records (person-times) and their
    hours. One query."""
    start, end = day_range(date_from, date_to)
    activities = served_activities().objects.filter(
        station=station, starts_at__gte=start, starts_at__lt=end
    )
    if rooms is not None:
        activities = activities.in_rooms(rooms)
    totals = ServiceRecord.objects.filter(
        status__in=COUNTED_STATUSES, activity__in=activities
    ).aggregate(**_linkage_counts())
    return _linkage(totals)


def _linkage_counts() -> dict:
    return {
        "activities": Count("activity", distinct=True),
        "person_times": Count("pk"),
        "hours": Sum("hours"),
    }


def _linkage(totals: dict) -> dict:
    return {
        "activities": totals["activities"],
        "person_times": totals["person_times"],
        "hours": float(totals["hours"] or 0),
    }


def volunteer_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: volunteer_figures(station=station)} for each of `stations`, in two queries
    (the district page, issue 16)."""
    keys = [station.pk for station in stations]
    registered = grouped(
        Volunteer.objects.filter(station__in=keys, registered_on__lte=date_to).exclude(
            Q(status=VolunteerStatus.LEFT) & Q(left_on__lt=date_from)
        ),
        "station",
        {"count": Count("pk")},
        keys,
    )
    records = ServiceRecord.objects.filter(
        volunteer__station__in=keys,
        status__in=COUNTED_STATUSES,
        date__gte=date_from,
        date__lte=date_to,
    )
    totals = grouped(records, "volunteer__station", _record_counts(), keys)
    return {pk: _volunteer_figures(registered[pk]["count"], totals[pk]) for pk in keys}


def volunteer_linkage_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: volunteer_linkage_figures(station=station)} for each of `stations`, in one
    query."""
    keys = [station.pk for station in stations]
    start, end = day_range(date_from, date_to)
    activities = served_activities().objects.filter(
        station__in=keys, starts_at__gte=start, starts_at__lt=end
    )
    records = ServiceRecord.objects.filter(status__in=COUNTED_STATUSES, activity__in=activities)
    totals = grouped(records, "activity__station", _linkage_counts(), keys)
    return {pk: _linkage(totals[pk]) for pk in keys}
