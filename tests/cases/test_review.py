"""Reviewing is reading: the queue shows the plan and its change since the previous version;
a decision reaches the worker's home page as a notification."""

import datetime

from django.urls import reverse

from cases.models import Approval, ServiceGoal, ServicePlan
from stations.models import Notification
from tests.cases.factories import complete_case
from tests.factories import ResidentFactory


def plan_under_review(world):
    case = complete_case(
        stage="plan", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    first = case.plans.get()
    first.goals.all().delete()
    ServiceGoal.objects.create(plan=first, description="每周两次助餐", order=1)
    second = ServicePlan.objects.create(
        case=case,
        sequence=2,
        planned_on=datetime.date(2022, 5, 1),
        intervention_model=first.intervention_model,
        resources="村卫生室",
        created_by=world.worker1,
    )
    ServiceGoal.objects.create(plan=second, description="每周三次助餐", order=1)
    approval = Approval.objects.create(
        case=case, kind="plan", plan=second, requested_by=world.worker1
    )
    return case, approval


def test_queue_shows_the_goals_and_the_change_since_the_previous_version(client, world):
    plan_under_review(world)
    client.force_login(world.supervisor)
    page = client.get(reverse("cases:approvals")).text
    assert "每周三次助餐" in page
    assert "与第 1 版相比" in page
    assert "+ 每周三次助餐" in page and "− 每周两次助餐" in page
    assert "村卫生室" in page


def test_returning_with_a_comment_notifies_the_worker(client, world):
    case, approval = plan_under_review(world)
    client.force_login(world.supervisor)
    response = client.post(
        reverse("cases:approval_decide", kwargs={"pk": approval.pk}),
        {"decision": "return", "comment": "目标请写得可衡量"},
    )
    assert response.status_code == 302
    notification = Notification.objects.get()
    assert notification.user == world.worker1
    assert case.number in notification.title and "已退回" in notification.title

    client.force_login(world.worker1)
    home = client.get(reverse("home")).text
    assert "目标请写得可衡量" in home and "1 条未读" in home
    client.post(reverse("stations:notification_read", kwargs={"pk": notification.pk}))
    assert "0 条未读" in client.get(reverse("home")).text


def test_supervisor_decides_in_place_on_the_case_page(client, world):
    case, approval = plan_under_review(world)
    client.force_login(world.supervisor)
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).text
    assert f'id="case-review-{approval.pk}"' in page and "每周三次助餐" in page
    client.force_login(world.worker1)
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).text
    assert f'id="case-review-{approval.pk}"' not in page
