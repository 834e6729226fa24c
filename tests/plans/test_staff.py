"""Staff development: supervision sessions and training on the worker's page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from plans.models import SupervisionSession, TrainingRecord


def test_a_supervisor_records_a_one_to_one_session_seen_on_the_staff_page(client, world):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("plans:supervision_new"),
        {
            "kind": "individual",
            "attendees": [world.worker1.pk],
            "held_on": "2022-03-01",
            "hours": "1.5",
            "topics": "独居老人个案的风险评估",
            "follow_up": "下周复盘",
        },
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert session.supervisor == world.supervisor
    page = client.get(reverse("plans:staff_detail", args=[world.worker1.pk]) + "?year=2022").text
    assert "独居老人个案的风险评估" in page
    assert "1.5 / 72" in page


def test_one_to_one_means_one_worker(client, world):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("plans:supervision_new"),
        {
            "kind": "individual",
            "attendees": [world.worker1.pk, world.worker2.pk],
            "held_on": "2022-03-01",
            "hours": "1",
            "topics": "x",
        },
    )
    assert response.status_code == 200
    assert "只能选择一名社工" in response.text
    assert not SupervisionSession.objects.exists()


def test_training_hours_count_towards_the_year(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("plans:training_new", args=[world.worker1.pk]),
        {"course": "社会工作实务培训", "started_on": "2022-04-01", "hours": "12"},
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.get().worker == world.worker1
    page = client.get(reverse("plans:staff_detail", args=[world.worker1.pk]) + "?year=2022").text
    assert "社会工作实务培训" in page and "12.0 / 72" in page


def test_bad_training_input_is_a_message(client, world):
    next_month = timezone.localdate() + datetime.timedelta(days=31)
    client.force_login(world.staff)
    response = client.post(
        reverse("plans:training_new", args=[world.worker1.pk]),
        {"course": "x", "started_on": next_month.isoformat(), "hours": "-3"},
    )
    assert response.status_code == 200
    assert "日期不能晚于今天" in response.text
    assert not TrainingRecord.objects.exists()


def test_another_stations_worker_is_a_404(client, world):
    from tests.factories import UserFactory

    stranger = UserFactory(station=world.other_station, rooms=[world.other_room])
    client.force_login(world.staff)
    assert client.get(reverse("plans:staff_detail", args=[stranger.pk])).status_code == 404


def test_staff_page_queries(client, world, django_assert_num_queries):
    client.force_login(world.supervisor)
    url = reverse("plans:staff_detail", args=[world.worker1.pk]) + "?year=2022"
    # session, user, worker, training, sessions, certifications, rooms, two sums, reading club
    with django_assert_num_queries(10):
        client.get(url)
    for day in range(1, 6):
        TrainingRecord.objects.create(
            worker=world.worker1, course="课", started_on=datetime.date(2022, 1, day), hours=2
        )
        session = SupervisionSession.objects.create(
            kind="group",
            supervisor=world.supervisor,
            held_on=datetime.date(2022, 2, day),
            hours=1,
            topics="t",
        )
        session.attendees.set([world.worker1, world.worker2])
    with django_assert_num_queries(10):
        assert "15.0 / 72" in client.get(url).text  # 5 × 2 training + 5 × 1 supervision


def test_reading_club_sessions_attended_count_as_development_hours(client, world):
    from groups.models import Attendance, GroupMember
    from tests.groups.factories import GroupFactory, GroupSessionFactory, local

    club = GroupFactory(room=None, station=world.station, name="“悦读人生·社工成长”读书会")
    other = GroupFactory(room=world.room1, name="儿童成长小组")
    member = GroupMember.objects.create(group=club, user=world.worker1)
    elsewhere = GroupMember.objects.create(group=other, user=world.worker1)
    for number, day in enumerate((7, 14, 21), start=1):  # 1.5 hours each
        session = GroupSessionFactory(group=club, number=number, starts_at=local(2022, 3, day))
        if day != 21:  # absent on the 21st
            Attendance.objects.create(session=session, member=member)
    Attendance.objects.create(  # another group's session is no development
        session=GroupSessionFactory(group=other, starts_at=local(2022, 3, 8)), member=elsewhere
    )
    Attendance.objects.create(  # last year's session counts for last year
        session=GroupSessionFactory(group=club, number=9, starts_at=local(2021, 12, 1)),
        member=member,
    )
    client.force_login(world.supervisor)
    page = client.get(reverse("plans:staff_detail", args=[world.worker1.pk]) + "?year=2022").text
    assert "3.0 / 72" in page
    assert "读书会 2 次 3.0 小时" in page
