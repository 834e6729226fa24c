"""The admin, in a browser: a station head adds a room worker who then logs in, and two
supervisors editing the same partner unit do not overwrite each other silently."""

from django.urls import reverse
from playwright.sync_api import expect

from stations.models import PartnerUnit, User
from tests.e2e.conftest import login

DESKTOP = {"width": 1280, "height": 900}
NEW_PASSWORD = "Chencang-shegong-2022"


def _desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_station_head_adds_a_room_worker_who_then_logs_in(
    transactional_db, live_server, phone_page, browser, world
):
    context, page = _desktop(browser)
    login(page, live_server, "staff")
    page.goto(live_server.url + reverse("admin:stations_user_add"))
    page.fill("#id_username", "xiaozhou")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.fill("#id_last_name", "周")
    page.fill("#id_first_name", "晓")
    page.select_option("#id_role", "room_worker")
    page.select_option("#id_station", str(world.station.pk))
    page.select_option("#id_rooms_from", str(world.room1.pk))
    page.click("#id_rooms_add")
    expect(page.locator("#id_rooms_to option")).to_have_count(1)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("成功添加了 工作人员“周晓”")
    # The change page it lands on shows the account with room 1 chosen.
    expect(page.locator("#id_rooms_to option")).to_have_text(["一号社工室"])
    context.close()

    user = User.objects.get(username="xiaozhou")
    assert list(user.rooms.values_list("name", flat=True)) == ["一号社工室"]

    login(phone_page, live_server, "xiaozhou", NEW_PASSWORD)
    expect(phone_page.locator("h1")).to_have_text("我的工作台")
    expect(phone_page.locator("#panel-my_rooms")).to_contain_text("一号社工室")
    expect(phone_page.locator("#panel-my_rooms")).not_to_contain_text("二号社工室")


def test_second_admin_save_of_a_partner_unit_is_refused_then_goes_through(
    transactional_db, live_server, browser, world
):
    partner = PartnerUnit.objects.create(station=world.station, name="宏远文具", kind="enterprise")
    url = live_server.url + reverse("admin:stations_partnerunit_change", args=[partner.pk])
    first_context, first = _desktop(browser)
    second_context, second = _desktop(browser)
    for page in (first, second):
        login(page, live_server, "supervisor")
        page.goto(url)
        expect(page.locator("#id_name")).to_have_value("宏远文具")

    first.fill("#id_contact_person", "钱主任")
    first.locator("input[name=_save]").click()
    expect(first.locator(".messagelist")).to_contain_text("宏远文具")
    expect(first.locator(".errornote")).to_have_count(0)

    second.fill("#id_contact_person", "李经理")
    second.locator("input[name=_save]").click()
    errors = second.locator(".errorlist.nonfield")
    expect(errors).to_contain_text("其他人已修改了这条记录")
    expect(errors).to_contain_text("钱主任")
    expect(second.locator("#id_contact_person")).to_have_value("李经理")
    partner.refresh_from_db()
    assert partner.contact_person == "钱主任"

    second.locator("input[name=_save]").click()
    expect(second.locator(".messagelist")).to_contain_text("宏远文具")
    expect(second.locator(".errornote")).to_have_count(0)
    partner.refresh_from_db()
    assert partner.contact_person == "李经理"
    first_context.close()
    second_context.close()
