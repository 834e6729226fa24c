from django.urls import reverse

from tests.factories import ResidentFactory


def test_admin_resident_list_is_masked_and_scoped(client, world):
    ResidentFactory(
        room=world.room1, real_name="本站居民", id_number="11010519491231002X", phone="13812345678"
    )
    ResidentFactory(room=world.other_room, real_name="别站居民")
    client.force_login(world.supervisor)
    page = client.get(reverse("admin:stations_resident_changelist")).content.decode()
    assert "本站居民" in page and "别站居民" not in page
    assert "110105********002X" in page and "11010519491231002X" not in page
    assert "138****5678" in page and "13812345678" not in page


def test_admin_change_page_does_not_show_the_full_id_number(client, world):
    resident = ResidentFactory(
        room=world.room1, id_number="11010519491231002X", phone="13812345678"
    )
    client.force_login(world.staff)
    page = client.get(
        reverse("admin:stations_resident_change", args=[resident.pk])
    ).content.decode()
    assert "11010519491231002X" not in page and "13812345678" not in page
    assert "110105********002X" in page


def test_admin_search_finds_a_resident_by_exact_id_number(client, world):
    ResidentFactory(room=world.room1, real_name="要找的人", id_number="11010519491231002X")
    ResidentFactory(room=world.room1, real_name="别人")
    client.force_login(world.staff)
    page = client.get(
        reverse("admin:stations_resident_changelist"), {"q": "11010519491231002x"}, follow=True
    ).content.decode()
    assert "要找的人" in page and "别人" not in page


def test_reveal_log_is_read_only_in_the_admin(client, world):
    client.force_login(world.supervisor)
    assert client.get(reverse("admin:stations_reveallog_add")).status_code == 403


def test_change_records_are_listed_read_only_with_the_user_who_made_them(client, world):
    resident = ResidentFactory(room=world.room1, real_name="有记录的人")
    client.force_login(world.staff)
    client.post(
        reverse("admin:stations_resident_change", args=[resident.pk]),
        {
            "room": world.room1.pk,
            "real_name": "改过名的人",
            "pseudonym": resident.pseudonym,
            "sex": resident.sex,
            "birth_date": resident.birth_date.isoformat(),
            "ethnicity": "汉族",
            "id_type": resident.id_type,
            "registered_on": "2022-01-01",
            "tags-TOTAL_FORMS": 0,
            "tags-INITIAL_FORMS": 0,
            "consents-TOTAL_FORMS": 0,
            "consents-INITIAL_FORMS": 0,
        },
    )
    resident.refresh_from_db()
    assert resident.real_name == "改过名的人"
    client.force_login(world.supervisor)
    page = client.get(reverse("admin:stations_residentevent_changelist")).content.decode()
    assert "有记录的人" in page or "改过名的人" in page
    assert world.staff.username in page
    assert client.get(reverse("admin:stations_residentevent_add")).status_code == 403


def test_admin_refuses_a_childs_tag_without_guardian_consent(client, world):
    from stations.models import KeyPopulationTag
    from tests.stations.residents.factories import ChildFactory

    child = ChildFactory(room=world.room1)
    client.force_login(world.supervisor)
    response = client.post(
        reverse("admin:stations_keypopulationtag_add"),
        {"resident": child.pk, "category": "left_behind_child", "start_date": "2022-03-01"},
    )
    assert response.status_code == 200
    assert "须先录入监护人" in response.content.decode()
    assert not KeyPopulationTag.objects.exists()


def test_admin_refuses_a_birth_date_that_disagrees_with_the_id_number(client, world):
    resident = ResidentFactory(
        room=world.room1, id_number="11010519491231002X", birth_date="1949-12-31"
    )
    client.force_login(world.staff)
    response = client.post(
        reverse("admin:stations_resident_change", args=[resident.pk]),
        {
            "room": world.room1.pk,
            "real_name": resident.real_name,
            "pseudonym": resident.pseudonym,
            "sex": "female",
            "birth_date": "1950-01-01",
            "ethnicity": "汉族",
            "id_type": "resident_id",
            "registered_on": "2022-01-01",
            "tags-TOTAL_FORMS": 0,
            "tags-INITIAL_FORMS": 0,
            "consents-TOTAL_FORMS": 0,
            "consents-INITIAL_FORMS": 0,
        },
    )
    assert "出生日期与身份证号不一致" in response.content.decode()
    resident.refresh_from_db()
    assert str(resident.birth_date) == "1949-12-31"
