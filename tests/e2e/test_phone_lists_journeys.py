"""Phone-first lists and pickers (issue 19, items 4 and 5) on a 375-px screen: the residents and
cases lists are cards with the columns that matter, nothing is wider than the screen, every tap
target is at least 44 px tall; a resident is picked by typing part of a name or a tag."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import ResidentRiskFlag
from plans.models import WorkPlan
from stations.models import ExportLog, ReadLog
from tests.activities.factories import (
    ExchangeVisitFactory,
    MediaReportFactory,
    NeedsAssessmentFactory,
    SeriesFactory,
)
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.charity.factories import CharityProjectFactory, FundFactory, donate
from tests.e2e.conftest import PHONE, login
from tests.factories import HouseholdFactory, KeyPopulationTagFactory, ResidentFactory
from tests.organizations.factories import OrganizationFactory, PartnerUnitFactory
from tests.volunteers.factories import (
    ActivityFactory,
    CertificateFactory,
    GroupFactory,
    ProjectFactory,
    VolunteerFactory,
)
from tests.volunteers.factories import ServiceRecordFactory as VolunteerRecordFactory

# Elements (in the page's main part) wider than the screen, and visible tap targets lower than
# 44 px: links, buttons, the filter bar's summary, fields (a tick box by its label, which a tap
# ticks).
TOO_WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName + '.' + e.className)"""
TOO_SMALL = """(scope) => [...document.querySelectorAll(
    ['a', 'button', 'summary', 'select', 'input:not([type=hidden])'].map(t => scope + ' ' + t).join())]
  .filter(e => e.getClientRects().length)
  .map(e => (e.type === 'checkbox' || e.type === 'radio') && e.labels.length ? e.labels[0] : e)
  .filter(e => e.getBoundingClientRect().height < 44)
  .map(e => e.tagName + ' ' + (e.textContent || e.name).trim() + ' '
    + Math.round(e.getBoundingClientRect().height))"""


def check_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(TOO_WIDE) == []
    assert page.evaluate(TOO_SMALL, "main") == []


def test_the_residents_list_is_cards_that_fit_a_phone(
    transactional_db, live_server, phone_page, world
):
    for number in range(12):
        ResidentFactory(room=world.room1, real_name=f"长名字居民{number:02d}号")
    resident = ResidentFactory(room=world.room1, real_name="何玉兰", pseudonym="小兰花")
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    visited = timezone.now() - datetime.timedelta(days=3)
    ServiceRecordFactory(resident=resident, worker=world.worker1, start_at=visited)
    ResidentRiskFlag.objects.create(
        resident=resident, level="high", reason="独居", raised_by=world.worker1
    )
    next_contact = timezone.localdate(visited) + datetime.timedelta(days=14)
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/stations/residents/?sort=-registered")

    card = page.locator("table.list-table tbody tr", has_text="何玉兰")
    expect(card.get_by_role("link", name="何玉兰")).to_be_visible()
    expect(card.get_by_text("空巢/独居老人")).to_be_visible()
    expect(card.get_by_text("一号社工室")).to_be_visible()
    expect(card.get_by_text("小兰花")).to_be_visible()
    # last visit, risk and next contact (last visit + 14 days for an elderly person living alone)
    expect(card.locator("td[data-label=最近走访]")).to_have_text(
        f"{timezone.localdate(visited):%Y-%m-%d}"
    )
    expect(card.locator("td[data-label=风险]")).to_have_text("高")
    expect(card.locator("td[data-label=下次联系]")).to_have_text(f"{next_contact:%Y-%m-%d}")
    for label in ("最近走访", "风险", "下次联系"):
        expect(card.locator(f"td[data-label={label}]")).to_be_visible()
    expect(card.get_by_text(resident.masked_phone)).to_be_hidden()
    expect(page.locator("table.list-table thead")).to_be_hidden()
    # the filters fold away; one tap opens them
    expect(page.locator("input[name=q]")).to_be_hidden()
    page.get_by_text("筛选和排序").click()
    expect(page.locator("input[name=q]")).to_be_visible()
    check_fits_the_phone(page)


