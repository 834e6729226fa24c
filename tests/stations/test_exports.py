"""The one export writer: formula-safe cells, typed values, masked by default, full exports only
for station staff and supervisors with a reason, every export logged."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stations.exports import cell_value, csv_value, neutralise
from stations.models import ExportLog
from tests.downloads import body, csv_rows, xlsx_cells, xlsx_rows
from tests.volunteers.factories import ServiceRecordFactory, VolunteerFactory

EVIL = '=HYPERLINK("http://x","x")'
EXPORT = {"date_from": "2022-01-01", "date_to": "2022-12-31"}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", EVIL])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert cell_value(text) == "'" + text
    assert csv_value(text) == "'" + text


def test_plain_text_numbers_and_dates_are_kept_as_they_are():
    assert neutralise("张三") == "张三"
    assert cell_value(-3) == -3
    assert cell_value("12.5", "money") == Decimal("12.50")
    assert csv_value(Decimal("3"), "money") == "3.00"
    assert cell_value(datetime.date(2022, 5, 1), "date") == datetime.date(2022, 5, 1)
    assert csv_value(datetime.date(2022, 5, 1), "date") == "2022-05-01"


def formula_cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
    ]


@pytest.fixture
def evil_record(world):
    volunteer = VolunteerFactory(room=world.room1, real_name=EVIL)
    return ServiceRecordFactory(
        volunteer=volunteer, date=datetime.date(2022, 5, 10), hours=Decimal("2.5")
    )


def test_a_volunteer_named_like_a_formula_is_text_in_the_record_export(client, world, evil_record):
    client.force_login(world.worker1)
    response = client.get(reverse("volunteers:record_export"), EXPORT)
    assert formula_cells(body(response)) == []
    assert xlsx_rows(response)[2][0] == "'" + EVIL
    response = client.get(reverse("volunteers:record_export"), {**EXPORT, "format": "csv"})
    rows = csv_rows(response)
    assert rows[2][0] == "'" + EVIL


def test_the_record_export_types_dates_and_hours_and_freezes_the_header(client, world, evil_record):
    client.force_login(world.worker1)
    response = client.get(reverse("volunteers:record_export"), EXPORT)
    book = load_workbook(io.BytesIO(body(response)))
    sheet = book.active
    assert sheet.freeze_panes == "A3"
    cells = xlsx_cells(response)[2]
    assert cells[4].is_date and cells[4].number_format == "yyyy-mm-dd"
    assert cells[6].value == 2.5 and cells[6].number_format == "0.00"
    assert "导出人" in sheet["A1"].value


def test_a_room_community_named_like_a_formula_is_text_in_the_report_export(client, world):
    world.room1.community = EVIL
    world.room1.save()
    client.force_login(world.staff)
    response = client.get(reverse("reports:export_xlsx"), {"kind": "year", "year": "2022"})
    assert formula_cells(response.content) == []
    book = load_workbook(io.BytesIO(response.content))
    values = [cell for row in book["各社工室"].iter_rows(values_only=True) for cell in row]
    assert "'" + EVIL in values


def test_every_export_leaves_a_log_row_with_filters_and_row_count(client, world, evil_record):
    client.force_login(world.worker1)
    client.get(reverse("volunteers:record_export"), EXPORT)
    body(client.get(reverse("volunteers:record_export"), {**EXPORT, "format": "csv"}))
    xlsx, csv = ExportLog.objects.order_by("pk")
    assert (xlsx.exported_by, xlsx.kind, xlsx.row_count, xlsx.unmasked) == (
        world.worker1,
        "volunteers.records",
        1,
        False,
    )
    assert xlsx.filters["date_from"] == "2022-01-01"
    assert (csv.format, csv.row_count) == ("csv", 1)


def test_ids_are_masked_by_default(client, world, evil_record):
    client.force_login(world.staff)
    rows = xlsx_rows(client.get(reverse("volunteers:record_export"), EXPORT))
    assert evil_record.volunteer.id_number not in [cell for row in rows for cell in row]


def test_a_full_export_by_station_staff_with_a_reason_is_marked_and_audited(
    client, world, evil_record
):
    client.force_login(world.staff)
    response = client.post(
        reverse("volunteers:record_export"),
        {**EXPORT, "full": "on", "reason": "录入全国志愿服务信息系统"},
    )
    rows = xlsx_rows(response)
    assert rows[1][0].startswith("内部资料 注意保密")
    assert rows[3][2] == evil_record.volunteer.id_number
    log = ExportLog.objects.get()
    assert log.unmasked and log.reason == "录入全国志愿服务信息系统"


def test_a_full_export_without_a_reason_is_refused(client, world, evil_record):
    client.force_login(world.staff)
    response = client.post(reverse("volunteers:record_export"), {**EXPORT, "full": "on"})
    assert response.status_code == 200
    assert "请填写导出完整信息的原因" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_a_room_worker_cannot_export_in_full(client, world, evil_record):
    client.force_login(world.worker1)
    response = client.post(
        reverse("volunteers:record_export"), {**EXPORT, "full": "on", "reason": "想看看完整号码"}
    )
    rows = xlsx_rows(response)
    assert evil_record.volunteer.id_number not in [cell for row in rows for cell in row]
    assert not ExportLog.objects.get().unmasked
