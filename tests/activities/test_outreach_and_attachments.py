"""Removing a photo uploaded by mistake, the exchange-visit list, and correcting outreach records."""

import datetime

from django.core.files.storage import default_storage
from django.urls import reverse

from activities.models import ActivityAttachment, ExchangeVisit, MediaReport
from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    photo_of,
)
from tests.admin_scoping import room2_supervisor


def test_an_editor_deletes_a_photo_and_its_stored_file(
    client, world, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    attachment = photo_of(activity)
    stored = attachment.file.name
    client.force_login(world.worker1)
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert reverse("activities:attachment_delete", args=[attachment.pk]) in detail
    assert "data-confirm=" in detail  # static/js/site.js asks (no inline script: CSP)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("activities:attachment_delete", args=[attachment.pk]), follow=True
        )
    page = response.content.decode()
    assert "已删除“孩子正脸.jpg”。" in page
    assert not ActivityAttachment.objects.exists()
    assert not default_storage.exists(stored)
    assert client.get(reverse("activities:attachment", args=[attachment.pk])).status_code == 404


def test_worker_of_other_room_cannot_delete_a_photo(client, world):
    attachment = photo_of(ActivityFactory(station=world.station, rooms=[world.room1]))
    client.force_login(world.worker2)
    response = client.post(reverse("activities:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 404
    assert ActivityAttachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)


def test_the_delete_button_is_shown_only_to_those_who_may_edit(client, world):
    activity = ActivityFactory(station=world.station)  # station-wide: staff edit it
    attachment = photo_of(activity)
    delete_url = reverse("activities:attachment_delete", args=[attachment.pk])
    client.force_login(world.worker1)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "孩子正脸.jpg" in page and delete_url not in page
    client.force_login(world.staff)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert delete_url in page


def test_staff_delete_a_photo_in_the_admin_and_the_file_goes_too(
    client, world, django_capture_on_commit_callbacks
):
    attachment = photo_of(ActivityFactory(station=world.station, rooms=[world.room1], title="义诊"))
    stored = attachment.file.name
    client.force_login(world.staff)
    changelist = client.get(reverse("admin:activities_activityattachment_changelist"))
    assert "孩子正脸.jpg" in changelist.content.decode() and "义诊" in changelist.content.decode()
    change = client.get(reverse("admin:activities_activityattachment_change", args=[attachment.pk]))
    assert change.status_code == 200
    assert 'name="caption"' not in change.content.decode(), "read-only"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:activities_activityattachment_delete", args=[attachment.pk]),
            {"post": "yes"},
        )
    assert response.status_code == 302
    assert not ActivityAttachment.objects.exists()
    assert not default_storage.exists(stored)


def test_the_admin_bulk_delete_removes_the_stored_files(
    client, world, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    attachments = [photo_of(activity, f"照片{n}.jpg") for n in range(3)]
    client.force_login(world.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:activities_activityattachment_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [a.pk for a in attachments],
                "post": "yes",
            },
        )
    assert not ActivityAttachment.objects.exists()
    assert not any(default_storage.exists(a.file.name) for a in attachments)


def test_a_supervisor_of_another_room_cannot_delete_in_the_admin(client, world):
    attachment = photo_of(ActivityFactory(station=world.station, rooms=[world.room1]))
    client.force_login(room2_supervisor(world))
    changelist = client.get(reverse("admin:activities_activityattachment_changelist"))
    assert "孩子正脸.jpg" not in changelist.content.decode()
    client.post(
        reverse("admin:activities_activityattachment_delete", args=[attachment.pk]),
        {"post": "yes"},
    )
    assert ActivityAttachment.objects.filter(pk=attachment.pk).exists()
    assert default_storage.exists(attachment.file.name)


def test_room_workers_and_officials_have_no_attachment_admin(client, world):
    for user in (world.worker1, world.official):
        client.force_login(user)
        response = client.get(reverse("admin:activities_activityattachment_changelist"))
        assert response.status_code == 302


EXCHANGE_QUERIES = 5  # session, user, count, page, the user's rooms (for the edit links)


def make_exchanges(world, count, **kwargs):
    for n in range(count):
        ExchangeVisitFactory(
            station=world.station,
            room=world.room1,
            visited_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
            **kwargs,
        )


def test_exchange_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    make_exchanges(world, 2)
    with django_assert_num_queries(EXCHANGE_QUERIES):
        client.get(reverse("activities:exchange_list"))
    make_exchanges(world, 60)
    with django_assert_num_queries(EXCHANGE_QUERIES):
        response = client.get(reverse("activities:exchange_list"))
    assert "共 62 次" in response.content.decode()


