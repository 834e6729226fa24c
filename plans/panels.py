"""Home panels and navigation of plans, targets and staff."""

from django.utils.translation import gettext_lazy as _

from cases.panels import overdue_visits
from stations.models import Role
from stations.workbench import NavItem, Panel, register_nav, register_panel

PERSONAL = frozenset({Role.ROOM_WORKER, Role.SUPERVISOR, Role.STATION_STAFF})


def register():
    # The station head gets the casework panel too (workers and supervisors have it from cases).
    register_panel(
        Panel(
            "plans_overdue_visits_station",
            _("逾期未走访"),
            "cases/panels/overdue_visits.html",
            overdue_visits,
            frozenset({Role.STATION_STAFF}),
            20,
        )
    )
    register_nav(
        NavItem(_("逾期走访"), "plans:overdue_visits", PERSONAL, 22, "/plans/overdue-visits/")
    )
