"""Pinned query counts: the number must not move with the number of rows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Approval, PlanTask, VisitInterval
from tests.cases.factories import CaseFactory, ServiceRecordFactory, complete_case
from tests.factories import KeyPopulationTagFactory, ResidentFactory


def add_rows(world, n):
    VisitInterval.objects.get_or_create(
        station=world.station, category="elderly_alone", defaults={"days": 14}
    )
    for _ in range(n):
        case = complete_case(
            stage="plan", resident=ResidentFactory(room=world.room1), worker=world.worker1
        )
        plan = case.plans.get()
        PlanTask.objects.create(
            plan=plan, description="联系", owner=world.worker1, due_date=datetime.date(2022, 1, 1)
        )
        case.next_contact_date = datetime.date(2022, 1, 1)
        case.stage = "intervention"
        case.save()
        Approval.objects.create(case=case, kind="plan", plan=plan, requested_by=world.worker1)
        KeyPopulationTagFactory(resident=case.resident, category="elderly_alone")
        ServiceRecordFactory(
            resident=case.resident, start_at=timezone.now() - datetime.timedelta(days=40)
        )
        CaseFactory(resident=ResidentFactory(room=world.room1))


# session, user, count, page, filter form choices are lazy (rendered: rooms, workers), the
# service areas of the filter from the code list (issue 16)
CASE_LIST_QUERIES = 7


def test_case_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    add_rows(world, 2)
    with django_assert_num_queries(CASE_LIST_QUERIES):
        client.get(reverse("cases:list"))
    add_rows(world, 12)
    with django_assert_num_queries(CASE_LIST_QUERIES):
        assert client.get(reverse("cases:list")).status_code == 200


# session, user, rooms panel, overdue visits (page and count: one query), overdue tasks (page + count),
# overdue cases (page + count)
# The whole home page: every app's panels for the role, not only casework's.
# plans' reminders panel: overdue visits, overdue tasks and expiring certificates (3 counts).
# The notifications panel is one query. plans' work plans: the panel (1) and a reminder count (1).
WORKBENCH_QUERIES = 22  # 16 + plans' reminders (4) + notifications (1) + this month's visits (1)
#                        + the work plans panel (1); the reminders' overdue-visit count is the
#                        panel's (read once per request, stations.workbench.per_request): − 1


def test_workbench_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    add_rows(world, 2)
    with django_assert_num_queries(WORKBENCH_QUERIES):
        client.get(reverse("home"))
    add_rows(world, 12)
    with django_assert_num_queries(WORKBENCH_QUERIES):
        page = client.get(reverse("home"))
    assert "逾期未走访" in page.text


def test_workbench_counts_this_months_home_visits_of_the_workers_rooms(client, world):
    """The worker sees the month's work at a glance: home visits since the 1st, in their rooms
    only; a phone call, last month's visit and another room's visit do not count."""
    today = timezone.localdate()
    first = timezone.make_aware(datetime.datetime.combine(today.replace(day=1), datetime.time(9)))
    mine = ResidentFactory(room=world.room1)
    ServiceRecordFactory(resident=mine, start_at=first)
    ServiceRecordFactory(resident=mine, start_at=first + datetime.timedelta(minutes=40))
    ServiceRecordFactory(resident=ResidentFactory(room=world.room1), start_at=first)
    ServiceRecordFactory(resident=mine, start_at=first, form="phone")
    ServiceRecordFactory(resident=mine, start_at=first - datetime.timedelta(days=2))
    ServiceRecordFactory(resident=ResidentFactory(room=world.room2), start_at=first)
    client.force_login(world.worker1)
    page = client.get(reverse("home"))
    assert "本月已入户走访 3 次，2 人。" in page.text


# 20 + plans' reminders (5: with the work plans awaiting review) + notifications (1)
# + the work plans panel (1); the reminders' overdue-visit and approval counts are the panels'
# (read once per request): − 2
SUPERVISOR_HOME_QUERIES = 25


def test_supervisor_home_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    add_rows(world, 2)
    with django_assert_num_queries(SUPERVISOR_HOME_QUERIES):
        client.get(reverse("home"))
    add_rows(world, 12)
    with django_assert_num_queries(SUPERVISOR_HOME_QUERIES):
        page = client.get(reverse("home"))
    assert "待我审批" in page.text


# ... plus what is reviewed (cases.review): the plans under review, their goals, their tasks
APPROVAL_QUEUE_QUERIES = 9


def test_approval_queue_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    add_rows(world, 2)
    with django_assert_num_queries(APPROVAL_QUEUE_QUERIES):
        client.get(reverse("cases:approvals"))
    add_rows(world, 12)
    with django_assert_num_queries(APPROVAL_QUEUE_QUERIES):
        assert client.get(reverse("cases:approvals")).status_code == 200
