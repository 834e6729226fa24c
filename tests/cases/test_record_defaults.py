"""A new service record starts now with one-tap durations (issue 19, item 7)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.forms import rounded_now
from tests.cases.factories import complete_case
from tests.factories import ResidentFactory


def _value(page, name):
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', page).group(1)


@pytest.fixture
def case(world):
    return complete_case(
        stage="intervention", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )


def test_a_new_record_starts_now_rounded_to_five_minutes_and_ends_half_an_hour_later(
    client, world, case
):
    client.force_login(world.worker1)
    before = rounded_now()
    page = client.get(reverse("cases:record_new", args=[case.pk])).text
    after = rounded_now()

    start = datetime.datetime.strptime(_value(page, "start_at"), "%Y-%m-%dT%H:%M")
    end = datetime.datetime.strptime(_value(page, "end_at"), "%Y-%m-%dT%H:%M")
    assert start.minute % 5 == 0
    assert before.replace(tzinfo=None) <= start <= after.replace(tzinfo=None)
    assert end - start == datetime.timedelta(minutes=30)
    assert _value(page, "minutes") == "30"
    for minutes in (15, 30, 60):
        assert f'data-duration-preset="{minutes}"' in page
    assert "js/site.js" in page


def test_rounding_never_gives_a_start_in_the_future():
    now = timezone.localtime()
    assert rounded_now() <= now
    assert now - rounded_now() < datetime.timedelta(minutes=5)


def test_a_record_saved_without_an_end_ends_after_its_duration(client, world, case):
    client.force_login(world.worker1)
    start = timezone.localtime() - datetime.timedelta(hours=2)
    before = case.records.count()

    response = client.post(
        reverse("cases:record_new", args=[case.pk]),
        {
            "form": "interview",
            "start_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 60,
            "end_at": "",
            "content": "面谈：讨论助餐安排",
        },
    )

    assert response.status_code == 302
    record = case.records.order_by("-pk").first()
    assert case.records.count() == before + 1
    assert record.duration_minutes == 60
    assert record.end_at - record.start_at == datetime.timedelta(minutes=60)


def test_a_record_without_end_or_duration_asks_for_one(client, world, case):
    client.force_login(world.worker1)
    start = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        reverse("cases:record_new", args=[case.pk]),
        {"form": "interview", "start_at": start.strftime("%Y-%m-%dT%H:%M"), "content": "面谈"},
    )
    assert response.status_code == 200
    assert "请填写结束时间或时长" in response.text


def test_editing_a_record_keeps_its_own_times_and_shows_no_presets(client, world, case):
    client.force_login(world.worker1)
    record = case.records.first()
    page = client.get(reverse("cases:record_edit", args=[record.pk])).text
    assert "data-duration-preset" not in page
    assert _value(page, "start_at") == timezone.localtime(record.start_at).strftime(
        "%Y-%m-%dT%H:%M"
    )


def test_the_visit_form_offers_the_same_duration_presets(client, world):
    client.force_login(world.worker1)
    page = client.get(reverse("cases:visit_new")).text
    for minutes in (15, 30, 60):
        assert f'data-duration-preset="{minutes}"' in page
    assert (
        page.index('name="minutes"')
        < page.index("data-duration-preset")
        < page.index('name="content"')
    )
