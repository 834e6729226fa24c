"""Forms for residents, households, key-population tags and consents. Validation only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stations.concurrency import VersionedFormMixin
from stations.forms import DATE, TEXT, UserRoomsMixin, room_filter
from stations.identity import IdentityFormMixin, optional_identity_widgets
from stations.models import (
    Consent,
    ConsentGiver,
    Household,
    KeyPopulation,
    KeyPopulationTag,
    Resident,
    RevealField,
    Sex,
)
from stations.models.residents import CHILD_AGE
from stations.pickers import PickerSelect, resident_label


class ResidentSelect(PickerSelect):
    """The resident picker (stations.pickers): a dropdown of the first residents, a search box
    that asks the server as you type, and, offline, filters the options by name, pseudonym, room
    and age (each option carries the pseudonym for that)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, kind="resident")

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.pseudonym:
            option["attrs"]["data-search"] = instance.pseudonym
        return option


class ResidentChoiceField(forms.ModelChoiceField):
    """Choose a resident among those `user` may see (active files only), for any app's form:
    `resident = ResidentChoiceField(user=request.user)`; a dropdown never lists another room's."""

    def __init__(self, *, user, queryset=None, **kwargs):
        queryset = queryset if queryset is not None else Resident.objects.all()
        self.visible = queryset.visible_to(user)
        queryset = self.visible.active().select_related("room")
        kwargs.setdefault("label", _("服务对象"))
        kwargs.setdefault("widget", ResidentSelect)
        super().__init__(queryset=queryset.order_by("room__order", "real_name", "pk"), **kwargs)

    def to_python(self, value):
        """An archived file is not a choice; say so (a form kept on a phone is sent after the
        file was archived) instead of the bare "not one of the available choices"."""
        try:
            return super().to_python(value)
        except ValidationError:
            archived = (
                self.visible.archived().filter(pk=value).first() if str(value).isdigit() else None
            )
            if archived is not None:
                raise ValidationError(
                    gettext("%(name)s 的档案已归档，不能再选择。如需继续服务，请督导先恢复档案。")
                    % {"name": archived.real_name},
                    code="archived",
                ) from None
            raise

    def label_from_instance(self, obj):
        return resident_label(obj)


