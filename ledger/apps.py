from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("台账导入")

    def ready(self):
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        # The job table is technical (arguments, tracebacks): not a page of the station's admin.
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)

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
