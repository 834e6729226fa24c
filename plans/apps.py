from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("计划、指标与人员")

    def ready(self):
        from plans import panels

        panels.register()
