"""Casework figures for the station report: database aggregates, a fixed number of queries.

Periods are inclusive local dates (Asia/Shanghai); a service record counts on the day it starts.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from cases.models import Case, ContactForm, ServiceRecord

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


def casework_figures(*, station, date_from, date_to, rooms=None) -> dict:
    """cases_opened, cases_open_at_end, cases_closed, contacts, home_visits, service_hours.

    Opened: opening approved in the period; closed: closed (or referred out) in the period; open at
    end: opened on or before `date_to` and not closed by then. Contacts count every service record,
    home visits without a case included.
    """
    cases = Case.objects.filter(station=station)
    if rooms is not None:
        cases = cases.filter(room__in=rooms)
    case_counts = cases.aggregate(
        opened=Count("pk", filter=Q(opened_on__gte=date_from, opened_on__lte=date_to)),
        open_at_end=Count(
            "pk",
            filter=Q(opened_on__lte=date_to)
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
        ),
        closed=Count(
            "pk",
            filter=Q(closed_on__gte=date_from, closed_on__lte=date_to) & Q(opened_on__isnull=False),
        ),
    )
    record_counts = _records(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    ).aggregate(
        contacts=Count("pk"),
        home_visits=Count("pk", filter=Q(form=ContactForm.HOME_VISIT)),
        minutes=Sum("duration_minutes"),
    )
    return {
        "cases_opened": case_counts["opened"],
        "cases_open_at_end": case_counts["open_at_end"],
        "cases_closed": case_counts["closed"],
        "contacts": record_counts["contacts"],
        "home_visits": record_counts["home_visits"],
        "service_hours": round((record_counts["minutes"] or 0) / 60, 1),
    }


def served_resident_ids(*, station, date_from, date_to, rooms=None) -> QuerySet:
    """Residents with a service record (case contact or home visit) in the period."""
    return (
        _records(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
        .values("resident_id")
        .distinct()
    )
