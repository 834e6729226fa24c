"""The activity sign-in sheet people sign on paper."""

from django.urls import reverse

from tests.activities.factories import ActivityFactory, NeedsAssessmentFactory
from tests.factories import ResidentFactory


def sheet(client, world, **query):
    first = ResidentFactory(room=world.room1, real_name="李秀英", pseudonym="华华")
    second = ResidentFactory(room=world.room1, real_name="王建国", pseudonym="小王")
    other = ResidentFactory(room=world.room2, real_name="二室居民", pseudonym="二二")
    activity = ActivityFactory(
        station=world.station,
        rooms=[world.room1, world.room2],
        title="重阳敬老",
        place="社区活动室",
        participants=[first, second, other],
    )
    activity.organisers.set([world.worker1])
    url = reverse("registers:activity_signin_sheet", args=[activity.pk])
    return client.get(url, query).content.decode()


def test_the_sheet_prints_real_names_expected_count_blank_rows_and_signatures(client, world):
    client.force_login(world.worker1)
    html = sheet(client, world)
    assert "李秀英" in html and "王建国" in html and "华华" not in html
    assert "二室居民" not in html  # another room's resident stays off a room worker's sheet
    assert "应到" in html and "2 人" in html and "实到" in html
    assert html.count('class="blank-row"') == 10
    assert "本人签名" in html and "活动负责人签名" in html
    assert world.station.name in html and "size:A4 portrait" in html and "counter(page)" in html


def test_the_sheet_can_print_pseudonyms_and_more_blank_rows(client, world):
    client.force_login(world.staff)
    html = sheet(client, world, pseudonyms="1", blank="20")
    assert "华华" in html and "李秀英" not in html
    assert "二二" in html  # station staff see every room's participants
    assert html.count('class="blank-row"') == 20


def test_a_bad_blank_count_falls_back_to_the_default(client, world):
    client.force_login(world.worker1)
    assert sheet(client, world, blank="abc").count('class="blank-row"') == 10


def test_the_activity_record_sheet_has_the_content_outcome_and_counts(client, world):
    activity = ActivityFactory(
        station=world.station,
        rooms=[world.room1],
        title="端午包粽子",
        content="包粽子，讲端午习俗",
        outcome="居民互相认识",
        participants=[ResidentFactory(room=world.room1)],
    )
    client.force_login(world.worker1)
    url = reverse("registers:activity_record_sheet", args=[activity.pk])
    html = client.get(url).content.decode()
    assert "社区活动记录表" in html and "包粽子，讲端午习俗" in html and "居民互相认识" in html
    assert world.station.name in html and "counter(page)" in html


def test_the_needs_assessment_sheet_prints_every_dimension(client, world):
    assessment = NeedsAssessmentFactory(
        station=world.station, room=world.room1, findings="需要老年食堂"
    )
    client.force_login(world.worker1)
    url = reverse("registers:needs_assessment_sheet", args=[assessment.pk])
    html = client.get(url).content.decode()
    assert "社区需求评估表" in html and "需要老年食堂" in html and "社区基本情况" in html
