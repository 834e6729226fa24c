"""What each list page exports: its filtered rows (the list view's own queryset function) and the
columns, in the order of the list. One entry per list; `views.list_export` does the rest."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases import views as case_views
from stations import resident_views
from stations.exports import Column, attr, display


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
    ]
}
