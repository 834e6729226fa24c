"""Blocks of group work on other apps' pages: the resident page's groups, and the supervisor's
plans awaiting review (home panel and the approval queue). Each runs a fixed number of queries.
"""

from functools import partial

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groups.models import Group, GroupMember, PlanStatus

PANEL_ROWS = 15
QUEUE_ROWS = 50


def resident_groups(request, resident) -> dict:
    """One query: the resident's memberships in groups the user may see, with attendance counts."""
    memberships = (
        GroupMember.objects.visible_to(request.user)
        .filter(resident=resident)
        .select_related("group", "group__room")
        .annotate(attended=Count("attendances"))
        .order_by("-group__start_date")
    )
    return {"memberships": list(memberships)}


def submitted_plans(request, *, rows: int = PANEL_ROWS, in_queue: bool = False) -> dict:
    """Two queries: the first `rows` submitted plans of groups the user may see, and their count.

    Oldest group first, so that the plan waiting longest is read first.
    """
    plans = Group.objects.visible_to(request.user).filter(plan_status=PlanStatus.SUBMITTED)
    return {
        "groups": list(
            plans.select_related("room", "created_by").order_by("start_date", "pk")[:rows]
        ),
        "count": plans.count(),
        "in_queue": in_queue,
    }


submitted_plans_in_queue = partial(submitted_plans, rows=QUEUE_ROWS, in_queue=True)


def register():
    """The app's navigation entry, home-page panels and page sections (CONTRIBUTING)."""
    from stations.models import Role
    from stations.panels import PERSONAL_ROLES
    from stations.workbench import (
        ApprovalSection,
        NavItem,
        Panel,
        ResidentSection,
        register_approval_section,
        register_nav,
        register_panel,
        register_resident_section,
    )

    register_nav(
        NavItem(pgettext_lazy("list", "小组"), "groups:list", PERSONAL_ROLES, 30, "/groups/")
    )
    register_resident_section(
        ResidentSection(
            "groups", _("参加的小组"), "groups/resident_section.html", resident_groups, 30
        )
    )
    # A submitted plan waits for a supervisor of its room: on their home page, and in the
    # approval queue next to case approvals, so that they review everything in one place: the
    # same block (key, title, template) in both.
    plans_block = (
        "groups_submitted_plans",
        _("小组计划书待审核"),
        "groups/panels/submitted_plans.html",
    )
    register_panel(Panel(*plans_block, submitted_plans, frozenset({Role.SUPERVISOR}), 6))
    register_approval_section(ApprovalSection(*plans_block, submitted_plans_in_queue, 10))
