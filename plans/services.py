"""Writes of plans and staff development, and annual targets' progress computed from the station
report's own figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.figure_source import report_figures
from plans.models import (
    AnnualTarget,
    WorkPlan,
    WorkPlanItem,
    WorkPlanItemKind,
    WorkPlanStatus,
)
from stations.access import is_station_staff, is_supervisor
from stations.concurrency import save_versioned
from stations.notifications import notify


@dataclass(frozen=True)
class Progress:
    target: AnnualTarget
    indicator: str  # the figure's dotted key, or the free indicator's name
    label: str
    definition: str
    goal: float | int
    actual: float | int | None  # None: a free indicator nobody has filled in yet
    percent: float | None
    expected: float
    behind: bool
    computed: bool  # True: from the records; False: entered by hand


def _number(value):
    if value is None:
        return None
    if isinstance(value, str | Decimal):
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def expected_by(target: AnnualTarget, as_of: datetime.date) -> float:
    """How much of the target should be done by `as_of`: the quarters' targets where given
    (a missing quarter gets an even share of the rest), else the year's target spread evenly
    over its days."""
    first, last = year_bounds(target.year)
    if as_of < first:
        return 0.0
    if as_of >= last:
        return float(target.target)
    quarters = target.quarter_targets
    if not any(q is not None for q in quarters):
        elapsed = (as_of - first).days + 1
        return float(target.target) * elapsed / ((last - first).days + 1)
    given = sum((q for q in quarters if q is not None), Decimal(0))
    missing = [q for q in quarters if q is None]
    share = max(target.target - given, Decimal(0)) / len(missing) if missing else Decimal(0)
    amounts = [float(q if q is not None else share) for q in quarters]
    index = (as_of.month - 1) // 3
    start = datetime.date(target.year, 3 * index + 1, 1)
    end = (
        datetime.date(target.year, 3 * index + 4, 1) - datetime.timedelta(days=1)
        if index < 3
        else last
    )
    fraction = ((as_of - start).days + 1) / ((end - start).days + 1)
    return sum(amounts[:index]) + amounts[index] * fraction


def _figures(targets, as_of) -> dict:
    """{target.pk: the figure's value} for the targets that name a report figure: the figures
    of every station at once for each year (grouped by station), and one grouped room table per
    station and year for room targets (never a report per room)."""
    station_targets, room_targets = defaultdict(list), defaultdict(list)
    for target in targets:
        first, last = year_bounds(target.year)
        if not target.figure or as_of < first:
            continue
        if target.room_id:
            room_targets[(target.station_id, target.year)].append(target)
        else:
            station_targets[target.year].append(target)
    values = {}
    source = report_figures()
    for year, group in station_targets.items():
        first, last = year_bounds(year)
        stations = {target.station_id: target.station for target in group}
        by_station = source.stations_values(
            stations=[stations[pk] for pk in sorted(stations)],
            date_from=first,
            date_to=min(as_of, last),
            keys=sorted({target.figure for target in group}),
        )
        for target in group:
            values[target.pk] = _number(by_station[target.station_id].get(target.figure))
    for (_station_id, year), group in room_targets.items():
        first, last = year_bounds(year)
        rooms = {target.room_id: target.room for target in group}
        by_room = source.room_values(
            station=group[0].station,
            date_from=first,
            date_to=min(as_of, last),
            rooms=sorted(rooms.values(), key=lambda room: room.pk),
            keys=sorted({target.figure for target in group}),
        )
        for target in group:
            values[target.pk] = _number(by_room[target.room_id].get(target.figure))
    return values


def target_progress(*, targets, as_of: datetime.date) -> list[Progress]:
    """Progress of each target by `as_of`. `targets`: AnnualTargets with `station` and `room`
    loaded (select_related). A fixed number of queries: see _figures."""
    targets = list(targets)
    values = _figures(targets, as_of)
    definitions = report_figures().definitions
    rows = []
    for target in targets:
        computed = bool(target.figure)
        if computed:
            actual = values.get(target.pk, 0)
            label, definition = definitions.get(target.figure, (target.figure, ""))
        else:
            actual = _number(target.manual_actual)
            label, definition = target.name, target.notes
        goal = _number(target.target)
        expected = expected_by(target, as_of)
        done = float(actual or 0)
        rows.append(
            Progress(
                target=target,
                indicator=target.figure or target.name,
                label=str(target.name or label),
                definition=str(definition),
                goal=goal,
                actual=actual,
                percent=round(100 * done / float(goal), 1) if goal else None,
                expected=round(expected, 1),
                behind=done < expected,
                computed=computed,
            )
        )
    return rows


def report_targets(*, station, date_to: datetime.date, room=None) -> list[Progress]:
    """The targets of `date_to`'s year (the room's with a room, the station-wide ones without),
    with their progress by `date_to`: what the report's JSON, workbook and Word draft show."""
    targets = AnnualTarget.objects.filter(station=station, year=date_to.year, room=room)
    return target_progress(
        targets=targets.select_related("station", "room").order_by("pk"), as_of=date_to
    )


def _target_json(row: Progress) -> dict:
    return {
        "indicator": row.indicator,
        "target": row.goal,
        "actual": row.actual,
        "percent": row.percent,
    }


