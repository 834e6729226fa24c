"""Read an uploaded ledger: .xlsx (openpyxl read-only, constant memory) or .csv (UTF-8, UTF-8
with BOM, GB18030). Rows come out one at a time as lists of cell values; a file that cannot be a
ledger raises `BadFile` with a message for the user (Chinese), never a 500.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _


class BadFile(Exception):
    """The file as a whole cannot be read as a ledger; str(error) is the user's message."""


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (its text): refused, a ledger carries values."""

    text: str


CSV_ENCODINGS = ("utf-8-sig", "gb18030")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container


def file_format(path: Path, name: str) -> str:
    """'xlsx' or 'csv' from the content and the name; BadFile for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    suffix = Path(name).suffix.lower()
    if not head:
        raise BadFile(_("文件是空的。"))
    if head.startswith(OLE_MAGIC):
        raise BadFile(_("这是旧版 Excel（.xls）或 Word 文件：请在 Excel 中另存为 .xlsx 后再上传。"))
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise BadFile(_("文件已损坏，无法作为 Excel 文件打开。")) from None
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise BadFile(_("这是 Word 文档，不是 Excel 表格：请下载模板，填好后上传。"))
            raise BadFile(_("不是有效的 Excel（.xlsx）文件。"))
        return "xlsx"
    if suffix in (".xlsx", ".xlsm"):
        raise BadFile(_("不是有效的 Excel（.xlsx）文件。"))
    if suffix in (".csv", ".txt"):
        return "csv"
    raise BadFile(_("只能上传 Excel（.xlsx）或 CSV 文件。"))


def read_rows(path: Path, name: str) -> Iterator[list]:
    """Every row of the first sheet (or the CSV), the header first, trailing empty cells kept."""
    kind = file_format(path, name)
    if kind == "csv":
        yield from _csv_rows(path)
    else:
        yield from _xlsx_rows(path)


def _csv_encoding(path: Path) -> str:
    for encoding in CSV_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise BadFile(_("无法识别 CSV 文件的编码：请保存为 UTF-8 或 GB18030（GBK）编码。"))


def _csv_rows(path: Path) -> Iterator[list]:
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        try:
            yield from csv.reader(handle, delimiter=delimiter)
        except csv.Error as error:
            raise BadFile(_("CSV 文件格式不正确：%(error)s") % {"error": error}) from None


def _xlsx_rows(path: Path) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged archive
        raise BadFile(_("文件已损坏，无法作为 Excel 文件打开。")) from None
    try:
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(workbook, sheet)
        if merged:
            raise BadFile(
                _("表格中有合并单元格（%(cells)s）：请取消合并，每行填写完整后再上传。")
                % {"cells": "、".join(merged[:5])}
            )
        for row in sheet.iter_rows():
            yield [_cell_value(cell) for cell in row]
    finally:
        workbook.close()


MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b([^>]*)>")
MERGE_REF = re.compile(rb"""\bref\s*=\s*["']([^"']*)["']""")


def _merged_ranges(workbook, sheet) -> list[str]:
    """The merged ranges of a read-only sheet (openpyxl does not expose them in that mode).

    The <mergeCell> elements follow the cell data. The sheet's XML is searched as bytes, a
    megabyte at a time: parsing it as XML only to find them took a quarter of a large file's
    check. (A "<" cannot occur inside a tag of well-formed XML, so a tag is never split.)"""
    ranges = []
    try:
        source = workbook._archive.open(sheet._worksheet_path)
    except (AttributeError, KeyError):
        return ranges
    tail = b""
    with source:
        while True:
            chunk = source.read(1 << 20)
            text = tail + chunk
            cut = text.rfind(b"<")
            if not chunk or cut == -1 or text.find(b">", cut) != -1:
                cut = len(text)
            for match in MERGE_CELL.finditer(text, 0, cut):
                ref = MERGE_REF.search(match.group(1))
                ranges.append(ref.group(1).decode("utf-8", "replace") if ref else "")
            tail = text[cut:]
            if not chunk:
                return ranges


def _cell_value(cell):
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(cell.value))
    return cell.value


# Values ----------------------------------------------------------------------------------------

DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value) -> datetime.date:
    """A date as people type it: 2022-03-01, 2022/3/1, 2022.3.1, 2022年3月1日, 20220301, an Excel
    date cell or serial number (44621). ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _serial_date(value)
    text = str(value).strip()
    match = DATE_RE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    if re.fullmatch(r"\d{8}", text):
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial_date(float(text))
    # 2022-03-01 00:00:00 (a date cell saved as text by another program)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
        return datetime.date.fromisoformat(text[:10])
    raise ValueError(text)


TIME_RE = re.compile(r"^(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?(?:\s*[:：]\s*\d{1,2})?$")


def parse_time(value) -> datetime.time:
    """A time of day as people type it: 9:00, 09:30, 9：30, 9点, 9点30分, an Excel time cell or
    fraction of a day (0.375). ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if not 0 <= float(value) < 1:
            raise ValueError(value)
        minutes = round(float(value) * 24 * 60)
        return datetime.time(minutes // 60 % 24, minutes % 60)
    match = TIME_RE.match(str(value).strip())
    if not match:
        raise ValueError(value)
    return datetime.time(int(match.group(1)), int(match.group(2) or 0))


def _serial_date(number) -> datetime.date:
    number = float(number)
    if not (1 <= number < 2958466) or number != int(number):
        raise ValueError(number)
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing .0 (ID numbers and phones typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        try:
            return (
                str(value.to_integral_exact()) if value == value.to_integral_value() else str(value)
            )
        except InvalidOperation:
            return str(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def csv_bytes(rows) -> bytes:
    """Rows as UTF-8 CSV with a BOM (Excel opens it with the Chinese intact)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()
