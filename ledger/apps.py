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

        from ledger import panels

        panels.register()
