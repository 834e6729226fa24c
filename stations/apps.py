from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("社工站与服务对象")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from stations import notifications, resident_panels, workbench  # workbench: base panels
        from stations.bounds import install_form_bounds
        from stations.middleware import mark_session_seen
        from stations.models import Role

        install_form_bounds()
        user_logged_in.connect(mark_session_seen, dispatch_uid="stations_session_seen")

        workbench.register_nav(
            workbench.NavItem(
                label=pgettext_lazy("list", "服务对象"),
                url_name="stations:resident_list",
                roles=frozenset({Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR}),
                order=10,
                active_prefix="/stations/",
            )
        )
        resident_panels.register()
        notifications.register()
