import csv
import datetime
import io

import pytest
from openpyxl import Workbook


@pytest.fixture(autouse=True)
def jobs_run_in_process(settings, tmp_path):
    """Background jobs run where they are enqueued (no worker in tests); uploads go to tmp."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx_file(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def csv_file(path, rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


HEADER = ["社工室", "姓名", "身份证号", "联系电话", "家庭户", "与户主关系", "建档日期", "重点人群"]
BIRTH = datetime.date(1950, 3, 14)
