from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charity.models import (
    CENT,
    Beneficiary,
    CharityProject,
    DisclosureKind,
    Donation,
    DonorType,
    Form,
    Fund,
    ProjectStatus,
)
from stations.forms import DATE, ServiceTermsFields
from stations.models import Household, PartnerUnit, Resident
from stations.pickers import resident_label, use_picker

AMOUNT_MESSAGES = {
    "min_value": _("金额必须大于零。"),
    "max_decimal_places": _("金额最多保留两位小数（精确到分）。"),
    "max_digits": _("金额过大。"),
    "max_whole_digits": _("金额过大。"),
    "invalid": _("请输入正确的金额，如 1200 或 1200.50。"),
    "required": _("请填写金额。"),
}


def amount_field(label=None, **kwargs):
    return forms.DecimalField(
        label=label or _("金额/估值（元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(CENT)],
        error_messages=AMOUNT_MESSAGES,
        **kwargs,
    )


class DonationForm(forms.ModelForm):
    amount = amount_field(help_text=_("现金捐赠填金额；物资捐赠填折合人民币估值"))

    class Meta:
        model = Donation
        fields = [
            "fund",
            "project",
            "form",
            "amount",
            "items",
            "quantity",
            "unit",
            "donor_type",
            "donor_partner",
            "donor_name",
            "name_consent",
            "receipt_number",
            "donated_on",
            "notes",
        ]
        widgets = {
            "donated_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "form": forms.RadioSelect,
            "donor_type": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.visible_to(user)
        self.fields["fund"].required = False
        self.fields["fund"].help_text = _("选择定向项目时可不填，自动记入项目所属基金")
        self.fields["project"].queryset = CharityProject.objects.visible_to(user).select_related(
            "fund"
        )
        self.fields["donor_partner"].queryset = PartnerUnit.objects.visible_to(user)
        use_picker(self.fields["donor_partner"], "organization")
        self.fields["donated_on"].initial = timezone.localdate()
        self.fields["donor_type"].choices = DonorType.choices  # no blank radio button
        self.fields["donor_type"].initial = DonorType.INDIVIDUAL

    def clean_donated_on(self):
        day = self.cleaned_data["donated_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("捐赠日期不能晚于今天。"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("form") == Form.IN_KIND and not data.get("items"):
            self.add_error("items", _("物资捐赠请填写物资名称。"))
        donor_type = data.get("donor_type")
        if donor_type == DonorType.PARTNER and not data.get("donor_partner"):
            self.add_error("donor_partner", _("单位捐赠请选择捐赠单位。"))
        if donor_type == DonorType.INDIVIDUAL:
            data["donor_partner"] = None
        project, fund = data.get("project"), data.get("fund")
        if project and fund and project.fund_id != fund.pk:
            self.add_error("project", _("定向项目不属于所选基金。"))
        elif project and not fund:
            data["fund"] = project.fund
        elif not project and not fund and "fund" not in self.errors:
            self.add_error("fund", _("请选择基金，或选择定向项目。"))
        return data


class DisbursementForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("慈善项目"),
        queryset=CharityProject.objects.none(),
        help_text=_("从项目所属基金支出；定向给其他项目的款物不能挪用"),
    )
    form = forms.ChoiceField(
        label=_("支出形式"), choices=Form.choices, initial=Form.CASH, widget=forms.RadioSelect
    )
    amount = amount_field()
    items = forms.CharField(label=_("物资名称"), max_length=200, required=False)
    purpose = forms.CharField(label=_("用途"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            CharityProject.objects.visible_to(user)
            .exclude(status=ProjectStatus.SUSPENDED)
            .select_related("fund")
        )

    def clean(self):
        data = super().clean()
        if data.get("form") == Form.IN_KIND and not data.get("items"):
            self.add_error("items", _("物资支出请填写物资名称。"))
        if data.get("project"):
            data["fund"] = data["project"].fund
        return data


class BeneficiaryForm(forms.Form):
    household = forms.ModelChoiceField(
        label=_("受助家庭"), queryset=Household.objects.none(), required=False
    )
    resident = forms.ModelChoiceField(
        label=_("或受助居民"), queryset=Resident.objects.none(), required=False
    )
    amount = amount_field(label=_("分配金额/估值（元）"), required=False)
    items = forms.CharField(label=_("发放物资"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people this user may see can be chosen.
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related(
            "room"
        )
        self.fields["resident"].queryset = (
            Resident.objects.visible_to(user).active().select_related("room")
        )
        use_picker(self.fields["resident"], "resident").label_from_instance = resident_label

    def clean(self):
        data = super().clean()
        household, resident = data.get("household"), data.get("resident")
        if not household and not resident:
            if data.get("amount"):
                raise forms.ValidationError(_("请选择受助家庭或居民。"))
            return data
        if household and resident:
            raise forms.ValidationError(_("每行只能选择一个家庭或一位居民。"))
        if not data.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("请填写分配金额。"))
        return data


class BaseBeneficiaryFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return [
            {
                "household": form.cleaned_data.get("household"),
                "resident": form.cleaned_data.get("resident"),
                "amount": form.cleaned_data["amount"],
                "items": form.cleaned_data.get("items", ""),
            }
            for form in self.forms
            if form.cleaned_data.get("household") or form.cleaned_data.get("resident")
        ]

    def clean(self):
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            key = (form.cleaned_data.get("household"), form.cleaned_data.get("resident"))
            if key != (None, None):
                if key in seen:
                    raise forms.ValidationError(_("同一受助对象重复填写。"))
                seen.add(key)


MAX_BENEFICIARY_ROWS = 50

# absolute_max: a posted TOTAL_FORMS of 1050 must not build 1050 forms (a worker held for 27 s).
BeneficiaryFormSet = forms.formset_factory(
    BeneficiaryForm,
    formset=BaseBeneficiaryFormSet,
    extra=4,
    max_num=MAX_BENEFICIARY_ROWS,
    absolute_max=MAX_BENEFICIARY_ROWS,
    validate_max=True,
)


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("冲正原因"),
        max_length=200,
        help_text=_("说明原分录错在哪里，例如“金额录入错误，应为 1,200 元”"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApprovalForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=200, required=False)


class ReceiptForm(forms.ModelForm):
    class Meta:
        model = Beneficiary
        fields = ["received_on", "signed_by", "receipt_method"]
        widgets = {"received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        self.fields["received_on"].initial = timezone.localdate()


class DisclosureForm(forms.Form):
    kind = forms.ChoiceField(label=_("公示类型"), choices=DisclosureKind.choices)
    published_on = forms.DateField(label=_("公示日期"), widget=DATE)
    place = forms.CharField(label=_("公示地点"), max_length=100, initial="社区公示栏")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()


class ProjectAdminForm(ServiceTermsFields, forms.ModelForm):
    class Meta:
        model = CharityProject
        fields = [
            "fund",
            "title",
            "rooms",
            "purpose",
            "activities",
            "service_areas",
            "target_populations",
            "start_date",
            "end_date",
            "target_amount",
            "status",
            "progress",
            "responsible",
        ]

    def clean(self):
        cleaned = super().clean()
        fund, activities = cleaned.get("fund"), cleaned.get("activities")
        if fund and activities:
            elsewhere = [a for a in activities if a.station_id != fund.station_id]
            if elsewhere:
                self.add_error(
                    "activities",
                    _("只能关联本站的社区活动：%(titles)s 不属于该基金所在的社工站。")
                    % {"titles": "、".join(a.title for a in elsewhere)},
                )
        return cleaned


class PayoutDateForm(forms.Form):
    """The day a payout was made (empty: today); a payout made on paper is entered afterwards."""

    applied_on = forms.DateField(label=_("发放日期"), required=False)
