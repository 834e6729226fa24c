"""What each list page exports: its filtered rows (the list view's own queryset function) and the
columns, in the order of the list. One entry per list; `views.list_export` does the rest."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities import views as activity_views
from cases import views as case_views
from charity import views as charity_views
from groups import views as group_views
from organizations import views as organization_views
from plans import views as plan_views
from stations import resident_views
from stations.exports import Column, attr, display
from volunteers import views as volunteer_views
from volunteers.services import service_title


@dataclass(frozen=True)
class ListExport:
    """`rows(request)` returns the list's filter form (or None) and its filtered, ordered queryset
    (or list, for a list computed in Python), exactly as the list page builds them.

    A list that belongs to one record (a fund's ledger, an activity's sign-ins) has `parent`:
    `parent(user, pk)` returns the record if the user may see it (else Http404, through
    `visible_to`), and `rows(request, record)` its rows; its page is `list_url` with the pk."""

    key: str
    title: str
    list_url: str
    rows: Callable
    columns: list
    parent: Callable | None = None
    # Figures without personal data that every role reads on the page (officials too): so may they
    # download them. Other lists are for the personal-data roles only.
    aggregates: bool = False


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


def _ledger_text(entry):
    """The ledger page's 摘要 column: a reversal, a gift (its public donor name) or a payout."""
    from django.utils.translation import gettext

    if entry.reverses_id:
        return gettext("冲正第 %(number)s 号分录：%(reason)s") % {
            "number": entry.reverses_id,
            "reason": entry.reason,
        }
    if entry.donation_id:
        parts = [gettext("捐赠"), entry.donation.public_donor_name]
        if entry.donation.items:
            parts.append(entry.donation.items)
        return " · ".join(parts)
    return " · ".join([gettext("支出"), entry.disbursement.number, entry.disbursement.purpose])


def _amount_if(direction):
    return lambda entry: entry.amount if entry.direction == direction else None


def _fund_rooms(fund):
    from django.utils.translation import gettext

    rooms = [room.name for room in fund.rooms.all()]
    return gettext("、").join(rooms) if rooms else gettext("全站")


def _workload_name(row):
    from stations.exports import user_label

    return row.name if hasattr(row, "order") else user_label(row)


def _workload_kind(row):
    from django.utils.translation import gettext

    return gettext("社工室") if hasattr(row, "order") else gettext("社工")


def _workload_rows(request):
    _month, _sort, rows = plan_views.workload_table(request)
    return None, rows["workers"] + rows["rooms"]


def _overdue_rows(request):
    filters, residents, _sort = plan_views.overdue_list_rows(request)
    return filters, residents


def _never_visited(resident):
    from django.utils.translation import gettext

    return resident.last_visit_at or gettext("从未走访")


