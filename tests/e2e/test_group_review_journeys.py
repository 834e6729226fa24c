"""A worker submits a group plan from a phone; the supervisor finds it on the home page and in
the approval queue, on a desktop screen, and approves it with a comment."""

from playwright.sync_api import expect

from groups.models import Group, PlanStatus
from tests.e2e.conftest import login

DESKTOP = {"width": 1280, "height": 900}


def test_supervisor_approves_a_submitted_group_plan(
    transactional_db, live_server, phone_page, browser, world
):
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/groups/new/")
    page.fill("#id_name", "亲子沟通成长小组")
    page.select_option("#id_group_type", "growth")
    page.select_option("#id_room", str(world.room1.pk))
    page.fill("#id_start_date", "2022-04-01")
    page.fill("#id_end_date", "2022-06-30")
    page.fill("#id_goals", "改善亲子沟通")
    page.fill("#id_target_members", "10-14 岁儿童及其家长")
    page.fill("#id_planned_sessions", "6")
    page.fill("#id_evaluation_method", "前后测问卷")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("小组已创建")
    page.get_by_role("button", name="提交督导审核").click()
    expect(page.locator(".alert-success")).to_contain_text("计划书已提交督导审核")
    expect(page.get_by_text("计划书：待督导审核")).to_be_visible()
    group = Group.objects.get(name="亲子沟通成长小组")

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    desk = context.new_page()
    desk.set_default_timeout(15_000)
    login(desk, live_server, "supervisor")
    panel = desk.locator("#panel-groups_submitted_plans")
    expect(panel).to_contain_text("小组计划书待审核")
    expect(panel.locator(f"#plan-{group.pk}")).to_contain_text("亲子沟通成长小组")
    expect(panel.locator(f"#plan-{group.pk}")).to_contain_text("一号社工室")

    desk.goto(f"{live_server.url}/cases/approvals/")
    queue = desk.locator("#section-groups_submitted_plans")
    expect(queue).to_contain_text("小组计划书待审核")
    queue.get_by_role("link", name="亲子沟通成长小组").click()
    review = desk.locator("#review")
    expect(review).to_be_visible()
    review.get_by_label("批准").check()
    review.get_by_label("督导意见").fill("目标清晰，同意开展")
    review.get_by_role("button", name="提交审核意见").click()
    expect(desk.locator(".alert-success")).to_contain_text("审核意见已保存")
    expect(desk.get_by_text("计划书：已批准")).to_be_visible()
    expect(desk.get_by_text("目标清晰，同意开展")).to_be_visible()
    expect(desk.locator("#review")).to_have_count(0)

    desk.goto(f"{live_server.url}/cases/approvals/")
    queue = desk.locator("#section-groups_submitted_plans")
    expect(queue).to_contain_text("暂无待审核的小组计划书")
    expect(queue).not_to_contain_text("亲子沟通成长小组")
    desk.goto(f"{live_server.url}/")
    expect(desk.locator("#panel-groups_submitted_plans")).not_to_contain_text("亲子沟通成长小组")
    context.close()

    # The worker sees the approval and may now add sessions.
    page.reload()
    expect(page.get_by_text("计划书：已批准")).to_be_visible()
    expect(page.get_by_text("目标清晰，同意开展")).to_be_visible()
    expect(page.get_by_role("link", name="新增节次")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    group.refresh_from_db()
    assert group.plan_status == PlanStatus.APPROVED
