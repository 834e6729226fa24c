"""Database-level history of casework, groups, activities, volunteers and charity records."""

import pghistory
from django.urls import reverse
from pghistory.models import Events

from cases.models import ServiceRecord
from tests.activities.factories import ActivityFactory
from tests.cases.factories import ServiceRecordFactory, complete_case
from tests.factories import ResidentFactory, UserFactory
from tests.groups.factories import AttendanceFactory


def history_page(client, user, record, query=""):
    client.force_login(user)
    url = reverse("stations:history", kwargs={"model": record._meta.label_lower, "pk": record.pk})
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_service_record_history_shows_two_edits_by_two_users_with_old_and_new_values(client, world):
    colleague = UserFactory(username="colleague", station=world.station, rooms=[world.room1])
    record = ServiceRecordFactory(
        resident=ResidentFactory(room=world.room1),
        worker=world.worker1,
        place="老宅",
        content="初次入户",
    )
    with pghistory.context(user=world.worker1.pk):
        ServiceRecord.objects.filter(pk=record.pk).update(place="村委会")
    with pghistory.context(user=colleague.pk):
        record.refresh_from_db()
        record.content = "补充：已联系家属"
        record.form = "phone"
        record.save()

    page = history_page(client, world.supervisor, record)

    assert page.count("修改") >= 2
    assert "老宅" in page and "村委会" in page
    assert "初次入户" in page and "补充：已联系家属" in page
    assert str(world.worker1) in page and str(colleague) in page
    # A choice shows by its label, not its stored code.
    assert "电话" in page and ">phone<" not in page


def test_case_history_includes_its_documents(client, world):
    case = complete_case(
        stage="assessment", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    plan = case.plans.get()
    plan.resources = "每周两次助餐"
    plan.save()
    page = history_page(client, world.supervisor, case)
    assert "服务计划" in page and "每周两次助餐" in page


def test_event_tables_hold_no_plaintext_identity(world):
    resident = ResidentFactory(room=world.room1, phone="13812345678")
    record = ServiceRecordFactory(resident=resident, worker=world.worker1)
    for event in Events.objects.references(resident):
        assert "13812345678" not in str(event.pgh_data)
    assert Events.objects.tracks(record).count() == 1


def test_group_attendance_and_activity_sign_ins_are_recorded(client, world):
    attendance = AttendanceFactory(session__group__room=world.room1)
    attendance.created_by = world.worker1
    attendance.save()
    page = history_page(client, world.staff, attendance.session)
    assert "登记人" in page and str(world.worker1) in page

    resident = ResidentFactory(room=world.room1, real_name="签到居民甲")
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    activity.participants.add(resident)
    activity.participants.remove(resident)
    page = history_page(client, world.supervisor, activity)
    assert page.count("签到居民甲") == 2
    assert "新建" in page and "删除" in page


def test_back_link_follows_next_only_within_the_site(client, world):
    record = ServiceRecordFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    page = history_page(client, world.supervisor, record, "?next=/cases/")
    assert 'href="/cases/"' in page
    page = history_page(client, world.supervisor, record, "?next=https://evil.example/")
    assert 'href="https://evil.example/"' not in page


def test_history_link_shows_for_supervisors_only(client, world):
    case = complete_case(
        stage="assessment", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    history = reverse("stations:history", kwargs={"model": "cases.case", "pk": case.pk})
    client.force_login(world.supervisor)
    assert history in client.get(url).content.decode()
    client.force_login(world.worker1)
    assert history not in client.get(url).content.decode()
