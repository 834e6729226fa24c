"""Workbench panels, navigation and the resident-page section of casework.

Each context function runs a fixed number of queries whatever the number of rows (pinned in
tests/cases/test_queries.py): a count and a first page, never a query per row.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.cadence import page_visit_facts
from cases.models import (
    DEFAULT_VISIT_INTERVALS,
    Approval,
    Case,
    ContactForm,
    PlanTask,
    ResidentRiskFlag,
    ServiceRecord,
    VisitInterval,
)
from cases.services import takes_records
from stations.access import is_supervisor
from stations.aggregates import day_range
from stations.models import KeyPopulationTag, Resident, Role, Room
from stations.panels import PERSONAL_ROLES
from stations.privacy import EncryptedTextField
from stations.visit_cadence import provide as provide_visit_facts
from stations.workbench import (
    NavItem,
    Panel,
    ResidentSection,
    per_request,
    register_nav,
    register_panel,
    register_resident_section,
)

PANEL_ROWS = 15


OVERDUE_SQL = """
WITH visible (id, room_id) AS ({visible}),
tag_days AS (
    SELECT tag.resident_id, tag.category,
           COALESCE(visit_interval.days, CASE tag.category {defaults} ELSE NULL END) AS days
    FROM visible
    JOIN {tag} AS tag ON tag.resident_id = visible.id
    JOIN {room} AS room ON room.id = visible.room_id
    LEFT JOIN {interval} AS visit_interval
        ON visit_interval.station_id = room.station_id
        AND visit_interval.category = tag.category
    WHERE tag.start_date <= %s
        AND (tag.end_date IS NULL OR tag.end_date >= %s)
),
shortest AS (
    SELECT DISTINCT ON (resident_id) resident_id, category, days
    FROM tag_days WHERE days IS NOT NULL
    ORDER BY resident_id, days, category
),
last_visit AS (
    SELECT record.resident_id, MAX(record.start_at) AS at
    FROM {record} AS record
    WHERE record.form = %s
        AND record.resident_id IN (SELECT resident_id FROM shortest)
    GROUP BY record.resident_id
),
cadence AS (
    SELECT shortest.resident_id, shortest.category,
           LEAST(shortest.days, flag.visit_days) AS days
    FROM shortest LEFT JOIN {risk_flag} AS flag ON flag.resident_id = shortest.resident_id
),
overdue AS (
    SELECT cadence.resident_id, cadence.category, cadence.days, last_visit.at AS last_visit_at,
           last_visit.at + cadence.days * INTERVAL '1 day' AS due_at
    FROM cadence LEFT JOIN last_visit ON last_visit.resident_id = cadence.resident_id
    WHERE last_visit.at IS NULL OR last_visit.at + cadence.days * INTERVAL '1 day' < %s
),
shown AS (
    SELECT overdue.*, COUNT(*) OVER () AS total
    FROM overdue
    ORDER BY overdue.due_at ASC NULLS FIRST, overdue.resident_id
    LIMIT %s
)
SELECT shown.category, shown.days, shown.last_visit_at, shown.due_at,
       shown.total, {resident_columns}, {room_columns}
