"""Work plans: their periods and their progress read from the records.

A planned visit to a named resident is done when a home visit to them is recorded in the
period (by anyone: the resident was seen); a count of visits, group sessions or activities
reads the plan's worker's records in the period (a room's plan: the room's records). Free
items are marked by hand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from activities.models import Activity
from cases.models import ContactForm, ServiceRecord
from groups.models import GroupSession
from plans.models import WorkPlan, WorkPlanItem, WorkPlanItemKind, WorkPlanPeriod
from stations.aggregates import day_range


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The week (Monday to Sunday) or the calendar month that holds `day`."""
    if period == WorkPlanPeriod.WEEK:
        first = day - datetime.timedelta(days=day.weekday())
        return first, first + datetime.timedelta(days=6)
    first = day.replace(day=1)
    next_first = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, next_first - datetime.timedelta(days=1)


@dataclass(frozen=True)
class ItemProgress:
    item: WorkPlanItem
    done_count: int
    planned: int
    automatic: bool  # True: read from the records; False: marked by hand

    @property
    def done(self) -> bool:
        return self.done_count >= self.planned

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done_count / self.planned)) if self.planned else 0


def _counts(plan: WorkPlan, kinds: set) -> dict:
    """{kind: the number of the plan's worker's (or room's) records of that kind in the period};
    one query per kind named."""
    start, end = day_range(plan.starts_on, plan.ends_on)
    counts = {}
    if WorkPlanItemKind.VISIT in kinds:
        visits = ServiceRecord.objects.filter(
            form=ContactForm.HOME_VISIT, start_at__gte=start, start_at__lt=end
        )
        visits = (
            visits.filter(worker=plan.worker) if plan.worker_id else visits.filter(room=plan.room)
        )
        counts[WorkPlanItemKind.VISIT] = visits.count()
    if WorkPlanItemKind.GROUP_SESSION in kinds:
        sessions = GroupSession.objects.filter(starts_at__gte=start, starts_at__lt=end)
        sessions = (
            sessions.filter(facilitator=plan.worker)
            if plan.worker_id
            else sessions.filter(group__room=plan.room)
        )
        counts[WorkPlanItemKind.GROUP_SESSION] = sessions.count()
    if WorkPlanItemKind.ACTIVITY in kinds:
        activities = Activity.objects.filter(starts_at__gte=start, starts_at__lt=end)
        activities = (
            activities.filter(organisers=plan.worker)
            if plan.worker_id
            else activities.filter(rooms=plan.room)
        )
        counts[WorkPlanItemKind.ACTIVITY] = activities.values("pk").distinct().count()
    return counts


def _visits_to(plan: WorkPlan, resident_ids: set) -> dict:
    """{resident id: home visits to them recorded in the period}: one grouped query."""
    if not resident_ids:
        return {}
    start, end = day_range(plan.starts_on, plan.ends_on)
    rows = (
        ServiceRecord.objects.filter(
            form=ContactForm.HOME_VISIT,
            resident_id__in=resident_ids,
            start_at__gte=start,
            start_at__lt=end,
        )
        .order_by()
        .values("resident_id")
        .annotate(n=Count("pk"))
    )
    return {row["resident_id"]: row["n"] for row in rows}


def plan_progress(plan: WorkPlan, items=None) -> dict:
    """{"items": [ItemProgress], "done": items done, "total": items, "percent": of items done}.
    `items`: the plan's items with `resident` loaded (default: read here). A fixed number of
    queries: at most one per kind of count item and one for the named residents.

    Counts are shared: two items "4 visits" and "2 visits" of one plan both read the same
    records, so each shows the plan's visits against its own number."""
    if items is None:
        items = plan.items.select_related("resident").order_by("pk")
    items = list(items)
    named = {item.resident_id for item in items if item.resident_id}
    count_kinds = {
        item.kind for item in items if item.kind != WorkPlanItemKind.OTHER and not item.resident_id
    }
    counts = _counts(plan, count_kinds)
    visited = _visits_to(plan, named)
    rows = []
    for item in items:
        if item.kind == WorkPlanItemKind.OTHER:
            row = ItemProgress(
                item, item.planned_count if item.done else 0, item.planned_count, False
            )
        elif item.resident_id:
            row = ItemProgress(item, visited.get(item.resident_id, 0), item.planned_count, True)
        else:
            row = ItemProgress(item, counts.get(item.kind, 0), item.planned_count, True)
        rows.append(row)
    done = sum(1 for row in rows if row.done)
    return {
        "items": rows,
        "done": done,
        "total": len(rows),
        "percent": round(100 * done / len(rows)) if rows else 0,
    }
