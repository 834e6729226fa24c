"""Home-page panel and resident-page section contributed by the volunteers app."""

from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from stations.access import can_see_personal_data
from volunteers.models import COUNTED_STATUSES, RecordStatus, ServiceRecord, Volunteer


def pending_confirmations(request) -> dict:
    """Records waiting for the user's confirmation (their rooms' activities, sessions and projects;
    station-wide ones for station staff and supervisors). Two queries."""
    user = request.user
    if not can_see_personal_data(user):
        return {"count": 0, "records": []}
    records = ServiceRecord.objects.confirmable_by(user, status=RecordStatus.RECORDED)
    return {
        "count": records.count(),
        "records": list(records.for_list().order_by("-date", "pk")[:5]),
    }


def resident_volunteering(request, resident) -> dict:
    """The resident's volunteer registration, if they are also a volunteer. One query."""
    volunteers = (
        Volunteer.objects.visible_to(request.user)
        .filter(resident=resident)
        .annotate(
            confirmed_hours=Coalesce(
                Sum("records__hours", filter=Q(records__status__in=COUNTED_STATUSES)),
                Value(Decimal("0")),
                output_field=DecimalField(),
            )
        )
    )
    return {"volunteers": list(volunteers)}
