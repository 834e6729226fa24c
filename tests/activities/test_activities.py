import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, ActivityAttachment
from stations.models import PartnerKind, PartnerUnit
from tests.activities.factories import ActivityFactory, SeriesFactory, jpeg_bytes, local
from tests.factories import ResidentFactory
from tests.groups.factories import GroupSessionFactory

LIST_QUERIES = (
    8  # session, user, filter's rooms, series and code lists, count, page, rooms of the page
)


def make_activities(world, count, series=None):
    for _ in range(count):
        ActivityFactory(
            station=world.station,
            rooms=[world.room1],
            series=series,
            participants=[ResidentFactory(room=world.room1)],
        )


def test_activity_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    make_activities(world, 2)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("activities:list"))
    make_activities(world, 25)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("activities:list"))
    assert "共 27 场活动" in response.content.decode()


def test_a_bad_date_filter_keeps_the_search_and_other_filters(client, world):
    ActivityFactory(station=world.station, rooms=[world.room1], title="乐智课堂")
    ActivityFactory(station=world.station, rooms=[world.room2], title="乐智读书")
    ActivityFactory(station=world.station, rooms=[world.room1], title="广场舞")
    client.force_login(world.staff)
    response = client.get(
        reverse("activities:list"), {"q": "乐智", "room": world.room1.pk, "date_to": "昨天"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "乐智课堂" in page
    assert "乐智读书" not in page and "广场舞" not in page
    assert '<p id="error_1_id_date_to"><strong>输入一个有效的日期。' in page
    assert 'value="乐智"' in page


def test_the_date_filter_takes_whole_local_days(client, world):
    """The period filter is a range of date-times (issue 15: served by the index on starts_at):
    an activity late in the evening of the last day is in, one just after midnight is not."""
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="晚间读书会",
        starts_at=local(2022, 5, 10, 23, 30), ends_at=local(2022, 5, 10, 23, 50),
    )  # fmt: skip
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="清晨健身操",
        starts_at=local(2022, 5, 10, 0, 10), ends_at=local(2022, 5, 10, 1, 0),
    )  # fmt: skip
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="次日午夜观星",
        starts_at=local(2022, 5, 11, 0, 10), ends_at=local(2022, 5, 11, 1, 0),
    )  # fmt: skip
    client.force_login(world.staff)
    page = client.get(
        reverse("activities:list"), {"date_from": "2022-05-10", "date_to": "2022-05-10"}
    ).content.decode()
    assert "晚间读书会" in page and "清晨健身操" in page
    assert "次日午夜观星" not in page


def test_series_page_queries_do_not_grow(client, world, django_assert_num_queries):
    series = SeriesFactory(station=world.station, name="夏日梦想")
    client.force_login(world.worker1)
    make_activities(world, 2, series=series)
    url = reverse("activities:series_detail", args=[series.pk])
    # session, user, series with totals, count, page of activities, their rooms
    with django_assert_num_queries(6):
        client.get(url)
    make_activities(world, 25, series=series)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert 'id="total-activities">27<' in response.content.decode()
    with django_assert_num_queries(4):  # session, user, count, page of series with totals
        client.get(reverse("activities:series_list"))


def test_series_totals_add_head_counts_sign_ins_and_indirect(client, world):
    series = SeriesFactory(station=world.station)
    ActivityFactory(
        station=world.station, rooms=[world.room1], series=series, direct_participant_count=30,
        indirect_beneficiaries=10, participants=ResidentFactory.create_batch(2, room=world.room1),
    )  # fmt: skip
    ActivityFactory(
        station=world.station, rooms=[world.room2], series=series, direct_participant_count=25,
        indirect_beneficiaries=5,
    )  # fmt: skip
    client.force_login(world.worker1)
    page = client.get(reverse("activities:series_detail", args=[series.pk])).content.decode()
    assert 'id="total-activities">2<' in page
    assert 'id="total-direct">57<' in page
    assert 'id="total-indirect">15<' in page


def test_list_filters_by_room_type_area_population_and_period(client, world):
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="老年义诊", activity_type="free_clinic",
        service_areas=["elderly_care"], target_populations=["elderly"], starts_at=local(2022, 5, 1),
    )  # fmt: skip
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="儿童课堂", activity_type="education",
        service_areas=["child_welfare"], target_populations=["children"], starts_at=local(2022, 8, 1),
    )  # fmt: skip
    client.force_login(world.staff)
    url = reverse("activities:list")
    for params, shown, hidden in [
        ({"activity_type": "free_clinic"}, "老年义诊", "儿童课堂"),
        ({"service_area": "child_welfare"}, "儿童课堂", "老年义诊"),
        ({"population": "elderly"}, "老年义诊", "儿童课堂"),
        ({"date_from": "2022-07-01", "date_to": "2022-12-31"}, "儿童课堂", "老年义诊"),
        ({"q": "义诊"}, "老年义诊", "儿童课堂"),
        ({"room": world.room2.pk}, None, "儿童课堂"),
    ]:
        page = client.get(url, params).content.decode()
        if shown:
            assert shown in page, params
        assert hidden not in page, params


