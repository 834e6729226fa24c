"""Service records as an .xlsx laid out for re-entry into the national volunteer information system
(全国志愿服务信息系统): one row per confirmed record, ID numbers masked."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from stations.privacy import mask_id_number
from volunteers.services import service_title


def organiser_of(record) -> str:
    station = record.volunteer.station.name
    if record.activity_id:
        rooms = [room.name for room in record.activity.rooms.all()]
        return _("、").join(rooms) if rooms else station
    if record.group_session_id:
        room = record.group_session.group.room
        return room.name if room else station
    return record.project.room.name if record.project.room else station


def records_workbook(records) -> bytes:
    """`records` should be preloaded (see views.record_export) so that this runs no query per row."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("志愿服务记录")
    headings = [
        _("姓名"),
        _("证件类型"),
        _("证件号码（脱敏）"),
        _("项目/活动名称"),
        _("服务日期"),
        _("服务截止日期"),
        _("服务时长（小时）"),
        _("服务内容"),
        _("组织单位"),
        _("服务地点"),
    ]
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        sheet.append(
            [
                record.volunteer.real_name,
                record.volunteer.get_id_type_display(),
                mask_id_number(record.volunteer.id_number),
                service_title(record),
                record.date,
                record.end_date,
                float(record.hours),
                record.content,
                organiser_of(record),
                record.place,
            ]
        )
    for index, width in enumerate([10, 14, 22, 30, 12, 12, 10, 40, 20, 20], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
