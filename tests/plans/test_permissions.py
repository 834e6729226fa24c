"""Every plans URL × persona."""

import pytest

from plans.models import AnnualTarget
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
        ]
    ],
]


@pytest.fixture
def objects(world):
    return {
        "target": AnnualTarget.objects.create(
            station=world.station, year=2022, figure="casework.home_visits", target=10
        )
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
