from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("社区社会组织")

    def ready(self):
        from organizations import panels

        panels.register()
