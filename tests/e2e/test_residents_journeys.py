"""A room worker registers a resident, sees the ID masked, reveals it with a reason; the
supervisor finds the reveal in the resident's audit history. On a 375-px phone screen."""

from playwright.sync_api import expect

from stations.models import Role
from tests.e2e.conftest import login
from tests.factories import RoomFactory, StationFactory, UserFactory

VALID_ID = "11010519491231002X"


def test_worker_registers_reveals_and_supervisor_sees_the_reveal(
    transactional_db, live_server, phone_page
):
    station = StationFactory(name="测试镇社工站", code="TST")
    room = RoomFactory(station=station, name="一号社工室")
    UserFactory(username="worker", last_name="周", first_name="社工", station=station, rooms=[room])
    UserFactory(
        username="boss",
        role=Role.SUPERVISOR,
        last_name="吴",
        first_name="督导",
        station=station,
        rooms=[room],
    )
    page = phone_page

    login(page, live_server, "worker")
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("link", name="服务对象").click()
    page.get_by_role("link", name="登记服务对象").click()
    page.fill("input[name=real_name]", "赵秀兰")
    page.fill("input[name=id_number]", VALID_ID.lower())
    page.fill("input[name=phone]", "13812345678")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("服务对象已登记。")).to_be_visible()
    expect(page.locator("#masked-id-number")).to_have_text("110105********002X")
    assert VALID_ID not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator("#profile").get_by_role("link", name="查看完整号码").first.click()
    page.get_by_role("button", name="记录原因并查看").click()
    expect(page.get_by_text("请填写查看原因。")).to_be_visible()
    page.fill("input[name=reason]", "协助办理低保申请，核对证件")
    page.get_by_role("button", name="记录原因并查看").click()
    expect(page.locator("#revealed-value")).to_have_text(VALID_ID)

    page.context.clear_cookies()
    login(page, live_server, "boss")
    page.goto(f"{live_server.url}/stations/residents/")
    page.get_by_role("link", name="赵秀兰").click()
    page.get_by_role("link", name="修改记录").click()
    log = page.locator("#reveal-log")
    expect(log).to_contain_text("协助办理低保申请，核对证件")
    expect(log).to_contain_text("周社工")
    expect(log).to_contain_text("证件号码")
    expect(page.locator("#change-log")).to_contain_text("赵秀兰")
