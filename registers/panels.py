"""The registers app's navigation entries (CONTRIBUTING: one `register()` per app)."""

from django.utils.translation import gettext_lazy as _


def register():
    from stations.models import Role
    from stations.workbench import NavItem, register_nav

    roles = frozenset({Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR})
    register_nav(NavItem(_("台账"), "registers:index", roles, 90, "/registers/"))
