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


def _blank(_volunteer) -> str:
    return ""


def _service_categories(volunteer) -> str:
    from django.utils.translation import gettext

    return gettext("、").join(volunteer.skill_labels())


def _region(volunteer) -> str:
    station = volunteer.station
    return f"{station.district}{station.township}" if station else ""


# The batch-import template of the national volunteer information system (中国志愿服务网), in its
# order. 民族, 政治面貌, 最高学历 and 从业状况 are not recorded here: those columns stay empty and
# the 说明 sheet says to fill them in (or in the system) before importing.
NATIONAL_EMPTY = [_("民族"), _("政治面貌"), _("最高学历"), _("从业状况")]
NATIONAL_COLUMNS = [
    Column(_("姓名"), attr("real_name"), width=10),
    Column(_("证件类型"), display("id_type"), width=14),
    Column(_("证件号码"), attr("id_number"), width=22, personal="id_number"),
    Column(_("性别"), display("sex"), width=6),
    Column(_("出生日期"), attr("birth_date"), kind="date", width=12),
    *[Column(header, _blank, width=10) for header in NATIONAL_EMPTY],
    Column(_("手机号码"), attr("phone"), width=14, personal="phone"),
    Column(_("服务类别"), _service_categories, width=24),
    Column(_("所在地区"), _region, width=20),
]
