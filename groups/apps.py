from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("小组工作")

    def ready(self):
        from stations.models import Role
        from stations.workbench import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("小组"),
                url_name="groups:list",
                roles=frozenset({Role.ROOM_WORKER, Role.STATION_STAFF, Role.SUPERVISOR}),
                order=30,
                active_prefix="/groups/",
            )
        )
