"""Who reaches the report: officials, station staff and supervisors for the whole station and any
of its rooms; a room worker only their own rooms (another room: 404); anonymous: the login page."""

import pytest

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

ROOM1_ONLY = {ANON: 302, STAFF: 200, W1: 200, W2: 404, SUP: 200, OFF: 200}
ROOM2_ONLY = {ANON: 302, STAFF: 200, W1: 404, W2: 200, SUP: 200, OFF: 200}
YEAR_2022 = "kind=year&year=2022"


def chart(name):
    return lambda w, o: {"name": name}


ROWS = [
    Row("reports:summary", everyone(200)),
    Row("reports:summary", everyone(200), query=YEAR_2022, note="2022"),
    Row("reports:summary", ROOM1_ONLY, query=f"{YEAR_2022}&room=r1", note="room 1"),
    Row("reports:summary", ROOM2_ONLY, query=f"{YEAR_2022}&room=r2", note="room 2"),
    Row(
        "reports:summary",
        {ANON: 302, STAFF: 404, W1: 404, W2: 404, SUP: 404, OFF: 404},
        query="room=o1",
        note="another station's room",
    ),
    Row("reports:rooms", everyone(200)),
    Row("reports:rooms", ROOM2_ONLY, query="room=r2", note="room 2"),
    Row("reports:chart", everyone(200), kwargs=chart("activities-by-month")),
    Row("reports:chart", everyone(200), kwargs=chart("person-times-by-month"), note="persons"),
    Row("reports:chart", everyone(200), kwargs=chart("activities-by-room"), note="rooms"),
    Row("reports:chart", everyone(200), kwargs=chart("person-times-by-room"), note="rooms pt"),
    Row("reports:chart", everyone(200), kwargs=chart("service-areas"), note="areas"),
    Row("reports:chart", everyone(200), kwargs=chart("key-populations"), note="populations"),
    Row(
        "reports:chart",
        ROOM1_ONLY,
        kwargs=chart("key-populations"),
        query="room=r1",
        note="populations room 1",
    ),
    Row(
        "reports:chart",
        everyone(404),
        kwargs=chart("no-such-chart"),
        note="unknown chart",
    ),
    Row("reports:export_xlsx", everyone(200)),
    Row("reports:export_xlsx", ROOM1_ONLY, query=f"{YEAR_2022}&room=r1", note="room 1"),
    Row("reports:export_docx", everyone(200)),
    Row("reports:export_docx", ROOM2_ONLY, query=f"{YEAR_2022}&room=r2", note="room 2"),
    Row("reports:summary", everyone(405), method="post", note="read only"),
]


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, row, persona):
    assert_status(run_row(client, world, row, persona), row, persona)


def test_a_user_without_a_role_is_refused(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="", station=None))
    from django.urls import reverse

    assert client.get(reverse("reports:summary")).status_code == 403
