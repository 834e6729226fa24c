"""Every plans URL × persona."""

import datetime

import pytest

from plans.models import AnnualTarget, WorkPlan, WorkPlanItem
from tests.permissions import (
    ADMIN_ONLY,
    ANON,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    everyone,
    expand,
    param_ids,
    personal,
    run_row,
)

ANY_PERSONAL = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}
OVERSEERS = {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 200, OFF: 403}
SUPERVISOR_ONLY = {ANON: 302, STAFF: 403, W1: 403, W2: 403, SUP: 200, OFF: 403}
STATION_STAFF_ONLY = {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 403, OFF: 403}

ROWS = [
    Row("plans:overdue_visits", ANY_PERSONAL),
    Row("plans:overdue_visits", ANY_PERSONAL, query="min_days=3&sort=days", note="filtered"),
    Row("plans:overdue_visits", ANY_PERSONAL, query="print=1", note="print"),
    Row("plans:workload", OVERSEERS),
    Row("plans:workload", OVERSEERS, query="month=2022-13&sort=x", note="bad month"),
    Row("plans:staff_detail", OVERSEERS, kwargs=lambda w, o: {"pk": w.worker1.pk}),
    Row("plans:training_new", OVERSEERS, kwargs=lambda w, o: {"pk": w.worker1.pk}),
    Row("plans:supervision_new", SUPERVISOR_ONLY),
    Row("plans:supervision_new", SUPERVISOR_ONLY, query="worker=abc", note="bad worker"),
    Row("plans:certification_new", OVERSEERS, kwargs=lambda w, o: {"pk": w.worker1.pk}),
    Row("plans:workplans", ANY_PERSONAL),
    Row("plans:workplans", ANY_PERSONAL, query="day=2022-13-01&status=x", note="bad filter"),
    Row("plans:workplan_new", ANY_PERSONAL),
    Row("plans:workplan_detail", personal(), kwargs=lambda w, o: {"pk": o["plan"].pk}),
    Row("plans:workplan_edit", personal(), kwargs=lambda w, o: {"pk": o["plan"].pk}),
    Row(
        "plans:workplan_submit",
        {ANON: 302, STAFF: 302, W1: 302, W2: 404, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["plan"].pk},
        method="post",
    ),
    Row(
        "plans:workplan_review",
        {ANON: 302, STAFF: 403, W1: 403, W2: 404, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["plan"].pk},
        method="post",
        data=lambda w, o: {"decision": "return", "comment": "请补充"},
    ),
    Row(
        "plans:workplan_item_mark",
        {ANON: 302, STAFF: 302, W1: 302, W2: 404, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["plan"].pk, "item_pk": o["item"].pk},
        method="post",
        data=lambda w, o: {"done": "1"},
    ),
    Row("plans:targets", everyone(200)),
    Row("plans:targets", everyone(200), query="year=abc", note="bad year"),
    Row("plans:target_new", STATION_STAFF_ONLY),
    Row("plans:target_edit", STATION_STAFF_ONLY, kwargs=lambda w, o: {"pk": o["target"].pk}),
    *[
        Row(f"admin:plans_{model}_changelist", ADMIN_ONLY)
        for model in [
            "annualtarget",
            "trainingrecord",
            "supervisionsession",
            "certificationrecord",
            "workplan",
            "reminderrun",
        ]
    ],
]


@pytest.fixture
def objects(world):
    plan = WorkPlan.objects.create(
        station=world.station,
        room=world.room1,
        worker=world.worker1,
        period="week",
        starts_on=datetime.date(2022, 5, 2),
        ends_on=datetime.date(2022, 5, 8),
    )
    return {
        "target": AnnualTarget.objects.create(
            station=world.station, year=2022, figure="casework.home_visits", target=10
        ),
        "plan": plan,
        "item": WorkPlanItem.objects.create(plan=plan, kind="other", description="整理台账"),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
