import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """A NUL character in a query parameter is never real input, and PostgreSQL refuses it in a
    text comparison (a 500 on every search box). Answer 400 with the Chinese error page instead.
    Form fields already refuse NUL in POSTed text (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def body_limit(path: str) -> int:
    """The most bytes a request to `path` may send (settings.REQUEST_BODY_LIMITS, first match)."""
    for prefix, limit in settings.REQUEST_BODY_LIMITS:
        if re.match(prefix, path):
            return limit
    return settings.REQUEST_BODY_MAX_BYTES


class RequestSizeLimitMiddleware:
    """Refuse a request body over its path's limit from the Content-Length header, before any of
    it is read: Django would otherwise take a 60 MB upload in whole and then refuse it. A body
    sent without Content-Length (chunked) is not accepted where a limit applies: gunicorn and
    nginx both give it one for ordinary browser posts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"POST", "PUT", "PATCH"}:
            limit = body_limit(request.path_info)
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return render(request, "400.html", status=400)
            if length > limit:
                return render(request, "413.html", {"limit_mb": limit // (1024 * 1024)}, status=413)
        return self.get_response(request)


# Features the site never uses; a script slipped into a page cannot ask for them either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), interest-cohort=()"
)


class PrivatePagesMiddleware:
    """Headers for every page: Permissions-Policy; and for a signed-in user's pages, which may
    show personal data, `Cache-Control: no-store` so that no browser or proxy keeps a copy (a
    response that set its own no-store, like an attachment download, is left as it is)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


SESSION_LAST_SEEN = "last_seen"
# The session is written at most every 5 minutes to record activity, not on every request (a
# write per page would be one more query on each).
LAST_SEEN_RESOLUTION = 300


def mark_session_seen(sender, request, user, **kwargs):
    """user_logged_in receiver: the idle clock starts at login."""
    request.session[SESSION_LAST_SEEN] = int(time.time())


class IdleTimeoutMiddleware:
    """Sign out a session idle for SESSION_IDLE_MINUTES (each request extends it); the absolute
    limit is the session cookie's age (SESSION_COOKIE_AGE from login, not extended)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("长时间未操作，已自动退出，请重新登录。"))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_RESOLUTION or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)
