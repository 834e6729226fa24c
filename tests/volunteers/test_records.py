import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.volunteers.factories import (
    ActivityFactory,
    GroupFactory,
    GroupSessionFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)
from volunteers import services
from volunteers.models import ServiceRecord, ServiceRecordChange


@pytest.fixture
def activity(world):
    # 9:00–12:00: three hours.
    return ActivityFactory(station=world.station, rooms=[world.room1], title="重阳敬老")


def post_record(client, activity, volunteer, hours):
    return client.post(
        reverse("volunteers:record_create"),
        {
            "volunteer": volunteer.pk,
            "activity": activity.pk,
            "date": "2022-05-10",
            "hours": hours,
            "content": "陪伴老人",
        },
    )


def test_hours_over_the_activitys_length_are_refused_and_nothing_is_saved(client, world, activity):
    volunteer = VolunteerFactory(room=world.room1)
    client.force_login(world.worker1)
    response = post_record(client, activity, volunteer, "3.5")
    assert response.status_code == 200
    assert "超过了该活动/项目可服务的时长 3 小时" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_negative_hours_are_refused(client, world, activity):
    volunteer = VolunteerFactory(room=world.room1)
    client.force_login(world.worker1)
    response = post_record(client, activity, volunteer, "-2")
    assert "服务时长不能为负数" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_a_record_for_no_service_says_so_once_in_words(client, world):
    volunteer = VolunteerFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("volunteers:record_create"),
        {"volunteer": volunteer.pk, "date": "2022-05-10", "hours": "2", "content": "陪伴老人"},
    )
    page = response.content.decode()
    assert page.count("请在社区活动、小组节次、志愿服务项目中选择且只选择一项。") == 1
    assert "record_tied_to_exactly_one_service" not in page
    assert not ServiceRecord.objects.exists()


def test_a_second_record_for_the_same_volunteer_at_the_same_activity_is_a_form_error(
    client, world, activity
):
    volunteer = VolunteerFactory(room=world.room1, real_name="赵敏")
    client.force_login(world.worker1)
    assert post_record(client, activity, volunteer, "2").status_code == 302
    response = post_record(client, activity, volunteer, "1")
    assert response.status_code == 200
    assert "该志愿者在这次活动已有服务记录" in response.content.decode()
    assert ServiceRecord.objects.count() == 1


def test_start_and_end_time_give_the_hours(client, world, activity):
    volunteer = VolunteerFactory(room=world.room1)
    client.force_login(world.worker1)
    client.post(
        reverse("volunteers:record_create"),
        {
            "volunteer": volunteer.pk,
            "activity": activity.pk,
            "date": "2022-05-10",
            "start_time": "09:30",
            "end_time": "11:15",
            "content": "签到引导",
        },
    )
    assert ServiceRecord.objects.get().hours == Decimal("1.75")


def test_a_group_sessions_length_limits_the_hours(world):
    session = GroupSessionFactory(group=GroupFactory(station=world.station, room=world.room1))
    volunteer = VolunteerFactory(room=world.room1)
    with pytest.raises(ValidationError) as error:
        services.record_create(
            volunteer=volunteer,
            group_session=session,
            date=datetime.date(2022, 3, 8),
            hours=Decimal("2.5"),
            content="协助带领",
            by=world.worker1,
        )
    assert "hours" in error.value.message_dict


def test_a_project_record_may_span_days_up_to_the_daily_limit(world):
    project = ProjectFactory(room=world.room1, max_daily_hours=Decimal("8"))
    volunteer = VolunteerFactory(room=world.room1)
    record = services.record_create(
        volunteer=volunteer,
        project=project,
        date=datetime.date(2022, 4, 1),
        end_date=datetime.date(2022, 4, 10),
        hours=Decimal("80"),
        content="卡口值守",
        by=world.worker1,
    )
    assert record.pk
    with pytest.raises(ValidationError):
        services.record_create(
            volunteer=volunteer,
            project=project,
            date=datetime.date(2022, 5, 1),
            end_date=datetime.date(2022, 5, 2),
            hours=Decimal("17"),
            content="卡口值守",
            by=world.worker1,
        )


