"""Annual targets: progress computed from the station report's own figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from plans.models import AnnualTarget
from reports import services as report_services
from reports.definitions import FIGURES, ROOM_TABLE
from stations.concurrency import save_versioned


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
    """{target.pk: the figure's value} for the targets that name a report figure: one station
    report per station and year, and one grouped room table per station and year for room
    targets (never a report per room)."""
    station_targets, room_targets = defaultdict(list), defaultdict(list)
    for target in targets:
        first, last = year_bounds(target.year)
        if not target.figure or as_of < first:
            continue
        key = (target.station_id, target.year)
        (room_targets if target.room_id else station_targets)[key].append(target)
    values = {}
    for (_station_id, year), group in station_targets.items():
        first, last = year_bounds(year)
        flat = report_services.flatten(
            report_services.station_report(
                station=group[0].station, date_from=first, date_to=min(as_of, last)
            )
        )
        for target in group:
            values[target.pk] = _number(flat.get(target.figure))
    for (_station_id, year), group in room_targets.items():
        first, last = year_bounds(year)
        rooms = {target.room_id: target.room for target in group}
        table = report_services.room_table(
            station=group[0].station,
            date_from=first,
            date_to=min(as_of, last),
            rooms=sorted(rooms.values(), key=lambda room: room.pk),
        )
        by_room = {row["room"].pk: dict(row["figures"]) for row in table}
        for target in group:
            values[target.pk] = _number(by_room[target.room_id].get(target.figure))
    return values


def target_progress(*, targets, as_of: datetime.date) -> list[Progress]:
    """Progress of each target by `as_of`. `targets`: AnnualTargets with `station` and `room`
    loaded (select_related). A fixed number of queries: see _figures."""
    targets = list(targets)
    values = _figures(targets, as_of)
    rows = []
    for target in targets:
        computed = bool(target.figure)
        if computed:
            actual = values.get(target.pk, 0)
            label, definition = FIGURES.get(target.figure, (target.figure, ""))
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


def targets_for_report(*, station, date_to: datetime.date, room=None) -> list[dict]:
    """The `"targets"` of `station_report --json`: the targets of `date_to`'s year (the room's
    with a room, the station-wide ones without), with their progress by `date_to`."""
    targets = AnnualTarget.objects.filter(station=station, year=date_to.year, room=room)
    return [
        {
            "indicator": row.indicator,
            "target": row.goal,
            "actual": row.actual,
            "percent": row.percent,
        }
        for row in target_progress(
            targets=targets.select_related("station", "room").order_by("pk"), as_of=date_to
        )
    ]


def room_figure_allowed(figure: str) -> bool:
    """A room's target can name only the figures the per-room table computes."""
    return figure in ROOM_TABLE


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
