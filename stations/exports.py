"""The one writer for every download of records: .xlsx and .csv, streamed, formula-safe, logged.

- Every cell goes through `cell_value()`: text that a spreadsheet would run as a formula (leading
  `=`, `+`, `-`, `@`, tab or CR) is written with a leading apostrophe, so a resident named
  `=HYPERLINK(...)` stays text in Excel, WPS and LibreOffice, in .xlsx and in .csv.
- Rows come from an iterable (a queryset's `.iterator(chunk_size=…)`): the .xlsx is written by
  openpyxl's write-only mode to a temporary file and sent from disk, the .csv is streamed; neither
  holds the rows in memory.
- Columns marked `personal` (ID numbers, phones) are masked unless the export is a full one, which
  only `can_export_unmasked()` users get, with a reason; the sheet then says "内部资料 注意保密".
- Each export writes one `ExportLog` row (who, what, filters, row count).
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from stations.models import ExportFormat, ExportLog, Role
from stations.privacy import mask_id_number, mask_phone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MONEY_FORMAT = "#,##0.00"
HOURS_FORMAT = "0.00"
CHUNK_SIZE = 2000

TITLE_FONT = Font(bold=True, size=13)
HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
WARNING_FONT = Font(bold=True, color="C00000")

MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def neutralise(text: str) -> str:
    """Text that a spreadsheet would evaluate as a formula, made inert with a leading apostrophe."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def cell_value(value, kind: str = "text"):
    """What a cell holds in the .xlsx: numbers and dates stay typed, all text is neutralised."""
    if value is None or value == "":
        return None
    if kind == "money" or kind == "hours":
        return Decimal(value).quantize(Decimal("0.01"))
    if kind == "int" and isinstance(value, int | Decimal):
        return value
    if kind == "datetime" and isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if kind == "date" and isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if kind == "date" and isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralise(str(value))


def csv_value(value, kind: str = "text") -> str:
    """The same value as text for a .csv (which has no types): dates ISO, money with 2 decimals."""
    value = cell_value(value, kind)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def display_value(value, kind: str = "text") -> str:
    """The value as a print page shows it (HTML escapes it; no formula can run there)."""
    if value is None or value == "":
        return ""
    if kind in ("money", "hours"):
        return f"{Decimal(value).quantize(Decimal('0.01'))}"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of an export: its Chinese heading, how to read it from a row, its type.

    `kind`: text, int, money, hours, date, datetime. `personal`: "id_number" or "phone" for values
    that are masked unless the export is a full one.
    """

    header: str
    value: Callable
    kind: str = "text"
    width: int = 14
    personal: str = ""

    def read(self, row, *, unmasked: bool):
        value = self.value(row)
        if self.personal and not unmasked:
            value = MASKS[self.personal](value or "")
        return value


def attr(name: str) -> Callable:
    """A column reader for a dotted attribute path (`resident.room.name`); None stops the walk."""
    parts = name.split(".")

    def read(row):
        value = row
        for part in parts:
            if value is None:
                return None
            value = getattr(value, part)
            if callable(value) and part.startswith("get_"):
                value = value()
        return value

    return read


def display(name: str) -> Callable:
    """A column reader for a choice field's label (`get_<name>_display`)."""
    *path, last = name.split(".")
    owner = attr(".".join(path)) if path else (lambda row: row)

    def read(row):
        obj = owner(row)
        return getattr(obj, f"get_{last}_display")() if obj is not None else None

    return read


@dataclass
class ExportRequest:
    """Who exports what: the title lines of the sheet and the log row come from here."""

    user: object
    kind: str
    title: str
    columns: list
    format: str = ExportFormat.XLSX
    station: object = None
    scope_label: str = ""
    period_label: str = ""
    filters: dict = field(default_factory=dict)
    unmasked: bool = False
    reason: str = ""
    filename: str = ""
    exported_at: datetime.datetime = None
    # Another system's import template: the headers on row 1 and nothing above them; the title,
    # the confidentiality mark and `notes` go to a second sheet (说明).
    import_layout: bool = False
    notes: list = field(default_factory=list)

    def __post_init__(self):
        if self.exported_at is None:
            self.exported_at = timezone.localtime()
        self.title = str(self.title)
        self.scope_label = str(self.scope_label)
        self.period_label = str(self.period_label)

    def title_line(self) -> str:
        parts = [self.title]
        if self.station is not None:
            parts.append(str(self.station))
        if self.scope_label:
            parts.append(self.scope_label)
        if self.period_label:
            parts.append(self.period_label)
        parts.append(
            _("导出人：%(user)s，导出时间：%(when)s")
            % {"user": user_label(self.user), "when": f"{self.exported_at:%Y-%m-%d %H:%M}"}
        )
        return _("；").join(parts)

    def confidential_line(self) -> str:
        return _("%(mark)s：含完整证件号码和电话，由%(user)s于%(when)s导出，原因：%(reason)s") % {
            "mark": _("内部资料 注意保密"),
            "user": user_label(self.user),
            "when": f"{self.exported_at:%Y-%m-%d %H:%M}",
            "reason": self.reason,
        }

    def download_name(self) -> str:
        stem = self.filename or f"{self.title}-{self.exported_at:%Y%m%d-%H%M}"
        return f"{stem}.{self.format}"


