"""The period-and-room form of the report pages (a GET form: the page's URL names its figures)."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from reports import periods
from reports.periods import PeriodKind

FIRST_YEAR = 2022  # the station opened in 2022: its first report year


def period_layout(width: int, *more):
    """The layout of a period form: kind, year, quarter and month (each `width` of the 12 columns
    on a wider screen) and `more` columns in the first row, the dates in the second, the button."""
    return Layout(
        Row(
            *(
                Column(name, css_class=f"col-6 col-md-{width}")
                for name in ("kind", "year", "quarter", "month")
            ),
            *more,
        ),
        Row(
            Column("date_from", css_class="col-6 col-md-3"),
            Column("date_to", css_class="col-6 col-md-3"),
        ),
        Submit("", _("查看"), css_class="btn-lg"),
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("统计周期"),
        choices=[
            (PeriodKind.YEAR, _("年度")),
            (PeriodKind.QUARTER, _("季度")),
            (PeriodKind.MONTH, _("月度")),
            (PeriodKind.CUSTOM, _("自定义日期")),
        ],
        initial=PeriodKind.YEAR,
    )
    year = forms.TypedChoiceField(label=_("年份"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        coerce=int,
        required=False,
        # Built lazily: `%` on a lazy string at import time would fix the language then.
        choices=[(n, format_lazy(_("第{}季度"), n)) for n in range(1, 5)],
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        coerce=int,
        required=False,
        choices=[(n, format_lazy(_("{}月"), n)) for n in range(1, 13)],
    )
    date_from = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    room = forms.ModelChoiceField(
        label=_("范围"), queryset=None, required=False, to_field_name="code"
    )

    def __init__(self, *args, rooms, whole_station: bool, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [
            (year, _("%(year)d年") % {"year": year})
            for year in range(max(this_year, FIRST_YEAR), FIRST_YEAR - 1, -1)
        ]
        self.fields["year"].initial = this_year
        room_field = self.fields["room"]
        room_field.queryset = rooms
        if whole_station:
            room_field.empty_label = _("全站（含站级记录）")
        else:
            room_field.required = True
            room_field.empty_label = None
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.layout = period_layout(2, Column("room", css_class="col-12 col-md-4"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        year = data.get("year")
        if kind == PeriodKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("请选择季度。"))
        if kind == PeriodKind.MONTH and not data.get("month"):
            self.add_error("month", _("请选择月份。"))
        if kind == PeriodKind.CUSTOM:
            start, end = data.get("date_from"), data.get("date_to")
            if not start:
                self.add_error("date_from", _("请填写开始日期。"))
            if not end:
                self.add_error("date_to", _("请填写结束日期。"))
            if start and end and end < start:
                self.add_error("date_to", _("结束日期不能早于开始日期。"))
            if start and end and (end - start).days > 366 * 10:
                self.add_error("date_to", _("统计周期不能超过十年。"))
        elif year is None and "year" not in self.errors:
            self.add_error("year", _("请选择年份。"))
        return data

    def period(self) -> periods.Period:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == PeriodKind.QUARTER:
            return periods.quarter(data["year"], data["quarter"])
        if kind == PeriodKind.MONTH:
            return periods.month(data["year"], data["month"])
        if kind == PeriodKind.CUSTOM:
            return periods.Period(data["date_from"], data["date_to"], PeriodKind.CUSTOM)
        return periods.year(data["year"])


def default_data(*, room_code: str | None) -> dict:
    data = {"kind": PeriodKind.YEAR, "year": str(timezone.localdate().year)}
    if room_code:
        data["room"] = room_code
    return data


def today() -> datetime.date:
    return timezone.localdate()
