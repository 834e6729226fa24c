from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("社区社会组织")

    def ready(self):
        from stations.access import PERSONAL_DATA_ROLES
        from stations.workbench import NavItem, register_nav

        roles = frozenset(PERSONAL_DATA_ROLES)
        register_nav(NavItem(_("社会组织"), "organizations:list", roles, 55, "/organizations/"))
        register_nav(
            NavItem(
                pgettext_lazy("list", "共建单位"),
                "organizations:partner_list",
                roles,
                56,
                "/organizations/partners/",
            )
        )
