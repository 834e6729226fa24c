"""The full overdue-visits page: the panel's definition, every filter, sorting, print, queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.panels import overdue_visit_residents
from plans.overdue import overdue_visits_filtered
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.factories import KeyPopulationTagFactory, ResidentFactory

URL = reverse("plans:overdue_visits")


def overdue_resident(room, *, days_ago=40, category="elderly_alone", name="久未走访"):
    """Overdue by `days_ago` − 14 days (elderly living alone: every 14 days by default)."""
    resident = ResidentFactory(room=room, real_name=name)
    KeyPopulationTagFactory(resident=resident, category=category)
    if days_ago is not None:
        ServiceRecordFactory(
            resident=resident, start_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    return resident


@pytest.fixture
def overdue(world):
    resident = overdue_resident(world.room1)
    KeyPopulationTagFactory(resident=resident, category="disabled")
    CaseFactory(resident=resident, worker=world.worker1, room=world.room1)
    return resident


def test_the_page_and_the_panel_use_one_definition(world, overdue):
    overdue_resident(world.room1, days_ago=3, name="刚走访过")
    assert list(overdue_visits_filtered(user=world.supervisor)) == list(
        overdue_visit_residents(world.supervisor)
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "room=ROOM1",
        "worker=WORKER1",
        "category=elderly_alone",
        "category=disabled",
        "min_days=20",
        "min_days=26",
        "room=ROOM1&worker=WORKER1&category=disabled&min_days=1&sort=days",
        "sort=room",
        "sort=name",
    ],
)
def test_an_overdue_resident_appears_at_every_filter_that_includes_them(
    client, world, overdue, query
):
    query = query.replace("ROOM1", str(world.room1.pk)).replace("WORKER1", str(world.worker1.pk))
    client.force_login(world.supervisor)
    page = client.get(f"{URL}?{query}")
    assert page.status_code == 200
    assert "久未走访" in page.text


@pytest.mark.parametrize(
    "query",
    ["room=ROOM2", "worker=WORKER2", "category=dibao", "min_days=27"],
)
def test_filters_leave_out_who_does_not_match(client, world, overdue, query):
    query = query.replace("ROOM2", str(world.room2.pk)).replace("WORKER2", str(world.worker2.pk))
    client.force_login(world.supervisor)
    assert "久未走访" not in client.get(f"{URL}?{query}").text


def test_never_visited_residents_count_at_any_number_of_days(client, world):
    overdue_resident(world.room1, days_ago=None, name="从没走访")
    client.force_login(world.staff)
    page = client.get(f"{URL}?min_days=300")
    assert "从没走访" in page.text


def test_sorted_by_days_overdue(client, world):
    overdue_resident(world.room1, days_ago=100, name="逾期很久")
    overdue_resident(world.room1, days_ago=20, name="逾期不久")
    client.force_login(world.staff)
    most_first = client.get(URL).text
    assert most_first.index("逾期很久") < most_first.index("逾期不久")
    fewest_first = client.get(f"{URL}?sort=days").text
    assert fewest_first.index("逾期不久") < fewest_first.index("逾期很久")
    assert ">86<" in most_first  # 100 days since the visit, due after 14


def test_bad_filter_input_is_a_message_not_an_error(client, world, overdue):
    client.force_login(world.staff)
    page = client.get(f"{URL}?min_days=abc&room=999999")
    assert page.status_code == 200
    assert "久未走访" in page.text


def test_worker_of_another_room_does_not_see_the_resident(client, world, overdue):
    client.force_login(world.worker2)
    assert "久未走访" not in client.get(URL).text


def test_print_lists_everyone_for_the_visit_round(client, world, overdue):
    client.force_login(world.staff)
    page = client.get(f"{URL}?print=1")
    assert page.status_code == 200
    assert "入户走访清单" in page.text
    assert "久未走访" in page.text
    assert "size: A4" in page.text


def test_home_panels_link_to_the_full_page(client, world, overdue):
    for user in (world.worker1, world.supervisor, world.staff):
        client.force_login(user)
        assert URL in client.get(reverse("home")).text


# session, user, count, page, room choices, worker choices
# session, user, filter form choices (rooms, workers), the overdue set (one set-based query);
# a target-population filter adds one query over the overdue ids.
OVERDUE_QUERIES = 5
FILTERED = "?page=2&category=elderly_alone&min_days=3&sort=room"


def test_overdue_page_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    for _ in range(2):
        overdue_resident(world.room1)
    with django_assert_num_queries(OVERDUE_QUERIES):
        client.get(URL)
    with django_assert_num_queries(OVERDUE_QUERIES + 1):
        client.get(URL + FILTERED)
    for _ in range(60):
        overdue_resident(world.room2)
    with django_assert_num_queries(OVERDUE_QUERIES):
        client.get(URL)
    with django_assert_num_queries(OVERDUE_QUERIES + 1):
        page = client.get(URL + FILTERED)
    assert page.status_code == 200
    # print: session, user, rows, station (a count only when the list is cut at 500)
    with django_assert_num_queries(4):
        client.get(f"{URL}?print=1")
