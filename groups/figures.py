"""Group-work figures for the station report (issue 8). Database aggregates, fixed query count.

Definitions (date_from/date_to inclusive, Asia/Shanghai local dates):
- sessions: group sessions whose start falls in the period.
- groups: groups with an approved plan whose dates overlap the period (start ≤ date_to and no end
  or end ≥ date_from), plus any group that held a session in the period.
- attendances: sign-ins at those sessions (person-times, 人次).
- members: distinct people signed in during the period. A person is a resident, a staff user or a
  volunteer's name: a resident in two groups counts once; two sign-ins of one member count once.
Rooms: None = the whole station including station-level groups (no room); otherwise only groups of
those rooms.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from groups.models import Attendance, Group, GroupSession, PlanStatus
from stations import aggregates
from stations.aggregates import day_range, grouped, per_period, per_room


def _groups(station, rooms):
    groups = Group.objects.filter(station=station)
    if rooms is not None:
        groups = groups.filter(room__in=rooms)
    return groups


def _sessions(station, date_from, date_to, rooms):
    start, end = day_range(date_from, date_to)
    return GroupSession.objects.filter(
        group__in=_groups(station, rooms), starts_at__gte=start, starts_at__lt=end
    )


def _attendances(station, date_from, date_to, rooms):
    return Attendance.objects.filter(session__in=_sessions(station, date_from, date_to, rooms))


def _counted_groups(station, date_from, date_to, rooms):
    """Groups with an approved plan overlapping the period, or a session in it."""
    overlapping = Q(plan_status=PlanStatus.APPROVED, start_date__lte=date_to) & (
        Q(end_date__isnull=True) | Q(end_date__gte=date_from)
    )
    held = Exists(_sessions(station, date_from, date_to, rooms).filter(group=OuterRef("pk")))
    return _groups(station, rooms).filter(overlapping | held)


def _person():
    """One key per person (Django's Concat turns NULL into '', hence Case rather than
    Coalesce)."""
    return Case(
        When(
            member__resident__isnull=False,
            then=Concat(Value("r"), Cast("member__resident_id", CharField())),
        ),
        When(
            member__user__isnull=False,
            then=Concat(Value("u"), Cast("member__user_id", CharField())),
        ),
        When(
            member__volunteer__isnull=False,
            then=Concat(Value("w"), Cast("member__volunteer_id", CharField())),
        ),
        default=Concat(Value("v"), "member__volunteer_name"),
        output_field=CharField(),
    )


def _signed_in(station, date_from, date_to, rooms):
    """Attendances annotated with `person`, one key per person."""
    return _attendances(station, date_from, date_to, rooms).annotate(person=_person())


def _attendance_counts() -> dict:
    return {"attendances": Count("pk"), "members": Count("person", distinct=True)}


def _group_figures(groups: dict, sessions: dict, attendances: dict) -> dict:
    return {
        "groups": groups["groups"],
        "sessions": sessions["sessions"],
        "members": attendances["members"],
        "attendances": attendances["attendances"],
    }


def group_figures(*, station, date_from, date_to, rooms=None) -> dict:
    return _group_figures(
        {"groups": _counted_groups(station, date_from, date_to, rooms).count()},
        {"sessions": _sessions(station, date_from, date_to, rooms).count()},
        _signed_in(station, date_from, date_to, rooms).aggregate(**_attendance_counts()),
    )


def group_figures_by_room(*, station, date_from, date_to, rooms) -> dict:
    """{room pk: group_figures(rooms=[room])} for each of `rooms`, in three queries."""
    period = (station, date_from, date_to, rooms)
    groups = per_room(_counted_groups(*period), "room", {"groups": Count("pk")}, rooms)
    sessions = per_room(_sessions(*period), "group__room", {"sessions": Count("pk")}, rooms)
    attendances = per_room(_signed_in(*period), "session__group__room", _attendance_counts(), rooms)
    return {pk: _group_figures(groups[pk], sessions[pk], attendances[pk]) for pk in groups}


def sessions_by_period(*, station, date_from, date_to, rooms=None, unit) -> dict:
    """{first day of each month (or year): its sessions, members and attendances, as
    group_figures gives them for that part of the period}, in two queries."""
    period = (station, date_from, date_to, rooms)
    dates = {"date_from": date_from, "date_to": date_to, "unit": unit}
    sessions = per_period(_sessions(*period), "starts_at", {"sessions": Count("pk")}, **dates)
    attendances = per_period(
        _signed_in(*period), "session__starts_at", _attendance_counts(), **dates
    )
    return {
        start: {"sessions": sessions[start]["sessions"], **attendances[start]} for start in sessions
    }


def _resident_sign_ins(station, date_from, date_to, rooms):
    return _attendances(station, date_from, date_to, rooms).filter(member__resident__isnull=False)


def served_resident_ids(*, station, date_from, date_to, rooms=None):
    """Ids of residents signed in at a group session in the period (values("resident_id"))."""
    return (
        _resident_sign_ins(station, date_from, date_to, rooms)
        .annotate(resident_id=F("member__resident_id"))
        .order_by()  # the model's ordering would otherwise enter the DISTINCT
        .values("resident_id")
        .distinct()
    )


def served_residents_by_room(*, station, date_from, date_to, rooms):
    """(room pk, resident pk) rows: served_resident_ids(rooms=[room]) for each of `rooms`."""
    return (
        _resident_sign_ins(station, date_from, date_to, rooms)
        .order_by()
        .values_list("session__group__room", "member__resident")
        .distinct()
    )


def tag_rows(*, station, date_from, date_to, rooms=None) -> list:
    """The X block's group rows: each session held in the period (a record, no person-time) and
    each sign-in at it (one person-time; the person is the resident signed in, none for a member
    who is a worker or volunteer), tagged with the group's areas and populations."""
    period = (station, date_from, date_to, rooms)
    return _tag_rows(_sessions(*period), _attendances(*period))


