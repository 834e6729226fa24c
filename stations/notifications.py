"""Notifications: a message to one user on their home page (a supervisor's decision on their
request), with an unread count, a page listing them, and mark as read.

`notify(...)` is the one way to send one; the home panel and the pages live here too.
"""

from django.db.models import Count, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from stations.listing import paginate
from stations.models import Notification

PANEL_ROWS = 5


def notify(*, user, title: str, comment: str = "", url: str = "", by=None) -> Notification:
    """One insert; `user` sees it on their home page until they mark it read."""
    return Notification.objects.create(
        user=user, title=title[:300], comment=comment, url=url[:300], created_by=by
    )


def unread_panel(request) -> dict:
    """One query whatever the number: the newest unread rows, each carrying the unread total."""
    rows = list(
        Notification.objects.filter(user=request.user, read_at__isnull=True)
        .select_related("created_by")
        .annotate(unread=Window(Count("pk")))
        .order_by("-created_at", "-pk")[:PANEL_ROWS]
    )
    return {"count": rows[0].unread if rows else 0, "notifications": rows}


def notification_list(request):
    """The user's own notifications, newest first (anyone logged in: only their own)."""
    notifications = Notification.objects.filter(user=request.user).select_related("created_by")
    return render(
        request,
        "stations/notification_list.html",
        {
            "page_obj": paginate(request, notifications),
            "unread": notifications.filter(read_at__isnull=True).count(),
        },
    )


@require_POST
def notification_read(request, pk):
    """Mark one read, then open what it is about (a path of this site) or the list."""
    notification = get_object_or_404(Notification, user=request.user, pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect(reverse("stations:notifications"))


@require_POST
def notification_read_all(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect(reverse("stations:notifications"))
