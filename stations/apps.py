from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("社工站与服务对象")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from stations import checks, panels
        from stations.bounds import install_form_bounds
        from stations.middleware import mark_session_seen
        from stations.two_factor import set_state_at_login

        install_form_bounds()
        user_logged_in.connect(mark_session_seen, dispatch_uid="stations_session_seen")
        user_logged_in.connect(set_state_at_login, dispatch_uid="stations_two_factor_state")

        panels.register()
        checks.register()