def activity_data(world, **overrides):
    data = {
        "title": "金融知识进社区",
        "activity_type": "publicity",
        "starts_at": "2022-06-01T09:00",
        "ends_at": "2022-06-01T11:00",
        "rooms": [world.room1.pk],
        "direct_participant_count": "40",
        "indirect_beneficiaries": "20",
        "social_forces": ["community", "social_workers"],
        "service_areas": ["safety"],
    }
    return {**data, **overrides}


def test_negative_counts_get_a_clear_message_and_save_nothing(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:create"),
        activity_data(world, direct_participant_count="-3", indirect_beneficiaries="-1"),
    )
    assert response.status_code == 200
    assert response.content.decode().count("人数不能为负数") == 2
    assert not Activity.objects.exists()


def test_worker_records_an_activity_of_own_room_with_partners(client, world):
    bank = PartnerUnit.objects.create(station=world.station, name="农业银行", kind=PartnerKind.BANK)
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:create"), activity_data(world, partner_units=[bank.pk])
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert list(activity.rooms.all()) == [world.room1]
    assert list(activity.partner_units.all()) == [bank]
    assert activity.social_forces == ["community", "social_workers"]
    assert (activity.station, activity.created_by) == (world.station, world.worker1)


def test_worker_cannot_record_for_another_room_or_the_whole_station(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:create"), activity_data(world, rooms=[world.room2.pk])
    )
    assert response.status_code == 200
    response = client.post(reverse("activities:create"), activity_data(world, rooms=[]))
    assert "请至少选择一个社工室" in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_a_joint_activity_keeps_the_other_rooms(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1, world.room2])
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:edit", args=[activity.pk]),
        activity_data(world, title="联合活动", version=activity.version),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "联合活动"
    assert set(activity.rooms.all()) == {world.room1, world.room2}


def test_a_second_edit_is_refused_shown_the_first_and_saved_on_purpose_after(client, world):
    """Two workers open the same activity; the second to save sees the first one's title, keeps
    their own input, and saves it by sending the form again."""
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="原标题")
    url = reverse("activities:edit", args=[activity.pk])
    client.force_login(world.worker1)
    first = client.post(url, activity_data(world, title="甲改的标题", version=1))
    assert first.status_code == 302

    second = client.post(url, activity_data(world, title="乙改的标题", version=1))
    assert second.status_code == 200
    page = second.content.decode()
    assert "其他人已修改了这条记录" in page and "甲改的标题" in page
    assert 'value="乙改的标题"' in page  # the second worker's input stays on the form
    assert 'name="version" value="2"' in page
    activity.refresh_from_db()
    assert activity.title == "甲改的标题"

    again = client.post(url, activity_data(world, title="乙改的标题", version=2))
    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("乙改的标题", 3)


