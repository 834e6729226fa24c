"""Phone-first lists and pickers (issue 19, items 4 and 5) on a 375-px screen: the residents and
cases lists are cards with the columns that matter, nothing is wider than the screen, every tap
target is at least 44 px tall; a resident is picked by typing part of a name or a tag."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import ResidentRiskFlag
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.e2e.conftest import PHONE, login
from tests.factories import KeyPopulationTagFactory, ResidentFactory
from tests.organizations.factories import OrganizationFactory
from tests.volunteers.factories import ActivityFactory, GroupFactory, VolunteerFactory

# Elements (in the page's main part) wider than the screen, and visible tap targets lower than
# 44 px: links, buttons, the filter bar's summary, fields.
TOO_WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName + '.' + e.className)"""
TOO_SMALL = """() => [...document.querySelectorAll(
    'main a, main button, main summary, main select, main input:not([type=hidden])')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)
  .map(e => e.tagName + ' ' + (e.textContent || e.name).trim() + ' '
    + Math.round(e.getBoundingClientRect().height))"""


def check_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(TOO_WIDE) == []
    assert page.evaluate(TOO_SMALL) == []


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


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/volunteers/", "李红梅"),
        ("/groups/", "向日葵互助小组"),
        ("/activities/", "重阳节敬老活动"),
        ("/organizations/", "夕阳红文艺队"),
    ],
)
def test_the_other_lists_fit_a_phone_too(
    transactional_db, live_server, phone_page, world, path, title
):
    VolunteerFactory(room=world.room1, real_name="李红梅")
    GroupFactory(station=world.station, room=world.room1, name="向日葵互助小组")
    ActivityFactory(station=world.station, title="重阳节敬老活动", rooms=[world.room1])
    OrganizationFactory(station=world.station, room=world.room1, name="夕阳红文艺队")
    page = phone_page
    login(page, live_server, "staff")
    page.goto(f"{live_server.url}{path}")

    card = page.locator("table.list-table tbody tr", has_text=title)
    expect(card.get_by_role("link", name=title)).to_be_visible()
    expect(page.locator("table.list-table thead")).to_be_hidden()
    check_fits_the_phone(page)
