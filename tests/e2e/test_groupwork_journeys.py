from playwright.sync_api import expect

from activities.models import Activity
from groups.models import Attendance
from stations.models import PartnerKind, PartnerUnit
from tests.activities.factories import ActivityFactory, SeriesFactory
from tests.e2e.conftest import login
from tests.groups.factories import GroupFactory, GroupMemberFactory, GroupSessionFactory


def test_worker_takes_the_sign_in_of_a_group_session_on_a_phone(
    transactional_db, live_server, phone_page, world
):
    group = GroupFactory(room=world.room1, station=world.station, name="我是情绪小主人")
    for name in ("小明", "小红", "小刚"):
        GroupMemberFactory(group=group, volunteer_name=name)
    session = GroupSessionFactory(group=group, number=1, theme="情绪小精灵")
    login(phone_page, live_server, "worker1")
    phone_page.goto(f"{live_server.url}/groups/sessions/{session.pk}/signin/")
    expect(phone_page.locator("h1")).to_contain_text("我是情绪小主人")
    phone_page.get_by_role("button", name="小明").click()
    expect(phone_page.get_by_role("button", name="小明")).to_contain_text("已签到")
    phone_page.get_by_role("button", name="小刚").click()
    expect(phone_page.locator("#signed-count")).to_have_text("2")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.reload()
    expect(phone_page.locator("#signed-count")).to_have_text("2")
    names = sorted(a.member.volunteer_name for a in Attendance.objects.select_related("member"))
    assert names == ["小刚", "小明"]


def test_worker_records_an_activity_that_shows_in_the_series_totals(
    transactional_db, live_server, phone_page, world
):
    series = SeriesFactory(station=world.station, name="夏日梦想")
    ActivityFactory(
        station=world.station, rooms=[world.room2], series=series,
        direct_participant_count=30, indirect_beneficiaries=10,
    )  # fmt: skip
    PartnerUnit.objects.create(
        station=world.station, name="农业银行陈仓支行", kind=PartnerKind.BANK
    )
    PartnerUnit.objects.create(
        station=world.station, name="陈仓镇卫生院", kind=PartnerKind.HOSPITAL
    )
    login(phone_page, live_server, "worker2")
    phone_page.goto(f"{live_server.url}/activities/series/{series.pk}/")
    expect(phone_page.locator("#total-direct")).to_have_text("30")
    phone_page.get_by_role("link", name="在本系列中登记活动").click()
    phone_page.fill("#id_title", "夏日梦想·趣味编程")
    phone_page.select_option("#id_activity_type", "education")
    phone_page.fill("#id_starts_at", "2022-07-20T09:00")
    phone_page.fill("#id_ends_at", "2022-07-20T11:00")
    phone_page.get_by_label("二号社工室").check()
    phone_page.get_by_label("儿童福利").check()
    phone_page.get_by_label("农业银行陈仓支行").check()
    phone_page.get_by_label("陈仓镇卫生院").check()
    phone_page.fill("#id_direct_participant_count", "28")
    phone_page.fill("#id_indirect_beneficiaries", "12")
    phone_page.get_by_role("button", name="保存").click()
    expect(phone_page.locator("#direct-total")).to_have_text("28")
    expect(phone_page.locator("#partner-units")).to_contain_text("农业银行陈仓支行")
    expect(phone_page.locator("#partner-units")).to_contain_text("陈仓镇卫生院")
    phone_page.get_by_role("link", name="夏日梦想").click()
    expect(phone_page.locator("#total-activities")).to_have_text("2")
    expect(phone_page.locator("#total-direct")).to_have_text("58")
    expect(phone_page.locator("#total-indirect")).to_have_text("22")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Activity.objects.get(title="夏日梦想·趣味编程").series == series