def test_sign_in_of_residents_and_refusal_of_strangers(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    own = ResidentFactory(room=world.room1, real_name="本室居民")
    stranger = ResidentFactory(room=world.room2)
    client.force_login(world.worker1)
    url = reverse("activities:signin", args=[activity.pk])
    page = client.get(url).content.decode()
    assert "本室居民" in page and stranger.real_name not in page
    response = client.post(url, {"resident": stranger.pk, "present": "1"}, follow=True)
    assert "不在您可签到的名单中" in response.content.decode()
    assert not activity.participants.exists()
    client.post(url, {"resident": own.pk, "present": "1"})
    assert list(activity.participants.all()) == [own]
    client.post(url, {"resident": own.pk, "present": "0"})
    assert not activity.participants.exists()


def test_photos_are_served_only_through_the_access_check(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    client.force_login(world.worker1)
    content = jpeg_bytes()
    photo = SimpleUploadedFile("合影.jpg", content, content_type="image/jpeg")
    client.post(
        reverse("activities:attachment_upload", args=[activity.pk]),
        {"kind": "photo", "file": photo},
    )
    attachment = ActivityAttachment.objects.get()
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert not getattr(settings, "MEDIA_URL", "").strip("/"), "no public URL for uploads"
    response = client.get(reverse("activities:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(world.worker2)
    assert client.get(reverse("activities:attachment", args=[attachment.pk])).status_code == 404


def test_uploads_of_unexpected_types_are_refused(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    client.force_login(world.worker1)
    script = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    response = client.post(
        reverse("activities:attachment_upload", args=[activity.pk]),
        {"kind": "photo", "file": script},
        follow=True,
    )
    assert "不支持的文件类型" in response.content.decode()
    assert not ActivityAttachment.objects.exists()


def test_needs_assessment_records_six_dimensions_and_answering_activities(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="助老服务")
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:needs_create"),
        {
            "title": "一号社区需求评估", "room": world.room1.pk, "assessed_on": "2022-03-01",
            "key_populations": "独居老人较多", "findings": "优先开展助老服务",
            "activities": [activity.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    for label in ("社区基本情况", "重点人群", "培育孵化", "人才培养", "个性需求", "社区资源"):
        assert label in page
    assert "独居老人较多" in page and "助老服务" in page


def test_outreach_records_media_reports_and_exchanges(client, world):
    client.force_login(world.staff)
    client.post(
        reverse("activities:media_create"),
        {
            "title": "社工站揭牌",
            "outlet": "宝鸡日报",
            "published_on": "2022-03-01",
            "link": "https://example.org/a",
        },
    )
    client.post(
        reverse("activities:exchange_create"),
        {
            "counterpart": "渭滨区社工站",
            "direction": "hosted",
            "visited_on": "2022-04-01",
            "topics": "经验交流",
        },
    )
    assert "社工站揭牌" in client.get(reverse("activities:outreach")).content.decode()
    assert "渭滨区社工站" in client.get(reverse("activities:exchange_list")).content.decode()


def test_workbench_shows_upcoming_activities_and_sessions_of_own_rooms(
    client, world, django_assert_num_queries
):
    from django.utils import timezone

    soon = timezone.now() + datetime.timedelta(days=2)
    ActivityFactory(station=world.station, rooms=[world.room1], title="下周义诊", starts_at=soon)
    ActivityFactory(station=world.station, rooms=[world.room2], title="别室活动", starts_at=soon)
    GroupSessionFactory(group__room=world.room1, group__station=world.station, group__name="情绪小主人",
                        group__end_date=None, starts_at=soon)  # fmt: skip
    client.force_login(world.worker1)
    page = client.get(reverse("home")).content.decode()
    assert "下周义诊" in page and "情绪小主人 第" in page
    assert "别室活动" not in page


def test_upcoming_panel_query_count_is_fixed(rf, world, django_assert_num_queries):
    from django.utils import timezone

    from activities.panels import upcoming

    request = rf.get("/")
    request.user = world.worker1
    soon = timezone.now() + datetime.timedelta(days=3)
    for count in (1, 8):
        for _ in range(count):
            ActivityFactory(station=world.station, rooms=[world.room1], starts_at=soon)
            GroupSessionFactory(
                group__room=world.room1, group__station=world.station, group__end_date=None,
                starts_at=soon,
            )  # fmt: skip
        with django_assert_num_queries(3):  # activities, their rooms, sessions with groups
            data = upcoming(request)
        assert sum(len(items) for _day, items in data["days"]) == min(
            2 * count if count == 1 else 12, 12
        )


def test_admin_pages_of_activities_open_for_staff_and_supervisors(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    for user in (world.staff, world.supervisor):
        client.force_login(user)
        for url in (
            reverse("admin:activities_activity_add"),
            reverse("admin:activities_activity_change", args=[activity.pk]),
            reverse("admin:activities_activityseries_add"),
            reverse("admin:activities_needsassessment_add"),
            reverse("admin:activities_mediareport_add"),
            reverse("admin:activities_exchangevisit_add"),
        ):
            assert client.get(url).status_code == 200, url


def test_room_worker_signs_in_own_residents_at_a_station_wide_activity(client, world):
    activity = ActivityFactory(station=world.station)
    theirs = ResidentFactory(room=world.room1)
    mine = ResidentFactory(room=world.room2, real_name="二号室居民")
    activity.participants.add(theirs)
    client.force_login(world.worker2)
    url = reverse("activities:signin", args=[activity.pk])
    page = client.get(url).content.decode()
    assert "二号室居民" in page and theirs.real_name not in page
    client.post(url, {"resident": mine.pk, "present": "1"})
    assert set(activity.participants.all()) == {theirs, mine}, "room 1's sign-in is kept"
