"""Two-factor login in a browser: a station head enrols on the phone (QR code, secret, code),
keeps the recovery codes, and logs in again with one of them."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.two_factor


def test_station_head_enrols_and_logs_in_with_a_recovery_code(
    transactional_db, live_server, phone_page, world
):
    page = phone_page
    login(page, live_server, "staff")
    # required: the password alone leads to the enrolment, nowhere else
    expect(page.locator("h1")).to_have_text("启用两步验证")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    page.goto(f"{live_server.url}/stations/residents/")
    expect(page.locator("h1")).to_have_text("启用两步验证")
    secret = page.locator("code").inner_text().replace(" ", "")
    page.fill("input[name=code]", f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="确认启用").click()
    expect(page.locator("h1")).to_have_text("恢复码")
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.locator("h1")).not_to_have_text("恢复码")

    page.context.clear_cookies()
    login(page, live_server, "staff")
    expect(page.locator("h1")).to_have_text("两步验证")
    page.fill("input[name=code]", codes[0])
    page.get_by_role("button", name="验证").click()
    expect(page.locator(".alert-warning").first).to_contain_text("还剩 9 个")
