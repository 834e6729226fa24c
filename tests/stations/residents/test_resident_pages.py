"""The resident pages as a room worker uses them: list, register, edit, archive, reveal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import Household, Resident, RevealLog
from tests.factories import (
    HouseholdFactory,
    KeyPopulationTagFactory,
    ResidentFactory,
    make_ric,
)

VALID_ID = "11010519491231002X"


def register_data(room, /, **overrides):
    data = {
        "room": room.pk,
        "real_name": "赵秀兰",
        "pseudonym": "",
        "id_type": "resident_id",
        "id_number": VALID_ID.lower(),
        "birth_date": "",
        "sex": "",
        "ethnicity": "汉族",
        "phone": "138 1234 5678",
        "address": "一号社区3组12号",
        "registered_on": "2022-03-01",
    }
    data.update(overrides)
    return data


# List ----------------------------------------------------------------------------------------


def test_resident_list_queries_do_not_grow(client, worker1, world, django_assert_num_queries):
    client.force_login(worker1)
    url = reverse("stations:resident_list")
    for _ in range(5):
        resident = ResidentFactory(room=world.room1)
        KeyPopulationTagFactory(resident=resident, category="dibao")
    # session, user, count, page, tags in force, last visit/risk/next contact of the page's rows
    # (casework's, one grouped query: issue 19 item 5), rooms for the filter
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 5
    for _ in range(45):
        resident = ResidentFactory(room=world.room1)
        KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 50
    assert "共 50 人" in response.content.decode()


def test_list_shows_only_the_workers_room_and_masks_identity(client, world):
    own = ResidentFactory(room=world.room1, real_name="本室居民", phone="13812345678")
    ResidentFactory(room=world.room2, real_name="别室居民")
    client.force_login(world.worker1)
    page = client.get(reverse("stations:resident_list")).content.decode()
    assert "本室居民" in page and "别室居民" not in page
    assert "138****5678" in page and "13812345678" not in page
    assert own.id_number not in page and own.masked_id_number in page


def test_search_finds_an_exact_id_number_through_the_hash(client, world):
    ResidentFactory(room=world.room1, real_name="甲", id_number=VALID_ID, phone="")
    ResidentFactory(room=world.room1, real_name="乙")
    client.force_login(world.worker1)
    response = client.post(reverse("stations:resident_list"), {"q": VALID_ID.lower()}, follow=True)
    names = [r.real_name for r in response.context["residents"]]
    assert names == ["甲"]


def test_search_by_phone_name_and_pseudonym(client, world):
    ResidentFactory(room=world.room1, real_name="钱多多", pseudonym="华华", phone="13900001111")
    ResidentFactory(room=world.room1, real_name="孙少少", pseudonym="明明", phone="13900002222")
    client.force_login(world.worker1)
    url = reverse("stations:resident_list")
    for query, expected in [("139 0000 1111", "钱多多"), ("少少", "孙少少"), ("华华", "钱多多")]:
        response = client.post(url, {"q": query}, follow=True)
        names = [r.real_name for r in response.context["residents"]]
        assert names == [expected], query


def test_filters_by_age_band_tag_sex_and_room(client, world):
    today = timezone.localdate()
    old = ResidentFactory(room=world.room1, real_name="老人", birth_date=datetime.date(1940, 1, 1))
    child = ResidentFactory(
        room=world.room1,
        real_name="孩子",
        sex="male",
        birth_date=today.replace(year=today.year - 8),
    )
    teen = ResidentFactory(
        room=world.room2, real_name="少年", birth_date=today.replace(year=today.year - 16)
    )
    KeyPopulationTagFactory(resident=old, category="elderly_alone")
    KeyPopulationTagFactory(
        resident=teen, category="dibao", end_date=datetime.date(2022, 12, 31)
    )  # ended: not in force today
    client.force_login(world.staff)
    url = reverse("stations:resident_list")

    def names(**params):
        return sorted(r.real_name for r in client.get(url, params).context["residents"])

    assert names(age="60+") == ["老人"]
    assert names(age="u18") == ["孩子", "少年"]
    assert names(age="u14") == ["孩子"]
    assert names(tag="elderly_alone") == ["老人"]
    assert names(tag="dibao") == []
    assert names(sex="male") == ["孩子"]
    assert names(room=world.room2.pk) == ["少年"]
    assert [r.real_name for r in client.get(url, {"sort": "-age"}).context["residents"]][
        0
    ] == "老人"
    assert child.is_child


def test_archived_residents_leave_the_list_but_can_be_shown(client, world):
    ResidentFactory(room=world.room1, real_name="在册")
    ResidentFactory(
        room=world.room1, real_name="已归档者", archived_at=datetime.datetime.now(datetime.UTC)
    )
    client.force_login(world.worker1)
    url = reverse("stations:resident_list")
    assert "已归档者" not in client.get(url).content.decode()
    assert "已归档者" in client.get(url, {"status": "archived"}).content.decode()


def test_room_filter_offers_only_visible_rooms(client, world):
    client.force_login(world.worker1)
    form = client.get(reverse("stations:resident_list")).context["form"]
    assert list(form.fields["room"].queryset) == [world.room1]


# Registration ---------------------------------------------------------------------------------


def test_worker_registers_a_resident_with_birth_date_and_sex_read_from_the_id(client, world):
    client.force_login(world.worker1)
    response = client.post(reverse("stations:resident_create"), register_data(world.room1))
    resident = Resident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stations:resident_detail", kwargs={"pk": resident.pk})
    assert resident.id_number == VALID_ID
    assert resident.birth_date == datetime.date(1949, 12, 31)
    assert resident.sex == "female"
    assert resident.phone == "13812345678"
    assert resident.pseudonym  # proposed automatically when left empty
    assert resident.created_by == world.worker1
    assert resident.id_number_hash and resident.phone_hash


def test_create_form_proposes_a_pseudonym_and_offers_only_visible_rooms_and_households(
    client, world
):
    HouseholdFactory(room=world.room1, name="本室户")
    HouseholdFactory(room=world.room2, name="别室户")
    client.force_login(world.worker1)
    form = client.get(reverse("stations:resident_create")).context["form"]
    assert form.initial["pseudonym"]
    assert list(form.fields["room"].queryset) == [world.room1]
    assert [h.name for h in form.fields["household"].queryset] == ["本室户"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "360426199101010072"}, "id_number", "校验码"),
        ({"id_number": "12345"}, "id_number", "18位"),
        ({"birth_date": "1950-01-01"}, "birth_date", "出生日期与身份证号不一致"),
        ({"sex": "male"}, "sex", "性别与身份证号不一致"),
        ({"phone": "12345"}, "phone", "电话号码格式不正确"),
        (
            {
                "id_type": "none",
                "id_number": "",
                # in the future, yet inside the plausible range (stations.bounds)
                "birth_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                "sex": "male",
            },
            "birth_date",
            "不能晚于今天",
        ),
        ({"room": ""}, "room", "这个字段是必填项"),
    ],
)
def test_bad_input_gives_a_chinese_field_error_and_saves_nothing(
    client, world, overrides, field, message
):
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:resident_create"), register_data(world.room1, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert not Resident.objects.exists()
    # the user's input is kept on the form
    assert "赵秀兰" in response.content.decode()


def test_worker_cannot_register_into_another_room(client, world):
    client.force_login(world.worker1)
    response = client.post(reverse("stations:resident_create"), register_data(world.room2))
    assert "room" in response.context["form"].errors
    assert not Resident.objects.exists()


def test_same_id_number_in_a_visible_room_opens_the_existing_file(client, world):
    existing = ResidentFactory(room=world.room1, id_number=VALID_ID)
    client.force_login(world.worker1)
    response = client.post(reverse("stations:resident_create"), register_data(world.room1))
    assert response.status_code == 302
    assert response["Location"] == reverse("stations:resident_detail", kwargs={"pk": existing.pk})
    assert Resident.objects.count() == 1


def test_same_id_number_in_another_room_says_so_without_details(client, world):
    ResidentFactory(room=world.room2, real_name="别室的人", id_number=VALID_ID)
    client.force_login(world.worker1)
    response = client.post(reverse("stations:resident_create"), register_data(world.room1))
    page = response.content.decode()
    assert "此人已在其他社工室登记" in page
    assert "别室的人" not in page and world.room2.name not in page
    assert Resident.objects.count() == 1


def test_same_name_and_birth_date_needs_confirmation_before_saving(client, world):
    ResidentFactory(
        room=world.room1,
        real_name="赵秀兰",
        birth_date=datetime.date(1949, 12, 31),
        id_type="none",
        id_number="",
    )
    client.force_login(world.worker1)
    url = reverse("stations:resident_create")
    response = client.post(url, register_data(world.room1))
    assert "同名且出生日期相同" in response.content.decode()
    assert Resident.objects.count() == 1
    response = client.post(url, register_data(world.room1, confirm_similar="on"))
    assert response.status_code == 302
    assert Resident.objects.count() == 2


# Detail, edit --------------------------------------------------------------------------------


def test_detail_shows_masked_identity_tags_household_and_consents(client, world):
    household = HouseholdFactory(room=world.room1, name="赵家户")
    resident = ResidentFactory(
        room=world.room1,
        household=household,
        relation_to_head="head",
        id_number=VALID_ID,
        phone="13812345678",
    )
    ResidentFactory(
        room=world.room1, household=household, relation_to_head="spouse", real_name="配偶甲"
    )
    KeyPopulationTagFactory(
        resident=resident, category="disabled", disability_category="physical", disability_grade=2
    )
    client.force_login(world.worker1)
    page = client.get(
        reverse("stations:resident_detail", kwargs={"pk": resident.pk})
    ).content.decode()
    assert "110105********002X" in page and VALID_ID not in page
    assert "138****5678" in page and "13812345678" not in page
    assert "残疾人" in page and "肢体残疾" in page and "二级" in page
    assert "赵家户" in page and "配偶甲" in page and "配偶" in page
    assert "尚无知情同意记录" in page


def test_detail_renders_registered_resident_sections(client, world, monkeypatch):
    from stations import workbench

    monkeypatch.setitem(
        workbench.RESIDENT_SECTIONS,
        "probe",
        workbench.ResidentSection(
            key="probe",
            title="测试板块",
            template="stations/_resident_section_text.html",
            context=lambda request, resident: {"text": f"板块内容{resident.pk}"},
        ),
    )
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    page = client.get(
        reverse("stations:resident_detail", kwargs={"pk": resident.pk})
    ).content.decode()
    assert "测试板块" in page and f"板块内容{resident.pk}" in page


def test_editing_keeps_the_stored_id_and_phone_when_left_empty(client, world):
    birth = datetime.date(1950, 3, 14)
    resident = ResidentFactory(
        room=world.room1,
        birth_date=birth,
        id_number=make_ric(birth, "female", serial=3),
        phone="13812345678",
    )
    number = resident.id_number
    client.force_login(world.worker1)
    url = reverse("stations:resident_edit", kwargs={"pk": resident.pk})
    page = client.get(url).content.decode()
    assert number not in page and "13812345678" not in page
    data = register_data(
        world.room1,
        id_number="",
        phone="",
        birth_date="1950-03-14",
        sex="female",
        real_name="新名字",
        pseudonym="乐乐",
    )
    data["version"] = 1
    assert client.post(url, data).status_code == 302
    resident.refresh_from_db()
    assert (resident.real_name, resident.id_number, resident.phone) == (
        "新名字",
        number,
        "13812345678",
    )
    assert resident.version == 2


def test_a_conflict_notice_keeps_the_other_persons_phone_masked(client, world):
    resident = ResidentFactory(room=world.room1, id_type="none", id_number="", phone="13812345678")
    other = Resident.objects.get(pk=resident.pk)
    other.phone = "13999998888"
    other.version = 2
    other.save()
    client.force_login(world.worker1)
    data = register_data(
        world.room1,
        id_type="none",
        id_number="",
        phone="13700001111",
        birth_date="1950-03-14",
        sex="female",
        real_name=resident.real_name,
        pseudonym="乐乐",
    )
    data["version"] = 1
    response = client.post(reverse("stations:resident_edit", kwargs={"pk": resident.pk}), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "139****8888" in page and "13999998888" not in page


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client, world):
    resident = ResidentFactory(room=world.room1, real_name="原名", id_type="none", id_number="")
    Resident.objects.filter(pk=resident.pk).update(version=2, real_name="他人改名")
    client.force_login(world.worker1)
    data = register_data(
        world.room1,
        id_type="none",
        id_number="",
        birth_date="1950-03-14",
        sex="female",
        real_name="我的改名",
        pseudonym="乐乐",
    )
    data["version"] = 1
    response = client.post(reverse("stations:resident_edit", kwargs={"pk": resident.pk}), data)
    assert response.status_code == 409
    resident.refresh_from_db()
    assert resident.real_name == "他人改名"


# Archive, restore ----------------------------------------------------------------------------


def test_worker_archives_and_only_a_supervisor_restores(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    client.post(
        reverse("stations:resident_archive", kwargs={"pk": resident.pk}), {"reason": "迁出本社区"}
    )
    resident.refresh_from_db()
    assert resident.archived_at is not None and resident.archive_reason == "迁出本社区"
    restore = reverse("stations:resident_restore", kwargs={"pk": resident.pk})
    assert client.post(restore).status_code == 403
    assert (
        client.get(reverse("stations:resident_edit", kwargs={"pk": resident.pk})).status_code == 403
    )
    client.force_login(world.supervisor)
    client.post(restore)
    resident.refresh_from_db()
    assert resident.archived_at is None


# Reveal --------------------------------------------------------------------------------------


def test_reveal_needs_a_reason_and_writes_an_audit_entry(client, world):
    resident = ResidentFactory(room=world.room1, id_number=VALID_ID)
    client.force_login(world.worker1)
    url = reverse("stations:resident_reveal", kwargs={"pk": resident.pk})
    response = client.post(url, {"field": "id_number", "reason": ""})
    assert VALID_ID not in response.content.decode()
    assert not RevealLog.objects.exists()
    response = client.post(url, {"field": "id_number", "reason": "协助办理低保复核"})
    assert VALID_ID in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    log = RevealLog.objects.get()
    assert (log.resident, log.revealed_by, log.field, log.reason) == (
        resident,
        world.worker1,
        "id_number",
        "协助办理低保复核",
    )


def test_reveal_by_get_shows_no_value(client, world):
    resident = ResidentFactory(room=world.room1, id_number=VALID_ID)
    client.force_login(world.worker1)
    page = client.get(
        reverse("stations:resident_reveal", kwargs={"pk": resident.pk}), {"field": "id_number"}
    ).content.decode()
    assert VALID_ID not in page
    assert not RevealLog.objects.exists()


# Households ----------------------------------------------------------------------------------


def test_household_is_created_and_members_join_with_their_relation(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:household_create"),
        {"room": world.room1.pk, "name": "孙建国户", "address": "3组"},
    )
    household = Household.objects.get()
    assert response.status_code == 302
    resident = ResidentFactory(
        room=world.room1, household=household, relation_to_head="head", real_name="孙建国"
    )
    page = client.get(
        reverse("stations:household_detail", kwargs={"pk": household.pk})
    ).content.decode()
    assert "孙建国" in page and "户主" in page
    assert resident.household == household


def test_relation_without_household_is_a_field_error(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:resident_create"), register_data(world.room1, relation_to_head="spouse")
    )
    assert "请先选择家庭户" in " ".join(response.context["form"].errors["relation_to_head"])
    assert not Resident.objects.exists()


def test_household_of_another_room_is_not_offered(client, world):
    other = HouseholdFactory(room=world.room2)
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:resident_create"), register_data(world.room1, household=other.pk)
    )
    assert "household" in response.context["form"].errors
    assert not Resident.objects.exists()


def test_resident_dropdowns_for_other_apps_offer_only_visible_active_residents(world):
    from stations.resident_forms import ResidentChoiceField

    ResidentFactory(room=world.room1, real_name="本室")
    ResidentFactory(room=world.room2, real_name="别室")
    ResidentFactory(
        room=world.room1, real_name="已归档", archived_at=datetime.datetime.now(datetime.UTC)
    )
    field = ResidentChoiceField(user=world.worker1)
    assert [r.real_name for r in field.queryset] == ["本室"]
    assert "一号社工室" in field.label_from_instance(field.queryset[0])
    assert not ResidentChoiceField(user=world.official).queryset.exists()


def test_household_list_queries_do_not_grow_and_stay_in_the_room(
    client, world, django_assert_num_queries
):
    client.force_login(world.worker1)
    url = reverse("stations:household_list")
    HouseholdFactory(room=world.room2, name="别室户")
    for _ in range(3):
        ResidentFactory(room=world.room1, household=HouseholdFactory(room=world.room1))
    with django_assert_num_queries(4):  # session, user, count, page
        response = client.get(url)
    assert "别室户" not in response.content.decode()
    for _ in range(30):
        ResidentFactory(room=world.room1, household=HouseholdFactory(room=world.room1))
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 33


def test_a_room_the_worker_may_not_see_is_ignored_as_a_filter(client, world):
    ResidentFactory(room=world.room1, real_name="本室甲")
    ResidentFactory(room=world.room2, real_name="别室乙")
    client.force_login(world.worker1)
    response = client.get(reverse("stations:resident_list"), {"room": world.room2.pk, "q": "甲"})
    assert [r.real_name for r in response.context["residents"]] == ["本室甲"]
