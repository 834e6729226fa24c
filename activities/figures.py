"""Community-work figures for the station report (issue 8). Database aggregates, fixed queries.

Definitions (date_from/date_to inclusive, Asia/Shanghai local dates of `starts_at`):
- activities: activities starting in the period. Rooms None = the whole station, station-wide
  activities (no room) included; with rooms, activities linked to any of those rooms (an activity
  of two rooms counts once).
- direct_participants = Σ head count (`direct_participant_count`, people NOT signed in one by one)
  + the number of residents signed in. A worker either signs a resident in or counts them in the
  head count, so nobody is counted twice.
- indirect_beneficiaries = Σ `indirect_beneficiaries`.
- needs_assessments: assessments dated in the period (rooms: of those rooms; None: all, the
  township-wide ones included).
- outreach: media reports published / exchange visits held in the period (same room rule).
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from activities.models import (
    Activity,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
    ServiceArea,
    SocialForce,
)


def activities_in_period(*, station, date_from, date_to, rooms=None):
    activities = Activity.objects.filter(
        station=station, starts_at__date__gte=date_from, starts_at__date__lte=date_to
    )
    if rooms is not None:
        activities = activities.in_rooms(rooms)
    return activities


def _by_room(queryset, station, date_field, date_from, date_to, rooms):
    queryset = queryset.filter(
        station=station, **{f"{date_field}__gte": date_from, f"{date_field}__lte": date_to}
    )
    if rooms is not None:
        queryset = queryset.filter(room__in=rooms)
    return queryset


def community_figures(*, station, date_from, date_to, rooms=None) -> dict:
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    totals = activities.aggregate(
        activities=Count("pk"),
        head_count=Coalesce(Sum("direct_participant_count"), 0),
        indirect=Coalesce(Sum("indirect_beneficiaries"), 0),
    )
    signed_in = Activity.participants.through.objects.filter(activity__in=activities).count()
    needs = _by_room(
        NeedsAssessment.objects, station, "assessed_on", date_from, date_to, rooms
    ).count()
    return {
        "activities": totals["activities"],
        "direct_participants": totals["head_count"] + signed_in,
        "indirect_beneficiaries": totals["indirect"],
        "needs_assessments": needs,
    }


def outreach_figures(*, station, date_from, date_to, rooms=None) -> dict:
    return {
        "media_reports": _by_room(
            MediaReport.objects, station, "published_on", date_from, date_to, rooms
        ).count(),
        "exchanges": _by_room(
            ExchangeVisit.objects, station, "visited_on", date_from, date_to, rooms
        ).count(),
    }


def served_resident_ids(*, station, date_from, date_to, rooms=None):
    """Ids of residents signed in at an activity in the period (values("resident_id"))."""
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    return (
        Activity.participants.through.objects.filter(activity__in=activities)
        .order_by()  # the model's ordering would otherwise enter the DISTINCT
        .values("resident_id")
        .distinct()
    )


def _count_by(field, choices, *, station, date_from, date_to, rooms):
    """{value: number of activities tagged with it}; one query whatever the number of choices."""
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    counts = activities.aggregate(
        **{value: Count("pk", filter=Q(**{f"{field}__contains": [value]})) for value in choices}
    )
    return {value: counts[value] for value in choices}


def activities_by_service_area(*, station, date_from, date_to, rooms=None) -> dict:
    return _count_by(
        "service_areas", ServiceArea.values,
        station=station, date_from=date_from, date_to=date_to, rooms=rooms,
    )  # fmt: skip


def activities_by_force(*, station, date_from, date_to, rooms=None) -> dict:
    """五社联动: {force: number of activities in which it took part}."""
    return _count_by(
        "social_forces", SocialForce.values,
        station=station, date_from=date_from, date_to=date_to, rooms=rooms,
    )  # fmt: skip
