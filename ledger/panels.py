"""The ledger app's navigation entry (CONTRIBUTING: one `register()` per app)."""

from django.utils.translation import gettext_lazy as _


def register():
    from stations.models import Role
    from stations.workbench import NavItem, register_nav

    register_nav(
        NavItem(
            _("台账导入"),
            "ledger:index",
            frozenset({Role.STATION_STAFF, Role.ROOM_WORKER}),
            95,
            "/ledger/",
        )
    )
