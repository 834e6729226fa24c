"""The stations app's navigation entry, home-page panels (rooms, the station at a glance, children
without guardian consent, notifications), registered from StationsConfig.ready() like every app's
(CONTRIBUTING: one `register()` per app)."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stations.access import PERSONAL_DATA_ROLES
from stations.models import Consent, KeyPopulationTag, Resident, Role
from stations.notifications import unread_panel
from stations.pickers import (
    Picker,
    partner_choices,
    partner_describe,
    partner_search,
    register_picker,
    resident_choices,
    resident_describe,
    resident_search,
)
from stations.workbench import (
    NavItem,
    Panel,
    register_nav,
    register_panel,
    rooms_overview,
    station_summary,
)

PANEL_ROWS = 8
ROOMS = "stations/panels/rooms.html"  # one template for a worker's rooms and every room

# The roles that work with residents' personal data (stations.access): every app's panels and
# navigation entries about residents are theirs.
PERSONAL_ROLES = frozenset(PERSONAL_DATA_ROLES)


def children_missing_guardian_consent(user):
    """Children under 14 in the user's rooms who carry a tag in force but whose guardian's
    consent to sensitive information is not on file (PIPL art. 31)."""
    today = timezone.localdate()
    tags_in_force = KeyPopulationTag.objects.in_force(today).filter(resident=OuterRef("pk"))
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


def register_panels(*panels: Panel) -> None:
    """Register an app's home-page panels, each `Panel(key, title, template, context, roles,
    order)`: one call in the app's `register()` (CONTRIBUTING: Home page and navigation)."""
    for panel in panels:
        register_panel(panel)


def register():
    register_picker(
        Picker(
            kind="resident",
            queryset=resident_choices,
            search=resident_search,
            describe=resident_describe,
            placeholder=_("输入姓名、化名、社工室、年龄或人群查找"),
        )
    )
    register_picker(
        Picker(
            kind="organization",
            queryset=partner_choices,
            search=partner_search,
            describe=partner_describe,
            placeholder=_("输入单位名称或联系人查找"),
        )
    )
    register_nav(
        NavItem(
            pgettext_lazy("list", "服务对象"),
            "stations:resident_list",
            PERSONAL_ROLES,
            10,
            "/stations/",
        )
    )
    register_panels(
        Panel(
            "my_rooms", _("我的社工室"), ROOMS, rooms_overview, frozenset({Role.ROOM_WORKER}), 10
        ),
        Panel(
            "rooms_overview",
            _("各社工室概况"),
            ROOMS,
            rooms_overview,
            frozenset({Role.STATION_STAFF, Role.SUPERVISOR}),
            50,
        ),
        Panel(
            "station_summary",
            _("社工站概况"),
            "stations/panels/station_summary.html",
            station_summary,
            frozenset({Role.OFFICIAL}),
            10,
        ),
        Panel(
            "residents_missing_consent",
            _("待补录监护人同意的儿童"),
            "stations/panels/residents_missing_consent.html",
            missing_consent_panel,
            PERSONAL_ROLES,
            30,
        ),
        Panel(
            "notifications",
            _("通知"),
            "stations/panels/notifications.html",
            unread_panel,
            PERSONAL_ROLES,
            1,
        ),
    )