class ResidentForm(UserRoomsMixin, IdentityFormMixin, VersionedFormMixin, forms.ModelForm):
    """Register or edit a resident. On edit, the ID number and phone are not sent to the browser:
    left empty they stay as they are (the page shows them masked; see IdentityFormMixin)."""

    id_number = forms.CharField(
        label=_("证件号码"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        help_text=_(
            "居民身份证号可自动识别出生日期和性别；末位 x 自动转为大写，15位旧号自动升位。"
        ),
    )
    phone = forms.CharField(
        label=_("电话"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        help_text=_("手机号11位，座机如 0917-1234567。"),
    )
    confirm_similar = forms.BooleanField(
        label=_("我已核对：同名同出生日期的是另一个人，仍要登记"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Resident
        fields = [
            "room",
            "real_name",
            "pseudonym",
            "id_type",
            "id_number",
            "birth_date",
            "sex",
            "ethnicity",
            "phone",
            "address",
            "household",
            "relation_to_head",
            "registered_on",
            "notes",
        ]
        widgets = {
            "birth_date": DATE,
            "registered_on": DATE,
            "notes": TEXT,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["household"].queryset = (
            Household.objects.visible_to(user).select_related("room").order_by("room", "name")
        )
        optional_identity_widgets(self)
        self.fields["birth_date"].help_text = _("填写居民身份证号时可留空，自动识别。")
        self.fields["sex"].help_text = _("填写居民身份证号时可留空，自动识别。")
        self.fields["pseudonym"].required = False
        self.fields["pseudonym"].help_text = _("系统已自动拟定，可修改；打印和导出材料只显示化名。")
        if not self.instance.pk and len(self.rooms) == 1 and not self.is_bound:
            self.fields["room"].initial = self.rooms[0].pk

    def show_similar_confirmation(self):
        self.fields["confirm_similar"].widget = forms.CheckboxInput()

    def clean(self):
        cleaned = super().clean()
        household = cleaned.get("household")
        room = cleaned.get("room")
        if household and room and household.room_id != room.pk:
            self.add_error("household", _("所选家庭户属于其他社工室。"))
        if cleaned.get("relation_to_head") and not household:
            self.add_error("relation_to_head", _("请先选择家庭户，再填写与户主关系。"))
        registered_on = cleaned.get("registered_on")
        if registered_on and registered_on > timezone.localdate():
            self.add_error("registered_on", _("建档日期不能晚于今天。"))
        return cleaned


class ResidentSearchForm(UserRoomsMixin, forms.Form):
    AGE_BANDS = [
        ("", _("全部年龄")),
        ("60+", _("60岁及以上")),
        ("u18", _("未满18岁")),
        ("u14", _("未满14岁")),
    ]
    SORTS = [
        ("name", _("按姓名")),
        ("-registered", _("最近建档")),
        ("age", _("年龄从小到大")),
        ("-age", _("年龄从大到小")),
        ("room", _("按社工室")),
    ]
    STATUSES = [("", _("在册")), ("archived", _("已归档")), ("all", _("全部"))]

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、化名、电话或完整证件号码")}),
    )
    room = room_filter()
    tag = forms.ChoiceField(
        label=_("重点人群"), choices=[("", _("全部人群")), *KeyPopulation.choices], required=False
    )
    age = forms.ChoiceField(label=_("年龄段"), choices=AGE_BANDS, required=False)
    sex = forms.ChoiceField(
        label=_("性别"), choices=[("", _("全部")), *Sex.choices], required=False
    )
    status = forms.ChoiceField(label=_("状态"), choices=STATUSES, required=False)
    sort = forms.ChoiceField(label=_("排序"), choices=SORTS, required=False)


class TagForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = KeyPopulationTag
        fields = [
            "category",
            "start_date",
            "end_date",
            "source",
            "disability_category",
            "disability_grade",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}
        help_texts = {"disability_category": _("仅“残疾人”标签填写，依残疾人证")}

    def __init__(self, *args, resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident

    def clean(self):
        from stations.services import check_tag_allowed

        cleaned = super().clean()
        category = cleaned.get("category")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and start > timezone.localdate():
            self.add_error("start_date", _("开始日期不能晚于今天。"))
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于开始日期。"))
        if category == KeyPopulation.DISABLED:
            if not cleaned.get("disability_category"):
                self.add_error("disability_category", _("残疾人标签请填写残疾类别。"))
            if not cleaned.get("disability_grade"):
                self.add_error("disability_grade", _("残疾人标签请填写残疾等级（一至四级）。"))
        elif category and (cleaned.get("disability_category") or cleaned.get("disability_grade")):
            self.add_error("disability_category", _("只有“残疾人”标签才填写残疾类别和等级。"))
        if category and (not self.instance.pk or "category" in self.changed_data):
            try:
                check_tag_allowed(self.resident, category)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "purpose",
            "scope",
            "covers_sensitive",
            "given_by",
            "guardian_name",
            "guardian_relation",
            "given_on",
        ]
        widgets = {"given_on": DATE, "scope": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident
        if not self.is_bound:
            self.fields["given_on"].initial = timezone.localdate()
            if resident.is_child:
                self.fields["given_by"].initial = ConsentGiver.GUARDIAN
                self.fields["covers_sensitive"].initial = True

    def clean(self):
        cleaned = super().clean()
        given_by = cleaned.get("given_by")
        if given_by == ConsentGiver.GUARDIAN and not (cleaned.get("guardian_name") or "").strip():
            self.add_error("guardian_name", _("监护人同意时须填写监护人姓名。"))
        if self.resident.age < CHILD_AGE and given_by == ConsentGiver.SELF:
            self.add_error("given_by", _("未满十四周岁的儿童须由监护人同意。"))
        given_on = cleaned.get("given_on")
        if given_on and given_on > timezone.localdate():
            self.add_error("given_on", _("同意日期不能晚于今天。"))
        return cleaned


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("撤回日期"), widget=DATE)
    withdrawal_note = forms.CharField(label=_("撤回说明"), max_length=200, required=False)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self):
        day = self.cleaned_data["withdrawn_on"]
        if day < self.consent.given_on:
            raise ValidationError(_("撤回日期不能早于同意日期。"))
        if day > timezone.localdate():
            raise ValidationError(_("撤回日期不能晚于今天。"))
        return day


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("归档原因"),
        max_length=200,
        help_text=_("如 迁出本社区、已去世、服务结束"),
    )


class RevealForm(forms.Form):
    field = forms.ChoiceField(label=_("查看内容"), choices=RevealField.choices)
    reason = forms.CharField(
        label=_("查看原因"),
        max_length=200,
        # A reason a supervisor can act on: "x" or "." is not one.
        min_length=4,
        error_messages={
            "required": _("请填写查看原因。"),
            "min_length": _("请具体说明查看原因（至少 %(limit_value)d 个字）。"),
        },
        help_text=_("将记录查看人、时间和原因，督导可查阅。"),
        widget=forms.TextInput(attrs={"placeholder": _("如 协助办理低保复核，需核对证件")}),
    )


class HouseholdForm(UserRoomsMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = ["room", "name", "address", "notes"]
        widgets = {"notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and len(self.rooms) == 1 and not self.is_bound:
            self.fields["room"].initial = self.rooms[0].pk
