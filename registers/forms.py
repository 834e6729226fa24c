from django import forms
from django.utils.translation import gettext_lazy as _

from stations.models import ExportFormat


class FullExportForm(forms.Form):
    format = forms.ChoiceField(label=_("格式"), choices=ExportFormat.choices)
    reason = forms.CharField(
        label=_("导出原因"),
        max_length=200,
        error_messages={"required": _("请填写导出完整信息的原因（至少4个字）。")},
        help_text=_(
            "完整导出含证件号码和电话，将记录导出人、时间和原因，表格标注“内部资料 注意保密”。"
        ),
    )