def test_exchange_list_is_paginated_and_searchable(client, world):
    make_exchanges(world, 55, counterpart="渭滨区社工站")
    ExchangeVisitFactory(
        station=world.station, counterpart="金台区社工站", visited_on=datetime.date(2020, 1, 1)
    )
    client.force_login(world.staff)
    url = reverse("activities:exchange_list")
    last = client.get(url, {"page": 3}).content.decode()
    assert "金台区社工站" in last, "the oldest visit is reachable, not cut off at 50"
    assert "第 3 / 3 页" in last
    found = client.get(url, {"q": "金台"}).content.decode()
    assert "金台区社工站" in found and "渭滨区社工站" not in found
    assert "共 1 次" in found


def test_a_worker_corrects_a_media_report_of_their_room(client, world):
    report = MediaReportFactory(station=world.station, room=world.room1, title="错别字标题")
    client.force_login(world.worker1)
    outreach = client.get(reverse("activities:outreach")).content.decode()
    assert reverse("activities:media_edit", args=[report.pk]) in outreach
    response = client.post(
        reverse("activities:media_edit", args=[report.pk]),
        {"title": "正确的标题", "outlet": "宝鸡日报", "published_on": "2022-08-02",
         "room": world.room1.pk},
        follow=True,
    )  # fmt: skip
    assert "正确的标题" in response.content.decode() and "已保存。" in response.content.decode()
    report.refresh_from_db()
    assert (report.title, report.published_on) == ("正确的标题", datetime.date(2022, 8, 2))
    assert report.station == world.station


def test_a_worker_corrects_an_exchange_visit_of_their_room(client, world):
    visit = ExchangeVisitFactory(station=world.station, room=world.room1)
    client.force_login(world.worker1)
    listing = client.get(reverse("activities:exchange_list")).content.decode()
    assert reverse("activities:exchange_edit", args=[visit.pk]) in listing
    client.post(
        reverse("activities:exchange_edit", args=[visit.pk]),
        {"counterpart": "陈仓区社工站", "direction": "visited", "visited_on": "2022-09-02",
         "topics": "督导交流", "room": world.room1.pk},
    )  # fmt: skip
    visit.refresh_from_db()
    assert (visit.counterpart, visit.direction) == ("陈仓区社工站", "visited")


def test_an_edit_by_another_rooms_worker_is_404(client, world):
    report = MediaReportFactory(station=world.station, room=world.room1, title="一室报道")
    visit = ExchangeVisitFactory(station=world.station, room=world.room1, counterpart="一室来访")
    client.force_login(world.worker2)
    outreach = client.get(reverse("activities:outreach")).content.decode()
    assert "一室报道" in outreach, "outreach records are shared by the station"
    assert reverse("activities:media_edit", args=[report.pk]) not in outreach
    response = client.post(
        reverse("activities:media_edit", args=[report.pk]),
        {"title": "改掉", "outlet": "x", "published_on": "2022-08-02", "room": world.room2.pk},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("activities:exchange_edit", args=[visit.pk]),
        {"counterpart": "改掉", "direction": "hosted", "visited_on": "2022-09-02",
         "topics": "x", "room": world.room2.pk},
    )  # fmt: skip
    assert response.status_code == 404
    assert MediaReport.objects.get().title == "一室报道"
    assert ExchangeVisit.objects.get().counterpart == "一室来访"


def test_a_room_worker_records_outreach_for_a_room(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:media_create"),
        {"title": "无室报道", "outlet": "宝鸡日报", "published_on": "2022-08-02"},
    )
    assert response.status_code == 200
    assert not MediaReport.objects.exists()


def test_a_stale_edit_of_a_media_report_is_refused_and_shows_the_other_title(client, world):
    from activities.models import MediaReport

    report = MediaReport.objects.create(
        station=world.station,
        room=world.room1,
        title="社工站开展重阳敬老活动",
        outlet="宝鸡日报",
        published_on=datetime.date(2022, 10, 5),
    )
    url = reverse("activities:media_edit", args=[report.pk])
    data = {
        "title": "甲改的标题",
        "outlet": "宝鸡日报",
        "published_on": "2022-10-05",
        "room": world.room1.pk,
        "version": 1,
    }
    client.force_login(world.worker1)
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "乙改的标题"})
    assert response.status_code == 200
    assert "甲改的标题" in response.content.decode()
    report.refresh_from_db()
    assert (report.title, report.version) == ("甲改的标题", 2)
