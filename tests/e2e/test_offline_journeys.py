"""A home visit on a phone that loses its signal (issue 19): the draft survives a reload without
a connection, the saved visit waits in the outbox, and it arrives once when the signal returns."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from cases.models import ServiceRecord
from tests.e2e.conftest import PHONE, login
from tests.factories import ResidentFactory

CONTENT = "老人独居，腿脚不便，冰箱里有菜；提醒按时服药"


def _wait_until_the_page_is_kept(page):
    """The service worker is active and holds a copy of this form page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(
        "() => caches.open('ss-pages-v1')"
        ".then(cache => cache.match(location.pathname + location.search)).then(hit => !!hit)"
    )


def test_a_visit_typed_offline_survives_a_reload_and_is_saved_once_when_back_online(
    transactional_db, live_server, phone_page, world
):
    resident = ResidentFactory(room=world.room1, real_name="周玉珍")
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/visits/new/?resident={resident.pk}")
    _wait_until_the_page_is_kept(page)

    page.context.set_offline(True)
    expect(page.locator("[data-offline-indicator]")).to_be_visible()
    page.fill("textarea[name=content]", CONTENT)
    page.fill("input[name=minutes]", "25")
    page.reload()
    expect(page.locator("textarea[name=content]")).to_have_value(CONTENT)
    expect(page.locator("input[name=minutes]")).to_have_value("25")
    expect(page.locator("[data-offline-notice=info]")).to_contain_text("已恢复本机保存的草稿")

    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator("[data-offline-notice=warning]")).to_contain_text("已存入待发送")
    expect(page.locator("[data-outbox-count]")).to_have_text("1")
    expect(page.locator("[data-outbox-toggle]")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.locator("textarea[name=content]")).to_have_value("")
    # The blank form starts again at the station's clock (the browser here runs on UTC).
    start = datetime.datetime.fromisoformat(page.input_value("input[name=start_at]"))
    expected = timezone.localtime().replace(tzinfo=None) - datetime.timedelta(minutes=30)
    assert abs(start - expected) < datetime.timedelta(minutes=2)
    [item] = page.evaluate("window.stationOutbox.items()")
    assert item["fields"] and not ServiceRecord.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox-toggle]")).to_be_hidden()
    visit = ServiceRecord.objects.get()
    assert (visit.resident, visit.content, visit.duration_minutes) == (resident, CONTENT, 25)
    assert page.evaluate("window.stationOutbox.items()") == []
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ss-draft:'))") == []
    kept = "caches.open('ss-pages-v1').then(c => c.match(location.pathname + location.search))"
    page.wait_for_function(f"() => {kept}.then(hit => !hit)")

    # A repeat send of the same item (its answer lost on the way) makes no second visit.
    again = page.evaluate(
        "item => window.stationOutbox.csrf(item.url).then(t => window.stationOutbox.send(item, t))"
        ".then(r => ({kind: r.kind, repeat: r.repeat}))",
        item,
    )
    assert again == {"kind": "saved", "repeat": True}
    assert ServiceRecord.objects.count() == 1


def test_a_page_that_needs_the_server_says_so_offline(
    transactional_db, live_server, phone_page, world
):
    page = phone_page
    login(page, live_server, "worker1")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("h1")).to_have_text("需要联网")


