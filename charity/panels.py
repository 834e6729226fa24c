"""The nav entry and the workbench reminder of disclosures due or overdue."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charity.disclosure import reminder_projects_for, reminders
from stations.models import Role
from stations.workbench import ALL_ROLES, NavItem, Panel, register_nav, register_panel


def disclosure_reminders(request) -> dict:
    """Two queries whatever the number of projects (projects, their disclosures)."""
    today = timezone.localdate()
    return {"reminders": reminders(reminder_projects_for(request.user), today), "today": today}


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