def _tag_rows(sessions, attendances, by_station=False) -> list:
    session_rows = aggregates.tag_rows(
        sessions,
        domain="groups",
        prefix="g",
        record="pk",
        person=None,
        weight=Value(0),
        tagged="group__",
        station="group__station" if by_station else None,
    )
    sign_ins = aggregates.tag_rows(
        attendances,
        domain="groups",
        prefix="g",
        record="session_id",
        person="member__resident_id",
        weight=Value(1),
        tagged="session__group__",
        station="session__group__station" if by_station else None,
    )
    return [session_rows, sign_ins]


def session_hours(*, station, date_from, date_to, rooms=None) -> float:
    """Group session hours (issue 16): Σ (end − start) of the sessions starting in the period,
    as `sessions` counts them (one session counts its length once, whatever its attendance).
    One query."""
    length = _sessions(station, date_from, date_to, rooms).aggregate(**_session_length())
    return _hours(length["length"])


def _session_length() -> dict:
    return {
        "length": Sum(
            ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
        )
    }


def _hours(length) -> float:
    return round(length.total_seconds() / 3600, 2) if length else 0.0


# By station (the district page, issue 16).


def _sessions_of_stations(stations, date_from, date_to):
    start, end = day_range(date_from, date_to)
    return GroupSession.objects.filter(
        group__station__in=stations, starts_at__gte=start, starts_at__lt=end
    )


def group_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: group_figures(station=station)} for each of `stations`, in three queries."""
    keys = [station.pk for station in stations]
    overlapping = Q(plan_status=PlanStatus.APPROVED, start_date__lte=date_to) & (
        Q(end_date__isnull=True) | Q(end_date__gte=date_from)
    )
    held = Exists(_sessions_of_stations(keys, date_from, date_to).filter(group=OuterRef("pk")))
    groups = grouped(
        Group.objects.filter(station__in=keys).filter(overlapping | held),
        "station",
        {"groups": Count("pk")},
        keys,
    )
    sessions = grouped(
        _sessions_of_stations(keys, date_from, date_to),
        "group__station",
        {"sessions": Count("pk")},
        keys,
    )
    signed_in = Attendance.objects.filter(
        session__in=_sessions_of_stations(keys, date_from, date_to)
    ).annotate(person=_person())
    attendances = grouped(signed_in, "session__group__station", _attendance_counts(), keys)
    return {pk: _group_figures(groups[pk], sessions[pk], attendances[pk]) for pk in keys}


def served_residents_by_station(*, stations, date_from, date_to):
    """(station pk, resident pk) rows: served_resident_ids(station=station) for each station,
    one per attendance (the caller's UNION makes them distinct)."""
    return (
        Attendance.objects.filter(
            session__in=_sessions_of_stations(stations, date_from, date_to),
            member__resident__isnull=False,
        )
        .order_by()
        .values_list("session__group__station", "member__resident")
    )


def tag_rows_by_station(*, stations, date_from, date_to) -> list:
    """tag_rows(station=station) of each of `stations`, each row led by its station's pk."""
    sessions = _sessions_of_stations(stations, date_from, date_to)
    attendances = Attendance.objects.filter(session__in=sessions)
    return _tag_rows(sessions, attendances, by_station=True)


def session_hours_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: session_hours(station=station)} for each of `stations`, in one query."""
    keys = [station.pk for station in stations]
    sessions = _sessions_of_stations(keys, date_from, date_to)
    lengths = grouped(sessions, "group__station", _session_length(), keys)
    return {pk: _hours(lengths[pk]["length"]) for pk in keys}
