import re

from django.conf import settings
from django.shortcuts import render


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
