from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self):
        from stations.access import PERSONAL_DATA_ROLES
        from stations.workbench import (
            NavItem,
            Panel,
            ResidentSection,
            register_nav,
            register_panel,
            register_resident_section,
        )
        from volunteers.panels import pending_confirmations, resident_volunteering

        roles = frozenset(PERSONAL_DATA_ROLES)
        register_nav(
            NavItem(pgettext_lazy("list", "志愿者"), "volunteers:list", roles, 50, "/volunteers/")
        )
        register_panel(
            Panel(
                key="volunteer_pending_confirmations",
                title=_("待确认的志愿服务时长"),
                template="volunteers/panels/pending.html",
                context=pending_confirmations,
                roles=roles,
                order=60,
            )
        )
        register_resident_section(
            ResidentSection(
                key="volunteering",
                title=_("志愿服务"),
                template="volunteers/panels/resident.html",
                context=resident_volunteering,
                order=80,
            )
        )
