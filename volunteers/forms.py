from django import forms
from django.utils.translation import gettext_lazy as _

from stations.access import is_station_staff
from stations.concurrency import VersionedFormMixin
from stations.forms import (
    DATE,
    TEXT,
    SearchFilterForm,
    ServiceTermsFields,
    period_filter,
    room_filter,
)
from stations.identity import IdentityFormMixin, optional_identity_widgets
from stations.models import ExportFormat, Resident, Room
from stations.pickers import resident_label, use_picker
from volunteers.models import (
    RecordStatus,
    ServiceRecord,
    Skill,
    Volunteer,
    VolunteerProject,
    VolunteerStatus,
    served_activities,
    served_group_sessions,
)

TIME = forms.TimeInput(attrs={"type": "time"})


class VolunteerForm(IdentityFormMixin, VersionedFormMixin, forms.ModelForm):
    missing_number_message = _("请填写证件号码。")
    kept_value_help = _("当前：%(masked)s；留空则不修改")

    skills = forms.MultipleChoiceField(
        label=_("技能特长"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Volunteer
        fields = [
            "real_name",
            "id_type",
            "id_number",
            "sex",
            "birth_date",
            "phone",
            "room",
            "resident",
            "skills",
            "skills_text",
            "availability",
            "registered_on",
            "status",
            "left_on",
            "has_accident_insurance",
            "guardian_name",
            "guardian_relation",
            "guardian_consent_on",
            "notes",
        ]
        widgets = {
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "birth_date": DATE,
            "registered_on": DATE,
            "left_on": DATE,
            "guardian_consent_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "birth_date": _("填写居民身份证号时可留空，由证件号自动读取"),
            "guardian_name": _("未满18周岁的志愿者必须取得监护人同意"),
        }

    def __init__(self, *args, user, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        self.fields["room"].queryset = Room.objects.visible_to(user)
        self.fields["resident"].queryset = Resident.objects.visible_to(user).select_related("room")
        use_picker(self.fields["resident"], "resident").label_from_instance = resident_label
        optional_identity_widgets(self)
        if self.instance.pk:
            self.initial["skills"] = self.instance.skills

    def duplicate_of(self, id_hash):
        others = Volunteer.objects.filter(station=self.station, id_number_hash=id_hash)
        return others.exclude(pk=self.instance.pk).exists()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("guardian_consent_on") and not cleaned.get("guardian_name"):
            self.add_error("guardian_name", _("请填写监护人姓名。"))
        return cleaned

    def save(self, commit=True):
        self.instance.station = self.station
        self.instance.skills = self.cleaned_data.get("skills", [])
        return super().save(commit)


class VolunteerFilterForm(SearchFilterForm):
    search_hint = _("姓名、手机号或技能")
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态"))] + VolunteerStatus.choices, required=False
    )
    skill = forms.ChoiceField(
        label=_("技能"), choices=[("", _("全部技能"))] + Skill.choices, required=False
    )


class ServiceChoiceMixin:
    """Choice fields for the service a record belongs to, limited to what the user may see."""

    def limit_services(self, user):
        self.fields["activity"].queryset = (
            served_activities().objects.visible_to(user).order_by("-starts_at")
        )
        self.fields["group_session"].queryset = (
            served_group_sessions()
            .objects.visible_to(user)
            .select_related("group")
            .order_by("-starts_at")
        )
        self.fields["project"].queryset = VolunteerProject.objects.visible_to(user)


class ServiceRecordForm(ServiceChoiceMixin, forms.ModelForm):
    class Meta:
        model = ServiceRecord
        fields = [
            "volunteer",
            "activity",
            "group_session",
            "project",
            "date",
            "end_date",
            "start_time",
            "end_time",
            "hours",
            "place",
            "content",
        ]
        widgets = {"date": DATE, "end_date": DATE, "start_time": TIME, "end_time": TIME}
        help_texts = {
            "activity": _("社区活动、小组节次、志愿服务项目三者选其一"),
            "hours": _("实际服务时长，不含往返路途；填写开始和结束时间时可留空"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = Volunteer.objects.visible_to(user).filter(
            status=VolunteerStatus.ACTIVE
        )
        use_picker(self.fields["volunteer"], "volunteer")
        self.fields["hours"].required = False
        self.fields["hours"].min_value = None
        self.limit_services(user)

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and hours < 0:
            raise forms.ValidationError(_("服务时长不能为负数。"))
        return hours

    # One service of the three: the model's CHECK constraint (record_tied_to_exactly_one_service)
    # says so in the form, with its own message; a check here as well showed it twice.


class ServiceRecordFilterForm(SearchFilterForm):
    search_hint = _("志愿者姓名或服务内容")
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态"))] + RecordStatus.choices, required=False
    )
    date_from, date_to = period_filter()


class BulkHeaderForm(forms.Form):
    date = forms.DateField(label=_("服务日期"), widget=DATE)
    content = forms.CharField(label=_("服务内容（默认）"), max_length=300)


class BulkRowForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("志愿者"), queryset=Volunteer.objects.none())
    hours = forms.DecimalField(label=_("服务时长（小时）"), max_digits=7, decimal_places=2)
    content = forms.CharField(label=_("服务内容（留空用默认）"), max_length=300, required=False)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers
        use_picker(self.fields["volunteer"], "volunteer")

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours < 0:
            raise forms.ValidationError(_("服务时长不能为负数。"))
        return hours


class BaseBulkFormSet(forms.BaseFormSet):
    def __init__(self, *args, volunteers, **kwargs):
        self.volunteers = volunteers
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"volunteers": self.volunteers}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            volunteers=self.volunteers,
        )
        self.add_fields(form, None)
        return form


