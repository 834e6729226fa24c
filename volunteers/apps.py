from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self):
        from stations.access import PERSONAL_DATA_ROLES
        from stations.workbench import NavItem, register_nav

        register_nav(
            NavItem(
                label=_("志愿者"),
                url_name="volunteers:list",
                roles=frozenset(PERSONAL_DATA_ROLES),
                order=50,
                active_prefix="/volunteers/",
            )
        )
