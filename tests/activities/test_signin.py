"""The activity sign-in page: only the boxes a user changed count, so two people signing in at
the same activity (or one on a page loaded earlier) never undo each other's work."""

import re

from django.urls import reverse

from activities.models import Activity
from tests.activities.factories import ActivityFactory
from tests.factories import ResidentFactory


def submitted(page, *, tick=(), untick=()):
    """What the browser posts for the sign-in form of `page` after the user ticks and unticks
    the given residents: the hidden fields as the page rendered them, and the ticked boxes."""
    form = page[page.index('<form method="post"') :]
    data = {
        name: re.findall(rf'name="{name}" value="(\d+)"', form)
        for name in ("shown", "shown_present")
    }
    ticked = set(re.findall(r'type="checkbox" name="resident" value="(\d+)" checked', form))
    ticked |= {str(r.pk) for r in tick}
    ticked -= {str(r.pk) for r in untick}
    data["resident"] = sorted(ticked)
    for name in ("q", "page"):
        found = re.search(rf'type="hidden" name="{name}" value="([^"]*)"', form)
        data[name] = found.group(1) if found else ""
    return data


def test_a_stale_page_does_not_sign_out_someone_signed_in_meanwhile(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    xiaoming = ResidentFactory(room=world.room1, real_name="王小明")
    xiaohong = ResidentFactory(room=world.room1, real_name="李小红")
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    page_a = client.get(url).content.decode()
    client.force_login(world.staff)
    page_b = client.get(url).content.decode()  # loaded before A saves: 王小明 unticked

    client.force_login(world.worker1)
    client.post(url, submitted(page_a, tick=[xiaoming]))
    assert set(activity.participants.all()) == {xiaoming}

    client.force_login(world.staff)
    response = client.post(url, submitted(page_b, tick=[xiaohong]), follow=True)
    assert set(activity.participants.all()) == {xiaoming, xiaohong}, "A's sign-in is kept"
    text = response.content.decode()
    assert "已签到 1 人，取消 0 人" in text
    assert "有人更改了以下服务对象的签到，已保留其更改：王小明（已签到）" in text


def test_a_stale_page_does_not_sign_back_in_someone_taken_out_meanwhile(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    xiaoming = ResidentFactory(room=world.room1, real_name="王小明")
    xiaohong = ResidentFactory(room=world.room1, real_name="李小红")
    activity.participants.add(xiaoming)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    page_a = client.get(url).content.decode()
    page_b = client.get(url).content.decode()  # a second tab: 王小明 ticked

    client.post(url, submitted(page_a, untick=[xiaoming]))
    assert not activity.participants.exists()
    response = client.post(url, submitted(page_b, tick=[xiaohong]), follow=True)
    assert set(activity.participants.all()) == {xiaohong}, "the taking back is kept"
    assert "王小明（已取消签到）" in response.content.decode()


def test_unticking_a_box_takes_the_sign_in_back_and_says_how_many(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    residents = ResidentFactory.create_batch(3, room=world.room1)
    activity.participants.add(*residents[:2])
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    page = client.get(url).content.decode()
    response = client.post(
        url, submitted(page, tick=[residents[2]], untick=residents[:2]), follow=True
    )
    assert set(activity.participants.all()) == {residents[2]}
    text = response.content.decode()
    assert "已签到 1 人，取消 2 人，本活动共 1 人签到" in text
    assert "已保留其更改" not in text


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
        first_page = client.get(url).content.decode()
    assert first_page.count('name="resident"') == 50
    assert "共 209 人，分页显示" in first_page
    assert "龘最后一位" not in first_page
    last_page = client.get(url, {"page": 5}).content.decode()
    assert "龘最后一位" in last_page
    assert re.search(rf'value="{last.pk}" checked', last_page)


def test_saving_one_page_leaves_the_other_pages_alone(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    residents = sorted(make_residents(world, 60), key=lambda r: (r.real_name, r.pk))
    activity.participants.add(residents[0])  # on page 1
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    page_two = client.get(url, {"page": 2}).content.decode()
    assert residents[0].real_name not in page_two
    response = client.post(url, submitted(page_two, tick=[residents[-1]]))
    assert response.url == f"{url}?page=2", "back to the page the user was on"
    assert set(activity.participants.all()) == {residents[0], residents[-1]}


def test_sign_in_search_finds_pseudonym_and_room_and_keeps_it_across_pages(client, world):
    activity = ActivityFactory(station=world.station)
    ResidentFactory(room=world.room1, real_name="张三", pseudonym="阿山")
    ResidentFactory(room=world.room2, real_name="李四", pseudonym="阿诗")
    ResidentFactory.create_batch(55, room=world.room2)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.staff)
    page = client.get(url, {"q": "阿山"}).content.decode()
    assert "张三" in page and "李四" not in page
    page = client.get(url, {"q": world.room2.name}).content.decode()
    assert "张三" not in page
    assert "共 56 人，分页显示" in page
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1)
    assert "q=" in link
    page_two = client.get(url + link.replace("&amp;", "&")).content.decode()
    assert "张三" not in page_two and page_two.count('name="resident"') == 6


def test_sign_in_counts_stay_right_when_nothing_changed(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    resident = ResidentFactory(room=world.room1)
    activity.participants.add(resident)
    url = reverse("activities:signin", args=[activity.pk])
    client.force_login(world.worker1)
    page = client.get(url).content.decode()
    response = client.post(url, submitted(page), follow=True)
    assert "已签到 0 人，取消 0 人，本活动共 1 人签到" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).participants.get() == resident
