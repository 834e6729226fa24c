from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from stations.workbench import HOME_TITLES, panels_for, user_role


def home(request):
    """Each role lands on its own page: workbench, station overview, review queue or summary."""
    role = user_role(request.user)
    return render(
        request,
        "stations/home.html",
        {"home_title": HOME_TITLES.get(role, ""), "panels": panels_for(request), "role": role},
    )


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not. No personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
