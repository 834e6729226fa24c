from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import (
    STATUS_ORDER,
    Category,
    IncubationRecord,
    Organization,
    OrganizationActivity,
    OrganizationStatus,
)
from stations.concurrency import VersionedFormMixin
from stations.forms import DATE, SearchFilterForm
from stations.identity import IdentityFormMixin
from stations.listing import style_filter_fields
from stations.models import PartnerKind, PartnerUnit, Room
from stations.privacy import mask_phone, normalize_phone


class OrganizationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "category",
            "room",
            "leader_name",
            "contact_phone",
            "member_count",
            "service_area",
            "incubation_started_on",
            "status",
            "filed_on",
            "filing_number",
            "registered_on",
            "registration_number",
            "dissolved_on",
            "description",
        ]
        widgets = {
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "incubation_started_on": DATE,
            "filed_on": DATE,
            "registered_on": DATE,
            "dissolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        self.fields["room"].queryset = Room.objects.visible_to(user)
        if self.instance.pk and self.instance.contact_phone:
            masked = mask_phone(self.instance.contact_phone)
            self.initial["contact_phone"] = ""
            self.fields["contact_phone"].widget.attrs["placeholder"] = masked
            self.fields["contact_phone"].help_text = _("当前：%(masked)s；留空则不修改") % {
                "masked": masked
            }

    def clean_contact_phone(self):
        value = self.cleaned_data.get("contact_phone", "")
        if not value:
            return self.instance.contact_phone if self.instance.pk else ""
        return normalize_phone(value)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Organization.objects.filter(station=self.station, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("本站已有同名的社区社会组织。"))
        return name

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not status:
            return cleaned
        if self.instance.pk and self.instance.status != status:
            old, new = STATUS_ORDER.index(self.instance.status), STATUS_ORDER.index(status)
            if new < old:
                self.add_error(
                    "status",
                    _("状态只能按 培育中→备案→登记→注销 的顺序推进，不能退回。"),
                )
        needs = {
            OrganizationStatus.FILED: [
                ("filed_on", _("请填写备案日期。")),
                ("filing_number", _("请填写备案编号。")),
            ],
            OrganizationStatus.REGISTERED: [
                ("filed_on", _("请填写备案日期。")),
                ("filing_number", _("请填写备案编号。")),
                ("registered_on", _("请填写登记日期。")),
                ("registration_number", _("请填写登记证号或统一社会信用代码。")),
            ],
            OrganizationStatus.DISSOLVED: [("dissolved_on", _("请填写注销日期。"))],
        }
        for field, message in needs.get(status, []):
            if not cleaned.get(field) and field not in self.errors:
                self.add_error(field, message)
        dates = [
            cleaned.get(n)
            for n in ("incubation_started_on", "filed_on", "registered_on", "dissolved_on")
        ]
        today = timezone.localdate()
        for name in ("incubation_started_on", "filed_on", "registered_on", "dissolved_on"):
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, _("日期不能晚于今天：状态变更填写实际发生的日期。"))
        known = [d for d in dates if d]
        if known != sorted(known):
            self.add_error(None, _("日期顺序应为：开始培育 ≤ 备案 ≤ 登记 ≤ 注销。"))
        return cleaned

    def save(self, commit=True):
        self.instance.station = self.station
        return super().save(commit)


class OrganizationFilterForm(SearchFilterForm):
    search_hint = _("组织名称、负责人或服务领域")
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部类别"))] + Category.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态"))] + OrganizationStatus.choices, required=False
    )


class IncubationRecordForm(forms.ModelForm):
    class Meta:
        model = IncubationRecord
        fields = ["kind", "date", "content", "outcome"]
        widgets = {
            "date": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = OrganizationActivity
        fields = ["activity", "role", "people_served"]

    def __init__(self, *args, user, organization, **kwargs):
        from activities.models import Activity

        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["activity"].queryset = (
            Activity.objects.visible_to(user)
            .exclude(organization_participations__organization=organization)
            .order_by("-starts_at")
        )

    def clean_activity(self):
        activity = self.cleaned_data["activity"]
        if OrganizationActivity.objects.filter(
            organization=self.organization, activity=activity
        ).exists():
            raise forms.ValidationError(_("该组织已登记参与这项活动。"))
        return activity


class PartnerForm(IdentityFormMixin, VersionedFormMixin, forms.ModelForm):
    """The contact phone is encrypted at rest: normalised, and when editing shown masked with an
    empty entry keeping it (IdentityFormMixin, phone only)."""

    identity_fields = {
        "id_type": None,
        "id_number": None,
        "birth_date": None,
        "sex": None,
        "phone": "contact_phone",
    }
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    class Meta:
        model = PartnerUnit
        fields = ["name", "kind", "contact_person", "contact_phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = PartnerUnit.objects.filter(station=self.station, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("共建单位名录中已有同名单位。"))
        return name

    def save(self, commit=True):
        self.instance.station = self.station
        return super().save(commit)


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型"))] + PartnerKind.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("单位名称或联系人")
        style_filter_fields(self)
