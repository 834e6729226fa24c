"""The full overdue-visits list: the home panel's residents (cases.panels.overdue_visit_residents,
the one definition of "overdue"), narrowed by the filters of the page."""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from cases.models import OPEN_STAGES, Case
from cases.panels import overdue_visit_residents
from stations.models import KeyPopulationTag

MOST_OVERDUE = F("due_at").asc(nulls_first=True)
# `?sort=` keys: most days overdue first (never visited before all), fewest first, by room, by name.
SORTS = {
    "": [MOST_OVERDUE, "pk"],
    "days": [F("due_at").desc(nulls_last=True), "pk"],
    "room": ["room__order", "room__pk", MOST_OVERDUE, "pk"],
    "name": ["real_name", "pk"],
}


def overdue_visits_filtered(
    *, user, room=None, worker=None, category="", min_days=None, today=None
):
    """Overdue residents the user may see, narrowed by room, worker (the rooms they serve or an
    open case they hold), target population (any tag in force of that category) and days overdue
    (at least `min_days` days past the due date; never-visited residents always count)."""
    today = today or timezone.localdate()
    residents = overdue_visit_residents(user, today)
    if room is not None:
        residents = residents.filter(room=room)
    if worker is not None:
        residents = residents.filter(
            Q(room__in=worker.rooms.values("pk"))
            | Exists(
                Case.objects.filter(resident=OuterRef("pk"), worker=worker, stage__in=OPEN_STAGES)
            )
        )
    if category:
        residents = residents.filter(
            Exists(
                KeyPopulationTag.objects.filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today),
                    resident=OuterRef("pk"),
                    category=category,
                    start_date__lte=today,
                )
            )
        )
    if min_days:
        cutoff = timezone.now() - datetime.timedelta(days=min_days)
        residents = residents.filter(Q(last_visit_at__isnull=True) | Q(due_at__lt=cutoff))
    return residents


def days_overdue(resident, today) -> int | None:
    """Whole days past the due date; None for a resident never visited."""
    if resident.due_at is None:
        return None
    return (today - timezone.localtime(resident.due_at).date()).days
