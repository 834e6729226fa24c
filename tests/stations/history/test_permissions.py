"""The history page, the read log and the notifications.

The one history page (stations:history) for every tracked record: supervisors and station
staff of the record's rooms; room workers 403 (their own room) or 404 (another room); officials
403."""

import pytest

from stations.notifications import notify
from tests.cases.factories import ServiceRecordFactory, complete_case
from tests.factories import ResidentFactory
from tests.groups.factories import GroupFactory, GroupSessionFactory
from tests.permissions import (
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

HISTORY = {ANON: 302, STAFF: 200, W1: 403, W2: 404, SUP: 200, OFF: 403}


def history_of(name, label):
    return lambda w, o: {"model": label, "pk": o[name].pk}


read_log_of = history_of


ROWS = [
    Row("stations:history", HISTORY, kwargs=history_of("case", "cases.case"), note="case"),
    Row(
        "stations:history",
        HISTORY,
        kwargs=history_of("record", "cases.servicerecord"),
        note="service record",
    ),
    Row("stations:history", HISTORY, kwargs=history_of("plan", "cases.serviceplan"), note="plan"),
    Row("stations:history", HISTORY, kwargs=history_of("group", "groups.group"), note="group"),
    Row(
        "stations:history",
        HISTORY,
        kwargs=history_of("session", "groups.groupsession"),
        note="session",
    ),
    Row(
        "stations:history",
        HISTORY,
        kwargs=history_of("resident", "stations.resident"),
        note="resident",
    ),
    Row(
        "stations:history",
        {ANON: 302, STAFF: 404, W1: 404, W2: 404, SUP: 404, OFF: 403},
        kwargs=lambda w, o: {"model": "stations.room", "pk": w.room1.pk},
        note="untracked model",
    ),
    Row("stations:read_log", HISTORY, kwargs=read_log_of("case", "cases.case"), note="case"),
    Row(
        "stations:read_log",
        HISTORY,
        kwargs=read_log_of("resident", "stations.resident"),
        note="resident",
    ),
    Row(
        "stations:read_log",
        {ANON: 302, STAFF: 404, W1: 404, W2: 404, SUP: 404, OFF: 403},
        kwargs=read_log_of("record", "cases.servicerecord"),
        note="not a logged file",
    ),
    # Everyone logged in has their own notifications (officials simply get none).
    Row("stations:notifications", everyone(200)),
    Row(
        "stations:notification_read",
        {ANON: 302, STAFF: 404, W1: 302, W2: 404, SUP: 404, OFF: 404},
        method="post",
        kwargs=lambda w, o: {"pk": o["notification"].pk},
        note="only the recipient",
    ),
    Row(
        "stations:notifications_read_all",
        {ANON: 302, STAFF: 302, W1: 302, W2: 302, SUP: 302, OFF: 302},
        method="post",
    ),
]


@pytest.fixture
def objects(world):
    case = complete_case(
        stage="assessment", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    group = GroupFactory(room=world.room1)
    return {
        "case": case,
        "record": ServiceRecordFactory(
            resident=ResidentFactory(room=world.room1), worker=world.worker1
        ),
        "plan": case.plans.get(),
        "group": group,
        "session": GroupSessionFactory(group=group),
        "resident": case.resident,
        "notification": notify(user=world.worker1, title="C-1 服务计划审批：已退回"),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
