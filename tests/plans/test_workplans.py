"""Work plans: progress read from the records, the supervisor's review, access, query pins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import WorkPlan, WorkPlanItem, WorkPlanStatus
from plans.reminders import reminders_for
from plans.workplans import period_bounds, plan_progress
from stations.models import Notification
from tests.activities.factories import ActivityFactory
from tests.cases.factories import ServiceRecordFactory
from tests.factories import ResidentFactory, UserFactory
from tests.groups.factories import GroupFactory, GroupSessionFactory

MONDAY = datetime.date(2022, 5, 2)


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def make_plan(world, *, worker=None, room=None, period="week", day=MONDAY, status="draft", **kw):
    first, last = period_bounds(period, day)
    return WorkPlan.objects.create(
        station=world.station,
        room=room or world.room1,
        worker=worker,
        period=period,
        starts_on=first,
        ends_on=last,
        status=status,
        created_by=worker or world.worker1,
        **kw,
    )


def item(plan, kind, *, resident=None, count=1, description="", done=False):
    return WorkPlanItem.objects.create(
        plan=plan,
        kind=kind,
        resident=resident,
        planned_count=count,
        description=description,
        done=done,
    )


def test_periods_are_the_week_from_monday_and_the_calendar_month():
    assert period_bounds("week", datetime.date(2022, 5, 5)) == (MONDAY, datetime.date(2022, 5, 8))
    assert period_bounds("month", datetime.date(2022, 2, 14)) == (
        datetime.date(2022, 2, 1),
        datetime.date(2022, 2, 28),
    )


def test_progress_is_read_from_the_records_of_the_period(world):
    """Week of 2 May 2022 for worker1: a visit to Li (done: a colleague saw her on Wednesday),
    a visit to Zhang (not done: seen the weeks before and after, phoned in the week), 3 home
    visits (2 recorded, to Wang: 2/3), a group
    session (done), an activity (none), a free item ticked by hand."""
    plan = make_plan(world, worker=world.worker1)
    li, zhang = ResidentFactory(room=world.room1), ResidentFactory(room=world.room1)
    colleague = UserFactory(station=world.station, rooms=[world.room1])
    ServiceRecordFactory(resident=li, worker=colleague, start_at=local(2022, 5, 4, 9))
    ServiceRecordFactory(resident=zhang, worker=world.worker1, start_at=local(2022, 4, 29, 9))
    wang = ResidentFactory(room=world.room1)
    for day in (3, 8):
        ServiceRecordFactory(resident=wang, worker=world.worker1, start_at=local(2022, 5, day, 9))
    ServiceRecordFactory(  # a phone call is no visit; another week's visit does not count
        resident=zhang, worker=world.worker1, start_at=local(2022, 5, 5, 9), form="phone"
    )
    ServiceRecordFactory(resident=zhang, worker=world.worker1, start_at=local(2022, 5, 9, 9))
    GroupSessionFactory(
        group=GroupFactory(room=world.room1),
        facilitator=world.worker1,
        starts_at=local(2022, 5, 6, 15),
    )
    ActivityFactory(station=world.station, rooms=[world.room1], starts_at=local(2022, 5, 7, 9))
    items = [
        item(plan, "visit", resident=li),
        item(plan, "visit", resident=zhang, description="复评"),
        item(plan, "visit", count=3),
        item(plan, "group_session"),
        item(plan, "activity"),
        item(plan, "other", description="整理台账", done=True),
    ]
    progress = plan_progress(plan)
    rows = {row.item.pk: row for row in progress["items"]}
    assert [(rows[i.pk].done_count, rows[i.pk].planned, rows[i.pk].done) for i in items] == [
        (1, 1, True),
        (0, 1, False),
        (2, 3, False),
        (1, 1, True),
        (0, 1, False),  # the activity has no organiser: not worker1's
        (1, 1, True),
    ]
    assert (progress["done"], progress["total"], progress["percent"]) == (3, 6, 50)


def test_a_rooms_plan_counts_the_rooms_records(world):
    plan = make_plan(world, period="month", day=datetime.date(2022, 5, 20))
    resident = ResidentFactory(room=world.room1)
    ServiceRecordFactory(resident=resident, start_at=local(2022, 5, 30, 9))
    ServiceRecordFactory(resident=ResidentFactory(room=world.room2), start_at=local(2022, 5, 30, 9))
    ActivityFactory(station=world.station, rooms=[world.room1], starts_at=local(2022, 5, 7, 9))
    visits, activity = item(plan, "visit", count=2), item(plan, "activity")
    rows = {row.item.pk: row for row in plan_progress(plan)["items"]}
    assert (rows[visits.pk].done_count, rows[activity.pk].done_count) == (1, 1)


def form_data(world, **overrides):
    data = {
        "room": world.room1.pk,
        "worker": world.worker1.pk,
        "period": "week",
        "starts_on": "2022-05-04",
        "notes": "重点走访独居老人",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
        "items-0-kind": "visit",
        "items-0-planned_count": "4",
        "items-0-description": "入户走访",
        "items-1-kind": "other",
        "items-1-planned_count": "1",
        "items-1-description": "整理走访台账",
    }
    data.update(overrides)
    return data


def test_a_worker_writes_a_weekly_plan_from_any_day_of_the_week(client, world):
    client.force_login(world.worker1)
    response = client.post(reverse("plans:workplan_new"), form_data(world))
    plan = WorkPlan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:workplan_detail", args=[plan.pk])
    assert (plan.starts_on, plan.ends_on, plan.status) == (
        MONDAY,
        datetime.date(2022, 5, 8),
        WorkPlanStatus.DRAFT,
    )
    assert sorted(plan.items.values_list("kind", "planned_count")) == [("other", 1), ("visit", 4)]
    page = client.get(response.url).text
    assert "0 / 2" in page and "整理走访台账" in page


def test_a_plan_needs_an_item_and_a_worker_of_the_room(client, world):
    client.force_login(world.supervisor)
    empty = form_data(world, **{"items-TOTAL_FORMS": "0"})
    page = client.post(reverse("plans:workplan_new"), empty).text
    assert "请至少填写一项计划事项。" in page
    page = client.post(
        reverse("plans:workplan_new"), form_data(world, worker=world.worker2.pk)
    ).text
    assert "这名社工不在所选社工室。" in page
    assert not WorkPlan.objects.exists()


def test_a_huge_total_forms_is_refused(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("plans:workplan_new"), form_data(world, **{"items-TOTAL_FORMS": "5000"})
    )
    assert response.status_code == 200
    assert not WorkPlan.objects.exists()


def test_the_same_period_twice_is_refused(client, world):
    make_plan(world, worker=world.worker1)
    client.force_login(world.worker1)
    page = client.post(reverse("plans:workplan_new"), form_data(world)).text
    assert "这一期间已经有这份计划" in page
    assert WorkPlan.objects.count() == 1


def test_submit_return_resubmit_approve_with_notifications(client, world):
    plan = make_plan(world, worker=world.worker1, day=timezone.localdate())
    item(plan, "visit", count=2)
    client.force_login(world.worker1)
    client.post(reverse("plans:workplan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.SUBMITTED
    assert client.get(reverse("plans:workplan_edit", args=[plan.pk])).status_code == 403
    assert [r.kind for r in reminders_for(user=world.supervisor) if r.kind == "work_plans"] == [
        "work_plans"
    ]

    client.force_login(world.supervisor)
    page = client.get(reverse("plans:workplan_detail", args=[plan.pk])).text
    assert "督导审核" in page
    url = reverse("plans:workplan_review", args=[plan.pk])
    client.post(url, {"decision": "return", "comment": ""})
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.SUBMITTED  # a return needs a comment
    client.post(url, {"decision": "return", "comment": "走访次数太少，请补充重点对象"})
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.RETURNED
    notice = Notification.objects.get(user=world.worker1)
    assert "被退回修改" in notice.title and notice.comment == "走访次数太少，请补充重点对象"
    assert notice.url == reverse("plans:workplan_detail", args=[plan.pk])

    client.force_login(world.worker1)
    assert [r.kind for r in reminders_for(user=world.worker1) if r.kind == "work_plans"] == [
        "work_plans"
    ]
    page = client.get(reverse("plans:workplan_edit", args=[plan.pk])).text
    assert "走访次数太少" in page
    client.post(reverse("plans:workplan_submit", args=[plan.pk]))
    client.force_login(world.supervisor)
    client.post(url, {"decision": "approve", "comment": ""})
    plan.refresh_from_db()
    assert (plan.status, plan.reviewed_by) == (WorkPlanStatus.APPROVED, world.supervisor)
    assert Notification.objects.filter(user=world.worker1, title__contains="已获督导批准").exists()


def test_a_worker_cannot_review_nor_edit_a_colleagues_plan(client, world):
    colleague = UserFactory(station=world.station, rooms=[world.room1])
    plan = make_plan(world, worker=colleague, status="submitted")
    item(plan, "other", description="整理台账")
    client.force_login(world.worker1)
    assert client.get(reverse("plans:workplan_detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:workplan_edit", args=[plan.pk])).status_code == 403
    client.post(reverse("plans:workplan_review", args=[plan.pk]), {"decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == WorkPlanStatus.SUBMITTED


def test_a_worker_of_another_room_gets_404(client, world):
    plan = make_plan(world, worker=world.worker1)
    free = item(plan, "other", description="整理台账")
    client.force_login(world.worker2)
    for name, args in [
        ("plans:workplan_detail", [plan.pk]),
        ("plans:workplan_edit", [plan.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    response = client.post(
        reverse("plans:workplan_item_mark", args=[plan.pk, free.pk]), {"done": "1"}
    )
    assert response.status_code == 404
    free.refresh_from_db()
    assert not free.done
    assert "整理台账" not in client.get(reverse("plans:workplans")).text


def test_free_items_are_ticked_by_hand_and_record_items_are_not(client, world):
    plan = make_plan(world, worker=world.worker1, status="approved")
    free, visits = item(plan, "other", description="整理台账"), item(plan, "visit", count=2)
    client.force_login(world.worker1)
    client.post(reverse("plans:workplan_item_mark", args=[plan.pk, free.pk]), {"done": "1"})
    client.post(reverse("plans:workplan_item_mark", args=[plan.pk, visits.pk]), {"done": "1"})
    free.refresh_from_db()
    visits.refresh_from_db()
    assert (free.done, visits.done) == (True, False)
    assert "1 / 2" in client.get(reverse("plans:workplan_detail", args=[plan.pk])).text


def test_the_list_filters_by_period_room_worker_and_status(client, world):
    mine = make_plan(world, worker=world.worker1, notes="第一周")
    make_plan(world, worker=world.worker1, period="month", notes="五月计划", status="submitted")
    make_plan(world, room=world.room2, worker=world.worker2, notes="二室计划")
    client.force_login(world.supervisor)
    url = reverse("plans:workplans")

    def notes(query):
        page = client.get(url, query).context["page_obj"]
        return sorted(plan.notes for plan in page)

    assert notes({}) == ["二室计划", "五月计划", "第一周"]
    assert notes({"period": "week", "room": world.room1.pk}) == ["第一周"]
    assert notes({"status": "submitted"}) == ["五月计划"]
    assert notes({"worker": world.worker2.pk}) == ["二室计划"]
    assert notes({"day": "2022-05-20"}) == ["五月计划"]
    assert notes({"q": "五月"}) == ["五月计划"]
    assert mine.pk


# session, user, count, page (with the item count), rooms and workers of the filter form
WORKPLAN_LIST_QUERIES = 6


def test_list_queries_do_not_grow(client, world, django_assert_num_queries):
    def add(count):
        already = WorkPlan.objects.count()
        for number in range(count):
            plan = make_plan(
                world, worker=world.worker1, day=MONDAY + datetime.timedelta(weeks=already + number)
            )
            item(plan, "visit", count=2)

    client.force_login(world.supervisor)
    add(2)
    with django_assert_num_queries(WORKPLAN_LIST_QUERIES):
        client.get(reverse("plans:workplans"))
    add(12)
    with django_assert_num_queries(WORKPLAN_LIST_QUERIES):
        page = client.get(reverse("plans:workplans"))
    assert page.context["page_obj"].paginator.count == 14


# session, user, plan, items, one count per kind of count item (3), visits to named residents
WORKPLAN_DETAIL_QUERIES = 8


@pytest.mark.parametrize("rows", [1, 8])
def test_detail_queries_do_not_grow_with_items(client, world, django_assert_num_queries, rows):
    plan = make_plan(world, worker=world.worker1)
    for _number in range(rows):
        item(plan, "visit", resident=ResidentFactory(room=world.room1))
        item(plan, "visit", count=3)
        item(plan, "group_session")
        item(plan, "activity")
        item(plan, "other", description="整理台账")
    client.force_login(world.worker1)
    with django_assert_num_queries(WORKPLAN_DETAIL_QUERIES):
        assert client.get(reverse("plans:workplan_detail", args=[plan.pk])).status_code == 200


def test_the_home_page_links_to_the_current_plans(client, world):
    today = timezone.localdate()
    plan = make_plan(world, worker=world.worker1, day=today)
    item(plan, "visit", count=2)
    client.force_login(world.worker1)
    page = client.get(reverse("home")).text
    assert 'id="panel-plans_work_plans"' in page
    assert reverse("plans:workplan_detail", args=[plan.pk]) in page
    assert "1 份工作计划尚未提交审核" in page


def test_a_stale_edit_is_refused_with_the_conflict_notice(client, world):
    plan = make_plan(world, worker=world.worker1)
    free = item(plan, "other", description="整理台账")
    client.force_login(world.worker1)
    url = reverse("plans:workplan_edit", args=[plan.pk])
    data = form_data(
        world,
        version="1",
        notes="第一次修改",
        **{
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-id": str(free.pk),
            "items-0-kind": "other",
            "items-0-description": "整理台账",
        },
    )
    assert client.post(url, data).status_code == 302
    page = client.post(url, {**data, "notes": "过时的修改"}).text
    assert "保存失败" in page
    plan.refresh_from_db()
    assert (plan.notes, plan.version) == ("第一次修改", 2)


def test_deleting_the_last_item_is_refused(client, world):
    plan = make_plan(world, worker=world.worker1)
    free = item(plan, "other", description="整理台账")
    client.force_login(world.worker1)
    data = form_data(
        world,
        version="1",
        **{
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-id": str(free.pk),
            "items-0-kind": "other",
            "items-0-description": "整理台账",
            "items-0-DELETE": "on",
        },
    )
    page = client.post(reverse("plans:workplan_edit", args=[plan.pk]), data).text
    assert "请至少填写一项计划事项。" in page
    assert plan.items.count() == 1
