"""The installable web app: its manifest, its service worker and the page shown offline.

The service worker (templates/pwa/sw.js) keeps the site's own static files and the offline page,
and a copy of the forms that work offline (home visit, service record) that the user opened, so
that a reload without signal shows the form with its draft (static/js/offline.js) instead of the
browser's error page. Every other page needs the server: offline it answers with /offline/.
None of the three responses holds personal data, so none needs a login.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What the service worker keeps for offline use; base.html loads the same files.
ASSETS = [
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "css/site.css",
    "js/site.js",
    "js/offline.js",
    "js/visits.js",
    "icons/icon-192.png",
]
# Paths of the forms that work offline (regular expressions, read by the service worker).
OFFLINE_FORMS = [r"^/cases/visits/new/$", r"^/cases/\d+/records/new/$"]
# The Cache Storage name of the copies of those forms; the logout clears it (static/js/offline.js).
PAGES_CACHE = "ss-pages-v1"


@lru_cache
def _assets() -> tuple[list[str], str]:
    """The assets' URLs and a version that changes whenever one of the files does (a new service
    worker then replaces the old cache)."""
    urls = [static(name) for name in ASSETS]
    digest = hashlib.sha256(settings.STATIC_URL.encode())
    for name in ASSETS:
        digest.update(Path(finders.find(name)).read_bytes())
    return urls, digest.hexdigest()[:16]


@login_not_required
@require_GET
def manifest(request):
    data = {
        "name": _("社工站服务管理系统"),
        "short_name": _("社工站"),
        "description": _("乡镇社工站的服务对象、个案、入户走访与服务记录。"),
        "lang": request.LANGUAGE_CODE,
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response


@login_not_required
@require_GET
def service_worker(request):
    urls, version = _assets()
    offline_url = reverse("offline")
    body = render(
        request,
        "pwa/sw.js",
        {
            "version": version,
            "assets": json.dumps(urls),
            "offline_url": json.dumps(offline_url),
            "offline_forms": json.dumps(OFFLINE_FORMS),
            "pages_cache": json.dumps(PAGES_CACHE),
        },
    ).content
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    # Served from the root so that it may control every page; always checked for a new version.
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def offline(request):
    """The page the service worker shows for a page that needs the server. Cached at install,
    so it must not show who is signed in."""
    return render(request, "pwa/offline.html")
