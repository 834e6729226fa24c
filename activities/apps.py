from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("社区工作")

    def ready(self):
        from activities.panels import resident_activities, upcoming
        from stations.models import Role
        from stations.workbench import (
            NavItem,
            Panel,
            ResidentSection,
            register_nav,
            register_panel,
            register_resident_section,
        )

        personal = frozenset({Role.ROOM_WORKER, Role.STATION_STAFF, Role.SUPERVISOR})
        register_nav(
            NavItem(
                label=_("社区活动"),
                url_name="activities:list",
                roles=personal,
                order=40,
                active_prefix="/activities/",
            )
        )
        register_panel(
            Panel(
                key="upcoming_activities",
                title=_("近期活动与小组"),
                template="activities/panels/upcoming.html",
                context=upcoming,
                roles=personal,
                order=20,
            )
        )
        register_resident_section(
            ResidentSection(
                key="activities",
                title=_("参加的社区活动"),
                template="activities/resident_section.html",
                context=resident_activities,
                order=40,
            )
        )
