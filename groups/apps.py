from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("小组工作")

    def ready(self):
        from groups.sections import resident_groups, submitted_plans, submitted_plans_in_queue
        from stations.models import Role
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
            NavItem(
                label=pgettext_lazy("list", "小组"),
                url_name="groups:list",
                roles=frozenset({Role.ROOM_WORKER, Role.STATION_STAFF, Role.SUPERVISOR}),
                order=30,
                active_prefix="/groups/",
            )
        )
        register_resident_section(
            ResidentSection(
                key="groups",
                title=_("参加的小组"),
                template="groups/resident_section.html",
                context=resident_groups,
                order=30,
            )
        )
        # A submitted plan waits for a supervisor of its room: on their home page, and in the
        # approval queue next to case approvals, so that they review everything in one place.
        register_panel(
            Panel(
                key="groups_submitted_plans",
                title=_("小组计划书待审核"),
                template="groups/panels/submitted_plans.html",
                context=submitted_plans,
                roles=frozenset({Role.SUPERVISOR}),
                order=6,
            )
        )
        register_approval_section(
            ApprovalSection(
                key="groups_submitted_plans",
                title=_("小组计划书待审核"),
                template="groups/panels/submitted_plans.html",
                context=submitted_plans_in_queue,
                order=10,
            )
        )
