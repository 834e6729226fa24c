"""Charity journey on a phone: an in-kind gift, a payout of part of it to two households after
the committee's approval, and the printed notice-board disclosure."""

from playwright.sync_api import expect

from stations.models import Role
from tests.charity.factories import CharityProjectFactory, FundFactory, PartnerUnitFactory
from tests.e2e.conftest import login
from tests.factories import HouseholdFactory, RoomFactory, StationFactory, UserFactory


def test_in_kind_gift_is_paid_out_to_two_households_and_disclosed(
    transactional_db, live_server, phone_page, tmp_path
):
    station = StationFactory(name="测试镇社工站", code="TST")
    room = RoomFactory(station=station, name="一号社工室", community="一号社区")
    UserFactory(username="staff", role=Role.STATION_STAFF, station=station)
    supervisor = UserFactory(username="dudao", role=Role.SUPERVISOR, station=station, rooms=[room])
    fund = FundFactory(station=station, name="一号社区慈善基金", committee=[supervisor])
    project = CharityProjectFactory(fund=fund, title="困境儿童助学圆梦", rooms=[room])
    PartnerUnitFactory(station=station, name="宏远文具有限公司")
    HouseholdFactory(room=room, name="王建国户")
    HouseholdFactory(room=room, name="李淑珍户")
    page = phone_page

    # Station staff record 15,000 CNY of school supplies.
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/charity/donations/new/?project={project.pk}")
    page.check("input[name=form][value=in_kind]")
    page.fill("input[name=amount]", "15000")
    page.fill("input[name=items]", "书包、文具套装")
    page.fill("input[name=quantity]", "300")
    page.fill("input[name=unit]", "套")
    page.check("input[name=donor_type][value=partner]")
    page.select_option("select[name=donor_partner]", label="宏远文具有限公司")
    page.check("input[name=name_consent]")
    page.fill("input[name=receipt_number]", "JZ2022-201")
    page.click("main button[type=submit]")
    expect(page.locator("#balance-in-kind")).to_have_text("15,000.00")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # …and ask for 6,000 CNY of it to go to two households.
    page.goto(f"{live_server.url}/charity/disbursements/new/?project={project.pk}")
    page.check("input[name=form][value=in_kind]")
    page.fill("input[name=amount]", "6000")
    page.fill("input[name=items]", "书包、文具套装")
    page.fill("input[name=purpose]", "困境儿童学习用品发放")
    page.select_option("select[name=b-0-household]", label="王建国户")
    page.fill("input[name=b-0-amount]", "3000")
    page.select_option("select[name=b-1-household]", label="李淑珍户")
    page.fill("input[name=b-1-amount]", "3000")
    page.click("main button[type=submit]")
    expect(page.locator("#status")).to_have_text("待审批")
    detail_url = page.url

    # A committee member approves; the payout then takes effect.
    page.context.clear_cookies()
    login(page, live_server, "dudao")
    page.goto(detail_url)
    page.click("#approve")
    expect(page.locator("#status")).to_have_text("已审批，待发放")
    page.click("#apply")
    expect(page.locator("#status")).to_have_text("已发放")
    expect(page.get_by_text("王建国户")).to_be_visible()

    # The notice-board page: totals, counts, no names; it prints on A4.
    page.goto(f"{live_server.url}/charity/projects/{project.pk}/disclosure/")
    expect(page.locator("#total-raised")).to_have_text("15,000.00")
    expect(page.locator("#total-spent")).to_have_text("6,000.00")
    expect(page.locator("#total-left")).to_have_text("9,000.00")
    expect(page.get_by_text("2 户 / 0 人")).to_be_visible()
    expect(page.get_by_text("宏远文具有限公司")).to_be_visible()
    assert "王建国" not in page.content() and "李淑珍" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.emulate_media(media="print")
    expect(page.locator("#print-button")).to_be_hidden()
    expect(page.locator("nav.navbar")).to_be_hidden()
    pdf = page.pdf(format="A4", path=str(tmp_path / "disclosure.pdf"))
    assert pdf.startswith(b"%PDF")
