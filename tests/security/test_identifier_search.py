"""A searched ID number or phone never travels in a URL (access logs, proxies, histories)."""

import pytest
from django.urls import reverse

from tests.factories import ResidentFactory, make_ric
from tests.volunteers.factories import VolunteerFactory

PHONE = "13912345678"


@pytest.fixture
def resident(world):
    import datetime

    number = make_ric(datetime.date(1950, 3, 4), "female", serial=7)
    return ResidentFactory(room=world.room1, real_name="查找对象甲", id_number=number, phone=PHONE)


def assert_number_nowhere(response, *numbers):
    for number in numbers:
        for hop, _status in response.redirect_chain:
            assert number not in hop
        assert number not in response.request["QUERY_STRING"]
        assert number not in response.text


@pytest.mark.parametrize("typed", ["id", "phone"])
def test_a_posted_resident_search_finds_by_hash_and_keeps_the_number_out_of_urls(
    client, world, resident, typed
):
    client.force_login(world.worker1)
    number = resident.id_number if typed == "id" else PHONE
    response = client.post(reverse("stations:resident_list"), {"q": number}, follow=True)
    assert [r.real_name for r in response.context["residents"]] == ["查找对象甲"]
    assert_number_nowhere(response, resident.id_number, PHONE)
    assert "已按证件号码或电话查询" in response.text


def test_a_number_typed_into_the_url_is_redirected_to_its_token(client, world, resident):
    client.force_login(world.worker1)
    response = client.get(reverse("stations:resident_list"), {"q": PHONE})
    assert response.status_code == 302
    assert PHONE not in response.url and "q=h%3A" in response.url


def test_a_name_search_still_reads_as_typed(client, world, resident):
    client.force_login(world.worker1)
    response = client.post(reverse("stations:resident_list"), {"q": "查找对象"}, follow=True)
    assert [r.real_name for r in response.context["residents"]] == ["查找对象甲"]


def test_a_forged_token_finds_nobody(client, world, resident):
    client.force_login(world.worker1)
    response = client.get(reverse("stations:resident_list"), {"q": "h:" + "0" * 64})
    assert list(response.context["residents"]) == []


def test_the_admin_resident_search_posts_and_keeps_the_number_out_of_urls(client, world, resident):
    client.force_login(world.staff)
    url = reverse("admin:stations_resident_changelist")
    page = client.get(url)
    assert 'id="changelist-search" method="post"' in page.text
    response = client.post(url, {"q": resident.id_number, "_search": "1"}, follow=True)
    assert response.status_code == 200
    assert "查找对象甲" in response.text
    for hop, _status in response.redirect_chain:
        assert resident.id_number not in hop
    typed = client.get(url, {"q": resident.id_number})
    assert typed.status_code == 302 and resident.id_number not in typed.url


def test_a_volunteer_phone_search_keeps_the_number_out_of_urls(client, world):
    VolunteerFactory(room=world.room1, real_name="志愿者查找乙", phone="13700001111")
    client.force_login(world.worker1)
    response = client.post(reverse("volunteers:list"), {"q": "13700001111"}, follow=True)
    assert "志愿者查找乙" in response.text
    assert_number_nowhere(response, "13700001111")
