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
from registers.columns import (
    BIRTH_DATE,
    END_DATE,
    ID_NUMBER,
    ID_TYPE,
    PSEUDONYM,
    REAL_NAME,
    ROOM,
    SEX,
    START_DATE,
    VOLUNTEER_NAME,
    VOLUNTEER_ROOM,
    choice_column,
    count_column,
    date_column,
    datetime_column,
    hours_column,
    money_column,
    phone_column,
    text_column,
)
from stations import resident_views
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


# The columns of an activity row, shown alike by the station's activity list and a series' list.
ACTIVITY_TITLE = text_column(_("活动名称"), "title", width=30)
ACTIVITY_TYPE = choice_column(_("活动类型"), "activity_type", width=12)
ACTIVITY_ROOMS = text_column(_("社工室"), _join("rooms"), width=20)
ACTIVITY_STARTS_AT = datetime_column(_("开始时间"), "starts_at")
ACTIVITY_PLACE = text_column(_("地点"), "place", width=20)
ACTIVITY_SIGNED_IN = count_column(_("签到人数"), "signed_in_count")
ACTIVITY_DIRECT_PARTICIPANTS = count_column(_("直接参与人次"), "direct_participant_count", width=12)


def _without_form(rows: Callable) -> Callable:
    """The `rows` of a list page without a filter form, whose function `rows(request)` (or
    `rows(request, record)`) returns the queryset alone."""
    return lambda request, *record: (None, rows(request, *record))


def _without_sort(rows: Callable) -> Callable:
    """The `rows` of a list page whose function returns the form, the rows and the sort key."""

    def read(request):
        form, queryset, _sort = rows(request)
        return form, queryset

    return read


