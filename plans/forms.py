from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.figure_source import report_figures
from plans.models import (
    MAX_PLANNED_COUNT,
    AnnualTarget,
    CertificationRecord,
    SupervisionKind,
    SupervisionSession,
    TrainingRecord,
    WorkPlan,
    WorkPlanItem,
    WorkPlanItemKind,
    WorkPlanPeriod,
    WorkPlanStatus,
)
from plans.services import room_figure_allowed
from plans.workplans import period_bounds
from stations.access import visible_rooms
from stations.concurrency import VersionedFormMixin
from stations.forms import UserRoomsMixin, room_filter
from stations.listing import style_filter_fields
from stations.models import KeyPopulation, Role, User
from stations.resident_forms import ResidentChoiceField

MAX_TARGET = Decimal(1_000_000)


class CrispyMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def workers_of(user):
    """Active room workers of the rooms `user` may see: choices for worker filters and fields."""
    return User.objects.filter(
        is_active=True,
        role=Role.ROOM_WORKER,
        pk__in=User.objects.filter(rooms__in=visible_rooms(user).values("pk")).values("pk"),
    ).order_by("username")


class OverdueFilterForm(UserRoomsMixin, forms.Form):
    room = room_filter()
    worker = forms.ModelChoiceField(label=_("社工"), required=False, queryset=None)
    category = forms.ChoiceField(label=_("重点人群"), required=False)
    min_days = forms.IntegerField(
        label=_("逾期天数不少于"), required=False, min_value=0, max_value=3650
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["worker"].queryset = workers_of(user)
        self.fields["worker"].empty_label = _("全部社工")
        self.fields["category"].choices = [("", _("全部重点人群")), *KeyPopulation.choices]
        self.fields["min_days"].widget.attrs["placeholder"] = _("逾期天数不少于")
        style_filter_fields(self)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


def figure_choices():
    return [("", _("（自定义指标）"))] + [
        (key, f"{label} · {key}")
        for key, (label, _definition) in report_figures().definitions.items()
    ]


class AnnualTargetForm(UserRoomsMixin, CrispyMixin, VersionedFormMixin, forms.ModelForm):
    figure = forms.ChoiceField(label=_("报表指标"), required=False)

    class Meta:
        model = AnnualTarget
        fields = [
            "year",
            "room",
            "figure",
            "name",
            "target",
            "q1_target",
            "q2_target",
            "q3_target",
            "q4_target",
            "manual_actual",
            "notes",
        ]

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        self.fields["figure"].choices = figure_choices()
        self.fields["figure"].help_text = _(
            "从报表指标中选择，进度按记录自动计算；社工室指标只能选各社工室分列的指标。"
        )
        self.fields["room"].empty_label = _("全站")
        self.fields["year"].initial = timezone.localdate().year
        self.fields["manual_actual"].help_text = _("只用于自定义指标")
        for name in ("year",):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("请填写 2000 至 2100 之间的年度。"))
        return year

    def clean(self):
        data = super().clean()
        figure, name = data.get("figure", ""), (data.get("name") or "").strip()
        if not figure and not name:
            self.add_error("figure", _("请选择报表指标，或填写自定义指标名称。"))
        if figure and data.get("manual_actual") is not None:
            self.add_error("manual_actual", _("报表指标的进度按记录自动计算，不能手工填写。"))
        if figure and data.get("room") and not room_figure_allowed(figure):
            self.add_error("figure", _("这个指标不按社工室分列，只能设为全站指标。"))
        for field in ("target", "q1_target", "q2_target", "q3_target", "q4_target"):
            value = data.get(field)
            if value is not None and not 0 <= value <= MAX_TARGET:
                self.add_error(field, _("请填写 0 至 1000000 之间的数。"))
        if figure and data.get("year"):
            duplicate = AnnualTarget.objects.filter(
                station=self.station, room=data.get("room"), year=data["year"], figure=figure
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("figure", _("这一年度已经为这个指标设过目标。"))
        return data

    def save(self, commit=True):
        self.instance.station = self.station
        return super().save(commit)


def supervised_staff(user):
    """The staff whose development records `user` keeps: station staff, their station's room
    workers and supervisors; a supervisor, the room workers of the rooms they supervise."""
    people = User.objects.filter(is_active=True, role__in=[Role.ROOM_WORKER, Role.STATION_STAFF])
    if user.is_superuser:
        return people.order_by("username")
    if user.role == Role.STATION_STAFF:
        return people.filter(station_id=user.station_id).order_by("username")
    return people.filter(
        role=Role.ROOM_WORKER,
        pk__in=User.objects.filter(rooms__in=visible_rooms(user).values("pk")).values("pk"),
    ).order_by("username")


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class SupervisionSessionForm(CrispyMixin, forms.ModelForm):
    attendees = StaffChoiceField(
        queryset=User.objects.none(), label=_("受督导社工"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SupervisionSession
        fields = ["kind", "attendees", "held_on", "hours", "topics", "follow_up"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = supervised_staff(user)
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate() or held_on.year < 2000:
            raise forms.ValidationError(_("日期不能晚于今天。"))
        return held_on

    def clean(self):
        data = super().clean()
        attendees = data.get("attendees")
        if data.get("kind") == SupervisionKind.INDIVIDUAL and attendees and len(attendees) != 1:
            self.add_error("attendees", _("个别督导只能选择一名社工。"))
        hours = data.get("hours")
        if hours is not None and not Decimal("0") < hours <= Decimal("24"):
            self.add_error("hours", _("时长应在 0 至 24 小时之间。"))
        return data


class TrainingRecordForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "provider", "started_on", "hours", "certificate"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate() or started_on.year < 2000:
            raise forms.ValidationError(_("日期不能晚于今天。"))
        return started_on

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not Decimal("0") < hours <= Decimal("1000"):
            raise forms.ValidationError(_("学时应在 0 至 1000 之间。"))
        return hours


class WorkPlanForm(UserRoomsMixin, CrispyMixin, VersionedFormMixin, forms.ModelForm):
    """A plan's head: whose plan (a worker of the room, or the room itself), which period."""

    class Meta:
        model = WorkPlan
        fields = ["room", "worker", "period", "starts_on", "notes"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, station, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.station = station
        workers = workers_of(user)
        if user.role == Role.ROOM_WORKER:
            workers = workers.filter(pk=user.pk)
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = _("（社工室计划）")
        self.fields["starts_on"].label = _("计划期间")
        self.fields["starts_on"].help_text = _(
            "选择期间内的任一天：周计划从该周周一开始，月计划从该月1日开始。"
        )
        if not self.instance.pk:
            today = timezone.localdate()
            self.fields["starts_on"].initial = today
            self.fields["period"].initial = WorkPlanPeriod.WEEK
            if user.role == Role.ROOM_WORKER:
                self.fields["worker"].initial = user.pk
            first_room = self.rooms.first() if not self.is_bound else None
            if first_room is not None:
                self.fields["room"].initial = first_room.pk

    def clean(self):
        data = super().clean()
        room, worker = data.get("room"), data.get("worker")
        period, day = data.get("period"), data.get("starts_on")
        if room and worker and not worker.rooms.filter(pk=room.pk).exists():
            self.add_error("worker", _("这名社工不在所选社工室。"))
        if period and day:
            data["starts_on"], self.ends_on = period_bounds(period, day)
            duplicate = WorkPlan.objects.filter(
                room=room, worker=worker, period=period, starts_on=data["starts_on"]
            ).exclude(pk=self.instance.pk)
            if room and duplicate.exists():
                self.add_error("starts_on", _("这一期间已经有这份计划，请直接修改它。"))
        return data

    def save(self, commit=True):
        self.instance.station = self.station
        self.instance.ends_on = self.ends_on
        return super().save(commit)


class WorkPlanItemForm(forms.ModelForm):
    class Meta:
        model = WorkPlanItem
        fields = ["kind", "resident", "planned_count", "description"]
        widgets = {"description": forms.TextInput(attrs={"placeholder": _("说明")})}

    def __init__(self, *args, user, resident_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"] = ResidentChoiceField(
            user=user, required=False, label=_("走访对象")
        )
        if resident_choices is not None:
            # One query for the whole formset: every row shows the same residents.
            self.fields["resident"].choices = resident_choices
        self.fields["planned_count"].widget.attrs.update({"min": 1, "max": MAX_PLANNED_COUNT})
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = field.label
            if name != "DELETE":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css + " form-control-sm")

    def clean(self):
        data = super().clean()
        kind, resident = data.get("kind"), data.get("resident")
        if resident and kind != WorkPlanItemKind.VISIT:
            self.add_error("resident", _("只有入户走访可以指定走访对象。"))
        if kind == WorkPlanItemKind.OTHER and not (data.get("description") or "").strip():
            self.add_error("description", _("请说明这项工作。"))
        count = data.get("planned_count")
        if count is not None and not 1 <= count <= MAX_PLANNED_COUNT:
            self.add_error("planned_count", _("计划次数应在 1 至 500 之间。"))
        return data


class BaseWorkPlanItemFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        choices = list(ResidentChoiceField(user=user, required=False).choices)
        super().__init__(*args, form_kwargs={"user": user, "resident_choices": choices}, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("resident").order_by("pk")

    def clean(self):
        """A plan keeps at least one item: a filled-in row, or a saved one not ticked for
        deletion."""
        super().clean()
        kept = [
            form
            for form in self.forms
            if (form.has_changed() or form.instance.pk) and not self._should_delete_form(form)
        ]
        if not any(getattr(form, "cleaned_data", {}).get("kind") for form in kept):
            raise forms.ValidationError(_("请至少填写一项计划事项。"))


MAX_PLAN_ITEMS = 40

# absolute_max: a posted TOTAL_FORMS of thousands must not build thousands of forms.
WorkPlanItemFormSet = forms.inlineformset_factory(
    WorkPlan,
    WorkPlanItem,
    form=WorkPlanItemForm,
    formset=BaseWorkPlanItemFormSet,
    extra=3,
    max_num=MAX_PLAN_ITEMS,
    absolute_max=MAX_PLAN_ITEMS,
    validate_max=True,
    can_delete=True,
)


class WorkPlanFilterForm(UserRoomsMixin, forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    period = forms.ChoiceField(label=_("计划周期"), required=False)
    day = forms.DateField(
        label=_("包含日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    room = room_filter()
    worker = forms.ModelChoiceField(label=_("社工"), required=False, queryset=None)
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("社工、社工室或工作重点")
        self.fields["period"].choices = [("", _("全部周期")), *WorkPlanPeriod.choices]
        self.fields["status"].choices = [("", _("全部状态")), *WorkPlanStatus.choices]
        self.fields["worker"].queryset = workers_of(user)
        self.fields["worker"].empty_label = _("全部社工")
        style_filter_fields(self)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


class WorkPlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("批准")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("督导意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改时必填。"),
    )


class CertificationRecordForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = CertificationRecord
        fields = ["level", "number", "obtained_on", "expires_on"]
        widgets = {
            "obtained_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_obtained_on(self):
        obtained_on = self.cleaned_data["obtained_on"]
        if obtained_on > timezone.localdate():
            raise forms.ValidationError(_("日期不能晚于今天。"))
        return obtained_on

    def clean(self):
        data = super().clean()
        obtained_on, expires_on = data.get("obtained_on"), data.get("expires_on")
        if obtained_on and expires_on and expires_on <= obtained_on:
            self.add_error("expires_on", _("有效期应晚于取得日期。"))
        return data
