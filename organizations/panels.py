"""The organizations app's navigation entries (CONTRIBUTING: one `register()` per app)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def register():
    from stations.panels import PERSONAL_ROLES
    from stations.workbench import NavItem, register_nav

    register_nav(
        NavItem(_("社会组织"), "organizations:list", PERSONAL_ROLES, 55, "/organizations/")
    )
    register_nav(
        NavItem(
            pgettext_lazy("list", "共建单位"),
            "organizations:partner_list",
            PERSONAL_ROLES,
            56,
            "/organizations/partners/",
        )
    )

    # The tabs above the app's pages: {% tabs "organizations" "<key>" %}.
    from stations.workbench import Tab, register_tabs

    register_tabs(
        "organizations",
        [
            Tab("organizations", _("社区社会组织"), "organizations:list"),
            Tab("partners", pgettext_lazy("list", "共建单位"), "organizations:partner_list"),
        ],
    )
