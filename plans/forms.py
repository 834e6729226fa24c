from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import AnnualTarget, SupervisionKind, SupervisionSession, TrainingRecord
from plans.services import room_figure_allowed
from reports.definitions import FIGURES
from stations.access import visible_rooms
from stations.concurrency import VersionedFormMixin
from stations.listing import style_filter_fields
from stations.models import KeyPopulation, Role, User

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


class OverdueFilterForm(forms.Form):
    room = forms.ModelChoiceField(label=_("社工室"), required=False, queryset=None)
    worker = forms.ModelChoiceField(label=_("社工"), required=False, queryset=None)
    category = forms.ChoiceField(label=_("重点人群"), required=False)
    min_days = forms.IntegerField(
        label=_("逾期天数不少于"), required=False, min_value=0, max_value=3650
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = visible_rooms(user).order_by("order", "pk")
        self.fields["room"].empty_label = _("全部社工室")
        self.fields["worker"].queryset = workers_of(user)
        self.fields["worker"].empty_label = _("全部社工")
        self.fields["category"].choices = [("", _("全部重点人群")), *KeyPopulation.choices]
        self.fields["min_days"].widget.attrs["placeholder"] = _("逾期天数不少于")
        style_filter_fields(self)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label


def figure_choices():
    return [("", _("（自定义指标）"))] + [
        (key, f"{label} · {key}") for key, (label, _definition) in FIGURES.items()
    ]


class AnnualTargetForm(CrispyMixin, VersionedFormMixin, forms.ModelForm):
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

    def __init__(self, *args, user, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        self.fields["figure"].choices = figure_choices()
        self.fields["figure"].help_text = _(
            "从报表指标中选择，进度按记录自动计算；社工室指标只能选各社工室分列的指标。"
        )
        self.fields["room"].queryset = visible_rooms(user).order_by("order", "pk")
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
