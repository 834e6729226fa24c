import datetime
import re

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import RoomFactory, StationFactory, UserFactory
from tests.volunteers.factories import ActivityFactory, VolunteerFactory, aware

NAMES = ["甲志愿者", "乙志愿者", "丙志愿者", "丁志愿者", "戊志愿者"]


def test_worker_bulk_enters_five_volunteers_confirms_them_and_prints_a_certificate(
    transactional_db, live_server, phone_page
):
    station = StationFactory(name="测试镇社工站", code="TST")
    room = RoomFactory(station=station, name="一号社工室")
    UserFactory(username="worker", station=station, rooms=[room])
    day = datetime.date(2022, 9, 17)
    ActivityFactory(
        station=station,
        rooms=[room],
        title="中秋敬老志愿服务",
        starts_at=aware(day, 8, 30),
        ends_at=aware(day, 11, 30),
    )
    for name in NAMES:
        VolunteerFactory(room=room, real_name=name)
    page = phone_page
    login(page, live_server, "worker")

    page.goto(f"{live_server.url}/volunteers/records/activities/")
    page.get_by_role("link", name=re.compile("中秋敬老志愿服务")).click()
    for index, (name, hours) in enumerate(zip(NAMES, ["3", "2.5", "3", "1.5", "2"], strict=True)):
        page.select_option(f"select[name=rows-{index}-volunteer]", label=name)
        page.fill(f"input[name=rows-{index}-hours]", hours)
    page.click("#save-rows")
    expect(page.get_by_text("已录入 5 名志愿者的服务时长")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.click("#confirm-all")
    expect(page.get_by_text("已确认 5 条服务记录")).to_be_visible()
    expect(page.locator("table .badge", has_text="已确认")).to_have_count(5)

    page.get_by_role("link", name="乙志愿者").first.click()
    page.get_by_role("link", name="登记服务").wait_for()
    page.get_by_role("link", name="出具服务证明").click()
    page.fill("input[name=period_from]", "2022-01-01")
    page.fill("input[name=period_to]", "2022-12-31")
    page.fill("input[name=person_in_charge]", "王站长")
    page.get_by_role("button", name="出具证明").click()

    expect(page.locator("#certificate-number")).to_have_text(re.compile(r"^TST-ZYZ-\d{4}-0001$"))
    certificate = page.locator("#certificate")
    expect(certificate).to_contain_text("乙志愿者")
    expect(certificate).to_contain_text("累计志愿服务时长 2.5 小时")
    expect(certificate).to_contain_text("中秋敬老志愿服务")
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(certificate).to_be_visible()
