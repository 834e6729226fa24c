"""A submitted group plan reaches its supervisor: home panel and the approval queue."""

import pytest
from django.urls import reverse

from groups.models import PlanStatus
from stations.models import Role
from tests.factories import UserFactory
from tests.groups.factories import GroupFactory


def submit(world, n, room=None, **fields):
    return GroupFactory.create_batch(
        n,
        room=room or world.room1,
        plan_status=PlanStatus.SUBMITTED,
        created_by=world.worker1,
        **fields,
    )


@pytest.fixture
def other_supervisor(world):
    """A supervisor of room 2 only."""
    return UserFactory(
        username="supervisor2", role=Role.SUPERVISOR, station=world.station, rooms=[world.room2]
    )


@pytest.mark.parametrize("url", [reverse("home"), reverse("cases:approvals")])
def test_submitted_plan_shows_for_its_supervisor_only(client, world, other_supervisor, url):
    (plan,) = submit(world, 1, name="亲子沟通小组")
    detail = reverse("groups:detail", args=[plan.pk])

    client.force_login(world.supervisor)
    page = client.get(url)
    assert "小组计划书待审核" in page.text
    assert "亲子沟通小组" in page.text
    assert detail in page.text

    client.force_login(other_supervisor)
    page = client.get(url)
    assert "亲子沟通小组" not in page.text
    assert "暂无待审核的小组计划书" in page.text


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_plan_leaves_the_queue_once_reviewed(client, world, decision):
    (plan,) = submit(world, 1, name="亲子沟通小组")
    client.force_login(world.supervisor)
    response = client.post(
        reverse("groups:review", args=[plan.pk]), {"decision": decision, "comment": "请补充预算"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.plan_status != PlanStatus.SUBMITTED
    for url in (reverse("home"), reverse("cases:approvals")):
        assert "亲子沟通小组" not in client.get(url).text


def test_drafts_and_approved_plans_are_not_in_the_queue(client, world):
    GroupFactory(room=world.room1, name="草稿小组", plan_status=PlanStatus.DRAFT)
    GroupFactory(room=world.room1, name="已批小组", plan_status=PlanStatus.APPROVED)
    client.force_login(world.supervisor)
    page = client.get(reverse("cases:approvals"))
    assert "草稿小组" not in page.text
    assert "已批小组" not in page.text


def test_queue_links_to_all_plans_when_more_than_a_page(client, world, settings):
    submit(world, 51)
    client.force_login(world.supervisor)
    page = client.get(reverse("cases:approvals"))
    assert "?plan_status=submitted" in page.text
    assert "查看全部 51 份" in page.text


# session, user, then the home page's panels; the group-plan panel adds a page and a count.
# 20 + plans' reminders (4) + notifications (1) + work plans panel (2); the reminders' overdue-visit
# and approval counts are the panels' (read once per request): − 2
SUPERVISOR_HOME_QUERIES = 25
# session, user, case approvals (count; no page when there are none), group plans (page + count)
APPROVAL_QUEUE_QUERIES = 5


@pytest.mark.parametrize(
    ("url", "queries"),
    [("home", SUPERVISOR_HOME_QUERIES), ("cases:approvals", APPROVAL_QUEUE_QUERIES)],
)
def test_plan_queue_queries_do_not_grow(client, world, url, queries, django_assert_num_queries):
    client.force_login(world.supervisor)
    submit(world, 1)
    with django_assert_num_queries(queries):
        assert "测试小组" in client.get(reverse(url)).text
    submit(world, 20)
    submit(world, 20, room=world.room2)
    with django_assert_num_queries(queries):
        assert client.get(reverse(url)).status_code == 200
