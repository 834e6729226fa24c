"""The registers app's navigation entries (CONTRIBUTING: one `register()` per app)."""

from django.utils.translation import gettext_lazy as _


def register():
    from stations.panels import PERSONAL_ROLES
    from stations.workbench import NavItem, register_nav

    register_nav(NavItem(_("台账"), "registers:index", PERSONAL_ROLES, 90, "/registers/"))
