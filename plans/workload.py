"""Workload: how much each worker and each room carries, for the supervisor and station head.

Every measure is a correlated subquery on one queryset of workers (or rooms), so a table is one
query whatever its rows; overdue visits are the home panel's definition, counted per room in one
grouped query and summed over the rooms a worker serves.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from activities.models import Activity
from cases.models import OPEN_STAGES, Case, ContactForm, ServiceRecord
from cases.panels import overdue_visit_residents
from groups.models import GroupSession
from stations.access import visible_rooms
from stations.models import Role, Room, User

MEASURES = [
    "open_cases",
    "visits",
    "overdue",
    "service_minutes",
    "group_sessions",
    "activities_run",
]


@dataclass(frozen=True)
class Month:
    first: datetime.date
    next_first: datetime.date

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        first = day.replace(day=1)
        return cls(first, (first + datetime.timedelta(days=32)).replace(day=1))


def _count(queryset, field="pk"):
    """The number of rows of `queryset` (correlated through OuterRef) as a subquery."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(_one=Value(1))
            .values("_one")
            .annotate(n=Count(field, distinct=True))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _minutes(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(_one=Value(1))
            .values("_one")
            .annotate(n=Sum("duration_minutes"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _in_month(field, month):
    return {f"{field}__date__gte": month.first, f"{field}__date__lt": month.next_first}


def _measures(month, *, by):
    """The annotations for a queryset of users (`by="worker"`) or rooms (`by="room"`)."""
    own = {"worker": OuterRef("pk")} if by == "worker" else {"room": OuterRef("pk")}
    visits = ServiceRecord.objects.filter(
        form=ContactForm.HOME_VISIT, **own, **_in_month("start_at", month)
    )
    records = ServiceRecord.objects.filter(**own, **_in_month("start_at", month))
    if by == "worker":
        sessions = GroupSession.objects.filter(facilitator=OuterRef("pk"))
        activities = Activity.objects.filter(organisers=OuterRef("pk"))
    else:
        sessions = GroupSession.objects.filter(group__room=OuterRef("pk"))
        activities = Activity.objects.filter(rooms=OuterRef("pk"))
    return {
        "open_cases": _count(Case.objects.filter(stage__in=OPEN_STAGES, **own)),
        "visits": _count(visits),
        "service_minutes": _minutes(records),
        "group_sessions": _count(sessions.filter(**_in_month("starts_at", month))),
        "activities_run": _count(activities.filter(**_in_month("starts_at", month))),
    }


def _overdue_by_room(user) -> Counter:
    return Counter(resident.room_id for resident in overdue_visit_residents(user))


def workload_rows(*, user, month: Month, sort: str = "") -> dict:
    """{"workers": [...], "rooms": [...]}: each row has `name`, the MEASURES and, for workers,
    `room_names`. Four queries: workers (with their rooms prefetched), rooms, overdue by room."""
    rooms = visible_rooms(user)
    workers = (
        User.objects.filter(
            is_active=True,
            role=Role.ROOM_WORKER,
            pk__in=User.objects.filter(rooms__in=rooms.values("pk")).values("pk"),
        )
        .annotate(**_measures(month, by="worker"))
        .prefetch_related("rooms")
        .order_by("username")
    )
    room_rows = (
        Room.objects.filter(pk__in=rooms.values("pk"))
        .annotate(**_measures(month, by="room"))
        .order_by("order", "pk")
    )
    overdue = _overdue_by_room(user)
    visible = set()
    room_list = list(room_rows)
    for room in room_list:
        room.overdue = overdue[room.pk]
        visible.add(room.pk)
    worker_list = list(workers)
    for worker in worker_list:
        served = [room for room in worker.rooms.all() if room.pk in visible]
        worker.overdue = sum(overdue[room.pk] for room in served)
        worker.room_names = [room.name for room in served]
    for rows in (worker_list, room_list):
        for row in rows:
            row.service_hours = round(row.service_minutes / 60, 1)
    if sort.lstrip("-") in MEASURES:
        key = sort.lstrip("-")
        worker_list.sort(key=lambda row: getattr(row, key), reverse=not sort.startswith("-"))
        room_list.sort(key=lambda row: getattr(row, key), reverse=not sort.startswith("-"))
    return {"workers": worker_list, "rooms": room_list}