def test_the_cases_list_is_cards_with_number_resident_stage_worker_and_next_contact(
    transactional_db, live_server, phone_page, world
):
    resident = ResidentFactory(room=world.room1, real_name="孔秀梅", pseudonym="梅姨")
    case = CaseFactory(
        resident=resident,
        worker=world.worker1,
        next_contact_date=datetime.date(2026, 12, 24),
    )
    for _ in range(30):
        CaseFactory(resident__room=world.room1, worker=world.worker1)
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/?q={case.number}")

    card = page.locator("table.list-table tbody tr", has_text=case.number)
    expect(card.get_by_role("link", name=case.number)).to_be_visible()
    expect(card.get_by_text("孔秀梅")).to_be_visible()
    expect(card.get_by_text(case.get_stage_display())).to_be_visible()
    expect(card.get_by_text(str(world.worker1))).to_be_visible()
    expect(card.get_by_text("2026-12-24")).to_be_visible()
    check_fits_the_phone(page)

    page.goto(f"{live_server.url}/cases/")
    expect(page.locator(".pagination")).to_be_visible()
    check_fits_the_phone(page)


def test_a_resident_is_picked_by_typing_part_of_a_name_or_a_tag_on_a_phone(
    transactional_db, live_server, phone_page, world
):
    ResidentFactory.create_batch(8, room=world.room1)
    wanted = ResidentFactory(room=world.room1, real_name="欧阳秀珍", pseudonym="珍珍")
    KeyPopulationTagFactory(resident=wanted, category="dibao")
    ResidentFactory(room=world.room2, real_name="欧阳秀英")  # another room: never offered
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/new/")

    search = page.locator("[data-picker-search=resident]")
    search.fill("欧阳")
    results = page.locator("[data-picker-results] button")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("欧阳秀珍")
    expect(results.first).to_contain_text("低保")
    assert results.first.bounding_box()["height"] >= 44
    search.fill("低保")  # a tag: the search asks the server
    expect(results).to_have_count(1)
    results.first.click()
    expect(page.locator("select[name=resident]")).to_have_value(str(wanted.pk))
    expect(results).to_have_count(0)


def _residents(world):
    resident = ResidentFactory(room=world.room1, real_name="何玉兰")
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    return "/stations/residents/", "何玉兰", ["重点人群", "最近走访", "风险", "下次联系"]


def _cases(world):
    case = CaseFactory(resident__room=world.room1, worker=world.worker1)
    return "/cases/", case.number, ["服务对象", "阶段", "负责社工", "下次联系"]


def _overdue(world):
    resident = ResidentFactory(room=world.room1, real_name="孔秀梅")
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    return "/plans/overdue-visits/", "孔秀梅", ["社工室", "重点人群", "上次走访"]


def _households(world):
    HouseholdFactory(room=world.room1, name="何家大院")
    return "/stations/households/", "何家大院", ["社工室", "住址", "在册成员"]


def _read_log(world):
    resident = ResidentFactory(room=world.room1)
    ReadLog.objects.create(
        user=world.worker1, record_type="stations.resident", record_id=resident.pk, view="file"
    )
    path = f"/stations/read-log/stations.resident/{resident.pk}/"
    return path, str(world.worker1), ["查看人", "方式"]


def _volunteers(world):
    VolunteerFactory(room=world.room1, real_name="李红梅")
    return "/volunteers/", "李红梅", ["社工室", "状态", "已确认时长"]


def _volunteer_records(world):
    volunteer = VolunteerFactory(room=world.room1, real_name="王春燕")
    VolunteerRecordFactory(volunteer=volunteer, created_by=world.worker1)
    return "/volunteers/records/", "王春燕", ["日期", "活动/项目", "时长", "状态"]


