"""What each role sees on its home page, and the navigation bar, as registries.

Domain apps add their own panels (overdue visits, approval queue…) and navigation entries from
their AppConfig.ready(), so the home page grows with the apps without one template knowing them all.
A panel's `context(request)` runs only for the roles it names; keep its query count fixed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from stations.access import report_rooms, visible_rooms
from stations.models.station import Role, Room

# Every role of a station. A district official belongs to no station: none of a station's
# panels or pages is theirs unless it names them (reports' district page does).
ALL_ROLES = frozenset(Role.values) - {Role.DISTRICT_OFFICIAL}


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    context: Callable
    roles: frozenset = ALL_ROLES
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = ALL_ROLES
    order: int = 100
    active_prefix: str = ""


@dataclass(frozen=True)
class Tab:
    """One tab of an app's pages (`{% tabs "<app>" "<key>" %}`, stations/templatetags/page.py)."""

    key: str
    label: str
    url_name: str


PANELS: dict[str, Panel] = {}
NAV_ITEMS: dict[str, NavItem] = {}
TABS: dict[str, list[Tab]] = {}

HOME_TITLES = {
    Role.ROOM_WORKER: _("我的工作台"),
    Role.STATION_STAFF: _("站点总览"),
    Role.SUPERVISOR: _("督导审核"),
    Role.OFFICIAL: _("数据概览"),
    Role.DISTRICT_OFFICIAL: _("区县概览"),
}


def register_panel(panel: Panel) -> None:
    PANELS[panel.key] = panel


def register_nav(item: NavItem) -> None:
    NAV_ITEMS[item.url_name] = item


def register_tabs(group: str, tabs: list[Tab]) -> None:
    """The tabs that link the pages of one part of an app, in their order."""
    TABS[group] = list(tabs)


def user_role(user) -> str:
    if user.is_superuser and not user.role:
        return Role.STATION_STAFF
    return user.role


def panels_for(request) -> list[tuple[Panel, dict]]:
    role = user_role(request.user)
    chosen = sorted(
        (panel for panel in PANELS.values() if role in panel.roles), key=lambda p: p.order
    )
    return [(panel, panel.context(request)) for panel in chosen]


def nav_for(user) -> list[NavItem]:
    role = user_role(user)
    return sorted(
        (item for item in NAV_ITEMS.values() if role in item.roles), key=lambda i: i.order
    )


def per_request(request, key: str, compute: Callable):
    """`compute()`, computed once per request under `key`: what several panels of one home page
    show (the overdue visits of a worker's panel and of their reminders, the approvals waiting)
    is read once, not once per panel. The value lives on the request and goes with it."""
    values = request.__dict__.setdefault("_workbench_values", {})
    if key not in values:
        values[key] = compute()
    return values[key]


def rooms_overview(request) -> dict:
    """Rooms with their workers and residents: one query, whatever the number of rooms."""
    # Filter by primary key: visible_rooms() of a room worker joins `staff` already, and
    # annotating over that same join would count only the user themself.
    rooms = (
        Room.objects.filter(pk__in=visible_rooms(request.user).values("pk"))
        .annotate(
            worker_count=Count(
                "staff",
                filter=Q(staff__role=Role.ROOM_WORKER, staff__is_active=True),
                distinct=True,
            ),
        )
        .order_by("order", "pk")
    )
    rooms = list(rooms)
    covered = sum(1 for room in rooms if room.worker_count)
    return {
        "rooms": rooms,
        "covered": covered,
        "coverage_percent": round(100 * covered / len(rooms), 1) if rooms else 0.0,
    }


def station_summary(request) -> dict:
    """Counts only, for officials: rooms, coverage, staff by role. No person."""
    rooms = list(
        Room.objects.filter(pk__in=report_rooms(request.user).values("pk")).annotate(
            worker_count=Count(
                "staff",
                filter=Q(staff__role=Role.ROOM_WORKER, staff__is_active=True),
                distinct=True,
            )
        )
    )
    covered = sum(1 for room in rooms if room.worker_count)
    return {
        "room_count": len(rooms),
        "pilot_count": sum(1 for room in rooms if room.is_pilot),
        "covered": covered,
        "coverage_percent": round(100 * covered / len(rooms), 1) if rooms else 0.0,
        "worker_count": sum(room.worker_count for room in rooms),
    }


@dataclass(frozen=True)
class Section:
    """A block another app contributes to a page of this one: to the resident's page (their
    cases, groups, activities) or to the supervisor's approval queue (group plans), so that a
    worker reads one resident, and a supervisor reviews everything, in one place.

    `context(request, resident)` (resident page) or `context(request)` (approval queue) returns
    the template's context; keep its query count fixed. `actions` (resident page only): a
    template of buttons shown at the top of the page, under the name, with the same context (the
    shortcuts a worker on a phone needs first: a visit, a service record).
    """

    key: str
    title: str
    template: str
    context: Callable
    order: int = 100
    actions: str = ""


ResidentSection = ApprovalSection = Section  # the names the apps register their blocks with

RESIDENT_SECTIONS: dict[str, Section] = {}
APPROVAL_SECTIONS: dict[str, Section] = {}


def register_resident_section(section: Section) -> None:
    RESIDENT_SECTIONS[section.key] = section


def register_approval_section(section: Section) -> None:
    APPROVAL_SECTIONS[section.key] = section


def resident_sections(request, resident) -> list[tuple[Section, dict]]:
    return _rendered(RESIDENT_SECTIONS, request, resident)


def approval_sections(request) -> list[tuple[Section, dict]]:
    return _rendered(APPROVAL_SECTIONS, request)


def _rendered(sections: dict[str, Section], *args) -> list[tuple[Section, dict]]:
    return [(section, section.context(*args)) for section in sorted(sections.values(), key=_order)]


def _order(section: Section) -> int:
    return section.order
