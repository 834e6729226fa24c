"""A worker's development for the year: training, supervision, certification, hours vs target."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from plans.models import CertificationRecord, SupervisionSession, TrainingRecord

# Continuing-education hours a worker should reach in a year (the station may set its own).
DEFAULT_DEVELOPMENT_HOURS = 72


def development_hours_target() -> Decimal:
    return Decimal(getattr(settings, "PLANS_DEVELOPMENT_HOURS", DEFAULT_DEVELOPMENT_HOURS))


def staff_year(*, worker, year: int) -> dict:
    """Six queries: training and supervision rows and sums, certification history, rooms."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    training = TrainingRecord.objects.filter(worker=worker, started_on__range=(first, last))
    sessions = SupervisionSession.objects.filter(
        attendees=worker, held_on__range=(first, last)
    ).select_related("supervisor")
    training_hours = training.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    supervision_hours = sessions.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    total = training_hours + supervision_hours
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
        "total_hours": total,
        "target_hours": target,
        "percent": round(float(100 * total / target), 1) if target else None,
    }
