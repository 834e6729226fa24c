"""The workbench's "coming up" panel: activities and group sessions of the next two weeks.

It lives in activities but reads groups through their public queryset (the two methods meet on
the worker's calendar). Three queries whatever the number of rows.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from activities.models import Activity

DAYS_AHEAD = 14
LIMIT = 12


@dataclass
class CalendarItem:
    starts_at: datetime.datetime
    kind: str
    title: str
    where: str
    url: str


def upcoming(request) -> dict:
    from groups.models import GroupSession

    now = timezone.now()
    until = now + datetime.timedelta(days=DAYS_AHEAD)
    activities = (
        Activity.objects.visible_to(request.user)
        .filter(starts_at__gte=now, starts_at__lt=until)
        .prefetch_related("rooms")
        .order_by("starts_at")[:LIMIT]
    )
    sessions = (
        GroupSession.objects.visible_to(request.user)
        .filter(starts_at__gte=now, starts_at__lt=until)
        .select_related("group", "group__room")
        .order_by("starts_at")[:LIMIT]
    )
    items = [
        CalendarItem(
            starts_at=activity.starts_at,
            kind="activity",
            title=activity.title,
            where=_("、").join(room.name for room in activity.rooms.all()) or _("全站"),
            url=reverse("activities:detail", kwargs={"pk": activity.pk}),
        )
        for activity in activities
    ] + [
        CalendarItem(
            starts_at=session.starts_at,
            kind="session",
            title=_("%(group)s 第%(number)s节")
            % {"group": session.group.name, "number": session.number},
            where=session.group.room.name if session.group.room else _("站级"),
            url=reverse("groups:session_detail", kwargs={"pk": session.pk}),
        )
        for session in sessions
    ]
    items.sort(key=lambda item: item.starts_at)
    days = {}
    for item in items[:LIMIT]:
        days.setdefault(timezone.localdate(item.starts_at), []).append(item)
    return {"days": sorted(days.items()), "days_ahead": DAYS_AHEAD}


def resident_activities(request, resident) -> dict:
    """The resident page's block: activities they were signed in to. One query."""
    activities = (
        Activity.objects.visible_to(request.user)
        .filter(participants=resident)
        .select_related("series")
        .order_by("-starts_at")[:20]
    )
    return {"activities": list(activities)}


def register():
    """The app's navigation entry, home-page panels and page sections (CONTRIBUTING)."""
    from stations.panels import PERSONAL_ROLES
    from stations.workbench import (
        NavItem,
        Panel,
        ResidentSection,
        register_nav,
        register_panel,
        register_resident_section,
    )

    register_nav(
        NavItem(gettext_lazy("社区活动"), "activities:list", PERSONAL_ROLES, 40, "/activities/")
    )
    register_panel(
        Panel(
            "upcoming_activities",
            gettext_lazy("近期活动与小组"),
            "activities/panels/upcoming.html",
            upcoming,
            PERSONAL_ROLES,
            20,
        )
    )
    register_resident_section(
        ResidentSection(
            "activities",
            gettext_lazy("参加的社区活动"),
            "activities/resident_section.html",
            resident_activities,
            40,
        )
    )

    # The tabs above the app's pages: {% tabs "activities" "<key>" %}.
    from stations.workbench import Tab, register_tabs

    register_tabs(
        "activities",
        [
            Tab("list", pgettext_lazy("list", "活动"), "activities:list"),
            Tab("series", gettext_lazy("系列/项目"), "activities:series_list"),
            Tab("needs", gettext_lazy("需求评估"), "activities:needs_list"),
            Tab("outreach", gettext_lazy("宣传报道"), "activities:outreach"),
            Tab("exchanges", gettext_lazy("交流访问"), "activities:exchange_list"),
        ],
    )
