"""A supervisor reads a service plan in the approval queue, sees what changed since the
previous version, and returns it with a comment; the worker sees the decision on their home
page and marks it read."""

from playwright.sync_api import expect

from tests.e2e.conftest import login

DESKTOP = {"width": 1280, "height": 900}


def test_supervisor_returns_a_plan_and_the_worker_sees_it(
    transactional_db, live_server, phone_page, browser, world
):
    from tests.cases.test_review import plan_under_review

    case, approval = plan_under_review(world)

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    login(desk, live_server, "supervisor")
    desk.goto(f"{live_server.url}/cases/approvals/")
    card = desk.locator(f"#approval-{approval.pk}")
    expect(card).to_contain_text("每周三次助餐")
    expect(card.locator(".review-diff")).to_contain_text("与第 1 版相比")
    expect(card.locator(".review-diff")).to_contain_text("每周两次助餐")
    card.locator("textarea[name=comment]").fill("目标请写得可衡量")
    card.get_by_role("button", name="退回").click()
    expect(desk.locator(".alert-success")).to_contain_text(case.number)
    context.close()

    page = phone_page
    login(page, live_server, "worker1")
    panel = page.locator("#panel-notifications")
    expect(panel.locator("#notification-count")).to_contain_text("1 条未读")
    expect(panel).to_contain_text("已退回")
    expect(panel).to_contain_text("目标请写得可衡量")
    panel.get_by_role("button", name="标为已读").click()
    expect(page.locator("h1")).to_contain_text("通知")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#notification-count")).to_contain_text("0 条未读")
