"""The activity sign-in page works like a group session's: one tap per resident, saved at once,
with a search, and pages of 50 that lose nothing when the page changes (issue 19, item 6)."""

import re

from django.urls import reverse

from tests.activities.factories import ActivityFactory
from tests.factories import ResidentFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def tap(client, url, resident, present, **extra):
    return client.post(url, {"resident": resident.pk, "present": "1" if present else "0"}, **extra)


def test_one_tap_signs_a_resident_in_and_the_button_shows_it(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    resident = ResidentFactory(room=world.room1, real_name="王小明")
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    page = client.get(url).text
    assert f'id="resident-{resident.pk}"' in page and 'name="present" value="1"' in page

    response = tap(client, url, resident, True, **HTMX)

    assert response.status_code == 200
    assert list(activity.participants.all()) == [resident]
    html = response.text
    assert "已签到" in html and 'aria-pressed="true"' in html
    assert 'name="present" value="0"' in html, "the next tap takes it back"
    assert '<span id="signed-count" hx-swap-oob="true">1</span>' in html


def test_a_second_tap_takes_the_sign_in_back(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    resident = ResidentFactory(room=world.room1)
    activity.participants.add(resident)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)

    response = tap(client, url, resident, False, **HTMX)

    assert not activity.participants.exists()
    assert "未签到" in response.text


def test_a_stale_tap_never_undoes_a_colleagues_sign_in(client, world):
    """Both phones show 王小明 unsigned; both tap him: he stays signed in (the tap asks for a
    state, not a toggle)."""
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    resident = ResidentFactory(room=world.room1, real_name="王小明")
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    tap(client, url, resident, True, **HTMX)
    client.force_login(world.staff)
    tap(client, url, resident, True, **HTMX)
    assert list(activity.participants.all()) == [resident]


def test_a_stranger_is_refused_with_a_message_and_nothing_saved(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    stranger = ResidentFactory(room=world.room2)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)

    refused = tap(client, url, stranger, True, **HTMX)
    assert refused.status_code == 400
    assert "不在您可签到的名单中" in refused.text
    response = tap(client, url, stranger, True, follow=True)
    assert "不在您可签到的名单中" in response.text
    assert not activity.participants.exists()


def test_without_htmx_a_tap_returns_to_the_same_search_and_page(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    residents = ResidentFactory.create_batch(60, room=world.room1)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)

    response = client.post(
        url, {"resident": residents[0].pk, "present": "1", "q": "居民", "page": "2"}
    )

    assert response.status_code == 302
    assert response.url == f"{url}?q=%E5%B1%85%E6%B0%91&page=2"
    assert list(activity.participants.all()) == [residents[0]]


def test_taps_on_two_pages_are_all_kept(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    ResidentFactory.create_batch(60, room=world.room1)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)

    first_page = client.get(url).text
    first = re.search(r'name="resident" value="(\d+)"', first_page).group(1)
    client.post(url, {"resident": first, "present": "1"}, **HTMX)
    second_page = client.get(url, {"page": 2}).text
    second = re.search(r'name="resident" value="(\d+)"', second_page).group(1)
    client.post(url, {"resident": second, "present": "1"}, **HTMX)

    assert set(activity.participants.values_list("pk", flat=True)) == {int(first), int(second)}
    back_on_first = client.get(url).text
    assert re.search(
        rf'name="resident" value="{first}"><input type="hidden" name="present" value="0"',
        back_on_first,
    )


def make_residents(world, count):
    return ResidentFactory.create_batch(count, room=world.room1)


def test_sign_in_list_beyond_200_residents_is_paginated(client, world, django_assert_num_queries):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    make_residents(world, 3)
    # session, user, activity, its rooms, count, page of residents with rooms, sign-ins of the
    # page, total sign-ins
    with django_assert_num_queries(8):
        client.get(url)
    make_residents(world, 205)
    last = ResidentFactory(room=world.room1, real_name="龘最后一位")
    activity.participants.add(last)
    with django_assert_num_queries(8):
        first_page = client.get(url).text
    assert first_page.count('name="resident"') == 50
    assert "共 209 人，分页显示" in first_page
    assert "龘最后一位" not in first_page
    last_page = client.get(url, {"page": 5}).text
    assert "龘最后一位" in last_page
    assert re.search(
        rf'name="resident" value="{last.pk}"><input type="hidden" name="present" value="0"',
        last_page,
    )


def test_sign_in_search_finds_pseudonym_and_room_and_keeps_it_across_pages(client, world):
    activity = ActivityFactory(station=world.station)
    ResidentFactory(room=world.room1, real_name="张三", pseudonym="阿山")
    ResidentFactory(room=world.room2, real_name="李四", pseudonym="阿诗")
    ResidentFactory.create_batch(55, room=world.room2)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.staff)
    page = client.get(url, {"q": "阿山"}).text
    assert "张三" in page and "李四" not in page
    page = client.get(url, {"q": world.room2.name}).text
    assert "张三" not in page
    assert "共 56 人，分页显示" in page
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1)
    assert "q=" in link
    page_two = client.get(url + link.replace("&amp;", "&")).text
    assert "张三" not in page_two and page_two.count('name="resident"') == 6
    assert 'name="q" value="' in page_two, "a tap on page two comes back to the same search"


def test_the_search_box_searches_as_you_type(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    client.force_login(world.worker1)
    page = client.get(reverse("activities:signin", args=[activity.pk])).text
    assert 'hx-trigger="input changed delay:400ms, search"' in page
    assert 'hx-select="#signin-results"' in page
