"""Workbench panels, navigation and the resident-page section of casework.

Each context function runs a fixed number of queries whatever the number of rows (pinned in
tests/cases/test_queries.py): a count and a first page, never a query per row.
"""

import datetime

from django.db.models import Case as DbCase
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import (
    DEFAULT_VISIT_INTERVALS,
    Approval,
    Case,
    ContactForm,
    PlanTask,
    ServiceRecord,
    VisitInterval,
)
from stations.access import is_supervisor
from stations.models import KeyPopulationTag, Resident, Role
from stations.workbench import (
    NavItem,
    Panel,
    ResidentSection,
    register_nav,
    register_panel,
    register_resident_section,
)

PANEL_ROWS = 15


def overdue_visit_residents(user, today=None):
    """Active residents of the user's rooms whose last home visit is older than the shortest
    visit interval of their active key-population tags (or who were never visited).

    Annotated with `interval_days`, `last_visit_at` and `due_at`; ordered most overdue first.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    active_tags = KeyPopulationTag.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        resident=OuterRef("pk"),
        start_date__lte=today,
    ).annotate(
        # The station's own interval for the category, else the built-in default.
        days=Coalesce(
            Subquery(
                VisitInterval.objects.filter(
                    station_id=OuterRef("resident__room__station_id"),
                    category=OuterRef("category"),
                ).values("days")[:1]
            ),
            DbCase(
                *[
                    When(category=key, then=Value(days))
                    for key, days in DEFAULT_VISIT_INTERVALS.items()
                ],
                default=None,
                output_field=IntegerField(),
            ),
        )
    )
    shortest = active_tags.exclude(days=None).order_by("days")
    last_visit = (
        ServiceRecord.objects.filter(resident=OuterRef("pk"), form=ContactForm.HOME_VISIT)
        .order_by("-start_at")
        .values("start_at")[:1]
    )
    return (
        Resident.objects.visible_to(user)
        .active()
        .annotate(
            interval_days=Subquery(shortest.values("days")[:1]),
            interval_category=Subquery(shortest.values("category")[:1]),
            last_visit_at=Subquery(last_visit),
        )
        .filter(interval_days__isnull=False)
        .annotate(
            due_at=ExpressionWrapper(
                F("last_visit_at") + F("interval_days") * Value(datetime.timedelta(days=1)),
                output_field=DateTimeField(),
            )
        )
        .filter(Q(last_visit_at__isnull=True) | Q(due_at__lt=now))
        .select_related("room")
        .order_by(F("due_at").asc(nulls_first=True), "pk")
    )


def overdue_visits(request) -> dict:
    residents = overdue_visit_residents(request.user)
    labels = dict(KeyPopulationTag._meta.get_field("category").choices)
    rows = list(residents[:PANEL_ROWS])
    for resident in rows:
        resident.interval_label = labels.get(resident.interval_category, "")
    return {
        "residents": rows,
        "count": residents.count(),
        "show_room": is_supervisor(request.user) or request.user.role == Role.STATION_STAFF,
    }


def overdue_work(request) -> dict:
    today = timezone.localdate()
    tasks = PlanTask.objects.visible_to(request.user).overdue(today)
    cases = Case.objects.visible_to(request.user).open().filter(next_contact_date__lt=today)
    return {
        "tasks": list(
            tasks.select_related("plan__case__resident", "owner").order_by("due_date", "pk")[
                :PANEL_ROWS
            ]
        ),
        "task_count": tasks.count(),
        "cases": list(cases.for_list().order_by("next_contact_date", "pk")[:PANEL_ROWS]),
        "case_count": cases.count(),
        "today": today,
    }


def pending_approvals(request) -> dict:
    approvals = Approval.objects.visible_to(request.user).pending()
    return {
        "approvals": list(approvals.for_list()[:PANEL_ROWS]),
        "count": approvals.count(),
    }


def quick_actions(request) -> dict:
    return {}


def resident_cases(request, resident) -> dict:
    return {
        "resident": resident,
        "cases": list(
            Case.objects.visible_to(request.user)
            .filter(resident=resident)
            .select_related("worker")
            .order_by("-created_at")
        ),
        "visits": list(
            ServiceRecord.objects.visible_to(request.user)
            .filter(resident=resident)
            .select_related("worker")
            .order_by("-start_at")[:5]
        ),
    }


WORKERS = frozenset({Role.ROOM_WORKER})
OVERSEERS = frozenset({Role.SUPERVISOR, Role.STATION_STAFF})
PERSONAL = frozenset({Role.ROOM_WORKER, Role.SUPERVISOR, Role.STATION_STAFF})


def register():
    register_panel(
        Panel("cases_quick", _("快捷操作"), "cases/panels/quick.html", quick_actions, WORKERS, 5)
    )
    register_panel(
        Panel(
            "cases_pending_approvals",
            _("待我审批"),
            "cases/panels/approvals.html",
            pending_approvals,
            frozenset({Role.SUPERVISOR}),
            5,
        )
    )
    register_panel(
        Panel(
            "cases_overdue_visits",
            _("逾期未走访"),
            "cases/panels/overdue_visits.html",
            overdue_visits,
            WORKERS | frozenset({Role.SUPERVISOR}),
            20,
        )
    )
    register_panel(
        Panel(
            "cases_overdue_work",
            _("逾期的计划任务与个案联系"),
            "cases/panels/overdue_work.html",
            overdue_work,
            WORKERS | frozenset({Role.SUPERVISOR}),
            25,
        )
    )
    register_nav(NavItem(pgettext_lazy("list", "个案"), "cases:list", PERSONAL, 20, "/cases/"))
    register_nav(
        NavItem(_("审批"), "cases:approvals", frozenset({Role.SUPERVISOR}), 21, "/cases/approvals")
    )
    register_resident_section(
        ResidentSection(
            "cases", _("个案与入户走访"), "cases/resident_section.html", resident_cases, 20
        )
    )
