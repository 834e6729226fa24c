from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("个案工作")

    def ready(self):
        from cases import panels

        panels.register()