def _certificates(world):
    CertificateFactory(volunteer=VolunteerFactory(room=world.room1, real_name="赵丽娟"))
    return "/volunteers/certificates/", "赵丽娟", ["编号", "服务期间", "时长"]


def _volunteer_projects(world):
    ProjectFactory(room=world.room1, name="银龄陪伴志愿项目")
    return "/volunteers/projects/", "银龄陪伴志愿项目", ["社工室", "日期", "名额", "状态"]


def _groups(world):
    GroupFactory(station=world.station, room=world.room1, name="向日葵互助小组")
    return "/groups/", "向日葵互助小组", ["社工室", "阶段", "成员"]


def _activities(world):
    ActivityFactory(station=world.station, title="重阳节敬老活动", rooms=[world.room1])
    return "/activities/", "重阳节敬老活动", ["日期", "社工室", "直接参与"]


def _series(world):
    SeriesFactory(station=world.station, name="邻里守望系列")
    return "/activities/series/", "邻里守望系列", ["起止", "活动场次", "直接参与"]


def _needs(world):
    NeedsAssessmentFactory(station=world.station, room=world.room1, title="一号社区需求调查")
    return "/activities/needs/", "一号社区需求调查", ["日期", "社工室"]


def _media(world):
    MediaReportFactory(station=world.station, title="社工站重阳节走访独居老人")
    return "/activities/outreach/", "社工站重阳节走访独居老人", ["日期", "媒体/刊物"]


def _exchanges(world):
    ExchangeVisitFactory(station=world.station, counterpart="渭滨区社工站")
    return "/activities/outreach/exchanges/", "渭滨区社工站", ["日期", "形式", "交流内容"]


def _organizations(world):
    OrganizationFactory(station=world.station, room=world.room1, name="夕阳红文艺队")
    return "/organizations/", "夕阳红文艺队", ["类别", "状态", "社工室", "负责人"]


def _partners(world):
    PartnerUnitFactory(station=world.station, name="秦川食品有限公司")
    return "/organizations/partners/", "秦川食品有限公司", ["类型", "联系人", "合作活动"]


def _funds(world):
    FundFactory(station=world.station, name="幸福社区基金")
    return "/charity/funds/", "幸福社区基金", ["托管慈善组织", "资金余额（元）"]


def _charity_projects(world):
    CharityProjectFactory(fund__station=world.station, title="困境儿童助学", rooms=[world.room1])
    return "/charity/", "困境儿童助学", ["状态", "周期", "结余（元）"]


def _work_plans(world):
    WorkPlan.objects.create(
        station=world.station,
        room=world.room1,
        worker=world.worker1,
        period="week",
        starts_on=datetime.date(2026, 11, 30),
        ends_on=datetime.date(2026, 12, 6),
        created_by=world.worker1,
    )
    return "/plans/work-plans/", "2026-11-30", ["计划周期", "社工室", "社工", "状态"]


def _export_log(world):
    ExportLog.objects.create(
        exported_by=world.worker1, station=world.station, kind="list.cases", title="个案名单"
    )
    return "/registers/log/", "个案名单", ["导出人", "导出内容", "行数", "脱敏"]


EVERY_LIST = [
    _residents,
    _cases,
    _overdue,
    _households,
    _read_log,
    _volunteers,
    _volunteer_records,
    _certificates,
    _volunteer_projects,
    _groups,
    _activities,
    _series,
    _needs,
    _media,
    _exchanges,
    _organizations,
    _partners,
    _funds,
    _charity_projects,
    _work_plans,
    _export_log,
]