def _skills(volunteer):
    from django.utils.translation import gettext

    return gettext("、").join(volunteer.skill_labels())


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
            resident_views.resident_list_queryset,
            [
                REAL_NAME,
                PSEUDONYM,
                SEX,
                BIRTH_DATE,
                ID_TYPE,
                ID_NUMBER,
                phone_column(_("电话")),
                ROOM,
                text_column(_("住址"), "address", width=30),
                date_column(_("登记日期"), "registered_on"),
            ],
        ),
        ListExport(
            "households",
            _("家庭户名单"),
            "stations:household_list",
            _without_form(resident_views.household_list_queryset),
            [
                text_column(_("户名"), "name", width=16),
                ROOM,
                text_column(_("住址"), "address", width=30),
                count_column(_("在册成员"), "member_count"),
            ],
        ),
        ListExport(
            "cases",
            _("个案名单"),
            "cases:list",
            _without_sort(case_views.case_list_queryset),
            [
                text_column(_("个案编号"), "number", width=20),
                text_column(_("服务对象"), "resident.real_name", width=10),
                text_column(_("化名"), "resident.pseudonym", width=10),
                choice_column(_("阶段"), "stage", width=10),
                choice_column(_("风险"), "risk_level", width=8),
                ROOM,
                text_column(_("负责社工"), "worker", width=10),
                date_column(_("开案日期"), "opened_on"),
                date_column(_("结案日期"), "closed_on"),
                date_column(_("下次联系日期"), "next_contact_date"),
            ],
        ),
        ListExport(
            "volunteers",
            _("志愿者名单"),
            "volunteers:list",
            _without_sort(volunteer_views.volunteer_list_queryset),
            [
                REAL_NAME,
                SEX,
                BIRTH_DATE,
                ID_TYPE,
                ID_NUMBER,
                phone_column(_("联系电话")),
                ROOM,
                text_column(_("技能特长"), _skills, width=20),
                choice_column(_("状态"), "status", width=8),
                date_column(_("注册日期"), "registered_on"),
                hours_column(_("已确认服务时长（小时）"), "confirmed_hours", width=12),
            ],
        ),
        ListExport(
            "volunteer-records",
            _("志愿服务记录"),
            "volunteers:record_list",
            volunteer_views.record_list_queryset,
            [
                VOLUNTEER_NAME,
                VOLUNTEER_ROOM,
                text_column(_("项目/活动名称"), service_title, width=30),
                date_column(_("服务日期"), "date"),
                date_column(_("服务截止日期"), "end_date"),
                hours_column(_("服务时长（小时）"), "hours"),
                text_column(_("服务内容"), "content", width=40),
                text_column(_("服务地点"), "place", width=20),
                choice_column(_("状态"), "status", width=8),
            ],
        ),
        ListExport(
            "certificates",
            _("志愿服务记录证明"),
            "volunteers:certificate_list",
            _without_form(volunteer_views.certificate_list_queryset),
            [
                text_column(_("证明编号"), "number", width=22),
                VOLUNTEER_NAME,
                VOLUNTEER_ROOM,
                date_column(_("服务起始日期"), "period_from"),
                date_column(_("服务截止日期"), "period_to"),
                hours_column(_("累计服务时长"), "total_hours", width=12),
                date_column(_("出具日期"), "issued_on"),
                text_column(_("负责人"), "person_in_charge", width=10),
            ],
        ),
        ListExport(
            "groups",
            _("小组名单"),
            "groups:list",
            group_views.group_list_queryset,
            [
                text_column(_("小组名称"), "name", width=24),
                choice_column(_("小组类型"), "group_type", width=10),
                ROOM,
                START_DATE,
                END_DATE,
                choice_column(_("阶段"), "stage", width=10),
                choice_column(_("计划书状态"), "plan_status", width=10),
                count_column(_("在组成员"), "member_count"),
                count_column(_("已开展节数"), "session_count"),
                text_column(_("活动地点"), "venue", width=20),
            ],
        ),
        ListExport(
            "activities",
            _("社区活动名单"),
            "activities:list",
            activity_views.activity_list_queryset,
            [
                ACTIVITY_TITLE,
                ACTIVITY_TYPE,
                ACTIVITY_ROOMS,
                ACTIVITY_STARTS_AT,
                datetime_column(_("结束时间"), "ends_at"),
                ACTIVITY_PLACE,
                ACTIVITY_SIGNED_IN,
                ACTIVITY_DIRECT_PARTICIPANTS,
                count_column(_("间接受益人数"), "indirect_beneficiaries", width=12),
            ],
        ),
        ListExport(
            "organizations",
            _("社区社会组织名录"),
            "organizations:list",
            organization_views.organization_list_queryset,
            [
                text_column(_("组织名称"), "name", width=24),
                choice_column(_("类别"), "category", width=12),
                choice_column(_("状态"), "status", width=10),
                ROOM,
                text_column(_("负责人"), "leader_name", width=10),
                phone_column(_("联系电话"), "contact_phone"),
                count_column(_("成员人数"), "member_count"),
                text_column(_("服务领域/范围"), "service_area", width=24),
                date_column(_("开始培育日期"), "incubation_started_on"),
                date_column(_("备案日期"), "filed_on"),
                date_column(_("登记日期"), "registered_on"),
                count_column(_("参与活动场次"), "activity_count", width=12),
                count_column(_("服务人次"), "people_served"),
            ],
        ),
        ListExport(
            "exchanges",
            _("交流访问名单"),
            "activities:exchange_list",
            _without_form(activity_views.exchange_list_queryset),
            [
                date_column(_("日期"), "visited_on"),
                text_column(_("交流单位"), "counterpart", width=24),
                choice_column(_("形式"), "direction", width=10),
                ROOM,
                text_column(_("交流内容"), "topics", width=40),
            ],
        ),
        ListExport(
            "funds",
            _("社区基金名单"),
            "charity:fund_list",
            _without_form(charity_views.fund_list_queryset),
            [
                text_column(_("基金名称"), "name", width=24),
                text_column(_("托管慈善组织"), "host_display", width=24),
                text_column(_("服务社工室"), _fund_rooms, width=20),
                money_column(_("资金余额（元）"), "cash", width=14),
                money_column(_("物资余值（元）"), "in_kind", width=14),
            ],
            aggregates=True,
        ),
        ListExport(
            "fund-ledger",
            _("基金台账"),
            "charity:fund_detail",
            _without_form(charity_views.fund_ledger_queryset),
            [
                count_column(_("分录号"), "pk", width=8),
                date_column(_("日期"), "entry_date"),
                text_column(_("摘要"), _ledger_text, width=40),
                text_column(_("项目"), "project.title", width=24),
                choice_column(_("形式"), "form", width=8),
                money_column(_("收入（元）"), _amount_if("in")),
                money_column(_("支出（元）"), _amount_if("out")),
                money_column(_("累计余额（元）"), "running", width=14),
            ],
            parent=charity_views.get_fund_for_user,
            aggregates=True,
        ),
        ListExport(
            "charity-projects",
            _("社区慈善项目名单"),
            "charity:project_list",
            _without_form(lambda request: charity_views.project_list_queryset(request)[0]),
            [
                text_column(_("项目名称"), "title", width=30),
                text_column(_("所属基金"), "fund.name", width=20),
                choice_column(_("状态"), "status", width=10),
                START_DATE,
                END_DATE,
                text_column(_("实施社工室"), _join("rooms"), width=20),
                money_column(_("筹集（元）"), "raised"),
                money_column(_("支出（元）"), "spent"),
                money_column(_("结余（元）"), "left"),
            ],
            aggregates=True,
        ),
        ListExport(
            "activity-series",
            _("系列活动/项目名单"),
            "activities:series_list",
            _without_form(activity_views.series_list_queryset),
            [
                text_column(_("名称"), "name", width=30),
                START_DATE,
                END_DATE,
                count_column(_("活动场次"), "activity_count"),
                count_column(_("签到人数"), "signed_in"),
                count_column(_("直接参与人次"), "direct_total", width=12),
                count_column(_("间接受益人数"), "indirect_total", width=12),
            ],
        ),
        ListExport(
            "series-activities",
            _("系列活动"),
            "activities:series_detail",
            _without_form(activity_views.series_activities_queryset),
            [
                ACTIVITY_TITLE,
                ACTIVITY_TYPE,
                ACTIVITY_ROOMS,
                ACTIVITY_STARTS_AT,
                ACTIVITY_PLACE,
                ACTIVITY_SIGNED_IN,
                ACTIVITY_DIRECT_PARTICIPANTS,
            ],
            parent=activity_views.get_series_for_user,
        ),
        ListExport(
            "activity-signins",
            _("活动签到名单"),
            "activities:detail",
            _without_form(activity_views.activity_signins_queryset),
            [
                REAL_NAME,
                PSEUDONYM,
                SEX,
                BIRTH_DATE,
                phone_column(_("电话")),
                ROOM,
            ],
            parent=activity_views.get_activity_for_user,
        ),
        ListExport(
            "needs",
            _("需求评估名单"),
            "activities:needs_list",
            _without_form(activity_views.needs_list_queryset),
            [
                text_column(_("标题"), "title", width=30),
                date_column(_("评估日期"), "assessed_on"),
                ROOM,
                text_column(_("评估方法"), "method", width=20),
                text_column(_("主要发现"), "findings", width=50),
            ],
        ),
        ListExport(
            "media-reports",
            _("媒体报道名单"),
            "activities:outreach",
            _without_form(activity_views.media_list_queryset),
            [
                date_column(_("发布日期"), "published_on"),
                text_column(_("标题"), "title", width=30),
                text_column(_("媒体"), "outlet", width=20),
                ROOM,
                text_column(_("相关活动"), "activity.title", width=24),
                text_column(_("链接"), "link", width=30),
            ],
        ),
        ListExport(
            "partners",
            _("共建单位名单"),
            "organizations:partner_list",
            organization_views.partner_list_queryset,
            [
                text_column(_("单位名称"), "name", width=24),
                choice_column(_("类型"), "kind", width=12),
                text_column(_("联系人"), "contact_person", width=10),
                phone_column(_("联系电话"), "contact_phone"),
                count_column(_("共建活动场次"), "activity_count", width=12),
            ],
        ),
        ListExport(
            "volunteer-projects",
            _("志愿服务项目名单"),
            "volunteers:project_list",
            _without_form(volunteer_views.project_list_queryset),
            [
                text_column(_("项目名称"), "name", width=30),
                ROOM,
                text_column(
                    _("服务领域"),
                    lambda row: _("、").join(row.get_service_areas_display()),
                    width=16,
                ),
                text_column(
                    _("服务人群"),
                    lambda row: _("、").join(row.get_target_populations_display()),
                    width=16,
                ),
                text_column(_("服务地点"), "place", width=20),
                date_column(_("开始日期"), "starts_on"),
                date_column(_("结束日期"), "ends_on"),
                count_column(_("招募人数"), "slots"),
                choice_column(_("状态"), "status", width=8),
            ],
        ),
        ListExport(
            "group-attendance",
            _("小组成员出勤"),
            "groups:detail",
            _without_form(group_views.group_members_queryset),
            [
                text_column(_("成员"), "display_name", width=12),
                text_column(_("成员类型"), _member_kind, width=10),
                date_column(_("加入日期"), "joined_on"),
                date_column(_("退出日期"), "left_on"),
                count_column(_("出勤节数"), "attendance_count"),
                hours_column(_("前测得分"), "pre_score"),
                hours_column(_("后测得分"), "post_score"),
            ],
            parent=group_views.get_group_for_user,
        ),
        ListExport(
            "overdue-visits",
            _("逾期未走访名单"),
            "plans:overdue_visits",
            _without_sort(plan_views.overdue_list_rows),
            [
                text_column(_("服务对象"), "real_name", width=10),
                ROOM,
                text_column(_("重点人群"), "interval_label"),
                count_column(_("走访周期（天）"), "interval_days"),
                date_column(_("上次走访"), _never_visited),
                count_column(_("逾期天数"), "days_overdue"),
            ],
        ),
        ListExport(
            "workload",
            _("工作量"),
            "plans:workload",
            _workload_rows,
            [
                text_column(_("类别"), _workload_kind, width=8),
                text_column(_("社工/社工室"), _workload_name, width=16),
                count_column(_("在办个案"), "open_cases"),
                count_column(_("本月走访"), "visits"),
                count_column(_("逾期未走访"), "overdue"),
                hours_column(_("服务时长（小时）"), "service_hours", width=12),
                count_column(_("小组节次"), "group_sessions"),
                count_column(_("社区活动"), "activities_run"),
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
