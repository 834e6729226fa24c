"""Forms validate input; the rules live in cases.services. Choices are scoped to the user."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Assessment,
    Attainment,
    Case,
    Closing,
    ConsentBy,
    Evaluation,
    FollowUp,
    Intake,
    Referral,
    RiskLevel,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
    Source,
    Stage,
    SupervisionNote,
)
from cases.visit_forms import PhotosField, add_checklist_fields, checklist_intro
from stations.access import visible_rooms
from stations.concurrency import VersionedFormMixin
from stations.forms import (
    DATE,
    DATETIME,
    TEXT,
    ServiceTermsFields,
    TermChoicesMixin,
    room_filter,
    term_boxes,
    term_select,
)
from stations.models import PartnerUnit, Role, Room, User
from stations.pickers import use_picker
from stations.resident_forms import ResidentChoiceField


class CrispyMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _scoped_users(user):
    """Staff of the rooms `user` may see, and the user: choices for worker and owner fields."""
    ids = User.objects.filter(is_active=True, rooms__in=visible_rooms(user).values("pk"))
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=ids.values("pk")) | Q(pk=user.pk))
        .exclude(role=Role.OFFICIAL)
        .order_by("username")
    )


class CaseCreateForm(TermChoicesMixin, CrispyMixin, forms.Form):
    source = forms.ChoiceField(label=_("个案来源"), choices=Source.choices)
    referring_unit = forms.CharField(label=_("转介单位"), required=False, max_length=100)
    presenting_problem = forms.CharField(label=_("主要问题"), widget=TEXT)
    service_areas = term_boxes(_("服务领域"), "service_area")
    target_populations = term_boxes(
        _("服务人群"),
        "target_population",
        help_text=_("不勾选则按服务对象当前的重点人群标签填写"),
    )
    risk_level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    worker = forms.ModelChoiceField(queryset=User.objects.none(), label=_("负责社工"))
    intake_date = forms.DateField(label=_("接案日期"), widget=DATE)
    consent = forms.ChoiceField(label=_("知情同意"), choices=ConsentBy.choices)
    consent_date = forms.DateField(label=_("同意日期"), widget=DATE, required=False)
    background = forms.CharField(label=_("基本情况"), widget=TEXT, required=False)
    needs = forms.CharField(label=_("服务需求"), widget=TEXT, required=False)

    field_order = ["resident"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"] = ResidentChoiceField(user=user)
        self.order_fields(self.field_order)
        self.fields["worker"].queryset = _scoped_users(user).exclude(role=Role.SUPERVISOR)
        self.fields["worker"].initial = user.pk
        self.fields["intake_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("source") == Source.REFERRAL and not data.get("referring_unit"):
            self.add_error("referring_unit", _("来源为转介时，请填写转介单位。"))
        if data.get("consent") not in (None, ConsentBy.NONE) and not data.get("consent_date"):
            self.add_error("consent_date", _("已取得知情同意时，请填写同意日期。"))
        return data


class CaseForm(ServiceTermsFields, CrispyMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "supervisor",
            "source",
            "referring_unit",
            "presenting_problem",
            "service_areas",
            "target_populations",
            "risk_level",
            "intervention_model",
            "intervention_model_other",
            "next_contact_date",
        ]
        widgets = {"next_contact_date": DATE, "presenting_problem": TEXT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        users = _scoped_users(user)
        self.fields["supervisor"].queryset = users.filter(role=Role.SUPERVISOR)

    def clean(self):
        data = super().clean()
        if data.get("source") == Source.REFERRAL and not data.get("referring_unit"):
            self.add_error("referring_unit", _("来源为转介时，请填写转介单位。"))
        return data


class IntakeForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Intake
        fields = ["intake_date", "background", "needs", "consent", "consent_date", "decision_notes"]
        widgets = {
            "intake_date": DATE,
            "consent_date": DATE,
            "background": TEXT,
            "needs": TEXT,
            "decision_notes": TEXT,
        }

    def clean(self):
        data = super().clean()
        if data.get("consent") not in (None, ConsentBy.NONE) and not data.get("consent_date"):
            self.add_error("consent_date", _("已取得知情同意时，请填写同意日期。"))
        return data


# The assessment's written sections, in the order of the form.
ASSESSMENT_TEXTS = [
    "physical",
    "psychological",
    "social_support",
    "economy",
    "housing",
    "family",
    "entitlements",
    "strengths",
    "risks",
    "summary",
]


class AssessmentForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on", *ASSESSMENT_TEXTS]
        widgets = {"assessed_on": DATE, **dict.fromkeys(ASSESSMENT_TEXTS, TEXT)}


class PlanForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    goals_text = forms.CharField(
        label=_("服务目标"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个可衡量的目标"),
    )

    class Meta:
        model = ServicePlan
        fields = ["planned_on", "intervention_model", "resources", "evaluation_method"]
        widgets = {"planned_on": DATE, "resources": TEXT, "evaluation_method": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["goals_text"]

    def clean_goals_text(self):
        text = self.cleaned_data["goals_text"]
        longest = ServiceGoal._meta.get_field("description").max_length
        for line in text.splitlines():
            if len(line.strip()) > longest:
                raise forms.ValidationError(
                    _("每个目标不超过 %(count)s 个字（有一行 %(length)s 个字）。")
                    % {"count": longest, "length": len(line.strip())}
                )
        return text

    def goals(self):
        return self.cleaned_data.get("goals_text", "").splitlines()


class TaskForm(CrispyMixin, forms.Form):
    goal = forms.ModelChoiceField(
        queryset=ServiceGoal.objects.none(), required=False, label=_("对应目标")
    )
    description = forms.CharField(label=_("任务"), max_length=300)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("负责人"))
    due_date = forms.DateField(label=_("完成期限"), widget=DATE)

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["owner"].queryset = _scoped_users(user)
        self.fields["owner"].initial = user.pk


DEFAULT_MINUTES = 30
PRESET_MINUTES = (15, 30, 60)


def rounded_now() -> datetime.datetime:
    """Now, local time, rounded down to 5 minutes (never in the future)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    return now - datetime.timedelta(minutes=now.minute % 5)


