from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("台账与导出")

    def ready(self):
        from stations.models import Role
        from stations.workbench import NavItem, register_nav

        roles = frozenset({Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR})
        register_nav(NavItem(_("台账"), "registers:index", roles, 90, "/registers/"))
