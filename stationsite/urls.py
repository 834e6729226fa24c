from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from stations import pwa, two_factor_views
from stations import views as station_views
from stations.forms import LoginForm

urlpatterns = [
    path("", station_views.home, name="home"),
    path("healthz", station_views.healthz, name="healthz"),
    # The installable app: served from the root so that the service worker may control every page.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", two_factor_views.two_factor_enrol, name="two_factor_enrol"),
    path(
        "accounts/two-factor/verify/",
        two_factor_views.two_factor_verify,
        name="two_factor_verify",
    ),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("stations/", include("stations.urls")),
    path("cases/", include("cases.urls")),
    path("groups/", include("groups.urls")),
    path("activities/", include("activities.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("organizations/", include("organizations.urls")),
    path("charity/", include("charity.urls")),
    path("reports/", include("reports.urls")),
    path("api/v1/", include("reports.api_urls")),
    path("registers/", include("registers.urls")),
    path("plans/", include("plans.urls")),
    path("ledger/", include("ledger.urls")),
]
