"""The nav entry and the workbench reminder of disclosures due or overdue."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charity.disclosure import reminder_projects_for, reminders
from charity.models import Disbursement, DisbursementStatus
from stations.models import Role
from stations.workbench import ALL_ROLES, NavItem, Panel, register_nav, register_panel


def disclosure_reminders(request) -> dict:
    """Two queries whatever the number of projects (projects, their disclosures)."""
    today = timezone.localdate()
    return {"reminders": reminders(reminder_projects_for(request.user), today), "today": today}


def approval_queue(request) -> dict:
    """Draft disbursements of the funds whose committee the user sits on. One query."""
    user = request.user
    drafts = (
        Disbursement.objects.visible_to(user)
        .filter(status=DisbursementStatus.DRAFT, fund__committee_members=user)
        .exclude(created_by=user)
        .select_related("project", "fund")
        .order_by("created_at")[:20]
    )
    return {"drafts": list(drafts)}


register_nav(
    NavItem(
        label=_("慈善资源"),
        url_name="charity:project_list",
        roles=ALL_ROLES,
        order=70,
        active_prefix="/charity/",
    )
)
register_panel(
    Panel(
        key="charity_disclosures",
        title=_("慈善项目公示提醒"),
        template="charity/panels/disclosures.html",
        context=disclosure_reminders,
        roles=frozenset({Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR}),
        order=60,
    )
)
register_panel(
    Panel(
        key="charity_approvals",
        title=_("待审批的慈善支出"),
        template="charity/panels/approvals.html",
        context=approval_queue,
        roles=frozenset({Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR}),
        order=55,
    )
)
