from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stations.access import can_use_admin


class StationAdminSite(admin.AdminSite):
    """The supervisors' review desk. Officials never enter: they read aggregate pages only."""

    site_header = _("社工站业务管理后台")
    site_title = _("社工站管理后台")
    index_title = _("督导审核与记录管理")
    site_url = "/"

    def has_permission(self, request):
        """An admin user, and with two-factor login required, a session that gave its code
        (django-otp's `is_verified`): a stolen password alone never opens the admin."""
        user = request.user
        if not can_use_admin(user):
            return False
        return not settings.OTP_REQUIRED or user.is_verified()

    def login(self, request, extra_context=None):
        """One login page for the whole site; logged-in users without admin rights go home, an
        admin user whose session has not given its two-factor code goes to the code step."""
        if request.user.is_authenticated:
            if can_use_admin(request.user):
                from stations.two_factor import STATE_VERIFY, TWO_FACTOR_STATE

                target = (
                    "two_factor_verify"
                    if request.session.get(TWO_FACTOR_STATE) == STATE_VERIFY
                    else "two_factor_enrol"
                )
                return HttpResponseRedirect(reverse(target))
            return HttpResponseRedirect(reverse("home"))
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