def targets_for_report(*, station, date_to: datetime.date, room=None) -> list[dict]:
    """The `"targets"` of `station_report --json`."""
    return [
        _target_json(row) for row in report_targets(station=station, date_to=date_to, room=room)
    ]


def targets_for_report_by_station(*, stations, date_to: datetime.date) -> dict:
    """{station pk: targets_for_report(station=station)} for each of `stations`: the targets of
    every station in one query, their figures for every station at once (see _figures)."""
    result = {station.pk: [] for station in stations}
    targets = AnnualTarget.objects.filter(station__in=list(result), year=date_to.year, room=None)
    progress = target_progress(
        targets=targets.select_related("station", "room").order_by("pk"), as_of=date_to
    )
    for row in progress:
        result[row.target.station_id].append(_target_json(row))
    return result


def room_figure_allowed(figure: str) -> bool:
    """A room's target can name only the figures the per-room table computes."""
    return figure in report_figures().room_keys


def target_save(*, form, by) -> AnnualTarget:
    """Save a target form, new or changed; a change goes through the version check
    (raises stations.concurrency.EditConflict)."""
    extra = {} if form.instance.pk else {"created_by": by}
    return save_versioned(form, **extra)


def supervision_record(*, form, by):
    """Save a supervision session led by `by` (a supervisor) with its attendees."""
    session = form.save(commit=False)
    session.supervisor = by
    session.save()
    form.save_m2m()
    return session


def training_record(*, form, worker):
    record = form.save(commit=False)
    record.worker = worker
    record.save()
    return record


def certification_record(*, form, worker):
    record = form.save(commit=False)
    record.worker = worker
    record.save()
    return record


def can_edit_workplan(user, plan: WorkPlan) -> bool:
    """A plan the user already sees: its worker, for a room's plan any of the room's staff, and
    supervisors and station staff edit it while it is a draft or returned."""
    if not plan.editable:
        return False
    return (
        plan.worker_id is None
        or plan.worker_id == user.pk
        or is_supervisor(user)
        or is_station_staff(user)
    )


def can_mark_workplan(user, plan: WorkPlan) -> bool:
    """Who ticks off the plan's free items, whatever its status: the same people as above."""
    return (
        plan.worker_id is None
        or plan.worker_id == user.pk
        or is_supervisor(user)
        or is_station_staff(user)
    )


@transaction.atomic
def workplan_save(*, form, items, by) -> WorkPlan:
    """Save a work plan form (new, or a change through the version check: raises
    stations.concurrency.EditConflict) with its formset of items."""
    plan = form.instance
    if plan.pk:
        current = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        if not can_edit_workplan(by, current):
            raise PermissionDenied
    plan = save_versioned(form, **({} if plan.pk else {"created_by": by}))
    items.instance = plan
    for item in items.save(commit=False):
        if item.kind != WorkPlanItemKind.OTHER:
            item.done = False
        item.save()
    for item in items.deleted_objects:
        item.delete()
    return plan


@transaction.atomic
def workplan_submit(*, plan: WorkPlan, by) -> WorkPlan:
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.editable:
        raise ValidationError(_("只有草稿或已退回的计划可以提交审核。"))
    if not can_edit_workplan(by, plan):
        raise PermissionDenied
    if not plan.items.exists():
        raise ValidationError(_("计划还没有事项，请先填写。"))
    plan.status = WorkPlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at"])
    return plan


@transaction.atomic
def workplan_review(*, plan: WorkPlan, approve: bool, comment: str, by) -> WorkPlan:
    """A supervisor approves or returns a submitted plan (a return needs a comment); the plan's
    worker (a room's plan: who wrote it) is notified."""
    if not is_supervisor(by):
        raise PermissionDenied
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != WorkPlanStatus.SUBMITTED:
        raise ValidationError(_("这份计划不在待审核状态。"))
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(_("退回修改时请填写督导意见。"))
    plan.status = WorkPlanStatus.APPROVED if approve else WorkPlanStatus.RETURNED
    plan.review_comment = comment
    plan.reviewed_by = by
    plan.reviewed_at = timezone.now()
    plan.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"])
    recipient = plan.worker or plan.created_by
    if recipient is not None and recipient.pk != by.pk:
        values = {"period": plan.get_period_display(), "day": plan.starts_on.isoformat()}
        notify(
            user=recipient,
            title=(
                _("%(period)s（%(day)s起）已获督导批准") % values
                if approve
                else _("%(period)s（%(day)s起）被退回修改") % values
            ),
            comment=comment,
            url=reverse("plans:workplan_detail", args=[plan.pk]),
            by=by,
        )
    return plan


@transaction.atomic
def workplan_item_mark(*, item: WorkPlanItem, done: bool, by) -> WorkPlanItem:
    """Tick off (or untick) a free item by hand; the other kinds are read from the records."""
    item = WorkPlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if not can_mark_workplan(by, item.plan):
        raise PermissionDenied
    if item.kind != WorkPlanItemKind.OTHER:
        raise ValidationError(_("这项计划按记录自动完成，不能手工勾选。"))
    item.done = done
    item.save(update_fields=["done"])
    return item
