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
        return can_use_admin(request.user)

    def login(self, request, extra_context=None):
        """One login page for the whole site; logged-in users without admin rights go home."""
        if request.user.is_authenticated:
            return HttpResponseRedirect(reverse("home"))
        return redirect_to_login(request.GET.get("next", reverse("admin:index")))