def _member_kind(member):
    return member.get_kind_label()


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
        ListExport(
            "funds",
            _("社区基金名单"),
            "charity:fund_list",
            lambda request: (None, charity_views.fund_list_queryset(request)),
            [
                Column(_("基金名称"), attr("name"), width=24),
                Column(_("托管慈善组织"), attr("host_display"), width=24),
                Column(_("服务社工室"), _fund_rooms, width=20),
                Column(_("资金余额（元）"), attr("cash"), kind="money", width=14),
                Column(_("物资余值（元）"), attr("in_kind"), kind="money", width=14),
            ],
            aggregates=True,
        ),
        ListExport(
            "fund-ledger",
            _("基金台账"),
            "charity:fund_detail",
            lambda request, fund: (None, charity_views.fund_ledger_queryset(request, fund)),
            [
                Column(_("分录号"), attr("pk"), kind="int", width=8),
                Column(_("日期"), attr("entry_date"), kind="date", width=12),
                Column(_("摘要"), _ledger_text, width=40),
                Column(_("项目"), attr("project.title"), width=24),
                Column(_("形式"), display("form"), width=8),
                Column(_("收入（元）"), _amount_if("in"), kind="money", width=12),
                Column(_("支出（元）"), _amount_if("out"), kind="money", width=12),
                Column(_("累计余额（元）"), attr("running"), kind="money", width=14),
            ],
            parent=charity_views.get_fund_for_user,
            aggregates=True,
        ),
        ListExport(
            "charity-projects",
            _("社区慈善项目名单"),
            "charity:project_list",
            lambda request: (None, charity_views.project_list_queryset(request)[0]),
            [
                Column(_("项目名称"), attr("title"), width=30),
                Column(_("所属基金"), attr("fund.name"), width=20),
                Column(_("状态"), display("status"), width=10),
                Column(_("开始日期"), attr("start_date"), kind="date", width=12),
                Column(_("结束日期"), attr("end_date"), kind="date", width=12),
                Column(_("实施社工室"), _join("rooms"), width=20),
                Column(_("筹集（元）"), attr("raised"), kind="money", width=12),
                Column(_("支出（元）"), attr("spent"), kind="money", width=12),
                Column(_("结余（元）"), attr("left"), kind="money", width=12),
            ],
            aggregates=True,
        ),
        ListExport(
            "activity-series",
            _("系列活动/项目名单"),
            "activities:series_list",
            lambda request: (None, activity_views.series_list_queryset(request)),
            [
                Column(_("名称"), attr("name"), width=30),
                Column(_("开始日期"), attr("start_date"), kind="date", width=12),
                Column(_("结束日期"), attr("end_date"), kind="date", width=12),
                Column(_("活动场次"), attr("activity_count"), kind="int", width=10),
                Column(_("签到人数"), attr("signed_in"), kind="int", width=10),
                Column(_("直接参与人次"), attr("direct_total"), kind="int", width=12),
                Column(_("间接受益人数"), attr("indirect_total"), kind="int", width=12),
            ],
        ),
        ListExport(
            "series-activities",
            _("系列活动"),
            "activities:series_detail",
            lambda request, series: (
                None,
                activity_views.series_activities_queryset(request, series),
            ),
            [
                Column(_("活动名称"), attr("title"), width=30),
                Column(_("活动类型"), display("activity_type"), width=12),
                Column(_("社工室"), _join("rooms"), width=20),
                Column(_("开始时间"), attr("starts_at"), kind="datetime", width=17),
                Column(_("地点"), attr("place"), width=20),
                Column(_("签到人数"), attr("signed_in_count"), kind="int", width=10),
                Column(_("直接参与人次"), attr("direct_participant_count"), kind="int", width=12),
            ],
            parent=activity_views.get_series_for_user,
        ),
        ListExport(
            "activity-signins",
            _("活动签到名单"),
            "activities:detail",
            lambda request, activity: (
                None,
                activity_views.activity_signins_queryset(request, activity),
            ),
            [
                Column(_("姓名"), attr("real_name"), width=10),
                Column(_("化名"), attr("pseudonym"), width=10),
                Column(_("性别"), display("sex"), width=6),
                Column(_("出生日期"), attr("birth_date"), kind="date", width=12),
                Column(_("电话"), attr("phone"), width=14, personal="phone"),
                Column(_("社工室"), attr("room.name"), width=16),
            ],
            parent=activity_views.get_activity_for_user,
        ),
        ListExport(
            "needs",
            _("需求评估名单"),
            "activities:needs_list",
            lambda request: (None, activity_views.needs_list_queryset(request)),
            [
                Column(_("标题"), attr("title"), width=30),
                Column(_("评估日期"), attr("assessed_on"), kind="date", width=12),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("评估方法"), attr("method"), width=20),
                Column(_("主要发现"), attr("findings"), width=50),
            ],
        ),
        ListExport(
            "media-reports",
            _("媒体报道名单"),
            "activities:outreach",
            lambda request: (None, activity_views.media_list_queryset(request)),
            [
                Column(_("发布日期"), attr("published_on"), kind="date", width=12),
                Column(_("标题"), attr("title"), width=30),
                Column(_("媒体"), attr("outlet"), width=20),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(_("相关活动"), attr("activity.title"), width=24),
                Column(_("链接"), attr("link"), width=30),
            ],
        ),
        ListExport(
            "partners",
            _("共建单位名单"),
            "organizations:partner_list",
            organization_views.partner_list_queryset,
            [
                Column(_("单位名称"), attr("name"), width=24),
                Column(_("类型"), display("kind"), width=12),
                Column(_("联系人"), attr("contact_person"), width=10),
                Column(_("联系电话"), attr("contact_phone"), width=14, personal="phone"),
                Column(_("共建活动场次"), attr("activity_count"), kind="int", width=12),
            ],
        ),
        ListExport(
            "volunteer-projects",
            _("志愿服务项目名单"),
            "volunteers:project_list",
            lambda request: (None, volunteer_views.project_list_queryset(request)),
            [
                Column(_("项目名称"), attr("name"), width=30),
                Column(_("社工室"), attr("room.name"), width=16),
                Column(
                    _("服务领域"),
                    lambda row: _("、").join(row.get_service_areas_display()),
                    width=16,
                ),
                Column(
                    _("服务人群"),
                    lambda row: _("、").join(row.get_target_populations_display()),
                    width=16,
                ),
                Column(_("服务地点"), attr("place"), width=20),
                Column(_("开始日期"), attr("starts_on"), kind="date", width=12),
                Column(_("结束日期"), attr("ends_on"), kind="date", width=12),
                Column(_("招募人数"), attr("slots"), kind="int", width=10),
                Column(_("状态"), display("status"), width=8),
            ],
        ),
        ListExport(
            "group-attendance",
            _("小组成员出勤"),
            "groups:detail",
            lambda request, group: (None, group_views.group_members_queryset(request, group)),
            [
                Column(_("成员"), attr("display_name"), width=12),
                Column(_("成员类型"), _member_kind, width=10),
                Column(_("加入日期"), attr("joined_on"), kind="date", width=12),
                Column(_("退出日期"), attr("left_on"), kind="date", width=12),
                Column(_("出勤节数"), attr("attendance_count"), kind="int", width=10),
                Column(_("前测得分"), attr("pre_score"), kind="hours", width=10),
                Column(_("后测得分"), attr("post_score"), kind="hours", width=10),
            ],
            parent=group_views.get_group_for_user,
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
                Column(_("上次走访"), _never_visited, kind="date", width=12),
                Column(_("逾期天数"), attr("days_overdue"), kind="int", width=10),
            ],
        ),
        ListExport(
            "workload",
            _("工作量"),
            "plans:workload",
            _workload_rows,
            [
                Column(_("类别"), _workload_kind, width=8),
                Column(_("社工/社工室"), _workload_name, width=16),
                Column(_("在办个案"), attr("open_cases"), kind="int", width=10),
                Column(_("本月走访"), attr("visits"), kind="int", width=10),
                Column(_("逾期未走访"), attr("overdue"), kind="int", width=10),
                Column(_("服务时长（小时）"), attr("service_hours"), kind="hours", width=12),
                Column(_("小组节次"), attr("group_sessions"), kind="int", width=10),
                Column(_("社区活动"), attr("activities_run"), kind="int", width=10),
            ],
        ),
    ]
}


def list_rows(request, spec, pk):
    """The list's form and rows; for a record's list, the record first through `visible_to`."""
    if spec.parent is None:
        form, rows = spec.rows(request)
        return form, rows, None
    record = spec.parent(request.user, pk)
    form, rows = spec.rows(request, record)
    return form, rows, record


def iterate_rows(rows):
    """A queryset read in chunks by a server-side cursor; a list computed in Python as is."""
    from stations.exports import CHUNK_SIZE

    return rows.iterator(chunk_size=CHUNK_SIZE) if hasattr(rows, "iterator") else iter(rows)


def filter_labels(form):
    """The room and the period of the filters, for the sheet's title row."""
    from django.utils.translation import gettext

    data = getattr(form, "cleaned_data", None) or {}
    room = data.get("room")
    scope = room.name if room else gettext("全部可查看的社工室")
    start, end = data.get("date_from"), data.get("date_to")
    period = ""
    if start or end:
        period = gettext("%(start)s 至 %(end)s") % {
            "start": start.isoformat() if start else "…",
            "end": end.isoformat() if end else "…",
        }
    return scope, period
