"""Home-page panel and resident-page section contributed by the volunteers app."""

from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from stations.access import can_see_personal_data, visible_rooms
from stations.models import Role
from volunteers.models import COUNTED_STATUSES, RecordStatus, ServiceRecord, Volunteer


def pending_confirmations(request) -> dict:
    """Records waiting for the user's confirmation (their rooms' activities, sessions and projects;
    station-wide ones for station staff and supervisors). Two queries."""
    user = request.user
    if not can_see_personal_data(user):
        return {"count": 0, "records": []}
    records = ServiceRecord.objects.filter(status=RecordStatus.RECORDED)
    if not user.is_superuser:
        rooms = visible_rooms(user).values("pk")
        condition = (
            Q(activity__rooms__in=rooms)
            | Q(group_session__group__room__in=rooms)
            | Q(project__room__in=rooms)
        )
        if user.role in (Role.STATION_STAFF, Role.SUPERVISOR):
            condition |= Q(
                activity__isnull=False,
                activity__rooms__isnull=True,
                activity__station_id=user.station_id,
            )
            condition |= Q(project__room__isnull=True, project__station_id=user.station_id)
            condition |= Q(
                group_session__group__room__isnull=True,
                group_session__group__station_id=user.station_id,
            )
        records = records.filter(pk__in=ServiceRecord.objects.filter(condition).values("pk"))
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
