"""Figures for the station report: organizations by category and status, incubation, activities
joined and people served; partner units linked.

An organization counts in a period if its incubation began by `date_to` and it was not dissolved
before `date_from`; its status is the one it had on `date_to` (read from the status dates).
With `rooms`, only organizations of those rooms count (station-level ones are left out).
"""

import datetime

from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.utils import timezone

from organizations.models import (
    Category,
    Organization,
    OrganizationActivity,
    OrganizationStatus,
)
from stations.aggregates import grouped
from stations.models import PartnerUnit


def _bounds(date_from, date_to):
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def _organizations(date_from, date_to):
    """Organizations whose incubation began by `date_to`, not dissolved before `date_from`,
    annotated with `status_on_date` (the status they had on `date_to`)."""
    status_on_date_to = Case(
        When(dissolved_on__lte=date_to, then=Value(OrganizationStatus.DISSOLVED)),
        When(registered_on__lte=date_to, then=Value(OrganizationStatus.REGISTERED)),
        When(filed_on__lte=date_to, then=Value(OrganizationStatus.FILED)),
        default=Value(OrganizationStatus.INCUBATING),
        output_field=CharField(),
    )
    return (
        Organization.objects.filter(incubation_started_on__lte=date_to)
        .exclude(dissolved_on__lt=date_from)
        .annotate(status_on_date=status_on_date_to)
    )


def _participations(date_from, date_to):
    start, end = _bounds(date_from, date_to)
    return OrganizationActivity.objects.filter(
        activity__starts_at__gte=start, activity__starts_at__lt=end
    )


def _organization_counts(date_from, date_to) -> dict:
    aggregates = {"total": Count("pk")}
    for category in Category.values:
        aggregates[f"category_{category}"] = Count("pk", filter=Q(category=category))
    for status in OrganizationStatus.values:
        aggregates[f"status_{status}"] = Count("pk", filter=Q(status_on_date=status))
    aggregates["newly_incubated"] = Count(
        "pk", filter=Q(incubation_started_on__gte=date_from, incubation_started_on__lte=date_to)
    )
    return aggregates


def _participation_counts() -> dict:
    return {"activities": Count("activity", distinct=True), "people_served": Sum("people_served")}


def _organization_figures(counts: dict, joined: dict) -> dict:
    return {
        "total": counts["total"],
        "by_category": {c: counts[f"category_{c}"] for c in Category.values},
        "by_status": {s: counts[f"status_{s}"] for s in OrganizationStatus.values},
        "newly_incubated": counts["newly_incubated"],
        "activities": joined["activities"],
        "people_served": joined["people_served"] or 0,
    }


def organization_figures(*, station, date_from, date_to, rooms=None) -> dict:
    organizations = _organizations(date_from, date_to).filter(station=station)
    participations = _participations(date_from, date_to).filter(organization__station=station)
    if rooms is not None:
        organizations = organizations.filter(room__in=rooms)
        participations = participations.filter(organization__room__in=rooms)
    return _organization_figures(
        organizations.aggregate(**_organization_counts(date_from, date_to)),
        participations.aggregate(**_participation_counts()),
    )


def partner_figures(*, station, date_from, date_to, rooms=None) -> dict:
    """Partner units linked to an activity in the period (of those rooms), or, for the whole
    station, registered during the period."""
    start, end = _bounds(date_from, date_to)
    linked = Q(activities__starts_at__gte=start, activities__starts_at__lt=end)
    if rooms is not None:
        linked &= Q(activities__rooms__in=rooms)
        condition = linked
    else:
        condition = linked | Q(created_at__gte=start, created_at__lt=end)
    partners = PartnerUnit.objects.filter(station=station).filter(condition)
    return {"partners": partners.values("pk").distinct().count()}


def organization_totals_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: organization_figures(station=station)["total"]} for each of `stations`, in
    one query (the district page, issue 16)."""
    keys = [station.pk for station in stations]
    organizations = _organizations(date_from, date_to).filter(station__in=keys)
    counts = grouped(organizations, "station", {"total": Count("pk")}, keys)
    return {pk: counts[pk]["total"] for pk in keys}


def organization_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: organization_figures(station=station)} for each of `stations`, in two
    queries."""
    keys = [station.pk for station in stations]
    counts = grouped(
        _organizations(date_from, date_to).filter(station__in=keys),
        "station",
        _organization_counts(date_from, date_to),
        keys,
    )
    joined = grouped(
        _participations(date_from, date_to).filter(organization__station__in=keys),
        "organization__station",
        _participation_counts(),
        keys,
    )
    return {pk: _organization_figures(counts[pk], joined[pk]) for pk in keys}
