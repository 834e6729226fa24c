from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("社工站与服务对象")

    def ready(self):
        from stations import workbench  # noqa: F401  registers the base panels