def test_the_database_refuses_a_record_tied_to_two_services(world, activity):
    record = ServiceRecordFactory(volunteer=VolunteerFactory(room=world.room1))
    record.activity = activity
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_bulk_entry_saves_every_row_or_none(client, world, activity):
    volunteers = VolunteerFactory.create_batch(3, room=world.room1)
    client.force_login(world.worker1)
    url = reverse("volunteers:activity_records", args=[activity.pk])
    data = {
        "date": "2022-05-10",
        "content": "重阳敬老",
        "rows-TOTAL_FORMS": "3",
        "rows-INITIAL_FORMS": "0",
        "rows-0-volunteer": volunteers[0].pk,
        "rows-0-hours": "3",
        "rows-1-volunteer": volunteers[1].pk,
        "rows-1-hours": "4",  # over the three-hour activity
        "rows-2-volunteer": volunteers[2].pk,
        "rows-2-hours": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "超过了该活动/项目可服务的时长" in response.content.decode()
    assert not ServiceRecord.objects.exists()
    data["rows-1-hours"] = "2.5"
    assert client.post(url, data).status_code == 302
    assert ServiceRecord.objects.filter(activity=activity, status="recorded").count() == 3
    assert ServiceRecordChange.objects.filter(action="record").count() == 3


def test_confirming_is_logged_and_only_for_the_organisers_room(client, world, activity):
    record = ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room2),
        project=None,
        activity=activity,
        date=datetime.date(2022, 5, 10),
        status="recorded",
    )
    client.force_login(world.worker2)  # the volunteer's room, not the organiser's
    assert client.post(reverse("volunteers:record_confirm", args=[record.pk])).status_code == 403
    client.force_login(world.worker1)
    client.post(reverse("volunteers:record_confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == "confirmed" and record.confirmed_by == world.worker1
    assert record.changes.filter(action="confirm", changed_by=world.worker1).exists()


def test_a_confirmation_signed_on_paper_keeps_its_day_and_when_it_was_entered(
    client, world, activity
):
    record = ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room1),
        project=None,
        activity=activity,
        date=datetime.date(2022, 5, 10),
        status="recorded",
    )
    client.force_login(world.worker1)
    url = reverse("volunteers:record_confirm", args=[record.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(url, {"confirmed_on": "2022-05-09"})  # before the service
    client.post(url, {"confirmed_on": tomorrow.isoformat()})
    record.refresh_from_db()
    assert record.status == "recorded"
    client.post(url, {"confirmed_on": "2022-05-12"})
    record.refresh_from_db()
    assert record.status == "confirmed" and record.confirmed_on == datetime.date(2022, 5, 12)
    assert record.confirmed_at.date() >= timezone.localdate() - datetime.timedelta(days=1)
    page = client.get(reverse("volunteers:record_detail", args=[record.pk])).content.decode()
    assert "2022-05-12" in page and "录入于" in page


def test_a_confirmation_without_a_date_is_dated_today(client, world, activity):
    record = ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room1),
        project=None,
        activity=activity,
        date=datetime.date(2022, 5, 10),
        status="recorded",
    )
    client.force_login(world.worker1)
    client.post(reverse("volunteers:record_confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.confirmed_on == timezone.localdate()


def test_dispute_and_correction_keep_the_history(client, world, activity):
    record = ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room1),
        project=None,
        activity=activity,
        date=datetime.date(2022, 5, 10),
        hours=Decimal("3"),
    )
    client.force_login(world.worker1)
    client.post(
        reverse("volunteers:record_dispute", args=[record.pk]),
        {"reason": "提前离开，只服务1.5小时"},
    )
    record.refresh_from_db()
    assert record.status == "disputed"
    client.post(
        reverse("volunteers:record_correct", args=[record.pk]),
        {"hours": "1.5", "reason": "核实签到表"},
    )
    record.refresh_from_db()
    assert record.status == "corrected" and record.hours == Decimal("1.5")
    correction = record.changes.get(action="correct")
    assert (correction.old_hours, correction.new_hours) == (Decimal("3"), Decimal("1.5"))
    page = client.get(reverse("volunteers:record_detail", args=[record.pk])).content.decode()
    assert "提前离开，只服务1.5小时" in page and "核实签到表" in page


def test_the_change_log_cannot_be_rewritten(world):
    record = ServiceRecordFactory(volunteer=VolunteerFactory(room=world.room1))
    services.record_dispute(record=record, reason="有误", by=world.worker1)
    change = ServiceRecordChange.objects.get()
    change.reason = "改过的理由"
    with pytest.raises(Exception, match="Cannot update"), transaction.atomic():
        change.save()


def test_service_record_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    ServiceRecordFactory.create_batch(3, volunteer=VolunteerFactory(room=world.room1))
    # session, user, rooms (filter choices), count with the confirmed-hours total (one aggregate:
    # the paginator does not count again, 6 → 5), page
    with django_assert_num_queries(5):
        client.get(reverse("volunteers:record_list"))
    for _index in range(10):
        activity = ActivityFactory(station=world.station, rooms=[world.room1])
        ServiceRecordFactory(
            volunteer=VolunteerFactory(room=world.room1),
            project=None,
            activity=activity,
            date=datetime.date(2022, 5, 10),
        )
    ServiceRecordFactory.create_batch(20, volunteer=VolunteerFactory(room=world.room1))
    with django_assert_num_queries(5):
        client.get(reverse("volunteers:record_list"))


def test_service_record_pages_follow_the_list_order_across_dates(client, world):
    """Pages are cut from the whole list in its order (newest date first, then the volunteer's
    room and name), whichever dates a page spans; a page past the end shows the last page."""
    names = ["丁", "甲", "丙", "乙", "戊", "己"]
    for day in (3, 2, 1):
        for name in names:
            volunteer = VolunteerFactory(room=world.room1, real_name=f"{name}{day}")
            ServiceRecordFactory.create_batch(
                2, volunteer=volunteer, date=datetime.date(2022, 6, day)
            )
    client.force_login(world.worker1)
    expected = list(ServiceRecord.objects.visible_to(world.worker1).values_list("pk", flat=True))
    assert len(expected) == 36

    def page_ids(page):
        response = client.get(reverse("volunteers:record_list"), {"page": page})
        return response.context["page_obj"].number, [
            record.pk for record in response.context["page_obj"].object_list
        ]

    assert page_ids(1) == (1, expected[:25])
    assert page_ids(2) == (2, expected[25:])
    assert page_ids(9) == (2, expected[25:])
    assert page_ids("x") == (1, expected[:25])
    # the cut falls inside one date: page 2 starts among the records of 1 June
    around_cut = ServiceRecord.objects.in_bulk(expected[24:26])
    assert {record.date for record in around_cut.values()} == {datetime.date(2022, 6, 1)}
