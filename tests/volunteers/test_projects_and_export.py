import datetime
from decimal import Decimal

from django.urls import reverse

from tests.downloads import xlsx_rows
from tests.volunteers.factories import (
    ActivityFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)
from volunteers.models import ProjectSignup


def test_staff_sign_volunteers_up_until_the_project_is_full(client, world):
    project = ProjectFactory(room=world.room1, slots=2)
    first, second, third = VolunteerFactory.create_batch(
        3, room=world.room1, has_accident_insurance=True
    )
    client.force_login(world.worker1)
    url = reverse("volunteers:project_signup", args=[project.pk])
    client.post(url, {"volunteer": first.pk})
    client.post(url, {"volunteer": second.pk})
    response = client.post(url, {"volunteer": third.pk}, follow=True)
    assert "名额已满（2 人）" in response.content.decode()
    assert list(ProjectSignup.objects.values_list("volunteer", flat=True).order_by("pk")) == [
        first.pk,
        second.pk,
    ]
    assert ProjectSignup.objects.get(volunteer=first).signed_up_by == world.worker1
    page = client.get(reverse("volunteers:project_detail", args=[project.pk])).content.decode()
    assert first.real_name in page and "已报名 2 / 2" in page


def test_export_lists_confirmed_records_with_masked_ids_and_chinese_headings(client, world):
    volunteer = VolunteerFactory(room=world.room1, real_name="周杰")
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="义诊进社区")
    ServiceRecordFactory(
        volunteer=volunteer,
        project=None,
        activity=activity,
        date=datetime.date(2022, 5, 10),
        hours=Decimal("2.5"),
        content="测量血压",
    )
    ServiceRecordFactory(volunteer=volunteer, status="recorded", content="未确认的记录")
    ServiceRecordFactory(volunteer=VolunteerFactory(room=world.room2), content="二室的记录")
    client.force_login(world.worker1)
    response = client.get(
        reverse("volunteers:record_export"), {"date_from": "2022-01-01", "date_to": "2022-12-31"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0][0].startswith("志愿服务记录")
    assert rows[1][:4] == ("姓名", "证件类型", "证件号码（脱敏）", "项目/活动名称")
    assert len(rows) == 3
    name, _type, masked, title, day, _end, hours, content, organiser, _place = rows[2]
    assert (name, title, hours, content, organiser) == (
        "周杰",
        "义诊进社区",
        2.5,
        "测量血压",
        "一号社工室",
    )
    assert masked == volunteer.id_number[:6] + "********" + volunteer.id_number[-4:]
    assert day.date() == datetime.date(2022, 5, 10)


def test_signing_up_an_uninsured_volunteer_warns_about_accident_insurance(client, world):
    project = ProjectFactory(room=world.room1)
    volunteer = VolunteerFactory(
        room=world.room1, real_name="未投保者", has_accident_insurance=False
    )
    client.force_login(world.worker1)
    response = client.post(
        reverse("volunteers:project_signup", args=[project.pk]),
        {"volunteer": volunteer.pk},
        follow=True,
    )
    assert "未投保者 尚未投保意外险" in response.content.decode()
    assert ProjectSignup.objects.filter(volunteer=volunteer).exists()
