"""Sign-in of an activity on a phone, the way a group session signs in: one tap per resident,
saved at once, a long paginated list searched as you type, and a colleague signing in others on
the same list at the same time (issue 19, item 6)."""

from playwright.sync_api import expect

from tests.activities.factories import ActivityFactory
from tests.e2e.conftest import PHONE, login
from tests.factories import ResidentFactory, UserFactory


def _button(page, name):
    return page.locator("form[id^=resident-]", has_text=name).get_by_role("button")


def test_one_tap_sign_in_with_search_keeps_every_tap_across_pages_and_colleagues(
    transactional_db, live_server, phone_page, browser, world
):
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="重阳敬老茶话会")
    ResidentFactory.create_batch(55, room=world.room1)
    for real_name, pseudonym in [("赵桂兰", "夕阳一"), ("钱秀珍", "夕阳二"), ("谢玉梅", "夕阳三")]:
        ResidentFactory(room=world.room1, real_name=real_name, pseudonym=pseudonym)
    UserFactory(username="colleague", station=world.station, rooms=[world.room1])
    url = f"{live_server.url}/activities/{activity.pk}/signin/"
    page = phone_page

    login(page, live_server, "worker1")
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("重阳敬老茶话会")
    expect(page.locator("#signin-paging")).to_contain_text("共 58 人")
    expect(page.locator("form[id^=resident-]")).to_have_count(50)

    # A tap on page 1, then one on page 2: both saved at once, nothing lost by changing pages.
    first = page.locator("form[id^=resident-]").first
    first.get_by_role("button").click()
    expect(first.get_by_role("button")).to_contain_text("已签到")
    expect(page.locator("#signed-count")).to_have_text("1")
    page.get_by_role("link", name="下一页").click()
    expect(page.locator("form[id^=resident-]")).to_have_count(8)
    page.locator("form[id^=resident-]").first.get_by_role("button").click()
    expect(page.locator("#signed-count")).to_have_text("2")

    # Search as you type: no button to press.
    page.get_by_placeholder("按姓名、化名或社工室查找").fill("夕阳")
    expect(page.locator("form[id^=resident-]")).to_have_count(3)
    expect(page.locator("#signin-paging")).to_have_count(0)
    _button(page, "赵桂兰").click()
    expect(_button(page, "赵桂兰")).to_have_attribute("aria-pressed", "true")

    # Meanwhile a colleague signs in the third resident on their own phone.
    other = browser.new_context(viewport=PHONE, locale="zh-CN")
    other_page = other.new_page()
    login(other_page, live_server, "colleague")
    other_page.goto(f"{url}?q=夕阳")
    _button(other_page, "谢玉梅").click()
    expect(_button(other_page, "谢玉梅")).to_have_attribute("aria-pressed", "true")
    other.close()

    _button(page, "钱秀珍").click()
    expect(_button(page, "钱秀珍")).to_have_attribute("aria-pressed", "true")
    # A stale screen tapping 谢玉梅 (shown unsigned here) signs her in, it never takes her out.
    _button(page, "谢玉梅").click()
    expect(_button(page, "谢玉梅")).to_have_attribute("aria-pressed", "true")
    # Tapping a signed-in resident again takes the sign-in back.
    _button(page, "钱秀珍").click()
    expect(_button(page, "钱秀珍")).to_have_attribute("aria-pressed", "false")

    page.reload()
    expect(page.get_by_placeholder("按姓名、化名或社工室查找")).to_have_value("夕阳")
    for name in ("赵桂兰", "谢玉梅"):
        expect(_button(page, name)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#signed-count")).to_have_text("4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    names = set(activity.participants.values_list("real_name", flat=True))
    assert {"赵桂兰", "谢玉梅"} <= names and "钱秀珍" not in names
    assert activity.participants.count() == 4