def duration_presets() -> str:
    """The one-tap duration buttons (static/js/site.js sets the minutes and the end time)."""
    buttons = format_html_join(
        "",
        '<button type="button" class="btn btn-outline-primary" data-duration-preset="{}">{}</button>',
        (
            (minutes, gettext("%(minutes)s 分钟") % {"minutes": minutes})
            for minutes in PRESET_MINUTES
        ),
    )
    return format_html(
        '<div class="btn-group btn-group-lg mb-3 w-100" role="group" aria-label="{}">{}</div>',
        gettext("常用时长"),
        buttons,
    )


class RecordForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    next_contact_date = forms.DateField(label=_("下次联系日期"), widget=DATE, required=False)

    class Meta:
        model = ServiceRecord
        fields = [
            "form",
            "start_at",
            "end_at",
            "place",
            "content",
            "techniques",
            "response",
            "next_steps",
            "resources_linked",
        ]
        widgets = {
            "start_at": DATETIME,
            "end_at": DATETIME,
            "content": TEXT,
            "response": TEXT,
            "next_steps": TEXT,
        }

    minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        initial=DEFAULT_MINUTES,
        help_text=_("不填结束时间时，按开始时间加时长计算。"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-duration-minutes": ""}),
    )

    photos = PhotosField()

    def __init__(self, *args, with_next_contact=True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_at", "end_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not with_next_contact or self.instance.pk:
            del self.fields["next_contact_date"]
        if self.instance.pk:
            del self.fields["minutes"]
            del self.fields["photos"]  # photos of a saved record: its print page
            return
        # A new record starts now; the end follows from the duration (15/30/60 in one tap).
        start = rounded_now()
        if not self.initial.get("start_at"):
            self.initial["start_at"] = start
            self.initial["end_at"] = start + datetime.timedelta(minutes=DEFAULT_MINUTES)
        self.fields["end_at"].required = False
        self.fields["start_at"].widget.attrs.update(
            {"data-duration-start": "", "data-now-offset": "0", "data-now-round": "5"}
        )
        self.fields["end_at"].widget.attrs["data-duration-end"] = ""
        self.order_fields(["form", "start_at", "minutes", "end_at"])
        self.helper.layout = Layout(
            "form",
            "start_at",
            "minutes",
            HTML(duration_presets()),
            *[name for name in self.fields if name not in ("form", "start_at", "minutes")],
        )

    def clean(self):
        data = super().clean()
        end_left_empty = not data.get("end_at") and "end_at" not in self.errors
        if "minutes" in self.fields and data.get("start_at") and end_left_empty:
            if data.get("minutes"):
                data["end_at"] = data["start_at"] + datetime.timedelta(minutes=data["minutes"])
            elif "minutes" not in self.errors:
                self.add_error("end_at", _("请填写结束时间或时长。"))
        start, end = data.get("start_at"), data.get("end_at")
        if start and end and end <= start:
            self.add_error("end_at", _("结束时间必须晚于开始时间。"))
        if start and start > timezone.now():
            self.add_error("start_at", _("不能登记未来的服务：开始时间晚于当前时间。"))
        return data


class VisitForm(CrispyMixin, forms.Form):
    """入户走访 in under a minute: resident, when, how long, what happened."""

    case = forms.ModelChoiceField(
        queryset=Case.objects.none(), required=False, label=_("关联个案（可不选）")
    )
    start_at = forms.DateTimeField(
        label=_("开始时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        min_value=1,
        max_value=600,
        initial=DEFAULT_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-duration-minutes": ""}),
    )
    content = forms.CharField(label=_("走访情况"), widget=TEXT)
    place = forms.CharField(
        label=_("地点"),
        required=False,
        initial=_("服务对象家中"),
        max_length=ServiceRecord._meta.get_field("place").max_length,
    )
    next_steps = forms.CharField(label=_("下一步计划"), required=False, widget=TEXT)

    field_order = ["resident", "case"]

    photos = PhotosField()

    def __init__(self, *args, user, resident=None, checklists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"] = ResidentChoiceField(user=user)
        self.order_fields(self.field_order)
        cases = Case.objects.visible_to(user).filter(
            stage__in=[s for s in Stage.values if s not in ("inquiry", "not_accepted")]
        )
        if resident is not None:
            self.fields["resident"].initial = resident.pk
            self.fields["resident"].widget = forms.HiddenInput()
            self.fields["case"].queryset = cases.filter(resident=resident)
            self.fields["case"].label_from_instance = lambda c: (
                _("%(number)s（%(stage)s）") % {"number": c.number, "stage": c.get_stage_display()}
            )
        else:
            # From the workbench: a routine visit; a case visit starts from the resident or case.
            del self.fields["case"]
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["start_at"].initial = (now - datetime.timedelta(minutes=30)).strftime(
            "%Y-%m-%dT%H:%M"
        )
        # The same default on the phone for a copy of the page used offline (static/js/offline.js).
        self.fields["start_at"].widget = forms.DateTimeInput(
            attrs={"type": "datetime-local", "data-now-offset": "-30"}, format="%Y-%m-%dT%H:%M"
        )
        fieldsets = add_checklist_fields(self, checklists)
        self.helper.layout = Layout(
            *[
                name
                for name in self.fields
                if name not in ("content", "place", "next_steps", "photos")
                and name not in self.checklist_items
            ],
            HTML(duration_presets()),
            *([checklist_intro(), *fieldsets] if fieldsets else []),
            "content",
            "place",
            "next_steps",
            "photos",
        )

    def clean(self):
        data = super().clean()
        if self.fields["resident"].widget.is_hidden and "resident" in self.errors:
            # The resident was chosen on the resident's page: its error belongs at the top.
            self.add_error(None, self.errors.pop("resident"))
        start = data.get("start_at")
        minutes = data.get("minutes")
        if start and minutes and start + datetime.timedelta(minutes=minutes) > timezone.now():
            self.add_error("start_at", _("不能登记未来的走访：结束时间晚于当前时间。"))
        data.setdefault("case", None)
        if (
            data.get("case")
            and data.get("resident")
            and data["case"].resident_id != data["resident"].pk
        ):
            self.add_error("case", _("所选个案不属于该服务对象。"))
        return data


class EvaluationForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "method", "findings"]
        widgets = {"evaluated_on": DATE, "findings": TEXT}


class ReferralForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = [
            "referred_on",
            "receiving_agency",
            "partner_unit",
            "reason",
            "consent",
            "feedback",
        ]
        widgets = {"referred_on": DATE, "reason": TEXT, "feedback": TEXT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_unit"].queryset = PartnerUnit.objects.visible_to(user)
        use_picker(self.fields["partner_unit"], "organization")

    def clean_consent(self):
        if not self.cleaned_data.get("consent"):
            raise forms.ValidationError(_("转介须取得服务对象同意。"))
        return True


class ClosingForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Closing
        fields = ["closed_on", "reason", "reason_other", "summary", "follow_up_plan"]
        widgets = {"closed_on": DATE, "summary": TEXT, "follow_up_plan": TEXT}

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=_("目标达成：%(goal)s") % {"goal": goal.description},
                choices=[("", "---------"), *Attainment.choices],
                initial=goal.attainment,
            )

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not data.get("reason_other"):
            self.add_error("reason_other", _("请说明其他结案原因。"))
        return data

    def attainments(self):
        return {goal: (self.cleaned_data[f"goal_{goal.pk}"], "") for goal in self.goals}


class FollowUpForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["followed_on", "form", "content", "finding"]
        widgets = {"followed_on": DATE, "content": TEXT, "finding": TEXT}

    def clean_followed_on(self):
        day = self.cleaned_data["followed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("不能登记未来的回访。"))
        return day


class SupervisionNoteForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = SupervisionNote
        fields = ["noted_on", "content", "suggestions"]
        widgets = {"noted_on": DATE, "content": TEXT, "suggestions": TEXT}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("说明/意见"), required=False, widget=TEXT)


class CaseFilterForm(TermChoicesMixin, forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    stage = forms.ChoiceField(label=_("阶段"), required=False)
    room = room_filter()
    worker = forms.ModelChoiceField(label=_("负责社工"), required=False, queryset=None)
    risk = forms.ChoiceField(label=_("风险等级"), required=False)
    area = term_select(_("服务领域"), "service_area", _("全部领域"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("全部阶段")), ("open", _("进行中")), *Stage.choices]
        self.fields["risk"].choices = [("", _("全部风险")), *RiskLevel.choices]
        self.fields["room"].queryset = visible_rooms(user)
        self.fields["worker"].queryset = _scoped_users(user).exclude(role=Role.SUPERVISOR)
        self.fields["worker"].empty_label = _("全部社工")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
            field.widget.attrs["aria-label"] = field.label


class AddendumForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("补充内容"), widget=TEXT)
    reason = forms.CharField(label=_("补充原因"), widget=TEXT)


class TransferForm(CrispyMixin, forms.Form):
    """转案: to a worker and room of the case's station (another room is allowed: that is the
    point of a transfer; a supervisor approves it)."""

    room = forms.ModelChoiceField(label=_("转至社工室"), queryset=Room.objects.none())
    worker = forms.ModelChoiceField(label=_("转至社工"), queryset=User.objects.none())
    reason = forms.CharField(label=_("转案原因"), widget=TEXT)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(station=case.station_id).order_by(
            "order", "pk"
        )
        self.fields["worker"].queryset = (
            User.objects.filter(is_active=True, station=case.station_id)
            .exclude(role__in=[Role.OFFICIAL, Role.SUPERVISOR])
            .order_by("username")
        )
        self.initial.setdefault("room", case.room_id)


class HappenedOnForm(forms.Form):
    """The day a stage change or approval happened (back-entry of paper records)."""

    happened_on = forms.DateField(label=_("发生日期"), required=False, widget=DATE)


class PaperApprovalForm(forms.Form):
    """Back-entry of an approval a supervisor signed on paper: who signed, on which day, what
    they decided. Who enters it (and when) is recorded by the service."""

    supervisor = forms.ModelChoiceField(label=_("签批督导"), queryset=User.objects.none())
    decided_on = forms.DateField(
        label=_("签批日期"), widget=DATE, help_text=_("纸质材料上督导签批的日期（早于今天）")
    )
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("return", _("退回"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    comment = forms.CharField(
        label=_("审批意见"), widget=TEXT, required=False, help_text=_("退回时必填")
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.filter(
            is_active=True, station=case.station_id, role=Role.SUPERVISOR
        ).order_by("username")
        self.fields["decided_on"].widget.attrs["max"] = (
            timezone.localdate() - datetime.timedelta(days=1)
        ).isoformat()
