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

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from activities.models import (
    Activity,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from stations import aggregates
from stations.aggregates import day_range, grouped, per_period, per_room
from stations.models import PartnerKind
from stations.vocabulary import ServiceArea, SocialForce


def activities_in_period(*, station, date_from, date_to, rooms=None):
    start, end = day_range(date_from, date_to)
    activities = Activity.objects.filter(station=station, starts_at__gte=start, starts_at__lt=end)
    if rooms is not None:
        activities = activities.in_rooms(rooms)
    return activities


def _dated(queryset, date_field, date_from, date_to):
    return queryset.filter(**{f"{date_field}__gte": date_from, f"{date_field}__lte": date_to})


def _by_room(queryset, station, date_field, date_from, date_to, rooms):
    queryset = _dated(queryset.filter(station=station), date_field, date_from, date_to)
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


# The outreach figures: {key: (the records counted, the date that puts them in a period)}.
OUTREACH = {
    "media_reports": (MediaReport, "published_on"),
    "exchanges": (ExchangeVisit, "visited_on"),
}


def outreach_figures(*, station, date_from, date_to, rooms=None) -> dict:
    return {
        key: _by_room(model.objects, station, date_field, date_from, date_to, rooms).count()
        for key, (model, date_field) in OUTREACH.items()
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
    """五社联动 as ticked: {force: number of activities that tick it}. The report counts the forces
    from their records instead (linkage_figures); the ticks stay for the export's reference."""
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
    return _tag_rows(activities)


def _tag_rows(activities, by_station=False) -> list:
    heads = aggregates.tag_rows(
        activities,
        domain="activities",
        prefix="a",
        record="pk",
        person=None,
        weight="direct_participant_count",
        station="station" if by_station else None,
    )
    sign_ins = aggregates.tag_rows(
        _sign_ins(activities),
        domain="activities",
        prefix="a",
        record="activity_id",
        person="resident_id",
        weight=Value(1),
        tagged="activity__",
        station="activity__station" if by_station else None,
    )
    return [heads, sign_ins]


# 五社联动 from records (issue 16). A force took part in an activity when a record links it:
# community = a partner unit of kind 村（居）委会; social workers = the staff who organised it;
# social organizations = an organization's participation record; volunteers = a volunteer's
# service record (volunteers.figures); charity resources = a partner unit that is neither the
# community committee nor a government office (NOT_CHARITY), or a charity project that resourced
# the activity (charity.CharityProject.activities). A tick in `social_forces` without such
# a record is flagged on the activity and counted nowhere.
NOT_CHARITY = (PartnerKind.COMMUNITY, PartnerKind.GOVERNMENT)


def activity_length():
    return ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())


def _linking_model(name):
    """The model of the records of another app that point at an activity (volunteers' service
    records, organizations' participations): reached by their own foreign key, as
    volunteers.models.served_activities() does the other way, not imported (those apps import
    activities)."""
    return Activity._meta.get_field(name).related_model


def force_links() -> dict:
    """{force: Exists(a record linking it to the outer activity)}, for an Activity queryset."""
    volunteer_record = _linking_model("volunteer_records")
    partners = Activity.partner_units.through.objects.filter(activity=OuterRef("pk"))
    return {
        SocialForce.COMMUNITY: Exists(partners.filter(partnerunit__kind=PartnerKind.COMMUNITY)),
        SocialForce.SOCIAL_WORKERS: Exists(
            Activity.organisers.through.objects.filter(activity=OuterRef("pk"))
        ),
        SocialForce.SOCIAL_ORGANIZATIONS: Exists(
            _linking_model("organization_participations").objects.filter(activity=OuterRef("pk"))
        ),
        SocialForce.VOLUNTEERS: Exists(volunteer_record.objects.filter(activity=OuterRef("pk"))),
        SocialForce.CHARITY: Exists(partners.exclude(partnerunit__kind__in=NOT_CHARITY))
        | Exists(_project_links().filter(activity=OuterRef("pk"))),
    }


def _project_links():
    """The links of charity projects (charity.CharityProject.activities) to activities."""
    return Activity.charity_projects.through.objects


def unrecorded_forces(activity) -> list:
    """The forces `activity` ticks that no record links to it (shown to the worker as a warning:
    they are not counted in the report). One query."""
    ticked = [force for force in SocialForce.values if force in activity.social_forces]
    if not ticked:
        return []
    links = force_links()
    found = (
        Activity.objects.filter(pk=activity.pk)
        .annotate(**{f"has_{force}": links[force] for force in ticked})
        .values(*[f"has_{force}" for force in ticked])
        .first()
    ) or {}
    return [SocialForce(force) for force in ticked if not found.get(f"has_{force}")]


def _hours(duration) -> float:
    return round(duration.total_seconds() / 3600, 2) if duration else 0.0


def _linkage_counts() -> dict:
    """The aggregates of linkage_figures, by the rows they read: the activities, their
    organisers, their partner units, the charity projects and the organizations' participations
    linked to them."""
    links = force_links()
    activities = {"length": Sum(activity_length())}
    for force in SocialForce.values:
        activities[f"linked_{force}"] = Count("pk", filter=Q(links[force]))
        activities[f"unlinked_{force}"] = Count(
            "pk", filter=Q(social_forces__contains=[force]) & ~Q(links[force])
        )
    return {
        "activities": activities,
        "organisers": {
            "person_times": Count("pk"),
            "length": Sum(
                ExpressionWrapper(
                    F("activity__ends_at") - F("activity__starts_at"),
                    output_field=DurationField(),
                )
            ),
        },
        "partners": {
            "community_units": Count(
                "partnerunit", distinct=True, filter=Q(partnerunit__kind=PartnerKind.COMMUNITY)
            ),
            "charity_units": Count(
                "partnerunit", distinct=True, filter=~Q(partnerunit__kind__in=NOT_CHARITY)
            ),
        },
        "projects": {"projects": Count("charityproject", distinct=True)},
        "organizations": {
            "person_times": Count("pk"),
            "people_served": Coalesce(Sum("people_served"), 0),
        },
    }


def _linked_rows(activities) -> dict:
    """The rows each part of _linkage_counts reads, for the activities of `activities`."""
    return {
        "activities": activities,
        "organisers": Activity.organisers.through.objects.filter(activity__in=activities),
        "partners": Activity.partner_units.through.objects.filter(activity__in=activities),
        "projects": _project_links().filter(activity__in=activities),
        "organizations": _linking_model("organization_participations").objects.filter(
            activity__in=activities
        ),
    }


def _linkage(found: dict) -> dict:
    """linkage_figures from {part of _linkage_counts: its aggregates}."""
    totals, organisers, partners = found["activities"], found["organisers"], found["partners"]
    projects, organizations = found["projects"], found["organizations"]
    return {
        "activity_hours": _hours(totals["length"]),
        "community": {
            "activities": totals[f"linked_{SocialForce.COMMUNITY}"],
            "units": partners["community_units"],
        },
        "social_workers": {
            "activities": totals[f"linked_{SocialForce.SOCIAL_WORKERS}"],
            "person_times": organisers["person_times"],
            "hours": _hours(organisers["length"]),
        },
        "social_organizations": {
            "activities": totals[f"linked_{SocialForce.SOCIAL_ORGANIZATIONS}"],
            "person_times": organizations["person_times"],
            "people_served": organizations["people_served"],
        },
        "charity": {
            "activities": totals[f"linked_{SocialForce.CHARITY}"],
            "units": partners["charity_units"],
            "projects": projects["projects"],
        },
        "ticked_without_record": {
            force: totals[f"unlinked_{force}"] for force in SocialForce.values
        },
    }


def linkage_figures(*, station, date_from, date_to, rooms=None) -> dict:
    """The five forces in the period's activities, from the records that link them (volunteers:
    see volunteers.figures.volunteer_linkage_figures), and the activities' own hours. Five queries.

    {"activity_hours", "community": {"activities", "units"}, "social_workers": {"activities",
    "person_times", "hours"}, "social_organizations": {"activities", "person_times",
    "people_served"}, "charity": {"activities", "units", "projects"}, "ticked_without_record": {force: n}}
    """
    activities = activities_in_period(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    )
    rows = _linked_rows(activities)
    counts = _linkage_counts()
    return _linkage({part: rows[part].aggregate(**counts[part]) for part in counts})


# By station (the district page, issue 16).


def _activities_of_stations(stations, date_from, date_to):
    start, end = day_range(date_from, date_to)
    return Activity.objects.filter(station__in=stations, starts_at__gte=start, starts_at__lt=end)


def community_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: community_figures(station=station)} for each of `stations`, in three
    queries."""
    keys = [station.pk for station in stations]
    activities = _activities_of_stations(keys, date_from, date_to)
    count = {"count": Count("pk")}
    totals = grouped(activities, "station", _activity_counts(), keys)
    signed_in = grouped(_sign_ins(activities), "activity__station", count, keys)
    needs = grouped(
        NeedsAssessment.objects.filter(
            station__in=keys, assessed_on__gte=date_from, assessed_on__lte=date_to
        ),
        "station",
        count,
        keys,
    )
    return {pk: _community(totals[pk], signed_in[pk]["count"], needs[pk]["count"]) for pk in keys}


def served_residents_by_station(*, stations, date_from, date_to):
    """(station pk, resident pk) rows: served_resident_ids(station=station) for each station,
    one per sign-in (the caller's UNION makes them distinct)."""
    activities = _activities_of_stations(stations, date_from, date_to)
    return _sign_ins(activities).order_by().values_list("activity__station", "resident")


def outreach_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: outreach_figures(station=station)} for each of `stations`, in two queries."""
    keys = [station.pk for station in stations]
    counts = {
        key: grouped(
            _dated(model.objects.filter(station__in=keys), date_field, date_from, date_to),
            "station",
            {"count": Count("pk")},
            keys,
        )
        for key, (model, date_field) in OUTREACH.items()
    }
    return {pk: {key: counts[key][pk]["count"] for key in OUTREACH} for pk in keys}


# The station of each part's rows (_linked_rows).
LINKED_STATION = {
    "activities": "station",
    "organisers": "activity__station",
    "partners": "activity__station",
    "projects": "activity__station",
    "organizations": "activity__station",
}


def linkage_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: linkage_figures(station=station)} for each of `stations`, in five queries."""
    keys = [station.pk for station in stations]
    rows = _linked_rows(_activities_of_stations(keys, date_from, date_to))
    counts = _linkage_counts()
    found = {part: grouped(rows[part], LINKED_STATION[part], counts[part], keys) for part in counts}
    return {pk: _linkage({part: found[part][pk] for part in counts}) for pk in keys}


def tag_rows_by_station(*, stations, date_from, date_to) -> list:
    """tag_rows(station=station) of each of `stations`, each row led by its station's pk."""
    return _tag_rows(_activities_of_stations(stations, date_from, date_to), by_station=True)
