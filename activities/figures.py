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

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from activities.models import (
    Activity,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from stations import aggregates
from stations.aggregates import day_range, per_period, per_room
from stations.vocabulary import ServiceArea, SocialForce


def activities_in_period(*, station, date_from, date_to, rooms=None):
    start, end = day_range(date_from, date_to)
    activities = Activity.objects.filter(station=station, starts_at__gte=start, starts_at__lt=end)
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


def _activity_counts() -> dict:
    return {
        "activities": Count("pk"),
        "head_count": Coalesce(Sum("direct_participant_count"), 0),
        "indirect": Coalesce(Sum("indirect_beneficiaries"), 0),
    }


def _sign_ins(activities):
    return Activity.participants.through.objects.filter(activity__in=activities)


def _community(totals: dict, signed_in: int, needs: int) -> dict:
    return {
        "activities": totals["activities"],
        "direct_participants": totals["head_count"] + signed_in,
        "indirect_beneficiaries": totals["indirect"],
        "needs_assessments": needs,
    }


def community_figures(*, station, date_from, date_to, rooms=None) -> dict:
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    needs = _by_room(NeedsAssessment.objects, station, "assessed_on", date_from, date_to, rooms)
    return _community(
        activities.aggregate(**_activity_counts()), _sign_ins(activities).count(), needs.count()
    )


def community_figures_by_room(*, station, date_from, date_to, rooms) -> dict:
    """{room pk: community_figures(rooms=[room])} for each of `rooms`, in three queries. An
    activity of several rooms counts in each of them."""
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    assessments = _by_room(
        NeedsAssessment.objects, station, "assessed_on", date_from, date_to, rooms
    )
    count = {"count": Count("pk")}
    totals = per_room(activities, "rooms", _activity_counts(), rooms)
    signed_in = per_room(_sign_ins(activities), "activity__rooms", count, rooms)
    needs = per_room(assessments, "room", count, rooms)
    return {pk: _community(totals[pk], signed_in[pk]["count"], needs[pk]["count"]) for pk in totals}


def community_figures_by_period(*, station, date_from, date_to, rooms=None, unit) -> dict:
    """{first day of each month (or year): community_figures for that part of the period},
    in three queries."""
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    assessments = _by_room(
        NeedsAssessment.objects, station, "assessed_on", date_from, date_to, rooms
    )
    dates = {"date_from": date_from, "date_to": date_to, "unit": unit}
    count = {"count": Count("pk")}
    totals = per_period(activities, "starts_at", _activity_counts(), **dates)
    signed_in = per_period(_sign_ins(activities), "activity__starts_at", count, **dates)
    needs = per_period(assessments, "assessed_on", count, **dates)
    return {
        start: _community(totals[start], signed_in[start]["count"], needs[start]["count"])
        for start in totals
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
        _sign_ins(activities)
        .order_by()  # the model's ordering would otherwise enter the DISTINCT
        .values("resident_id")
        .distinct()
    )


def served_residents_by_room(*, station, date_from, date_to, rooms):
    """(room pk, resident pk) rows: served_resident_ids(rooms=[room]) for each of `rooms` (a
    resident signed in at an activity of two rooms is served in both)."""
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    return (
        _sign_ins(activities)
        .filter(activity__rooms__in=rooms)
        .order_by()
        .values_list("activity__rooms", "resident")
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


def tag_rows(*, station, date_from, date_to, rooms=None) -> list:
    """The X block's activity rows: each activity of the period (a record; its head count of people
    not signed in is its person-times, naming nobody) and each resident signed in at it (one
    person-time of that resident), tagged with the activity's areas and populations."""
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    heads = aggregates.tag_rows(
        activities,
        domain="activities",
        prefix="a",
        record="pk",
        person=None,
        weight="direct_participant_count",
        areas="service_areas",
        populations="target_populations",
    )
    sign_ins = aggregates.tag_rows(
        _sign_ins(activities),
        domain="activities",
        prefix="a",
        record="activity_id",
        person="resident_id",
        weight=Value(1),
        areas="activity__service_areas",
        populations="activity__target_populations",
    )
    return [heads, sign_ins]
