"""A room worker downloads the residents template, uploads a file with three bad rows, reads the
report, fixes the file, imports it, watches the progress and finds the residents in the list.

Jobs go through the real PostgreSQL queue here; the test runs the worker (`db_worker --batch`)
when it wants the queued job done, so the page is seen while the job is still waiting."""

import datetime

from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import RoomFactory, StationFactory, UserFactory, make_ric

BIRTH = datetime.date(1948, 6, 1)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def fill(template, target, rows):
    """Rows (header → value) written under the template's own header."""
    workbook = load_workbook(template)
    sheet = workbook["导入数据"]
    header = [str(cell.value).rstrip("*") for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    workbook.save(target)


def test_worker_imports_residents_from_the_template(
    transactional_db, live_server, phone_page, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    station = StationFactory(name="测试镇社工站", code="TST")
    room = RoomFactory(station=station, name="一号社工室")
    UserFactory(username="worker", station=station, rooms=[room])
    page = phone_page

    login(page, live_server, "worker")
    page.goto(f"{live_server.url}/ledger/")
    page.get_by_role("link", name="服务对象").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    good = [
        {
            "社工室": room.name,
            "姓名": f"导入居民{n}",
            "身份证号": make_ric(BIRTH, "female", serial=n),
            "联系电话": "13991700001",
            "建档日期": "2022-03-01",
            "重点人群": "空巢/独居老人",
        }
        for n in range(5)
    ]
    bad = [dict(row) for row in good]
    bad[0]["身份证号"] = "610303194806010000"  # wrong check character
    bad[2]["建档日期"] = "2022年13月1日"
    bad[4]["重点人群"] = "不存在的人群"
    fill(template, tmp_path / "bad.xlsx", bad)
    fill(template, tmp_path / "good.xlsx", good)

    page.set_input_files("input[name=file]", str(tmp_path / "bad.xlsx"))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#progress")).to_be_visible()
    run_worker()
    expect(page.get_by_text("检查发现 3 个问题")).to_be_visible()
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("校验码")
    expect(problems.nth(1)).to_contain_text("建档日期")
    expect(problems.nth(2)).to_contain_text("重点人群")

    page.get_by_role("link", name="重新上传").click()
    page.set_input_files("input[name=file]", str(tmp_path / "good.xlsx"))
    page.get_by_role("button", name="上传并检查").click()
    run_worker()
    expect(page.get_by_text("检查通过")).to_be_visible()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#progress")).to_contain_text("正在导入")
    run_worker()
    expect(page.locator("#batch-result")).to_contain_text("新增 5 条")
    page.get_by_role("link", name="查看列表").click()
    expect(page.get_by_text("导入居民4")).to_be_visible()