FROM shown
JOIN {resident} AS resident ON resident.id = shown.resident_id
JOIN {room} AS room ON room.id = resident.room_id
ORDER BY shown.due_at ASC NULLS FIRST, shown.resident_id
"""


def _plain_fields(model):
    """Concrete fields read straight from their column (the encrypted ones stay deferred)."""
    return [
        field for field in model._meta.concrete_fields if not isinstance(field, EncryptedTextField)
    ]


def overdue_visit_rows(user, *, today=None, limit=None) -> tuple[list, int]:
    """Active residents of the user's rooms whose last home visit is older than the shortest
    visit interval of their active key-population tags (or who were never visited), most overdue
    first, at most `limit`; and how many there are in all. One query, set-based: each step (the
    shortest interval per resident, the last home visit per resident) is one grouped pass, not a
    correlated subquery per resident (issue 15: 19 subplans per tagged resident, then repeated
    for the count). The tags are read from the visible residents (their room gives the station's
    intervals: no second lookup of each resident), and the resident and room columns are joined
    to the rows shown only, after the count and the cut.

    The residents come with `room` loaded and `interval_days`, `interval_category`,
    `last_visit_at` and `due_at` set.
    """
    today = today or timezone.localdate()
    try:
        visible_sql, visible_params = (
            Resident.objects.visible_to(user).active().order_by().values("pk", "room").query
        ).sql_with_params()
    except EmptyResultSet:
        return [], 0
    resident_fields = _plain_fields(Resident)
    room_fields = _plain_fields(Room)
    defaults = " ".join(f"WHEN %s THEN {int(days)}" for days in DEFAULT_VISIT_INTERVALS.values())
    sql = OVERDUE_SQL.format(
        visible=visible_sql,
        defaults=defaults,
        tag=KeyPopulationTag._meta.db_table,
        resident=Resident._meta.db_table,
        room=Room._meta.db_table,
        interval=VisitInterval._meta.db_table,
        record=ServiceRecord._meta.db_table,
        risk_flag=ResidentRiskFlag._meta.db_table,
        resident_columns=", ".join(f"resident.{f.column}" for f in resident_fields),
        room_columns=", ".join(f"room.{f.column}" for f in room_fields),
    )
    params = [
        *visible_params,
        *DEFAULT_VISIT_INTERVALS,
        today,
        today,
        ContactForm.HOME_VISIT,
        timezone.now(),
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    residents = []
    split = 5 + len(resident_fields)
    for row in rows:
        resident = _from_db(Resident, resident_fields, row[5:split])
        resident.room = _from_db(Room, room_fields, row[split:])
        resident.interval_category, resident.interval_days = row[0], row[1]
        resident.last_visit_at, resident.due_at = row[2], row[3]
        residents.append(resident)
    return residents, (rows[0][4] if rows else 0)


def _from_db(model, fields, values):
    values = [
        field.from_db_value(value, None, connection) if hasattr(field, "from_db_value") else value
        for field, value in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [field.attname for field in fields], values)


def overdue_visit_residents(user, today=None) -> list:
    """All the overdue residents of `overdue_visit_rows`, most overdue first."""
    return overdue_visit_rows(user, today=today)[0]


def overdue_visits_of(request) -> tuple[list, int]:
    """The panel's overdue residents and their count, read once per request: the overdue-visits
    panel and the reminders panel (plans) of one home page both show them."""
    return per_request(
        request,
        "cases.overdue_visits",
        lambda: overdue_visit_rows(request.user, limit=PANEL_ROWS),
    )


def pending_approval_count(request) -> int:
    """How many approvals wait for the user, counted once per request (the supervisor's
    approvals panel and reminders, the station head's month panel)."""
    return per_request(
        request,
        "cases.pending_approval_count",
        lambda: Approval.objects.visible_to(request.user).pending().count(),
    )


def overdue_visits(request) -> dict:
    residents, count = overdue_visits_of(request)
    labels = dict(KeyPopulationTag._meta.get_field("category").choices)
    for resident in residents:
        resident.interval_label = labels.get(resident.interval_category, "")
    return {
        "residents": residents,
        "count": count,
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
        "count": pending_approval_count(request),
    }


def quick_actions(request) -> dict:
    """The shortcuts, with this month's home visits in the worker's rooms (one query)."""
    today = timezone.localdate()
    start, end = day_range(today.replace(day=1), today)
    month = (
        ServiceRecord.objects.visible_to(request.user)
        .filter(form=ContactForm.HOME_VISIT, start_at__gte=start, start_at__lt=end)
        .aggregate(visits=Count("pk"), residents=Count("resident", distinct=True))
    )
    return {"month_visits": month["visits"], "month_residents": month["residents"]}


def resident_cases(request, resident) -> dict:
    cases = list(
        Case.objects.visible_to(request.user)
        .filter(resident=resident)
        .select_related("worker")
        .order_by("-created_at")
    )
    return {
        "resident": resident,
        # Raised by a visit's risk answer (cases.visits); one query.
        "risk_flag": ResidentRiskFlag.objects.filter(resident=resident).first(),
        "cases": cases,
        # The cases a service record can be written to now (opened, not closed): the shortcut.
        "record_cases": [case for case in cases if takes_records(case)],
        "visits": list(
            ServiceRecord.objects.visible_to(request.user)
            .filter(resident=resident)
            .select_related("worker")
            .order_by("-start_at")[:5]
        ),
    }


WORKERS = frozenset({Role.ROOM_WORKER})
OVERSEERS = frozenset({Role.SUPERVISOR, Role.STATION_STAFF})


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
    register_nav(
        NavItem(pgettext_lazy("list", "个案"), "cases:list", PERSONAL_ROLES, 20, "/cases/")
    )
    register_nav(
        NavItem(_("审批"), "cases:approvals", frozenset({Role.SUPERVISOR}), 21, "/cases/approvals")
    )
    register_resident_section(
        ResidentSection(
            "cases",
            _("个案与入户走访"),
            "cases/resident_section.html",
            resident_cases,
            20,
            actions="cases/resident_actions.html",
        )
    )
    provide_visit_facts(page_visit_facts)
