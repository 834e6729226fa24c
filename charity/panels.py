"""The nav entry, the workbench panels (disclosures due, drafts to approve) and the resident-page
section listing the help a resident or their household received."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charity.disclosure import reminder_projects_for, reminders
from charity.models import Beneficiary, Disbursement, DisbursementStatus
from stations.panels import PERSONAL_ROLES
from stations.workbench import (
    ALL_ROLES,
    NavItem,
    Panel,
    ResidentSection,
    register_nav,
    register_panel,
    register_resident_section,
)


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


def resident_help(request, resident) -> dict:
    """Payouts the resident, or their household, received. One query."""
    reached = Q(resident=resident)
    if resident.household_id:
        reached |= Q(household_id=resident.household_id)
    lines = (
        Beneficiary.objects.visible_to(request.user)
        .filter(reached, disbursement__status=DisbursementStatus.APPLIED)
        .select_related("disbursement__project", "household")
        .order_by("-disbursement__applied_on", "-pk")[:20]
    )
    return {"lines": list(lines)}


def register():
    """The app's navigation entry, home-page panels and page section (CONTRIBUTING)."""
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
            roles=PERSONAL_ROLES,
            order=60,
        )
    )
    register_panel(
        Panel(
            key="charity_approvals",
            title=_("待审批的慈善支出"),
            template="charity/panels/approvals.html",
            context=approval_queue,
            roles=PERSONAL_ROLES,
            order=55,
        )
    )
    register_resident_section(
        ResidentSection(
            key="charity_help",
            title=_("慈善帮扶"),
            template="charity/resident_section.html",
            context=resident_help,
            order=80,
        )
    )

    # The tabs above the app's pages: {% tabs "charity" "<key>" %}.
    from stations.workbench import Tab, register_tabs

    register_tabs(
        "charity",
        [
            Tab("projects", _("慈善项目"), "charity:project_list"),
            Tab("funds", _("社区基金"), "charity:fund_list"),
        ],
    )
