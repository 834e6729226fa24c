from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("数据报表")

    def ready(self):
        from reports import panels

        panels.register()
