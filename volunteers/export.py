"""Service records laid out for re-entry into the national volunteer information system
(全国志愿服务信息系统): one row per confirmed record, ID numbers masked unless a full export."""

from django.utils.translation import gettext_lazy as _

from stations.exports import Column, attr, display
from volunteers.services import service_title


def organiser_of(record) -> str:
    from django.utils.translation import gettext

    station = record.volunteer.station.name
    if record.activity_id:
        rooms = [room.name for room in record.activity.rooms.all()]
        return gettext("、").join(rooms) if rooms else station
    if record.group_session_id:
        room = record.group_session.group.room
        return room.name if room else station
    return record.project.room.name if record.project.room else station


# `records` must be preloaded (see views.record_export) so that no column runs a query per row.
RECORD_COLUMNS = [
    Column(_("姓名"), attr("volunteer.real_name"), width=10),
    Column(_("证件类型"), display("volunteer.id_type"), width=14),
    Column(_("证件号码（脱敏）"), attr("volunteer.id_number"), width=22, personal="id_number"),
    Column(_("项目/活动名称"), service_title, width=30),
    Column(_("服务日期"), attr("date"), kind="date", width=12),
    Column(_("服务截止日期"), attr("end_date"), kind="date", width=12),
    Column(_("服务时长（小时）"), attr("hours"), kind="hours", width=10),
    Column(_("服务内容"), attr("content"), width=40),
    Column(_("组织单位"), organiser_of, width=20),
    Column(_("服务地点"), attr("place"), width=20),
]
