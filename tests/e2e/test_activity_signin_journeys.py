"""Sign-in of an activity on a phone: a long, paginated list searched by pseudonym, while a
colleague signs in someone else on the same page."""

from playwright.sync_api import expect

from tests.activities.factories import ActivityFactory
from tests.e2e.conftest import PHONE, login
from tests.factories import ResidentFactory, UserFactory


def _row(page, name):
    return page.locator("label.list-group-item", has_text=name).locator("input[type=checkbox]")


def test_two_workers_sign_in_residents_of_one_page_without_undoing_each_other(
    transactional_db, live_server, phone_page, browser, world
):
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="重阳敬老茶话会")
    ResidentFactory.create_batch(55, room=world.room1)
    for real_name, pseudonym in [("赵桂兰", "夕阳一"), ("钱秀珍", "夕阳二"), ("孙玉梅", "夕阳三")]:
        ResidentFactory(room=world.room1, real_name=real_name, pseudonym=pseudonym)
    UserFactory(username="colleague", station=world.station, rooms=[world.room1])
    url = f"{live_server.url}/activities/{activity.pk}/signin/"
    page = phone_page

    login(page, live_server, "worker1")
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("重阳敬老茶话会")
    expect(page.locator("#signin-paging")).to_contain_text("共 58 人")
    expect(page.locator("label.list-group-item")).to_have_count(50)
    page.get_by_placeholder("按姓名、化名或社工室查找").fill("夕阳")
    page.get_by_role("button", name="查找").click()
    expect(page.locator("label.list-group-item")).to_have_count(3)
    expect(page.locator("#signin-paging")).to_have_count(0)
    _row(page, "赵桂兰").check()
    _row(page, "钱秀珍").check()

    # Meanwhile a colleague signs in the third resident of the same page, on their own phone.
    other = browser.new_context(viewport=PHONE, locale="zh-CN")
    other_page = other.new_page()
    login(other_page, live_server, "colleague")
    other_page.goto(f"{url}?q=夕阳")
    _row(other_page, "孙玉梅").check()
    other_page.get_by_role("button", name="保存签到").click()
    expect(other_page.locator(".alert-success")).to_contain_text("已签到 1 人")
    other.close()

    page.get_by_role("button", name="保存签到").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "已签到 2 人，取消 0 人，本活动共 3 人签到。"
    )
    warning = page.locator(".alert-warning")
    expect(warning).to_contain_text("有人更改了以下服务对象的签到，已保留其更改")
    expect(warning).to_contain_text("孙玉梅（已签到）")
    expect(warning).not_to_contain_text("赵桂兰")
    # Back on the same search, every one of the three is ticked.
    expect(page.get_by_placeholder("按姓名、化名或社工室查找")).to_have_value("夕阳")
    for name in ("赵桂兰", "钱秀珍", "孙玉梅"):
        expect(_row(page, name)).to_be_checked()
    expect(page.locator("p.text-muted").first).to_contain_text("已签到 3 人")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    names = sorted(activity.participants.values_list("real_name", flat=True))
    assert names == ["孙玉梅", "赵桂兰", "钱秀珍"]
