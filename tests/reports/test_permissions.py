"""Who reaches the report: officials, station staff and supervisors for the whole station and any
of its rooms; a room worker only their own rooms (another room: 404); anonymous: the login page.
A district official reads the district page only: a station's report page sends them there, the
station's other report pages refuse them (403); everyone else is refused the district page."""

import pytest

from tests.permissions import (
    ANON,
    DIST,
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

ROOM1_ONLY = {ANON: 302, STAFF: 200, W1: 200, W2: 404, SUP: 200, OFF: 200, DIST: 403}
ROOM2_ONLY = {ANON: 302, STAFF: 200, W1: 404, W2: 200, SUP: 200, OFF: 200, DIST: 403}
# A station's pages: everyone of the station; the district official is refused.
STATION = {**everyone(200), DIST: 403}
# The district page: the district official only (station staff see only their own station).
DISTRICT_ONLY = {ANON: 302, STAFF: 403, W1: 403, W2: 403, SUP: 403, OFF: 403, DIST: 200}
YEAR_2022 = "kind=year&year=2022"


def chart(name):
    return lambda w, o: {"name": name}


ROWS = [
    Row("reports:summary", {**everyone(200), DIST: 302}),
    Row("reports:summary", {**everyone(200), DIST: 302}, query=YEAR_2022, note="2022"),
    Row("reports:summary", {**ROOM1_ONLY, DIST: 302}, query=f"{YEAR_2022}&room=r1", note="r1"),
    Row("reports:summary", {**ROOM2_ONLY, DIST: 302}, query=f"{YEAR_2022}&room=r2", note="r2"),
    Row(
        "reports:summary",
        {ANON: 302, STAFF: 404, W1: 404, W2: 404, SUP: 404, OFF: 404, DIST: 302},
        query="room=o1",
        note="another station's room",
    ),
    Row("reports:district", DISTRICT_ONLY),
    Row("reports:district", DISTRICT_ONLY, query=f"{YEAR_2022}&sort=casework.contacts", note="y"),
    Row(
        "reports:district",
        {**DISTRICT_ONLY, DIST: 404},
        query="district=nosuch",
        note="another district",
    ),
    Row("reports:district_chart", DISTRICT_ONLY, query=YEAR_2022),
    Row("reports:district", everyone(405), method="post", note="read only"),
    # The API answers a bearer token only: a session (of any persona) is no token.
    Row("api:report", everyone(401, anonymous=401), login_redirect=False),
    Row("reports:rooms", STATION),
    Row("reports:rooms", ROOM2_ONLY, query="room=r2", note="room 2"),
    Row("reports:chart", STATION, kwargs=chart("activities-by-month")),
    Row("reports:chart", STATION, kwargs=chart("person-times-by-month"), note="persons"),
    Row("reports:chart", STATION, kwargs=chart("activities-by-room"), note="rooms"),
    Row("reports:chart", STATION, kwargs=chart("person-times-by-room"), note="rooms pt"),
    Row("reports:chart", STATION, kwargs=chart("service-areas"), note="areas"),
    Row("reports:chart", STATION, kwargs=chart("key-populations"), note="populations"),
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
    Row("reports:export_xlsx", STATION),
    Row("reports:export_xlsx", ROOM1_ONLY, query=f"{YEAR_2022}&room=r1", note="room 1"),
    Row("reports:export_docx", STATION),
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
