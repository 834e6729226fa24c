from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Group, GroupEvaluation, GroupSession, GroupStage, GroupType, PlanStatus
from stations.concurrency import VersionedFormMixin
from stations.forms import (
    DATE,
    DATETIME,
    TEXT,
    ServedTagsFilter,
    ServiceTermsFields,
    UserRoomsMixin,
    room_filter,
)
from stations.models import Resident, Role, User
from stations.pickers import resident_label, use_picker
from volunteers.models import Volunteer, VolunteerStatus


def station_staff_users(user):
    """Colleagues who can facilitate or observe: the personal-data users of the station."""
    return User.objects.filter(
        station_id=user.station_id,
        is_active=True,
        role__in=[Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR],
    ).order_by("last_name", "first_name", "username")


class GroupForm(UserRoomsMixin, ServiceTermsFields, VersionedFormMixin, forms.ModelForm):
    room_required_unless_staff = True

    class Meta:
        model = Group
        fields = [
            "name", "group_type", "room", "start_date", "end_date", "practice_model", "goals",
            "service_areas", "target_populations", "target_members", "member_criteria", "planned_size", "planned_sessions", "schedule",
            "venue", "budget", "risk_plan", "evaluation_method", "facilitators",
        ]  # fmt: skip
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "goals": TEXT,
            "target_members": TEXT,
            "member_criteria": TEXT,
            "risk_plan": TEXT,
            "evaluation_method": TEXT,
            "facilitators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["facilitators"].queryset = station_staff_users(user)

    def clean_budget(self):
        budget = self.cleaned_data.get("budget")
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("预算不能为负数。"))
        return budget

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于开始日期。"))
        if self.instance.pk and start:
            first = self.instance.sessions.order_by("starts_at").first()
            if first and timezone.localdate(first.starts_at) < start:
                self.add_error("start_date", _("已有节次早于该开始日期。"))
        if self.instance.pk and end:
            last = self.instance.sessions.order_by("-starts_at").first()
            if last and timezone.localdate(last.starts_at) > end:
                self.add_error("end_date", _("已有节次晚于该结束日期。"))
        return data


class GroupFilterForm(UserRoomsMixin, ServedTagsFilter):
    q = forms.CharField(label=_("搜索"), required=False)
    room = room_filter()
    group_type = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型")), *GroupType.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部阶段")), *GroupStage.choices], required=False
    )
    plan_status = forms.ChoiceField(
        label=_("计划书"), choices=[("", _("全部")), *PlanStatus.choices], required=False
    )
    date_from = forms.DateField(label=_("起"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("止"), required=False, widget=DATE)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("批准")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("督导意见"), required=False, widget=TEXT)
    reviewed_on = forms.DateField(
        label=_("审核日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("留空为今天；补录纸质审核时填写签批日期"),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("推进到"), choices=GroupStage.choices)


class MemberForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("成员类型"),
        choices=[("resident", _("服务对象")), ("staff", _("工作人员")), ("volunteer", _("志愿者"))],
        widget=forms.RadioSelect,
        initial="resident",
    )
    resident = forms.ModelChoiceField(label=_("服务对象"), queryset=None, required=False)
    user = forms.ModelChoiceField(label=_("工作人员"), queryset=None, required=False)
    volunteer = forms.ModelChoiceField(
        label=_("志愿者"),
        queryset=None,
        required=False,
        help_text=_("从志愿者名册中选择；名册里没有的志愿者请先登记。"),
    )
    joined_on = forms.DateField(label=_("入组日期"), required=False, widget=DATE)

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        residents = (
            Resident.objects.visible_to(user).active().exclude(group_memberships__group=group)
        )
        if group.room_id:
            residents = residents.filter(room_id=group.room_id)
        self.fields["resident"].queryset = residents.select_related("room").order_by("real_name")
        self.fields["user"].queryset = station_staff_users(user).exclude(
            group_memberships__group=group
        )
        self.fields["volunteer"].queryset = (
            Volunteer.objects.visible_to(user)
            .filter(status=VolunteerStatus.ACTIVE)
            .exclude(group_memberships__group=group)
            .select_related("room")
            .order_by("real_name")
        )
        use_picker(self.fields["resident"], "resident").label_from_instance = resident_label
        use_picker(self.fields["volunteer"], "volunteer")
        self.fields["volunteer"].label_from_instance = lambda volunteer: (
            _("%(name)s（%(room)s）") % {"name": volunteer.real_name, "room": volunteer.room}
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        fields = {"resident": "resident", "staff": "user", "volunteer": "volunteer"}
        if kind and not data.get(fields[kind]):
            self.add_error(fields[kind], _("请选择成员。"))
        for other, field in fields.items():
            if other != kind:
                data[field] = None
        return data


class SessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = GroupSession
        fields = [
            "number", "theme", "starts_at", "ends_at", "place", "facilitator", "observer",
            "goals", "process", "observations", "reflection",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "goals": TEXT,
            "process": forms.Textarea(attrs={"rows": 5}),
            "observations": TEXT,
            "reflection": TEXT,
        }

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["facilitator"].queryset = station_staff_users(user)
        self.fields["observer"].queryset = station_staff_users(user)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number < 1:
            raise forms.ValidationError(_("节次须从 1 开始。"))
        others = GroupSession.objects.filter(group=self.group, number=number)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("本小组已有第 %(number)s 节。") % {"number": number})
        return number

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("结束时间不能早于开始时间。"))
        if starts:
            day = timezone.localdate(starts)
            group = self.group
            if day < group.start_date or (group.end_date and day > group.end_date):
                end = group.end_date or _("未定")
                self.add_error(
                    "starts_at",
                    _("节次日期须在小组起止日期（%(start)s 至 %(end)s）之内。")
                    % {"start": group.start_date, "end": end},
                )
        return data


class EvaluationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = GroupEvaluation
        fields = [
            "goal_attainment", "goal_notes", "satisfaction", "pre_score_average",
            "post_score_average", "summary", "evaluated_on",
        ]  # fmt: skip
        widgets = {"goal_notes": TEXT, "summary": TEXT, "evaluated_on": DATE}

    def clean_satisfaction(self):
        value = self.cleaned_data.get("satisfaction")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("满意度须在 0 到 100 之间。"))
        return value

    def clean(self):
        data = super().clean()
        for name in ("pre_score_average", "post_score_average"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("得分不能为负数。"))
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("退出日期"), widget=DATE)
    reason = forms.CharField(label=_("退出原因（可不填）"), max_length=200, required=False)


SCORE_ERRORS = {
    "invalid": _("请输入数字。"),
    "min_value": _("得分须在 0 到 999.9 之间。"),
    "max_value": _("得分须在 0 到 999.9 之间。"),
    "max_decimal_places": _("得分最多保留一位小数。"),
}


def score_field(label):
    """A pre/post test score: 0 to 999.9, one decimal, the phone's decimal keypad."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=Decimal("999.9"),
        decimal_places=1,
        error_messages=SCORE_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": "0"}),
    )


class MemberScoreForm(forms.Form):
    """One row of the score grid; the prefix is the member's pk."""

    pre_score = score_field(_("前测得分"))
    post_score = score_field(_("后测得分"))