MAX_BULK_ROWS = 100


def bulk_row_formset(rows: int = 5):
    """A formset of `rows` empty rows (one per volunteer), at most MAX_BULK_ROWS."""
    rows = max(1, min(rows, MAX_BULK_ROWS))
    return forms.formset_factory(
        BulkRowForm,
        formset=BaseBulkFormSet,
        extra=rows,
        max_num=MAX_BULK_ROWS,
        absolute_max=MAX_BULK_ROWS,
        validate_max=True,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=TEXT)


class CorrectForm(ReasonForm):
    hours = forms.DecimalField(label=_("更正后的服务时长（小时）"), max_digits=7, decimal_places=2)

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise forms.ValidationError(_("服务时长必须大于0小时。"))
        return hours

    field_order = ["hours", "reason"]


class ProjectForm(ServiceTermsFields, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = VolunteerProject
        fields = [
            "name",
            "room",
            "service_areas",
            "target_populations",
            "place",
            "starts_on",
            "ends_on",
            "max_daily_hours",
            "slots",
            "status",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": TEXT,
        }

    def __init__(self, *args, user, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        self.fields["room"].queryset = Room.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("结束日期不能早于开始日期。"))
        return cleaned

    def save(self, commit=True):
        self.instance.station = self.station
        return super().save(commit)


class SignupForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("志愿者"), queryset=Volunteer.objects.none())

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = (
            Volunteer.objects.visible_to(user)
            .filter(status=VolunteerStatus.ACTIVE)
            .exclude(signups__project=project)
            .select_related("room")
        )
        use_picker(self.fields["volunteer"], "volunteer")


class CertificateForm(forms.Form):
    period_from = forms.DateField(label=_("服务起始日期"), widget=DATE)
    period_to = forms.DateField(label=_("服务截止日期"), widget=DATE)
    person_in_charge = forms.CharField(label=_("负责人"), max_length=50)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("截止日期不能早于起始日期。"))
        return cleaned


class ExportForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), widget=DATE)
    date_to = forms.DateField(label=_("截止日期"), widget=DATE)
    room = room_filter()

    format = forms.ChoiceField(
        label=_("格式"), choices=ExportFormat.files(), initial=ExportFormat.XLSX, required=False
    )
    full = forms.BooleanField(
        label=_("导出完整证件号码（仅社工站工作人员，将记录导出人和原因）"), required=False
    )
    reason = forms.CharField(label=_("导出原因"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.visible_to(user)
        if not is_station_staff(user):
            del self.fields["full"]
            del self.fields["reason"]


class NationalExportForm(forms.Form):
    """The volunteer roster for the national system: full ID numbers, so a reason is required."""

    room = room_filter()
    reason = forms.CharField(
        label=_("导出原因"),
        max_length=200,
        error_messages={"required": _("请填写导出完整信息的原因（至少4个字）。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.visible_to(user)


class ConfirmForm(forms.Form):
    """The day hours were confirmed (empty: today; a paper sign-off is entered with its day)."""

    confirmed_on = forms.DateField(label=_("确认日期"), required=False)
