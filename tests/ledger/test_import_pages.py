"""The import pages end to end (jobs run in-process): template, upload, report, confirm, undo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ledger.models import BatchStatus, ImportBatch
from stations.models import ExportLog, Resident
from tests.factories import make_ric
from tests.ledger.conftest import BIRTH, HEADER

pytestmark = pytest.mark.django_db


def xlsx_upload(rows, name="r.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def rows(world, count=3):
    return [
        [
            world.room1.name,
            f"张{n}",
            make_ric(BIRTH, "female", serial=n),
            "13991700001",
            "",
            "",
            "2022-03-01",
            "",
        ]
        for n in range(count)
    ]


def upload(client, file, room=""):
    return client.post(reverse("ledger:import", args=["residents"]), {"file": file, "room": room})


def test_the_template_has_instructions_dropdowns_and_a_clean_example_row(client, world):
    client.force_login(world.worker1)
    response = client.get(reverse("ledger:template", args=["residents"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["导入数据", "选项", "填写说明"]
    sheet = workbook["导入数据"]
    assert sheet["B1"].value == "姓名*"
    assert sheet.data_validations.dataValidation  # drop-down lists for coded columns
    assert sheet["A2"].value == world.room1.name
    response = upload(client, SimpleUploadedFile("t.xlsx", response.content))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.CHECKED, batch.problems


def test_a_worker_uploads_reads_the_report_fixes_and_imports(client, world):
    client.force_login(world.worker1)
    bad = rows(world, 5)
    bad[0][2] = "123"
    bad[2][6] = "2022年13月1日"
    bad[4][1] = ""
    response = upload(client, xlsx_upload([HEADER, *bad]))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("ledger:batch", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert batch.status == BatchStatus.INVALID and batch.error_count == 3
    assert "检查发现 3 个问题" in page and "确认导入" not in page
    report = load_workbook(
        io.BytesIO(client.get(reverse("ledger:batch_report", args=[batch.pk])).content)
    )
    assert report.sheetnames == ["检查结果", "问题清单"]
    log = ExportLog.objects.get(kind="ledger.report.residents")
    assert (log.exported_by, log.row_count, log.filters) == (world.worker1, 5, {"batch": batch.pk})
    assert report["检查结果"]["I2"].value.startswith("身份证号")
    assert Resident.objects.count() == 0

    upload(client, xlsx_upload([HEADER, *rows(world, 5)]))
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == BatchStatus.CHECKED
    assert Resident.objects.count() == 0  # nothing saved before the user confirms
    client.post(reverse("ledger:batch_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (5, 0, 0)
    page = client.get(reverse("ledger:batch", args=[batch.pk])).content.decode()
    assert "新增 5 条" in page
    listing = client.get(reverse("stations:resident_list")).content.decode()
    assert "张4" in listing


def test_a_batch_is_undone_until_something_points_at_its_rows(client, world):
    from tests.cases.factories import CaseFactory

    client.force_login(world.worker1)
    upload(client, xlsx_upload([HEADER, *rows(world, 2)]))
    batch = ImportBatch.objects.get()
    client.post(reverse("ledger:batch_confirm", args=[batch.pk]))
    CaseFactory(resident=Resident.objects.get(real_name="张0"), room=world.room1)
    response = client.post(reverse("ledger:batch_undo", args=[batch.pk]), follow=True)
    assert "已有其他记录引用本批导入的数据，不能撤销" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Resident.objects.count() == 2

    upload(client, xlsx_upload([HEADER, *rows(world, 4)[2:]]))
    second = ImportBatch.objects.latest("pk")
    client.post(reverse("ledger:batch_confirm", args=[second.pk]))
    client.post(reverse("ledger:batch_undo", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == BatchStatus.UNDONE
    assert sorted(Resident.objects.values_list("real_name", flat=True)) == ["张0", "张1"]


def test_a_file_over_the_size_limit_is_refused_with_a_message(client, world, settings):
    settings.LEDGER_MAX_UPLOAD_BYTES = 1000
    client.force_login(world.worker1)
    response = upload(client, SimpleUploadedFile("big.xlsx", b"x" * 2000))
    assert response.status_code == 200
    assert "文件太大" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_word_document_named_xlsx_gets_a_message_not_a_500(client, world):
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    client.force_login(world.worker1)
    response = upload(client, SimpleUploadedFile("r.xlsx", buffer.getvalue()))
    page = client.get(response["Location"]).content.decode()
    assert "Word" in page


def test_a_worker_cannot_choose_another_rooms_default(client, world):
    client.force_login(world.worker1)
    response = upload(client, xlsx_upload([HEADER, *rows(world)]), room=world.room2.pk)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()


def _docx_bytes():
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _merged(world):
    workbook = load_workbook(xlsx_upload([HEADER, *rows(world, 2)]).file)
    workbook.active.merge_cells("E2:E3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _formula(world):
    bad = rows(world, 2)
    bad[1][1] = "=A1&B1"
    return xlsx_upload([HEADER, *bad]).read()


def _empty_workbook(world):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "an empty file": (lambda world: b"", "所提交的是空文件"),
    "a workbook without a row": (_empty_workbook, "文件是空的"),
    "wrong headers": (lambda world: xlsx_upload([["社工室", "名字"], ["一号社工室", "张三"]]).read(),
                      "缺少必填列"),
    "header only": (lambda world: xlsx_upload([HEADER]).read(), "没有数据行"),
    "a .docx renamed .xlsx": (lambda world: _docx_bytes(), "Word"),
    "50 MB": (lambda world: b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024), "文件太大"),
    "formulas": (_formula, "公式"),
    "merged cells": (_merged, "合并单元格"),
    "a date that is no date": (
        lambda world: xlsx_upload([HEADER, [*rows(world, 1)[0][:6], "2022年13月1日", ""]]).read(),
        "日期格式无法识别",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_every_bad_file_gets_a_clear_message_never_a_500_and_saves_nothing(client, world, case):
    """The bad files of the issue's "Done when", each through the upload page as a room worker:
    the message is on the page, there is no 确认导入 button, and a confirm saves nothing."""
    content, message = BAD_FILES[case]
    client.force_login(world.worker1)
    response = upload(client, SimpleUploadedFile("台账.xlsx", content(world)))
    assert response.status_code in (200, 302)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    text = page.content.decode()
    assert page.status_code == 200 and message in text
    assert "确认导入" not in text
    for batch in ImportBatch.objects.all():
        assert batch.status == BatchStatus.INVALID
        client.post(reverse("ledger:batch_confirm", args=[batch.pk]))
    assert not Resident.objects.exists()


def test_dates_typed_as_text_are_read_as_dates(client, world):
    typed = rows(world, 3)
    typed[0][6], typed[1][6], typed[2][6] = "2022.3.1", "2022年3月1日", "2022/3/1"
    client.force_login(world.worker1)
    upload(client, xlsx_upload([HEADER, *typed]))
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.CHECKED, batch.problems
    client.post(reverse("ledger:batch_confirm", args=[batch.pk]))
    registered = set(Resident.objects.values_list("registered_on", flat=True))
    assert [str(day) for day in registered] == ["2022-03-01"]
