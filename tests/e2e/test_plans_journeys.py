"""The station head sets the year's targets; a supervisor records a one-to-one session."""

from playwright.sync_api import expect

from tests.e2e.conftest import login


def _world():
    from stations.models import Role
    from tests.factories import ResidentFactory, RoomFactory, StationFactory, UserFactory

    station = StationFactory(name="陈仓镇社工站", code="CCZ")
    room = RoomFactory(station=station, name="联盟社区社工室")
    UserFactory(username="zhanzhang", role=Role.STATION_STAFF, station=station)
    worker = UserFactory(username="shegong", station=station, rooms=[room])
    UserFactory(username="dudao", role=Role.SUPERVISOR, station=station, rooms=[room])
    ResidentFactory(room=room)
    return worker


def test_station_head_sets_three_targets_and_sees_progress_at_home(
    transactional_db, live_server, phone_page
):
    _world()
    page = phone_page
    login(page, live_server, "zhanzhang")
    for figure, goal in [
        ("casework.home_visits", "400"),
        ("groupwork.sessions", "24"),
        ("community.activities", "36"),
    ]:
        page.goto(f"{live_server.url}/plans/targets/new/")
        page.select_option("select[name=figure]", figure)
        page.fill("input[name=target]", goal)
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".alert-success")).to_contain_text("年度指标已保存")
    page.goto(f"{live_server.url}/")
    panel = page.locator("#panel-plans_targets")
    expect(panel.locator(".target-row")).to_have_count(3)
    expect(panel).to_contain_text("400")
    expect(panel).to_contain_text("应完成")


def test_supervisor_records_a_one_to_one_session_seen_on_the_staff_page(
    transactional_db, live_server, phone_page
):
    worker = _world()
    page = phone_page
    login(page, live_server, "dudao")
    page.goto(f"{live_server.url}/plans/workload/")
    page.locator(f'tr[data-worker="{worker.pk}"]').get_by_role("link", name="成长档案").click()
    page.get_by_role("link", name="记录督导").click()
    expect(page.locator("select[name=kind]")).to_have_value("individual")
    page.fill("input[name=hours]", "1.5")
    page.fill("textarea[name=topics]", "独居老人个案的风险评估与自我照顾")
    page.fill("textarea[name=follow_up]", "下周复盘走访记录")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("督导记录已保存")
    expect(page.locator("#staff-sessions")).to_contain_text("独居老人个案的风险评估与自我照顾")
    expect(page.locator("#staff-sessions")).to_contain_text("个别督导")
    expect(page.locator("#staff-hours")).to_contain_text("1.5 / 72")


def test_a_worker_submits_a_weekly_plan_and_the_supervisor_approves_it(
    transactional_db, live_server, phone_page
):
    worker = _world()
    page = phone_page
    login(page, live_server, "shegong")
    page.goto(f"{live_server.url}/")
    page.locator("#panel-plans_work_plans").get_by_role("link", name="制定工作计划").click()
    page.select_option("select[name=room]", str(worker.rooms.get().pk))
    page.select_option("select[name=worker]", str(worker.pk))
    page.fill("textarea[name=notes]", "重点走访独居老人")
    page.select_option("select[name=items-0-kind]", "visit")
    page.fill("input[name=items-0-planned_count]", "3")
    page.select_option("select[name=items-1-kind]", "other")
    page.fill("input[name=items-1-description]", "整理走访台账")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("工作计划已保存")
    expect(page.locator("#workplan-progress")).to_have_text("0 / 2")
    page.get_by_role("button", name="提交督导审核").click()
    expect(page.locator("#workplan-status")).to_have_text("待督导审核")

    page.context.clear_cookies()
    login(page, live_server, "dudao")
    page.goto(f"{live_server.url}/plans/work-plans/")
    page.get_by_role("link", name="待我审核").click()
    page.locator("#workplan-table a").first.click()
    page.get_by_label("批准").check()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.locator("#workplan-status")).to_have_text("已批准")
