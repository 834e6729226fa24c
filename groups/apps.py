from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("小组工作")

    def ready(self):
        from groups.sections import resident_groups
        from stations.models import Role
        from stations.workbench import (
            NavItem,
            ResidentSection,
            register_nav,
            register_resident_section,
        )

        register_nav(
            NavItem(
                label=pgettext_lazy("list", "小组"),
                url_name="groups:list",
                roles=frozenset({Role.ROOM_WORKER, Role.STATION_STAFF, Role.SUPERVISOR}),
                order=30,
                active_prefix="/groups/",
            )
        )
        register_resident_section(
            ResidentSection(
                key="groups",
                title=_("参加的小组"),
                template="groups/resident_section.html",
                context=resident_groups,
                order=30,
            )
        )
