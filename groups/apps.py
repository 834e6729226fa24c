from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("小组工作")

    def ready(self):
        from groups import panels

        panels.register()
