import datetime

from django.db import connection
from django.urls import reverse

from tests.factories import make_ric
from tests.volunteers.factories import ServiceRecordFactory, VolunteerFactory
from volunteers.models import Volunteer

RIC = make_ric(datetime.date(1990, 4, 12), "male", serial=7)
MINOR_RIC = make_ric(datetime.date(2012, 9, 1), "female", serial=3)


def form_data(world, **overrides):
    data = {
        "real_name": "张建国",
        "id_type": "resident_id",
        "id_number": RIC,
        "sex": "",
        "birth_date": "",
        "phone": "139 1234 5678",
        "room": world.room1.pk,
        "skills": ["elderly_care", "repair"],
        "availability": "周末",
        "registered_on": "2022-03-01",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_registration_reads_birth_date_and_sex_from_the_id_and_stores_them_encrypted(client, world):
    client.force_login(world.worker1)
    response = client.post(reverse("volunteers:create"), form_data(world))
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302
    assert volunteer.birth_date == datetime.date(1990, 4, 12)
    assert volunteer.sex == "male"
    assert volunteer.phone == "13912345678"
    assert volunteer.skills == ["elderly_care", "repair"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM volunteers_volunteer")
        raw_id, raw_phone = cursor.fetchone()
    assert RIC not in raw_id and "13912345678" not in raw_phone
    page = client.get(reverse("volunteers:detail", args=[volunteer.pk])).content.decode()
    assert RIC[:6] + "********" + RIC[-4:] in page
    assert RIC not in page
    assert "139****5678" in page and "13912345678" not in page


def test_a_birth_date_that_contradicts_the_id_is_an_error(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("volunteers:create"), form_data(world, birth_date="1990-04-13", sex="female")
    )
    assert response.status_code == 200
    assert "出生日期与身份证号不一致" in response.content.decode()
    assert "性别与身份证号不一致" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_the_same_id_number_cannot_be_registered_twice(client, world):
    VolunteerFactory(
        room=world.room2, id_number=RIC, sex="male", birth_date=datetime.date(1990, 4, 12)
    )
    client.force_login(world.worker1)
    response = client.post(reverse("volunteers:create"), form_data(world))
    assert response.status_code == 200
    assert "该证件号码已经登记过" in response.content.decode()
    assert Volunteer.objects.count() == 1


def test_a_minor_without_guardian_consent_cannot_be_saved(client, world):
    client.force_login(world.worker1)
    response = client.post(reverse("volunteers:create"), form_data(world, id_number=MINOR_RIC))
    assert response.status_code == 200
    assert "未满18周岁的志愿者须经监护人同意" in response.content.decode()
    assert not Volunteer.objects.exists()
    consent = {
        "guardian_name": "刘芳",
        "guardian_relation": "母亲",
        "guardian_consent_on": "2022-02-20",
    }
    response = client.post(
        reverse("volunteers:create"), form_data(world, id_number=MINOR_RIC, **consent)
    )
    assert response.status_code == 302
    assert Volunteer.objects.get().guardian_name == "刘芳"


def test_editing_keeps_the_stored_id_when_left_empty_and_never_sends_it_to_the_browser(
    client, world
):
    volunteer = VolunteerFactory(room=world.room1)
    number = volunteer.id_number
    client.force_login(world.worker1)
    page = client.get(reverse("volunteers:edit", args=[volunteer.pk])).content.decode()
    assert number not in page and volunteer.phone not in page
    data = form_data(
        world,
        id_number="",
        phone="",
        real_name="新名字",
        sex="",
        birth_date="",
        version=volunteer.version,
    )
    response = client.post(reverse("volunteers:edit", args=[volunteer.pk]), data)
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.real_name == "新名字" and volunteer.id_number == number


def test_list_searches_by_phone_and_filters_by_skill(client, world):
    VolunteerFactory(room=world.room1, real_name="王一", phone="13700001111", skills=["tutoring"])
    VolunteerFactory(room=world.room1, real_name="王二", phone="13700002222", skills=["legal"])
    client.force_login(world.worker1)
    page = client.post(reverse("volunteers:list"), {"q": "13700001111"}, follow=True).text
    assert "王一" in page and "王二" not in page
    page = client.get(reverse("volunteers:list"), {"skill": "legal"}).content.decode()
    assert "王二" in page and "王一" not in page


def test_worker_sees_only_their_rooms_volunteers(client, world):
    VolunteerFactory(room=world.room1, real_name="一室志愿者")
    VolunteerFactory(room=world.room2, real_name="二室志愿者")
    client.force_login(world.worker1)
    page = client.get(reverse("volunteers:list")).content.decode()
    assert "一室志愿者" in page and "二室志愿者" not in page


def test_volunteer_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    for volunteer in VolunteerFactory.create_batch(3, room=world.room1):
        ServiceRecordFactory(volunteer=volunteer)
    # session, user, rooms (filter choices), count, page
    with django_assert_num_queries(5):
        client.get(reverse("volunteers:list"))
    for volunteer in VolunteerFactory.create_batch(30, room=world.room1):
        ServiceRecordFactory(volunteer=volunteer)
    with django_assert_num_queries(5):
        client.get(reverse("volunteers:list"))
