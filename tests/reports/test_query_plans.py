"""The plans of the report's main queries and of the overdue-visits panel have no per-row subplan.

Issue 15: an OR of `pk IN (subquery)` that outgrows `work_mem` is re-scanned for every row, which
made the report quadratic (36 s for a station at 30 stations). At a few thousand rows and with
`work_mem` at its minimum, PostgreSQL shows that as a `SubPlan` in EXPLAIN; the union and
set-based forms have none. A regression brings it back, and this test fails.
"""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.panels import overdue_visits
from reports.load import Loader, Tier
from reports.services import key_populations_served, people_served
from stations.models import Room, Station, User
from volunteers.models import ServiceRecord as HourRecord
from volunteers.panels import pending_confirmations

pytestmark = pytest.mark.django_db

SMALL = Tier(1, 2_000, 0.3, 200, 2_000, 150, 2_000, 80, 2_000, 8, 4, 8, 5, 5)
YEAR = {"date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2022, 12, 31)}


@pytest.fixture
def load():
    Loader(SMALL, seed=15).load_station(2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # The smallest work_mem: a subquery that could be hashed in a larger one shows as a
        # SubPlan here, as it does in production once the tables outgrow the default 4 MB.
        cursor.execute("SET LOCAL work_mem = '64kB'")
    return Station.objects.get(code="LD002")


def plans_of(call) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans
    return plans


def test_report_overdue_and_scope_queries_have_no_per_row_subplan(load):
    """One test, one load (a few thousand rows take a while to insert)."""
    room = Room.objects.filter(station=load).first()
    assert people_served(station=load, **YEAR) > 0
    assert key_populations_served(station=load, **YEAR)
    calls = {
        "people_served": lambda: people_served(station=load, **YEAR),
        "people_served of a room": lambda: people_served(station=load, rooms=[room], **YEAR),
        "key_populations_served": lambda: key_populations_served(station=load, **YEAR),
    }
    for username in ("ld002_shegong01", "ld002_dudao", "ld002_zhanzhang"):
        user = User.objects.get(username=username)
        request = RequestFactory().get("/")
        request.user = user
        assert HourRecord.objects.visible_to(user).exists()
        calls[f"overdue visits of {username}"] = lambda request=request: overdue_visits(request)
        calls[f"pending confirmations of {username}"] = lambda request=request: (
            pending_confirmations(request)
        )
        calls[f"volunteer records of {username}"] = lambda user=user: HourRecord.objects.visible_to(
            user
        ).count()
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="ld002_shegong01")
    assert overdue_visits(request)["count"] > 0
    for name, call in calls.items():
        for plan in plans_of(call):
            assert "SubPlan" not in plan, f"{name}:\n{plan}"


def test_the_volunteer_record_page_and_panel_join_only_the_rows_they_show(load, client):
    """The record list and the pending-confirmations panel find their ids first and read the
    joined rows by primary key (issue 15): joined first, past PostgreSQL's join_collapse_limit,
    every record of every station was joined to seven tables before the scope applied."""
    user = User.objects.get(username="ld002_zhanzhang")
    request = RequestFactory().get("/")
    request.user = user
    client.force_login(user)
    pages = {
        "record list": lambda: client.get("/volunteers/records/"),
        "pending confirmations": lambda: pending_confirmations(request),
    }
    for name, call in pages.items():
        plans = [plan for plan in plans_of(call) if "volunteers_servicerecord" in plan]
        wide = [
            plan for plan in plans if "volunteers_volunteer" in plan and "stations_user" in plan
        ]
        assert wide, name
        for plan in wide:
            assert "Index Scan using volunteers_servicerecord_pkey" in plan, f"{name}:\n{plan}"
