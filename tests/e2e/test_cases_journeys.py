"""A case from opening to the printed file, on a 375-px phone screen."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, login


def _world():
    from stations.models import Role
    from tests.factories import (
        KeyPopulationTagFactory,
        ResidentFactory,
        RoomFactory,
        StationFactory,
        UserFactory,
    )

    station = StationFactory(name="陈仓镇社工站", code="CCZ")
    room = RoomFactory(station=station, name="联盟社区社工室")
    UserFactory(username="shegong", station=station, rooms=[room])
    UserFactory(username="dudao", role=Role.SUPERVISOR, station=station, rooms=[room])
    resident = ResidentFactory(room=room, real_name="李秀英", pseudonym="华华")
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    return resident


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def _supervisor_approves(browser, live_server, number, kind):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "dudao")
    expect(page.locator("#panel-cases_pending_approvals")).to_contain_text(number)
    page.goto(f"{live_server.url}/cases/approvals/")
    card = page.locator(".card", has_text=kind)
    card.locator("textarea[name=comment]").fill("同意")
    card.get_by_role("button", name="批准").click()
    expect(page.locator(".alert-success")).to_contain_text(number)
    context.close()


def test_worker_takes_a_case_from_opening_to_the_printed_file(
    transactional_db, live_server, phone_page, browser
):
    resident = _world()
    today = timezone.localdate().isoformat()
    page = phone_page
    login(page, live_server, "shegong")
    expect(page.locator("h1")).to_have_text("我的工作台")
    expect(page.locator("#panel-cases_overdue_visits")).to_contain_text("李秀英")

    # Register the case with informed consent and ask for opening.
    page.goto(f"{live_server.url}/cases/new/?resident={resident.pk}")
    page.select_option("select[name=source]", "outreach")
    page.fill("textarea[name=presenting_problem]", "独居，近期摔倒，做饭困难")
    page.check("input[name=service_areas][value=elderly_care]")
    page.select_option("select[name=risk_level]", "medium")
    page.select_option("select[name=consent]", "self")
    page.fill("input[name=consent_date]", "2022-03-01")
    _click(page, "保存")
    expect(page.locator("#case-stage")).to_have_text("咨询受理")
    number = page.locator("h1").inner_text().split()[0]
    assert re.fullmatch(r"CCZ-\d{4}-0001", number)
    _click(page, "申请开案（督导审批）")
    expect(page.locator(".alert-success")).to_contain_text("等待督导审批")

    _supervisor_approves(browser, live_server, number, "开案审批")

    page.reload()
    expect(page.locator("#case-stage")).to_have_text("接案")
    _click(page, "开始预估")
    page.get_by_role("link", name="＋ 填写预估").click()
    page.fill("input[name=assessed_on]", "2022-03-05")
    page.fill("textarea[name=physical]", "高血压，行走需扶拐杖")
    page.fill("textarea[name=summary]", "需要生活照料与邻里支持")
    _click(page, "保存")
    _click(page, "进入计划阶段")
    page.get_by_role("link", name="＋ 制定服务计划").click()
    page.fill("input[name=planned_on]", "2022-03-10")
    page.select_option("select[name=intervention_model]", "task_centred")
    page.fill("textarea[name=goals_text]", "每周至少两次助餐\n建立邻里问候网络")
    _click(page, "保存")
    # MZ/T 094: intervention starts once the supervisor has approved the plan.
    _click(page, "开始介入")
    expect(page.get_by_text("服务计划尚未经督导批准")).to_be_visible()
    _click(page, "提交督导审批")
    _supervisor_approves(browser, live_server, number, "服务计划审批")
    page.reload()
    _click(page, "开始介入")
    expect(page.locator("#case-stage")).to_have_text("介入")

    for note in ["第一次入户：检查居家安全", "第二次入户：送餐已落实"]:
        page.get_by_role("link", name="记录入户走访").click()
        expect(page.locator("select[name=case] option:checked")).to_have_text(f"{number}（介入）")
        page.fill("textarea[name=content]", note)
        _click(page, "保存走访记录")
        expect(page.locator(".alert-success")).to_contain_text("入户走访")
    expect(page.locator("#case-timeline")).to_contain_text("第二次入户")

    # Closing before the evaluation is refused with a clear message.
    page.get_by_role("link", name="＋ 填写结案表").click()
    page.fill("input[name=closed_on]", today)
    page.select_option("select[name=reason]", "goals_met")
    page.fill("textarea[name=summary]", "目标达成")
    for select in page.locator("select[name^=goal_]").all():
        select.select_option("achieved")
    _click(page, "保存")
    expect(page.get_by_text("尚未完成评估，不能填写结案表")).to_be_visible()

    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name=number).click()
    _click(page, "进入评估阶段")
    page.get_by_role("link", name="＋ 填写评估").click()
    page.fill("input[name=evaluated_on]", "2022-09-20")
    page.fill("textarea[name=findings]", "助餐落实，邻里网络建立")
    _click(page, "保存")
    page.get_by_role("link", name="＋ 填写结案表").click()
    page.fill("input[name=closed_on]", today)
    page.select_option("select[name=reason]", "goals_met")
    page.fill("textarea[name=summary]", "经过半年服务，生活照料问题已解决")
    for select in page.locator("select[name^=goal_]").all():
        select.select_option("achieved")
    _click(page, "保存")
    _click(page, "申请结案")
    expect(page.locator("#case-stage")).to_have_text("结案审批中")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    _supervisor_approves(browser, live_server, number, "结案审批")

    page.reload()
    expect(page.locator("#case-stage")).to_have_text("已结案")
    page.get_by_role("link", name="打印整套档案").click()
    printed = page.locator(".print-page")
    for text in [
        "接案登记表",
        "需要生活照料与邻里支持",
        "每周至少两次助餐",
        "第一次入户：检查居家安全",
        "第二次入户：送餐已落实",
        "助餐落实，邻里网络建立",
        "经过半年服务，生活照料问题已解决",
        "已批准结案",
        "华华",
    ]:
        expect(printed).to_contain_text(text)
    expect(printed).not_to_contain_text("李秀英")
