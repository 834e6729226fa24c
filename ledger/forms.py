from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("Excel（.xlsx）或 CSV 文件；请按模板的列填写。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    room = forms.ModelChoiceField(
        label=_("默认社工室"),
        queryset=None,
        required=False,
        help_text=_("文件中未填写社工室的行导入到这里"),
    )

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        if len(rooms) == 1:
            self.fields["room"].initial = rooms[0].pk
            self.fields["room"].empty_label = None
