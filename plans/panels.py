"""Home panels and navigation of plans, targets and staff."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.panels import overdue_visits, overdue_visits_of, pending_approval_count
from plans.figure_source import report_figures
from plans.models import AnnualTarget, WorkPlan
from plans.reminders import reminders_for
from plans.services import target_progress
from stations.access import can_see_personal_data, is_supervisor, visible_rooms
from stations.models import Role
from stations.panels import PERSONAL_ROLES
from stations.workbench import NavItem, Panel, register_nav, register_panel

ALL = PERSONAL_ROLES | frozenset({Role.OFFICIAL})


def targets(request) -> dict:
    """This year's targets and their progress: the targets query, then one station report and
    one grouped room table at most, whatever the number of targets."""
    today = timezone.localdate()
    rows = (
        AnnualTarget.objects.visible_to(request.user)
        .filter(year=today.year)
        .select_related("station", "room")
        .order_by("room__order", "room__pk", "pk")
    )
    return {"rows": target_progress(targets=rows, as_of=today)}


MONTH_FIGURES = [
    "casework.contacts",
    "casework.home_visits",
    "groupwork.sessions",
    "community.activities",
    "totals.person_times",
]


def station_month(request) -> dict:
    """The station head's month at a glance: a few figures per room (one grouped room table, a
    fixed number of queries whatever the rooms) and the approvals waiting."""
    user = request.user
    today = timezone.localdate()
    rooms = list(visible_rooms(user).order_by("order", "pk"))
    source = report_figures()
    rows = []
    if user.station_id and rooms:
        by_room = source.room_values(
            station=user.station,
            date_from=today.replace(day=1),
            date_to=today,
            rooms=rooms,
            keys=MONTH_FIGURES,
        )
        for room in rooms:
            figures = by_room[room.pk]
            rows.append({"room": room, "values": [figures[key] for key in MONTH_FIGURES]})
    return {
        "headings": [source.label(key) for key in MONTH_FIGURES],
        "rows": rows,
        "month": today,
        "approvals": pending_approval_count(request),
    }


WORK_PLAN_ROWS = 8


def work_plans(request) -> dict:
    """The plans of the periods under way: a worker's own and their rooms', a supervisor's rooms'
    (who has submitted, who is waiting). One query."""
    user = request.user
    today = timezone.localdate()
    plans = WorkPlan.objects.visible_to(user).filter(starts_on__lte=today, ends_on__gte=today)
    if user.role == Role.ROOM_WORKER:
        plans = plans.filter(Q(worker=user) | Q(worker__isnull=True))
    rows = list(
        plans.for_list().order_by("period", "room__order", "worker__username", "pk")[
            :WORK_PLAN_ROWS
        ]
    )
    return {"plans": rows, "more": len(rows) == WORK_PLAN_ROWS}


def reminders(request) -> dict:
    """The counts the home page's other panels show too are read once (cases.panels)."""
    user = request.user
    if not can_see_personal_data(user):
        return {"reminders": []}
    return {
        "reminders": reminders_for(
            user=user,
            overdue_visits=overdue_visits_of(request)[1],
            pending_approvals=pending_approval_count(request) if is_supervisor(user) else None,
        )
    }


def register():
    register_panel(
        Panel(
            "plans_reminders",
            _("我的提醒"),
            "plans/panels/reminders.html",
            reminders,
            PERSONAL_ROLES,
            3,
        )
    )
    # The station head gets the casework panel too (workers and supervisors have it from cases).
    register_panel(
        Panel(
            "plans_overdue_visits_station",
            _("逾期未走访"),
            "cases/panels/overdue_visits.html",
            overdue_visits,
            frozenset({Role.STATION_STAFF}),
            20,
        )
    )
    register_panel(
        Panel(
            "plans_station_month",
            _("本月各社工室"),
            "plans/panels/station_month.html",
            station_month,
            frozenset({Role.STATION_STAFF}),
            6,
        )
    )
    register_panel(
        Panel(
            "plans_targets",
            _("年度指标进度"),
            "plans/panels/targets.html",
            targets,
            frozenset({Role.STATION_STAFF, Role.OFFICIAL}),
            8,
        )
    )
    register_panel(
        Panel(
            "plans_work_plans",
            _("本期工作计划"),
            "plans/panels/work_plans.html",
            work_plans,
            frozenset({Role.ROOM_WORKER, Role.SUPERVISOR}),
            12,
        )
    )
    register_nav(
        NavItem(_("工作计划"), "plans:workplans", PERSONAL_ROLES, 84, "/plans/work-plans/")
    )
    register_nav(NavItem(_("年度指标"), "plans:targets", ALL, 88, "/plans/targets/"))
    register_nav(
        NavItem(
            _("工作量"),
            "plans:workload",
            frozenset({Role.SUPERVISOR, Role.STATION_STAFF}),
            86,
            "/plans/workload/",
        )
    )
    register_nav(
        NavItem(_("逾期走访"), "plans:overdue_visits", PERSONAL_ROLES, 22, "/plans/overdue-visits/")
    )
