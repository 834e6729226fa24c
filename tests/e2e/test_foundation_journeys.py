import re

from playwright.sync_api import expect

from stations.demo import DEMO_PASSWORD
from tests.e2e.conftest import login


def test_room_worker_logs_in_and_sees_the_workbench_in_chinese(
    transactional_db, live_server, phone_page
):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    login(phone_page, live_server, "shegong01", DEMO_PASSWORD)
    expect(phone_page.locator("h1")).to_have_text("我的工作台")
    expect(phone_page.get_by_text("联盟社区社工室").first).to_be_visible()
    # A 375-px screen shows no horizontal scroll bar on the workbench.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_official_cannot_open_the_admin(transactional_db, live_server, phone_page):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    login(phone_page, live_server, "guanyuan", DEMO_PASSWORD)
    expect(phone_page.locator("h1")).to_have_text("数据概览")
    phone_page.goto(f"{live_server.url}/admin/")
    expect(phone_page).not_to_have_url(re.compile(r"/admin/$"))
    expect(phone_page.locator("h1")).to_have_text("数据概览")


def test_wrong_password_shows_a_chinese_message(transactional_db, live_server, phone_page):
    from tests.factories import UserFactory

    UserFactory(username="worker")
    login(phone_page, live_server, "worker", "wrong-password")
    expect(phone_page.get_by_text("用户名或密码不正确")).to_be_visible()
