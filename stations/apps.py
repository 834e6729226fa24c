from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("社工站与服务对象")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_migrate, post_save

        from stations import checks, panels
        from stations.bounds import install_form_bounds
        from stations.middleware import mark_session_seen
        from stations.models import Term
        from stations.two_factor import set_state_at_login
        from stations.vocabulary import forget_local_labels, install_built_in_terms

        post_save.connect(forget_local_labels, sender=Term, dispatch_uid="stations_terms_saved")
        post_delete.connect(forget_local_labels, sender=Term, dispatch_uid="stations_terms_gone")
        post_migrate.connect(install_built_in_terms, sender=self, dispatch_uid="stations_terms")

        install_form_bounds()
        user_logged_in.connect(mark_session_seen, dispatch_uid="stations_session_seen")
        user_logged_in.connect(set_state_at_login, dispatch_uid="stations_two_factor_state")

        panels.register()
        checks.register()