@pytest.mark.parametrize("make", EVERY_LIST, ids=lambda make: make.__name__.strip("_"))
def test_every_list_is_cards_that_fit_a_phone(
    transactional_db, live_server, phone_page, world, make
):
    """Every list page on a 375-px screen: its rows are cards (no table header), the record's
    title and the columns that matter are visible, nothing is wider than the screen and every
    tap target is at least 44 px tall, with the filters folded and open."""
    path, title, labels = make(world)
    page = phone_page
    login(page, live_server, "supervisor")
    page.goto(f"{live_server.url}{path}")

    card = page.locator("table.list-table tbody tr", has_text=title)
    expect(card.locator("td.list-title")).to_be_visible()
    for label in labels:
        expect(card.locator(f"td[data-label='{label}']")).to_be_visible()
    expect(page.locator("table.list-table thead")).to_be_hidden()
    check_fits_the_phone(page)
    summary = page.locator("details[data-list-filters] > summary")
    if summary.count():
        summary.click()
        expect(page.locator("details[data-list-filters] .card-body")).to_be_visible()
        check_fits_the_phone(page)


def test_a_funds_ledger_is_cards_on_a_phone(transactional_db, live_server, phone_page, world):
    """The ledger inside a fund's page: each entry a card with its date, summary and running
    balance; the ledger's links and buttons are 44-px tap targets."""
    fund = FundFactory(station=world.station, name="幸福社区基金")
    for number in range(3):
        donate(fund, world.staff, amount=f"{number + 1}00.00")
    page = phone_page
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}/charity/funds/{fund.pk}/")

    cards = page.locator("#ledger tbody tr")
    expect(cards).to_have_count(3)
    for label in ("日期", "摘要", "收入", "累计余额"):
        expect(cards.first.locator(f"td[data-label='{label}']")).to_be_visible()
    expect(page.locator("#ledger thead")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(TOO_WIDE) == []
    assert page.evaluate(TOO_SMALL, "section.list-page") == []


def test_the_approval_queue_and_the_notifications_fit_a_phone(
    transactional_db, live_server, phone_page, world
):
    """A supervisor approves on a phone: each request is a card whose decision buttons are 44-px
    tap targets; the worker reads the decision among their notifications, also on a phone."""
    from cases.services import case_request_opening
    from stations.notifications import notify
    from tests.cases.factories import IntakeFactory

    case = CaseFactory(resident__room=world.room1, worker=world.worker1)
    IntakeFactory(case=case)
    case_request_opening(case=case, by=world.worker1, comment="独居老人，需要长期跟进服务")
    page = phone_page
    login(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/cases/approvals/")
    expect(page.get_by_text(case.number)).to_be_visible()
    check_fits_the_phone(page)

    for number in range(3):
        notify(
            user=world.worker1,
            title=f"督导已批准您的开案申请：个案编号很长的一条通知{number}",
            comment="同意开案，请在一周内完成预估。",
            url=f"/cases/{case.pk}/",
            by=world.supervisor,
        )
    page.context.clear_cookies()
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/stations/notifications/")
    expect(page.get_by_text("同意开案，请在一周内完成预估。").first).to_be_visible()
    check_fits_the_phone(page)


def test_recording_volunteer_hours_of_an_activity_fits_a_phone(
    transactional_db, live_server, phone_page, world
):
    """The worker picks an activity and records its volunteers' hours on a phone: both pages fit
    the screen and every field, link and button is a 44-px tap target."""
    activity = ActivityFactory(station=world.station, title="重阳节敬老活动", rooms=[world.room1])
    for name in ("李红梅", "王春燕", "赵丽娟"):
        VolunteerFactory(room=world.room1, real_name=name)
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/volunteers/records/activities/")
    expect(page.get_by_text("重阳节敬老活动").first).to_be_visible()
    check_fits_the_phone(page)
    page.goto(f"{live_server.url}/volunteers/records/activities/{activity.pk}/")
    expect(page.locator("select[name$=volunteer]").first).to_be_visible()
    expect(page.locator("select[name$=volunteer] option", has_text="王春燕").first).to_be_attached()
    check_fits_the_phone(page)
