"""A worker filters the case list and downloads exactly those cases as Excel, on a phone."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import login


def _world():
    from tests.activities.factories import local
    from tests.cases.factories import CaseFactory, ServiceRecordFactory
    from tests.factories import ResidentFactory, RoomFactory, StationFactory, UserFactory

    station = StationFactory(name="陈仓镇社工站", code="CCZ")
    room = RoomFactory(station=station, name="联盟社区社工室")
    UserFactory(username="shegong", station=station, rooms=[room])
    for name, risk in [("李秀英", "high"), ("王建国", "low"), ('=HYPERLINK("x")', "high")]:
        CaseFactory(room=room, resident=ResidentFactory(room=room, real_name=name), risk_level=risk)
    resident = ResidentFactory(room=room, real_name="赵大爷")
    ServiceRecordFactory(resident=resident, start_at=local(2022, 6, 8, 10), content="六月入户")
    ServiceRecordFactory(resident=resident, start_at=local(2022, 7, 8, 10), content="七月入户")


def test_worker_exports_the_filtered_case_list(transactional_db, live_server, phone_page):
    _world()
    page = phone_page
    login(page, live_server, "shegong")
    page.goto(f"{live_server.url}/cases/")
    # On a phone the filters fold away under their summary: open them first.
    page.locator("summary", has_text="筛选和排序").click()
    page.select_option("select[name=risk]", "high")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table tbody tr")).to_have_count(2)
    # A room worker has no full (unmasked) export.
    expect(page.get_by_role("link", name="完整导出")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert "个案名单" in rows[0][0] and "导出人" in rows[0][0]
    names = sorted(row[1] for row in rows[2:])
    assert names == sorted(["李秀英", '\'=HYPERLINK("x")'])


def test_worker_prints_and_exports_the_monthly_visit_register(
    transactional_db, live_server, phone_page
):
    _world()
    page = phone_page
    login(page, live_server, "shegong")
    page.goto(f"{live_server.url}/registers/")
    page.get_by_role("link", name="入户走访记录台账").click()
    page.fill("input[name=month]", "2022-06")
    page.get_by_role("button", name="生成").click()
    expect(page.locator("h1")).to_contain_text("入户走访记录台账")
    expect(page.locator("table")).to_contain_text("六月入户")
    expect(page.locator("table")).not_to_contain_text("七月入户")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    with open(download.value.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert "2022-06-01 至 2022-06-30" in rows[0][0]
    assert [row[1] for row in rows[2:]] == ["赵大爷"]


def test_a_large_export_waits_on_its_page_and_downloads_when_ready(
    transactional_db, live_server, phone_page, settings, tmp_path
):
    """Above EXPORT_BACKGROUND_ROWS the .xlsx is a job: the page polls (htmx) until the worker has
    built the file, then links it."""
    from registers.models import ExportJob
    from registers.services import export_job_run

    _world()
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    page = phone_page
    login(page, live_server, "shegong")
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="导出 Excel").click()
    expect(page.locator("#export-job")).to_contain_text("排队中")
    expect(page.locator("#export-download")).to_have_count(0)

    export_job_run(job_id=ExportJob.objects.get().pk)  # what `manage.py db_worker` does
    expect(page.locator("#export-download")).to_be_visible(timeout=10_000)
    with page.expect_download() as download:
        page.locator("#export-download").click()
    with open(download.value.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert len(rows) - 2 == 3 and "个案名单" in rows[0][0]
