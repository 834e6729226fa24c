"""Casework figures for the station report: database aggregates, a fixed number of queries.

Periods are inclusive local dates (Asia/Shanghai); a service record counts on the day it starts.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum, Value

from cases.models import Case, ContactForm, ServiceRecord
from stations import aggregates
from stations.aggregates import grouped, per_period, per_room

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _bounds(date_from, date_to):
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=LOCAL)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=LOCAL
    )
    return start, end


def _records(*, station, date_from, date_to, rooms=None) -> QuerySet:
    start, end = _bounds(date_from, date_to)
    records = ServiceRecord.objects.filter(
        room__station=station, start_at__gte=start, start_at__lt=end
    )
    if rooms is not None:
        records = records.filter(room__in=rooms)
    return records


def _cases(station, rooms) -> QuerySet:
    cases = Case.objects.filter(station=station)
    if rooms is not None:
        cases = cases.filter(room__in=rooms)
    return cases


def _case_counts(date_from, date_to) -> dict:
    """Opened: opening approved in the period; closed: closed (or referred out) in the period;
    open at end: opened on or before `date_to` and not closed by then."""
    return {
        "opened": Count("pk", filter=Q(opened_on__gte=date_from, opened_on__lte=date_to)),
        "open_at_end": Count(
            "pk",
            filter=Q(opened_on__lte=date_to)
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
        ),
        "closed": Count(
            "pk",
            filter=Q(closed_on__gte=date_from, closed_on__lte=date_to) & Q(opened_on__isnull=False),
        ),
    }


def _record_counts() -> dict:
    """Contacts count every service record, home visits without a case included."""
    return {
        "contacts": Count("pk"),
        "home_visits": Count("pk", filter=Q(form=ContactForm.HOME_VISIT)),
        "minutes": Sum("duration_minutes"),
    }


def _contacts(record_counts: dict) -> dict:
    return {
        "contacts": record_counts["contacts"],
        "home_visits": record_counts["home_visits"],
        "service_hours": round((record_counts["minutes"] or 0) / 60, 1),
    }


def _casework(case_counts: dict, record_counts: dict) -> dict:
    return {
        "cases_opened": case_counts["opened"],
        "cases_open_at_end": case_counts["open_at_end"],
        "cases_closed": case_counts["closed"],
        **_contacts(record_counts),
    }


def casework_figures(*, station, date_from, date_to, rooms=None) -> dict:
    """cases_opened, cases_open_at_end, cases_closed, contacts, home_visits, service_hours."""
    scope = {"station": station, "date_from": date_from, "date_to": date_to, "rooms": rooms}
    return _casework(
        _cases(station, rooms).aggregate(**_case_counts(date_from, date_to)),
        _records(**scope).aggregate(**_record_counts()),
    )


def casework_figures_by_room(*, station, date_from, date_to, rooms) -> dict:
    """{room pk: casework_figures(rooms=[room])} for each of `rooms`, in two queries."""
    scope = {"station": station, "date_from": date_from, "date_to": date_to, "rooms": rooms}
    cases = per_room(_cases(station, rooms), "room", _case_counts(date_from, date_to), rooms)
    records = per_room(_records(**scope), "room", _record_counts(), rooms)
    return {pk: _casework(cases[pk], records[pk]) for pk in cases}


def contacts_by_period(*, station, date_from, date_to, rooms=None, unit) -> dict:
    """{first day of each month (or year): its contacts, home_visits and service_hours, as
    casework_figures gives them for that part of the period}, in one query."""
    records = _records(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
    counts = per_period(
        records,
        "start_at",
        _record_counts(),
        date_from=date_from,
        date_to=date_to,
        unit=unit,
        tzinfo=LOCAL,
    )
    return {start: _contacts(row) for start, row in counts.items()}


def served_resident_ids(*, station, date_from, date_to, rooms=None) -> QuerySet:
    """Residents with a service record (case contact or home visit) in the period."""
    return (
        _records(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
        .values("resident_id")
        .distinct()
    )


def served_residents_by_room(*, station, date_from, date_to, rooms) -> QuerySet:
    """(room pk, resident pk) rows: served_resident_ids(rooms=[room]) for each of `rooms`."""
    return (
        _records(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
        .order_by()
        .values_list("room", "resident")
        .distinct()
    )


def tag_rows(*, station, date_from, date_to, rooms=None) -> list[QuerySet]:
    """The X block's casework rows: each service record of a case in the period, one person-time
    of its resident; the record it counts is the case (服务个案), tagged with the case's areas and
    populations. Home visits without a case carry no tags and are not in the X block."""
    records = _records(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
    return _tag_rows(records)


def _tag_rows(records, by_station=False) -> list[QuerySet]:
    rows = aggregates.tag_rows(
        records.filter(case__isnull=False),
        domain="casework",
        prefix="c",
        record="case_id",
        person="resident_id",
        weight=Value(1),
        tagged="case__",
        station="room__station" if by_station else None,
    )
    return [rows]


# By station (the district page, issue 16): the same querysets and aggregates over several
# stations, grouped by station in one query each.


def _records_of_stations(*, stations, date_from, date_to) -> QuerySet:
    start, end = _bounds(date_from, date_to)
    return ServiceRecord.objects.filter(
        room__station__in=stations, start_at__gte=start, start_at__lt=end
    )


def casework_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: casework_figures(station=station)} for each of `stations`, in two queries."""
    keys = [station.pk for station in stations]
    cases = grouped(
        Case.objects.filter(station__in=keys), "station", _case_counts(date_from, date_to), keys
    )
    records = grouped(
        _records_of_stations(stations=keys, date_from=date_from, date_to=date_to),
        "room__station",
        _record_counts(),
        keys,
    )
    return {pk: _casework(cases[pk], records[pk]) for pk in keys}


def served_residents_by_station(*, stations, date_from, date_to) -> QuerySet:
    """(station pk, resident pk) rows: served_resident_ids(station=station) for each station,
    one per record (the caller's UNION makes them distinct)."""
    return (
        _records_of_stations(stations=stations, date_from=date_from, date_to=date_to)
        .order_by()
        .values_list("room__station", "resident")
    )


def tag_rows_by_station(*, stations, date_from, date_to) -> list[QuerySet]:
    """tag_rows(station=station) of each of `stations`, each row led by its station's pk."""
    records = _records_of_stations(stations=stations, date_from=date_from, date_to=date_to)
    return _tag_rows(records, by_station=True)