def user_label(user) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return name or user.get_username()


def can_export_unmasked(user) -> bool:
    """Full ID numbers and phones in bulk: station staff, supervisors and the superuser.

    A room worker reveals one file at a time on the resident's page, never a whole list."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.role in (Role.STATION_STAFF, Role.SUPERVISOR)


def check_unmasked(user, reason: str) -> str:
    """The stripped reason for a full export; PermissionDenied or ValidationError otherwise."""
    if not can_export_unmasked(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("请填写导出完整信息的原因（至少4个字）。")})
    return reason


def log_export(export: ExportRequest, row_count) -> ExportLog:
    return ExportLog.objects.create(
        exported_by=export.user,
        station=export.station,
        kind=export.kind,
        title=export.title[:200],
        format=export.format,
        filters=export.filters,
        row_count=row_count,
        unmasked=export.unmasked,
        reason=export.reason,
    )


def write_xlsx(export: ExportRequest, rows: Iterable, target) -> int:
    """Write the sheet to `target` (a path or binary file) in constant memory; the row count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(
        export.title[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／＼"))
    )
    for index, column in enumerate(export.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 1 if export.import_layout else (3 if export.unmasked else 2)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    target_sheet = sheet
    if export.import_layout:
        target_sheet = book.create_sheet(_("说明"))
        target_sheet.column_dimensions["A"].width = 100
    title = WriteOnlyCell(target_sheet, value=neutralise(export.title_line()))
    title.font = TITLE_FONT
    target_sheet.append([title])
    if export.unmasked:
        warning = WriteOnlyCell(target_sheet, value=neutralise(export.confidential_line()))
        warning.font = WARNING_FONT
        target_sheet.append([warning])
    if export.import_layout:
        for note in export.notes:
            target_sheet.append([neutralise(str(note))])
    headings = []
    for column in export.columns:
        cell = WriteOnlyCell(sheet, value=neutralise(str(column.header)))
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        headings.append(cell)
    sheet.append(headings)

    # One style object per column, shared by every row: write-only mode keeps no cells.
    formats = {
        "date": DATE_FORMAT,
        "datetime": DATETIME_FORMAT,
        "money": MONEY_FORMAT,
        "hours": HOURS_FORMAT,
    }
    count = 0
    for row in rows:
        cells = []
        for column in export.columns:
            value = cell_value(column.read(row, unmasked=export.unmasked), column.kind)
            if column.kind in formats and value is not None and not isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = formats[column.kind]
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    book.save(target)
    return count


def iter_csv(export: ExportRequest, rows: Iterable, on_done: Callable[[int], None] | None = None):
    """The .csv as chunks of text: UTF-8 with a BOM (so Excel reads the Chinese), title lines first."""

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([neutralise(export.title_line())])
    if export.unmasked:
        yield writer.writerow([neutralise(export.confidential_line())])
    yield writer.writerow([neutralise(str(column.header)) for column in export.columns])
    count = 0
    for row in rows:
        yield writer.writerow(
            [
                csv_value(column.read(row, unmasked=export.unmasked), column.kind)
                for column in export.columns
            ]
        )
        count += 1
    if on_done is not None:
        on_done(count)


def _disposition(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


def export_response(export: ExportRequest, rows: Iterable):
    """The download of `rows` (ideally `queryset.iterator(chunk_size=CHUNK_SIZE)`), logged.

    The .xlsx is built in a temporary file and sent from it; the .csv streams row by row and its
    log row gets the count when the last row has gone out.
    """
    if export.unmasked and not (can_export_unmasked(export.user) and export.reason.strip()):
        raise PermissionDenied
    if export.format == ExportFormat.CSV:
        log = log_export(export, None)

        def done(count):
            ExportLog.objects.filter(pk=log.pk).update(row_count=count)

        response = StreamingHttpResponse(
            iter_csv(export, rows, done), content_type="text/csv; charset=utf-8"
        )
    else:
        # Closed by FileResponse once sent; the file lives on disk, not in memory.
        handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
        count = write_xlsx(export, rows, handle)
        log_export(export, count)
        handle.seek(0)
        response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(export.download_name())
    response["Cache-Control"] = "no-store"
    return response
