"""What each list page exports: its filtered rows (the list view's own queryset function) and the
columns, in the order of the list. One entry per list; `views.list_export` does the rest."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities import views as activity_views
from cases import views as case_views
from groups import views as group_views
from organizations import views as organization_views
from plans import views as plan_views
from stations import resident_views
from stations.exports import Column, attr, display
from volunteers import views as volunteer_views
from volunteers.services import service_title


@dataclass(frozen=True)
class ListExport:
    """`rows(request)` returns the list's filter form (or None) and its filtered, ordered queryset,
    exactly as the list page builds them."""

    key: str
    title: str
    list_url: str
    rows: Callable
    columns: list


def _join(name: str, label: str = "name") -> Callable:
    """A many-to-many column (prefetched): the labels joined with 、."""

    def read(row):
        from django.utils.translation import gettext

        return gettext("、").join(str(getattr(item, label)) for item in getattr(row, name).all())

    return read


def _resident_rows(request):
    form, residents = resident_views.resident_list_queryset(request)
    return form, residents


def _household_rows(request):
    return None, resident_views.household_list_queryset(request)


def _case_rows(request):
    filters, cases, _sort = case_views.case_list_queryset(request)
    return filters, cases


def _volunteer_rows(request):
    form, volunteers, _sort = volunteer_views.volunteer_list_queryset(request)
    return form, volunteers


def _skills(volunteer):
    from django.utils.translation import gettext

    from volunteers.models import Skill

    labels = dict(Skill.choices)
    return gettext("、").join(str(labels.get(code, code)) for code in volunteer.skills)


def _overdue_rows(request):
    filters, residents, _sort = plan_views.overdue_list_rows(request)
    return filters, residents


def _workload_workers(request):
    _month, _sort, table = plan_views.workload_table(request)
    return None, table["workers"]


def _workload_rooms(request):
    _month, _sort, table = plan_views.workload_table(request)
    return None, table["rooms"]


def _person(user):
    return user.get_full_name() or user.username


def _room_names(worker):
    from django.utils.translation import gettext

    return gettext("、").join(worker.room_names)


WORKLOAD_COLUMNS = [
    Column(_("在办个案"), attr("open_cases"), kind="int", width=10),
    Column(_("本月走访"), attr("visits"), kind="int", width=10),
    Column(_("逾期未走访"), attr("overdue"), kind="int", width=10),
    Column(_("服务时长（小时）"), attr("service_hours"), kind="hours", width=12),
    Column(_("小组节次"), attr("group_sessions"), kind="int", width=10),
    Column(_("社区活动"), attr("activities_run"), kind="int", width=10),
]

LISTS = {
    spec.key: spec
    for spec in [
        ListExport(
            "residents",
            _("服务对象名单"),
            "stations:resident_list",
            _resident_rows,
            [
                Column(_("姓名"), attr("real_name"), width=10),
                Column(_("化名"), attr("pseudonym"), width=10),
                Column(_("性别"), display("sex"), width=6),
                Column(_("出生日期"), attr("birth_date"), kind="date", width=12),
                Column(_("证件类型"), display("id_type"), width=12),
                Column(_("证件号码"), attr("id_number"), width=22, personal="id_number"),
                Column(_("电话"), attr("phone"), width=14, personal="phone"),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("住址"), attr("address"), width=30),
                Column(_("登记日期"), attr("registered_on"), kind="date", width=12),
            ],
        ),
        ListExport(
            "households",
            _("家庭户名单"),
            "stations:household_list",
            _household_rows,
            [
                Column(_("户名"), attr("name"), width=16),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("住址"), attr("address"), width=30),
                Column(_("在册成员"), attr("member_count"), kind="int", width=10),
            ],
        ),
        ListExport(
            "cases",
            _("个案名单"),
            "cases:list",
            _case_rows,
            [
                Column(_("个案编号"), attr("number"), width=20),
                Column(_("服务对象"), attr("resident.real_name"), width=10),
                Column(_("化名"), attr("resident.pseudonym"), width=10),
                Column(_("阶段"), display("stage"), width=10),
                Column(_("风险"), display("risk_level"), width=8),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("负责社工"), attr("worker"), width=10),
                Column(_("开案日期"), attr("opened_on"), kind="date", width=12),
                Column(_("结案日期"), attr("closed_on"), kind="date", width=12),
                Column(_("下次联系日期"), attr("next_contact_date"), kind="date", width=12),
            ],
        ),
        ListExport(
            "volunteers",
            _("志愿者名单"),
            "volunteers:list",
            _volunteer_rows,
            [
                Column(_("姓名"), attr("real_name"), width=10),
                Column(_("性别"), display("sex"), width=6),
                Column(_("出生日期"), attr("birth_date"), kind="date", width=12),
                Column(_("证件类型"), display("id_type"), width=12),
                Column(_("证件号码"), attr("id_number"), width=22, personal="id_number"),
                Column(_("联系电话"), attr("phone"), width=14, personal="phone"),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("技能特长"), _skills, width=20),
                Column(_("状态"), display("status"), width=8),
                Column(_("注册日期"), attr("registered_on"), kind="date", width=12),
                Column(
                    _("已确认服务时长（小时）"), attr("confirmed_hours"), kind="hours", width=12
                ),
            ],
        ),
        ListExport(
            "volunteer-records",
            _("志愿服务记录"),
            "volunteers:record_list",
            volunteer_views.record_list_queryset,
            [
                Column(_("姓名"), attr("volunteer.real_name"), width=10),
                Column(_("社工室"), attr("volunteer.room.name"), width=16),
                Column(_("项目/活动名称"), service_title, width=30),
                Column(_("服务日期"), attr("date"), kind="date", width=12),
                Column(_("服务截止日期"), attr("end_date"), kind="date", width=12),
                Column(_("服务时长（小时）"), attr("hours"), kind="hours", width=10),
                Column(_("服务内容"), attr("content"), width=40),
                Column(_("服务地点"), attr("place"), width=20),
                Column(_("状态"), display("status"), width=8),
            ],
        ),
        ListExport(
            "certificates",
            _("志愿服务记录证明"),
            "volunteers:certificate_list",
            lambda request: (None, volunteer_views.certificate_list_queryset(request)),
            [
                Column(_("证明编号"), attr("number"), width=22),
                Column(_("姓名"), attr("volunteer.real_name"), width=10),
                Column(_("社工室"), attr("volunteer.room.name"), width=16),
                Column(_("服务起始日期"), attr("period_from"), kind="date", width=12),
                Column(_("服务截止日期"), attr("period_to"), kind="date", width=12),
                Column(_("累计服务时长"), attr("total_hours"), kind="hours", width=12),
                Column(_("出具日期"), attr("issued_on"), kind="date", width=12),
                Column(_("负责人"), attr("person_in_charge"), width=10),
            ],
        ),
        ListExport(
            "groups",
            _("小组名单"),
            "groups:list",
            group_views.group_list_queryset,
            [
                Column(_("小组名称"), attr("name"), width=24),
                Column(_("小组类型"), display("group_type"), width=10),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("开始日期"), attr("start_date"), kind="date", width=12),
                Column(_("结束日期"), attr("end_date"), kind="date", width=12),
                Column(_("阶段"), display("stage"), width=10),
                Column(_("计划书状态"), display("plan_status"), width=10),
                Column(_("在组成员"), attr("member_count"), kind="int", width=10),
                Column(_("已开展节数"), attr("session_count"), kind="int", width=10),
                Column(_("活动地点"), attr("venue"), width=20),
            ],
        ),
        ListExport(
            "activities",
            _("社区活动名单"),
            "activities:list",
            activity_views.activity_list_queryset,
            [
                Column(_("活动名称"), attr("title"), width=30),
                Column(_("活动类型"), display("activity_type"), width=12),
                Column(_("社工室"), _join("rooms"), width=20),
                Column(_("开始时间"), attr("starts_at"), kind="datetime", width=17),
                Column(_("结束时间"), attr("ends_at"), kind="datetime", width=17),
                Column(_("地点"), attr("place"), width=20),
                Column(_("签到人数"), attr("signed_in_count"), kind="int", width=10),
                Column(_("直接参与人次"), attr("direct_participant_count"), kind="int", width=12),
                Column(_("间接受益人数"), attr("indirect_beneficiaries"), kind="int", width=12),
            ],
        ),
        ListExport(
            "organizations",
            _("社区社会组织名录"),
            "organizations:list",
            organization_views.organization_list_queryset,
            [
                Column(_("组织名称"), attr("name"), width=24),
                Column(_("类别"), display("category"), width=12),
                Column(_("状态"), display("status"), width=10),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("负责人"), attr("leader_name"), width=10),
                Column(_("联系电话"), attr("contact_phone"), width=14, personal="phone"),
                Column(_("成员人数"), attr("member_count"), kind="int", width=10),
                Column(_("服务领域/范围"), attr("service_area"), width=24),
                Column(_("开始培育日期"), attr("incubation_started_on"), kind="date", width=12),
                Column(_("备案日期"), attr("filed_on"), kind="date", width=12),
                Column(_("登记日期"), attr("registered_on"), kind="date", width=12),
                Column(_("参与活动场次"), attr("activity_count"), kind="int", width=12),
                Column(_("服务人次"), attr("people_served"), kind="int", width=10),
            ],
        ),
        ListExport(
            "overdue-visits",
            _("逾期未走访名单"),
            "plans:overdue_visits",
            _overdue_rows,
            [
                Column(_("服务对象"), attr("real_name"), width=10),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("重点人群"), attr("interval_label"), width=14),
                Column(_("走访周期（天）"), attr("interval_days"), kind="int", width=10),
                Column(_("上次走访"), attr("last_visit_at"), kind="datetime", width=17),
                Column(_("逾期天数"), attr("days_overdue"), kind="int", width=10),
                Column(_("电话"), attr("phone"), width=14, personal="phone"),
                Column(_("住址"), attr("address"), width=30),
            ],
        ),
        ListExport(
            "workload-workers",
            _("工作量（按社工）"),
            "plans:workload",
            _workload_workers,
            [
                Column(_("社工"), _person, width=10),
                Column(_("社工室"), _room_names, width=20),
                *WORKLOAD_COLUMNS,
            ],
        ),
        ListExport(
            "workload-rooms",
            _("工作量（按社工室）"),
            "plans:workload",
            _workload_rooms,
            [Column(_("社工室"), attr("name"), width=16), *WORKLOAD_COLUMNS],
        ),
        ListExport(
            "exchanges",
            _("交流访问名单"),
            "activities:exchange_list",
            lambda request: (None, activity_views.exchange_list_queryset(request)),
            [
                Column(_("日期"), attr("visited_on"), kind="date", width=12),
                Column(_("交流单位"), attr("counterpart"), width=24),
                Column(_("形式"), display("direction"), width=10),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("交流内容"), attr("topics"), width=40),
            ],
        ),
    ]
}
