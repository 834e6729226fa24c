from django import forms
from django.utils.translation import gettext_lazy as _

from stations.forms import UserRoomsMixin, period_filter, room_filter
from stations.models import ExportFormat


class FullExportForm(forms.Form):
    format = forms.ChoiceField(label=_("格式"), choices=ExportFormat.files())
    reason = forms.CharField(
        label=_("导出原因"),
        max_length=200,
        error_messages={"required": _("请填写导出完整信息的原因（至少4个字）。")},
        help_text=_(
            "完整导出含证件号码和电话，将记录导出人、时间和原因，表格标注“内部资料 注意保密”。"
        ),
    )


class RegisterForm(UserRoomsMixin, forms.Form):
    """A register's period (a month, or any dates), room and format."""

    month = forms.CharField(
        label=_("月份"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("选择月份，或填写下面的起止日期。"),
    )
    date_from, date_to = period_filter()
    room = room_filter()
    format = forms.ChoiceField(
        label=_("输出"),
        choices=[(ExportFormat.PRINT.value, ExportFormat.PRINT.label), *ExportFormat.files()],
        initial=ExportFormat.PRINT,
    )

    def clean(self):
        import calendar
        import datetime

        data = super().clean()
        month = (data.get("month") or "").strip()
        if month:
            try:
                year, number = (int(part) for part in month.split("-"))
                data["date_from"] = datetime.date(year, number, 1)
            except ValueError:
                raise forms.ValidationError({"month": _("请按“年-月”选择月份。")}) from None
            if not 1900 <= year <= 2100:
                raise forms.ValidationError({"month": _("请按“年-月”选择月份。")})
            data["date_to"] = datetime.date(year, number, calendar.monthrange(year, number)[1])
        start, end = data.get("date_from"), data.get("date_to")
        if not start or not end:
            if not self.errors:
                raise forms.ValidationError(_("请选择月份或填写起止日期。"))
            return data
        if end < start:
            raise forms.ValidationError({"date_to": _("截止日期不能早于起始日期。")})
        if start.year < 1900 or end.year > 2100:
            raise forms.ValidationError(_("日期超出范围。"))
        return data
