"""Home-page panels about residents, registered from StationsConfig.ready()."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Consent, KeyPopulationTag, Resident, Role
from stations.workbench import Panel, register_panel

PANEL_ROWS = 8


def children_missing_guardian_consent(user):
    """Children under 14 in the user's rooms who carry a tag in force but whose guardian's
    consent to sensitive information is not on file (PIPL art. 31)."""
    today = timezone.localdate()
    tags_in_force = KeyPopulationTag.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        resident=OuterRef("pk"),
        start_date__lte=today,
    )
    consent = Consent.objects.in_force(today).guardian_sensitive().filter(resident=OuterRef("pk"))
    return (
        Resident.objects.visible_to(user)
        .active()
        .born_between(younger_than=14, on=today)
        .filter(Exists(tags_in_force))
        .exclude(Exists(consent))
    )


def missing_consent_panel(request) -> dict:
    """Two queries whatever the number of residents: the count and the first rows."""
    residents = children_missing_guardian_consent(request.user)
    return {
        "count": residents.count(),
        "residents": list(
            residents.select_related("room").order_by("room__order", "real_name")[:PANEL_ROWS]
        ),
    }


def register():
    register_panel(
        Panel(
            key="residents_missing_consent",
            title=_("待补录监护人同意的儿童"),
            template="stations/panels/residents_missing_consent.html",
            context=missing_consent_panel,
            roles=frozenset({Role.ROOM_WORKER, Role.STATION_STAFF, Role.SUPERVISOR}),
            order=30,
        )
    )