def test_a_visit_refused_on_arrival_keeps_its_draft_and_logging_out_clears_the_phone(
    transactional_db, live_server, phone_page, world
):
    resident = ResidentFactory(room=world.room1, real_name="陈凤英")
    page = phone_page
    login(page, live_server, "worker1")
    url = f"{live_server.url}/cases/visits/new/?resident={resident.pk}"
    page.goto(url)
    _wait_until_the_page_is_kept(page)
    page.context.set_offline(True)
    page.fill("textarea[name=content]", CONTENT)
    page.fill("input[name=minutes]", "20")
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator("[data-outbox-count]")).to_have_text("1")

    # Meanwhile the file is archived at the station.
    resident.archived_at = resident.created_at
    resident.save(update_fields=["archived_at"])
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    refused = page.locator("[data-outbox-item=refused]")
    expect(refused).to_contain_text("陈凤英 的档案已归档")
    expect(page.locator("[data-outbox-count]")).to_have_text("1")
    assert not ServiceRecord.objects.exists()

    refused.get_by_role("link", name="打开修改").click()
    expect(page.locator("textarea[name=content]")).to_have_value(CONTENT)
    expect(page.locator("[data-offline-notice=warning]")).to_contain_text("已归档")
    expect(page.locator("[data-outbox-toggle]")).to_be_hidden()

    # The draft is back on the phone; save it to the outbox again and log out: a warning, then
    # nothing of it stays.
    page.context.set_offline(True)
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator("[data-outbox-count]")).to_have_text("1")
    page.context.set_offline(False)
    messages = []
    page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.locator(".navbar-toggler").click()
    page.locator("#mainnav .dropdown-toggle").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/**")
    assert messages and "1 条记录没有发送" in messages[0]
    assert (
        page.evaluate(
            "new Promise(r => { const q = indexedDB.open('stationsite-offline', 1);"
            " q.onsuccess = () => { const s = q.result.transaction('outbox').objectStore('outbox');"
            " const c = s.count(); c.onsuccess = () => r(c.result); }; })"
        )
        == 0
    )
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ss-draft:'))") == []


def test_the_visit_picker_finds_a_resident_by_pseudonym_as_you_type(
    transactional_db, live_server, phone_page, world
):
    ResidentFactory.create_batch(12, room=world.room1)
    wanted = ResidentFactory(room=world.room1, real_name="何玉兰", pseudonym="小兰花")
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/visits/new/")
    page.get_by_placeholder("输入姓名、化名、社工室、年龄或人群查找").fill("兰花")
    expect(page.locator("select[name=resident] option[value]:not([value=''])")).to_have_count(1)
    expect(page.locator("select[name=resident]")).to_have_value(str(wanted.pk))
    expect(page.get_by_text("找到 1 人")).to_be_visible()


def test_a_save_whose_answer_is_lost_is_retried_from_the_outbox_without_a_second_visit(
    transactional_db, live_server, browser, world
):
    """The visit reaches the server but the answer never comes back (the signal drops): the
    phone keeps it in the outbox, and the retry returns the visit already made."""
    resident = ResidentFactory(room=world.room1, real_name="孔秀梅")
    # Without the service worker: Playwright cannot cut the answer of a request that passed
    # through one (the outbox does not depend on it).
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/visits/new/?resident={resident.pk}")

    def lose_the_answer(route):
        if route.request.method == "POST":
            route.fetch()  # the server saves the visit...
            route.abort("timedout")  # ...and the phone never hears back
        else:
            route.continue_()

    page.route("**/cases/visits/new/**", lose_the_answer)
    page.fill("textarea[name=content]", CONTENT)
    page.fill("input[name=minutes]", "20")
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator("[data-offline-notice=warning]")).to_contain_text("不会重复保存")
    expect(page.locator("[data-outbox-count]")).to_have_text("1")
    assert ServiceRecord.objects.count() == 1

    page.unroute("**/cases/visits/new/**")
    page.locator("[data-outbox-toggle]").click()
    page.get_by_role("button", name="立即发送").click()
    expect(page.locator("[data-outbox-toggle]")).to_be_hidden()
    expect(page.locator("[data-outbox-status]")).to_contain_text("已发送 1 条")
    assert ServiceRecord.objects.count() == 1
    context.close()


def test_a_service_record_with_a_one_tap_duration_saved_offline_arrives_once(
    transactional_db, live_server, phone_page, world
):
    from tests.cases.factories import complete_case

    resident = ResidentFactory(room=world.room1, real_name="朱桂香")
    case = complete_case(stage="intervention", resident=resident, worker=world.worker1)
    before = case.records.count()
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/{case.pk}/records/new/")
    _wait_until_the_page_is_kept(page)
    start = datetime.datetime.fromisoformat(page.input_value("input[name=start_at]"))
    assert start.minute % 5 == 0

    page.context.set_offline(True)
    page.select_option("select[name=form]", "interview")
    page.get_by_role("button", name="15 分钟").click()
    end = datetime.datetime.fromisoformat(page.input_value("input[name=end_at]"))
    assert end - start == datetime.timedelta(minutes=15)
    page.fill("textarea[name=content]", "面谈：商量助餐安排")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("[data-outbox-count]")).to_have_text("1")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox-toggle]")).to_be_hidden()
    assert case.records.count() == before + 1
    record = case.records.order_by("-pk").first()
    assert (record.form, record.duration_minutes) == ("interview", 15)
