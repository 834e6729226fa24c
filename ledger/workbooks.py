"""The Excel files of the import: the template of a kind, an export in the template's layout,
and the check report (the uploaded rows with the problems marked)."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ledger.reader import Formula, cell_text, read_rows
from ledger.spec import CHOICE, DATE, MULTI, LedgerKind

DATA_SHEET = "导入数据"
BAD = PatternFill("solid", fgColor="FFC7CE")
HEADER = Font(bold=True)
TEXT_COLUMNS = {"id_number", "phone", "guardian_phone", "beneficiary_id"}


def header_row(kind: LedgerKind) -> list[str]:
    return [
        f"{column.header}*" if column.required else str(column.header) for column in kind.columns
    ]


def _choice_labels(kind, column) -> list[str]:
    if column.key == "room":
        return [room.name for room in kind.rooms]
    return [str(label) for _value, label in column.choices()] if column.choices else []


def template_bytes(kind: LedgerKind) -> bytes:
    """Chinese headers, an example row, drop-down lists for coded columns, an instructions sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(header_row(kind))
    for cell in sheet[1]:
        cell.font = HEADER
    example = kind.example_row()
    if kind.rooms and kind.columns[0].key == "room":
        example[0] = kind.rooms[0].name
    sheet.append([str(value) for value in example])
    options = workbook.create_sheet("选项")
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(str(column.header)) * 2 + 4)
        if column.key in TEXT_COLUMNS:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        labels = _choice_labels(kind, column)
        if labels and column.type != MULTI:
            for row, label in enumerate(labels, start=1):
                options.cell(row=row, column=index, value=label)
            source = f"{quote_sheetname('选项')}!${letter}$1:${letter}${len(labels)}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.error = _("请从下拉列表中选择。")
            validation.errorTitle = str(column.header)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
        elif column.type == DATE:
            sheet.column_dimensions[letter].width = 14
    options.sheet_state = "hidden"
    notes = workbook.create_sheet("填写说明")
    notes.append([_("填写说明")])
    notes["A1"].font = HEADER
    for line in kind.instructions:
        notes.append([str(line)])
    notes.append([])
    notes.append([_("列名"), _("必填"), _("可用的其他列名"), _("说明"), _("可选值")])
    for cell in notes[notes.max_row]:
        cell.font = HEADER
    for column in kind.columns:
        labels = _choice_labels(kind, column)
        notes.append(
            [
                str(column.header),
                _("是") if column.required else "",
                "、".join(column.aliases),
                str(column.help) or (_("日期") if column.type == DATE else ""),
                "、".join(labels) if column.type in (CHOICE, MULTI) or column.key == "room" else "",
            ]
        )
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 30
    notes.column_dimensions["D"].width = 50
    notes.column_dimensions["E"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_export(kind: LedgerKind, target) -> int:
    """The station's records of `kind` in the template's layout (write-only: constant memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    sheet.append([WriteOnlyCell(sheet, value=text) for text in header_row(kind)])
    count = 0
    for row in kind.export_rows():
        cells = []
        for column, value in zip(kind.columns, row, strict=True):
            if isinstance(value, datetime.date):
                value = value.isoformat()
            cell = WriteOnlyCell(sheet, value=value)
            if column.key in TEXT_COLUMNS:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(target)
    return count


def report_bytes(kind: LedgerKind, path, name, problems: list, error_count: int) -> bytes:
    """The uploaded rows with the problem cells marked red and a 问题 column; a second sheet lists
    the problems (row, column, value, message)."""
    by_row = {}
    for row, column, _value, message in problems:
        by_row.setdefault(row, []).append((column, message))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("检查结果"))
    headers = []
    try:
        rows = list_rows(path, name)
        for number, row in rows:
            if not headers:
                headers = [cell_text(cell).replace("*", "") for cell in row]
                sheet.append([*row_cells(sheet, row), WriteOnlyCell(sheet, value=_("问题"))])
                continue
            found = by_row.get(number, [])
            bad_columns = {column for column, _message in found}
            cells = row_cells(sheet, row)
            for index, cell in enumerate(cells):
                if index < len(headers) and headers[index] in bad_columns:
                    cell.fill = BAD
                    cell.comment = Comment(
                        "；".join(m for c, m in found if c == headers[index]), "stationsite"
                    )
            note = WriteOnlyCell(
                sheet,
                value="；".join(
                    f"{column}：{message}" if column else message for column, message in found
                ),
            )
            if found:
                note.fill = BAD
            sheet.append([*cells, note])
    except Exception:  # the file itself is unreadable: the problems sheet still says why
        pass
    listing = workbook.create_sheet(_("问题清单"))
    listing.append([_("行"), _("列"), _("内容"), _("问题")])
    for problem in problems:
        listing.append(problem)
    if error_count > len(problems):
        listing.append(
            [
                "",
                "",
                "",
                _("共 %(count)d 个问题，这里列出前 %(shown)d 个。")
                % {"count": error_count, "shown": len(problems)},
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_rows(path, name):
    yield from enumerate(read_rows(path, name), start=1)


def row_cells(sheet, row):
    cells = []
    for value in row:
        if isinstance(value, Formula):
            value = value.text.lstrip("=")
        elif isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
            value = "'" + value  # never write back a formula
        cells.append(WriteOnlyCell(sheet, value=value))
    return cells
