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

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat

from groups.models import Attendance, Group, GroupSession, PlanStatus


def _groups(station, rooms):
    groups = Group.objects.filter(station=station)
    if rooms is not None:
        groups = groups.filter(room__in=rooms)
    return groups


def _sessions(station, date_from, date_to, rooms):
    return GroupSession.objects.filter(
        group__in=_groups(station, rooms),
        starts_at__date__gte=date_from,
        starts_at__date__lte=date_to,
    )


def _attendances(station, date_from, date_to, rooms):
    return Attendance.objects.filter(session__in=_sessions(station, date_from, date_to, rooms))


def group_figures(*, station, date_from, date_to, rooms=None) -> dict:
    sessions = _sessions(station, date_from, date_to, rooms)
    overlapping = Q(plan_status=PlanStatus.APPROVED, start_date__lte=date_to) & (
        Q(end_date__isnull=True) | Q(end_date__gte=date_from)
    )
    held = Exists(sessions.filter(group=OuterRef("pk")))
    group_count = _groups(station, rooms).filter(overlapping | held).count()
    # One key per person (Django's Concat turns NULL into '', hence Case rather than Coalesce).
    person = Case(
        When(
            member__resident__isnull=False,
            then=Concat(Value("r"), Cast("member__resident_id", CharField())),
        ),
        When(
            member__user__isnull=False,
            then=Concat(Value("u"), Cast("member__user_id", CharField())),
        ),
        default=Concat(Value("v"), "member__volunteer_name"),
        output_field=CharField(),
    )
    counts = (
        _attendances(station, date_from, date_to, rooms)
        .annotate(person=person)
        .aggregate(attendances=Count("pk"), members=Count("person", distinct=True))
    )
    return {
        "groups": group_count,
        "sessions": sessions.count(),
        "members": counts["members"],
        "attendances": counts["attendances"],
    }


def served_resident_ids(*, station, date_from, date_to, rooms=None):
    """Ids of residents signed in at a group session in the period (values("resident_id"))."""
    return (
        _attendances(station, date_from, date_to, rooms)
        .filter(member__resident__isnull=False)
        .annotate(resident_id=F("member__resident_id"))
        .order_by()  # the model's ordering would otherwise enter the DISTINCT
        .values("resident_id")
        .distinct()
    )
