"""The full overdue-visits list: the home panel's residents (cases.panels.overdue_visit_residents,
the one definition of "overdue"), narrowed by the filters of the page."""

import datetime

from django.utils import timezone

from cases.models import OPEN_STAGES, Case
from cases.panels import overdue_visit_residents
from stations.models import KeyPopulationTag

_NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)
_LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _most_overdue(resident):  # never visited first, then the earliest due date
    return resident.due_at or _NEVER


# `?sort=` keys: most days overdue first (never visited before all), fewest first, by room, by name.
SORTS = {
    "": lambda rows: sorted(rows, key=lambda r: (_most_overdue(r), r.pk)),
    "days": lambda rows: sorted(rows, key=lambda r: (r.due_at or _LATEST, -r.pk), reverse=True),
    "room": lambda rows: sorted(
        rows, key=lambda r: (r.room.order, r.room.pk, _most_overdue(r), r.pk)
    ),
    "name": lambda rows: sorted(rows, key=lambda r: (r.real_name, r.pk)),
}


def sort_rows(rows: list, key: str) -> tuple[list, str]:
    """The rows in the order of `?sort=` (an unknown key: the default), and the key used."""
    key = key if key in SORTS else ""
    return SORTS[key](rows), key


def overdue_visits_filtered(
    *, user, room=None, worker=None, category="", min_days=None, today=None
) -> list:
    """Overdue residents the user may see, narrowed by room, worker (the rooms they serve or an
    open case they hold), target population (any tag in force of that category) and days overdue
    (at least `min_days` days past the due date; never-visited residents always count).

    The overdue set is the panel's one set-based query (cases.panels); each filter adds at most
    one query over ids, never one per resident."""
    today = today or timezone.localdate()
    residents = overdue_visit_residents(user, today)
    if room is not None:
        residents = [r for r in residents if r.room_id == room.pk]
    if worker is not None:
        rooms = set(worker.rooms.values_list("pk", flat=True))
        with_case = set(
            Case.objects.filter(
                worker=worker, stage__in=OPEN_STAGES, resident__in=[r.pk for r in residents]
            ).values_list("resident_id", flat=True)
        )
        residents = [r for r in residents if r.room_id in rooms or r.pk in with_case]
    if category:
        tagged = set(
            KeyPopulationTag.objects.in_force(today)
            .filter(resident__in=[r.pk for r in residents], category=category)
            .values_list("resident_id", flat=True)
        )
        residents = [r for r in residents if r.pk in tagged]
    if min_days:
        cutoff = timezone.now() - datetime.timedelta(days=min_days)
        residents = [r for r in residents if r.last_visit_at is None or r.due_at < cutoff]
    return residents


def days_overdue(resident, today) -> int | None:
    """Whole days past the due date; None for a resident never visited."""
    if resident.due_at is None:
        return None
    return (today - timezone.localtime(resident.due_at).date()).days
