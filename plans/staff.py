"""A worker's development for the year: training, supervision, certification, hours vs target."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Sum

from groups.models import Attendance
from plans.models import CertificationRecord, SupervisionSession, TrainingRecord

# Continuing-education hours a worker should reach in a year (the station may set its own).
DEFAULT_DEVELOPMENT_HOURS = 72


def development_hours_target() -> Decimal:
    return Decimal(getattr(settings, "PLANS_DEVELOPMENT_HOURS", DEFAULT_DEVELOPMENT_HOURS))


def reading_club(*, worker, first: datetime.date, last: datetime.date) -> dict:
    """{"sessions": n, "hours": Decimal}: the sessions of the staff development groups
    (settings.PLANS_DEVELOPMENT_GROUPS, by name: the reading club 悦读人生·社工成长) that `worker`
    signed in to between `first` and `last`, and their length. One query."""
    from stations.aggregates import day_range

    start, end = day_range(first, last)
    totals = Attendance.objects.filter(
        member__user=worker,
        session__group__name__in=settings.PLANS_DEVELOPMENT_GROUPS,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).aggregate(
        sessions=Count("session", distinct=True),
        length=Sum(F("session__ends_at") - F("session__starts_at")),
    )
    seconds = totals["length"].total_seconds() if totals["length"] else 0
    return {
        "sessions": totals["sessions"],
        "hours": (Decimal(seconds) / 3600).quantize(Decimal("0.1")),
    }


def staff_year(*, worker, year: int) -> dict:
    """Seven queries: training and supervision rows and sums, reading club attendance,
    certification history, rooms."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    training = TrainingRecord.objects.filter(worker=worker, started_on__range=(first, last))
    sessions = SupervisionSession.objects.filter(
        attendees=worker, held_on__range=(first, last)
    ).select_related("supervisor")
    training_hours = training.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    supervision_hours = sessions.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    club = reading_club(worker=worker, first=first, last=last)
    total = training_hours + supervision_hours + club["hours"]
    target = development_hours_target()
    return {
        "training": list(training.order_by("-started_on", "pk")),
        "sessions": list(sessions.order_by("-held_on", "pk")),
        "certifications": list(
            CertificationRecord.objects.filter(worker=worker).order_by("-obtained_on", "pk")
        ),
        "rooms": list(worker.rooms.order_by("order", "pk")),
        "training_hours": training_hours,
        "supervision_hours": supervision_hours,
        "reading_club_sessions": club["sessions"],
        "reading_club_hours": club["hours"],
        "total_hours": total,
        "target_hours": target,
        "percent": round(float(100 * total / target), 1) if target else None,
    }
