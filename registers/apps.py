from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("台账与导出")

    def ready(self):
        from registers import panels

        panels.register()
