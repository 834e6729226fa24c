"""The registers (台账) a station files, as named reports with fixed columns, for a month or any
period, one room or every room the user may see. Each register is a queryset (scoped by
`visible_to(user)`, limited to the period) and the columns of `stations.exports`; the view writes
it as .xlsx, .csv or an A4 print page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from cases.models import Case, ServiceRecord
from charity.models import LedgerEntry
from groups.models import Group
from organizations.models import Organization
from registers.columns import (
    ROOM,
    choice_column,
    date_column,
    datetime_column,
    hours_column,
    money_column,
    text_column,
)
from registers.lists import LISTS
from stations.models import Resident
from volunteers.models import COUNTED_STATUSES, Volunteer


@dataclass(frozen=True)
class Register:
    """`rows(user, date_from, date_to, room)`: the register's ordered queryset. `by_room`: False
    for registers that belong to the station (the charity ledger), where the room is ignored."""

    key: str
    title: str
    rows: Callable
    columns: list
    by_room: bool = True


def _day_range(date_from, date_to):
    """Aware datetimes [start of date_from, start of the day after date_to) in local time, so that
    a time-range filter can use an index (no cast of the column)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, zone)
    return start, end


def _room(queryset, room, field="room"):
    return queryset.filter(**{field: room}) if room is not None else queryset


def _open_during(rows, began, ended: str, since):
    """The rows on the register at some time in the period: `began` (a Q) by its end, and
    `ended` (a date or time field, null while open) not before `since`, its start."""
    return rows.filter(began).filter(
        Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": since})
    )


def residents(user, date_from, date_to, room):
    """Residents on the register during the period: registered by its end, not archived before
    its start."""
    start, _end = _day_range(date_from, date_to)
    rows = Resident.objects.visible_to(user).for_list()
    rows = _open_during(rows, Q(registered_on__lte=date_to), "archived_at", start)
    return _room(rows, room).order_by("room__order", "room_id", "real_name", "pk")


def cases(user, date_from, date_to, room):
    """Cases open at some time in the period (registered by its end, not closed before it)."""
    _start, end = _day_range(date_from, date_to)
    rows = Case.objects.visible_to(user).for_list()
    rows = _open_during(rows, Q(created_at__lt=end), "closed_on", date_from)
    return _room(rows, room).order_by("room__order", "room_id", "number", "pk")


def home_visits(user, date_from, date_to, room):
    start, end = _day_range(date_from, date_to)
    rows = (
        ServiceRecord.objects.visible_to(user)
        .home_visits()
        .select_related("resident", "worker", "case", "room")
        .prefetch_related("answers")
        .filter(start_at__gte=start, start_at__lt=end)
    )
    return _room(rows, room).order_by("start_at", "pk")


def groups(user, date_from, date_to, room):
    rows = Group.objects.visible_to(user).for_list()
    rows = _open_during(rows, Q(start_date__lte=date_to), "end_date", date_from)
    return _room(rows, room).order_by("start_date", "pk")


def activities(user, date_from, date_to, room):
    start, end = _day_range(date_from, date_to)
    rows = (
        Activity.objects.visible_to(user).for_list().filter(starts_at__gte=start, starts_at__lt=end)
    )
    if room is not None:
        rows = rows.filter(rooms=room)
    return rows.order_by("starts_at", "pk")


def volunteers(user, date_from, date_to, room):
    """Every volunteer registered by the period's end, with the confirmed hours in the period."""
    in_period = Q(
        records__status__in=COUNTED_STATUSES,
        records__date__gte=date_from,
        records__date__lte=date_to,
    )
    rows = (
        Volunteer.objects.visible_to(user)
        .for_list()
        .filter(registered_on__lte=date_to)
        .annotate(
            period_hours=Coalesce(
                Sum("records__hours", filter=in_period),
                Value(Decimal("0")),
                output_field=DecimalField(),
            )
        )
    )
    return _room(rows, room).order_by("room__order", "room_id", "real_name", "pk")


def organizations(user, date_from, date_to, room):
    rows = Organization.objects.visible_to(user).for_list()
    rows = _open_during(rows, Q(incubation_started_on__lte=date_to), "dissolved_on", date_from)
    return _room(rows, room).order_by("room__order", "room_id", "name", "pk")


def charity_ledger(user, date_from, date_to, room):
    return (
        LedgerEntry.objects.visible_to(user)
        .select_related("fund", "project", "donation", "disbursement")
        .filter(entry_date__gte=date_from, entry_date__lte=date_to)
        .order_by("entry_date", "pk")
    )


def _visit_minutes(record):
    return Decimal(record.duration_minutes) / 60


def _visit_answers(record):
    """The checklist answers of a visit in one cell: "question: answer; …" (risk answers marked)."""
    return _("；").join(
        _("%(question)s：%(answer)s%(risk)s")
        % {
            "question": answer.question,
            "answer": answer.answer,
            "risk": _("（风险）") if answer.raised_risk else "",
        }
        for answer in record.answers.all()
    )


def _summary(entry):
    if entry.donation_id:
        donation = entry.donation
        return donation.items or donation.donor_name
    if entry.disbursement_id:
        return entry.disbursement.purpose
    return entry.reason


REGISTERS = {
    register.key: register
    for register in [
        Register(
            "residents",
            _("服务对象花名册"),
            residents,
            LISTS["residents"].columns,
        ),
        Register(
            "cases",
            _("个案工作台账"),
            cases,
            [
                *LISTS["cases"].columns,
                text_column(_("主要问题"), "presenting_problem", width=40),
            ],
        ),
        Register(
            "home-visits",
            _("入户走访记录台账"),
            home_visits,
            [
                datetime_column(_("走访时间"), "start_at"),
                text_column(_("服务对象"), "resident.real_name", width=10),
                ROOM,
                text_column(_("个案编号"), "case.number", width=20),
                text_column(_("走访社工"), "worker", width=10),
                text_column(_("地点"), "place", width=20),
                hours_column(_("时长（小时）"), _visit_minutes),
                text_column(_("服务内容"), "content", width=40),
                text_column(_("下一步计划"), "next_steps", width=30),
                text_column(_("走访清单"), _visit_answers, width=50),
            ],
        ),
        Register("groups", _("小组工作台账"), groups, LISTS["groups"].columns),
        Register(
            "activities",
            _("社区活动台账"),
            activities,
            [*LISTS["activities"].columns, text_column(_("活动内容"), "content", width=40)],
        ),
        Register(
            "volunteers",
            _("志愿者花名册及服务时长台账"),
            volunteers,
            [
                *LISTS["volunteers"].columns[:-1],  # hours in the period, not all time
                hours_column(_("本期服务时长（小时）"), "period_hours", width=12),
            ],
        ),
        Register(
            "organizations",
            _("社区社会组织名录"),
            organizations,
            LISTS["organizations"].columns[:-2],  # without the list's activity counts,
        ),
        Register(
            "charity",
            _("慈善捐赠及支出台账"),
            charity_ledger,
            [
                date_column(_("记账日期"), "entry_date"),
                text_column(_("基金"), "fund.name", width=20),
                text_column(_("项目"), "project", width=20),
                choice_column(_("来源"), "source", width=10),
                choice_column(_("形式"), "form", width=8),
                choice_column(_("收支"), "direction", width=6),
                money_column(_("金额/估值（元）"), "amount", width=14),
                text_column(_("摘要"), _summary, width=30),
            ],
            by_room=False,
        ),
    ]
}
