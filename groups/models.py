"""Group work (小组工作): groups, their plan, members, sessions, sign-ins and final evaluation.

Stages follow MZ/T 095-2017: 筹备 → 形成 → 转折 → 成熟 → 结束. A plan is approved by a supervisor
before sessions are recorded. Members may be residents, staff (a reading club of social workers)
or volunteers (a name for now; the volunteers app may link its registry later).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stations.aggregates import per_row
from stations.bounds import date_bounds, within_a_day
from stations.models import RecordedBy, RecordMeta, Resident, Room, Station, Versioned, points_to
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked
from stations.vocabulary import ServedTags


class GroupQuerySet(RoomScopedQuerySet):
    """Groups of the user's rooms, and station-level groups (no room) of their station."""

    room_paths = ("room",)
    station_field = "station"

    def for_list(self):
        """With `member_count` (members who have not left) and `session_count`."""
        current = GroupMember.objects.filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gte=timezone.localdate())
        )
        return self.select_related("room").annotate(
            member_count=per_row(
                current, "group", models.Count("pk"), 0, output_field=models.IntegerField()
            ),
            session_count=per_row(
                GroupSession.objects.all(),
                "group",
                models.Count("pk"),
                0,
                output_field=models.IntegerField(),
            ),
        )


class GroupType(models.TextChoices):
    EDUCATION = "education", _("教育小组")
    GROWTH = "growth", _("成长小组")
    SUPPORT = "support", _("支持小组")
    THERAPY = "therapy", _("治疗小组")
    INTEREST = "interest", _("兴趣小组")
    TASK = "task", _("任务/自助小组")


class GroupStage(models.TextChoices):
    PREPARATION = "preparation", _("筹备")
    FORMATION = "formation", _("形成")
    TRANSITION = "transition", _("转折")
    MATURITY = "maturity", _("成熟")
    ENDING = "ending", _("结束")


STAGE_ORDER = list(GroupStage.values)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待督导审核")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回修改")


@tracked("GroupEvent")
class Group(ServedTags, RecordMeta):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="work_groups", verbose_name=_("社工站")
    )
    room = points_to(
        Room,
        _("社工室"),
        related_name="work_groups",
        optional=True,
        help_text=_("不选则为站级小组"),
    )
    name = models.CharField(_("小组名称"), max_length=120)
    group_type = models.CharField(_("小组类型"), max_length=20, choices=GroupType)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    # The plan (小组计划书).
    practice_model = models.CharField(
        _("理论模式"),
        max_length=100,
        blank=True,
        help_text=_("如 社会目标模式、互动模式、治疗模式"),
    )
    goals = models.TextField(_("小组目标"), blank=True)
    target_members = models.TextField(_("招募对象"), blank=True)
    member_criteria = models.TextField(_("组员甄选标准"), blank=True)
    planned_size = models.PositiveSmallIntegerField(_("计划人数"), null=True, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(_("计划节数"), null=True, blank=True)
    schedule = models.CharField(
        _("活动时间安排"), max_length=200, blank=True, help_text=_("如 每周五 15:00-16:30")
    )
    venue = models.CharField(_("活动地点"), max_length=200, blank=True)
    budget = models.DecimalField(
        _("预算（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    risk_plan = models.TextField(_("风险预估及应对"), blank=True)
    evaluation_method = models.TextField(_("评估方法"), blank=True)

    stage = models.CharField(
        _("小组阶段"), max_length=20, choices=GroupStage, default=GroupStage.PREPARATION
    )
    plan_status = models.CharField(
        _("计划书状态"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    review_comment = models.TextField(_("督导意见"), blank=True)
    reviewed_by = points_to(settings.AUTH_USER_MODEL, _("审核督导"), optional=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # The day the supervisor reviewed the plan (entered; a review signed on paper keeps its day),
    # apart from `reviewed_at`, when the review was recorded.
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("带领者"),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("小组")
        verbose_name_plural = _("小组")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="group_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="group_budget_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.plan_status == PlanStatus.APPROVED


class GroupMemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(group__in=Group.objects.visible_to(user))


class MemberKind(models.TextChoices):
    RESIDENT = "resident", _("服务对象")
    STAFF = "staff", _("工作人员")
    VOLUNTEER = "volunteer", _("志愿者")


@tracked("GroupMemberEvent")
class GroupMember(models.Model):
    """One member of a group: exactly one of a resident, a staff user or a registered volunteer.

    `volunteer_name` holds only the names recorded before members were linked to the volunteer
    registry and that matched no registered volunteer; new members are always linked."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="members", verbose_name=_("小组")
    )
    resident = points_to(Resident, _("服务对象"), related_name="group_memberships", optional=True)
    user = points_to(
        settings.AUTH_USER_MODEL, _("工作人员"), related_name="group_memberships", optional=True
    )
    volunteer = points_to(
        "volunteers.Volunteer", _("志愿者"), related_name="group_memberships", optional=True
    )
    volunteer_name = models.CharField(
        _("志愿者姓名（未登记）"),
        max_length=50,
        blank=True,
        help_text=_("仅限早先记录、未能对应到志愿者名册的姓名；新成员请选择已登记的志愿者。"),
    )
    joined_on = models.DateField(_("入组日期"), null=True, blank=True)
    left_on = models.DateField(
        _("退出日期"),
        null=True,
        blank=True,
        help_text=_("退出后不再出现在之后节次的签到名单中，也不计入之后节次的出勤率。"),
    )
    left_reason = models.CharField(_("退出原因"), max_length=200, blank=True)
    pre_score = models.DecimalField(
        _("前测得分"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    post_score = models.DecimalField(
        _("后测得分"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("小组成员")
        verbose_name_plural = _("小组成员")
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(volunteer_name="")
                    & (
                        models.Q(resident__isnull=False, user__isnull=True, volunteer__isnull=True)
                        | models.Q(
                            resident__isnull=True, user__isnull=False, volunteer__isnull=True
                        )
                        | models.Q(
                            resident__isnull=True, user__isnull=True, volunteer__isnull=False
                        )
                    )
                    | ~models.Q(volunteer_name="")
                    & models.Q(resident__isnull=True, user__isnull=True, volunteer__isnull=True)
                ),
                name="member_is_exactly_one_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
            ),
            models.UniqueConstraint(
                fields=["group", "resident"],
                condition=models.Q(resident__isnull=False),
                name="member_resident_once_per_group",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(user__isnull=False),
                name="member_user_once_per_group",
            ),
            models.UniqueConstraint(
                fields=["group", "volunteer"],
                condition=models.Q(volunteer__isnull=False),
                name="member_volunteer_once_per_group",
            ),
        ]

    def __str__(self):
        return self.display_name

    def is_member_on(self, day) -> bool:
        """Whether the member still belonged to the group on `day` (the day they left counts)."""
        return self.left_on is None or day <= self.left_on

    @property
    def kind(self) -> str:
        if self.resident_id:
            return MemberKind.RESIDENT
        if self.user_id:
            return MemberKind.STAFF
        return MemberKind.VOLUNTEER

    def get_kind_label(self) -> str:
        return MemberKind(self.kind).label

    @property
    def print_name(self) -> str:
        """Printed forms show a resident's pseudonym (化名), never the real name."""
        if self.resident_id:
            return self.resident.pseudonym
        return self.display_name

    @property
    def display_name(self) -> str:
        """Needs `resident`, `user` and `volunteer` preloaded (select_related) in lists."""
        if self.resident_id:
            return self.resident.real_name
        if self.user_id:
            return str(self.user)
        if self.volunteer_id:
            return self.volunteer.real_name
        return self.volunteer_name


class GroupSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(group__in=Group.objects.visible_to(user))


@tracked("GroupSessionEvent")
class GroupSession(Versioned):
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("小组")
    )
    number = models.PositiveSmallIntegerField(_("节次"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    facilitator = points_to(settings.AUTH_USER_MODEL, _("带领者"), optional=True)
    observer = points_to(settings.AUTH_USER_MODEL, _("观察员"), optional=True)
    goals = models.TextField(_("本节目标"), blank=True)
    process = models.TextField(_("活动过程"), blank=True)
    observations = models.TextField(_("组员表现及观察"), blank=True)
    reflection = models.TextField(_("社工反思"), blank=True)

    objects = GroupSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("小组活动节次")
        verbose_name_plural = _("小组活动节次")
        ordering = ["group", "number"]
        # Report periods and calendars select sessions by their start.
        indexes = [models.Index(fields=["starts_at"], name="groupsession_starts_at_idx")]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=date_bounds("starts_at", "ends_at", datetime_fields=True)
                & within_a_day("starts_at", "ends_at"),
                name="session_times_plausible",
                violation_error_message=_("一节小组活动须在 24 小时之内，日期须在合理范围内。"),
            ),
        ]

    def __str__(self):
        return gettext("%(group)s 第%(number)s节") % {"group": self.group, "number": self.number}


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(session__group__in=Group.objects.visible_to(user))


@tracked("AttendanceEvent")
class Attendance(RecordedBy):
    """A member's sign-in (签到) at a session. The member must belong to the session's group."""

    session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("节次")
    )
    member = models.ForeignKey(
        GroupMember, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("成员")
    )
    signed_at = models.DateTimeField(_("签到时间"), auto_now_add=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["session", "member"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once"),
        ]

    def __str__(self):
        return f"{self.session} · {self.member_id}"


class GoalAttainment(models.TextChoices):
    FULLY = "fully", _("完全达成")
    MOSTLY = "mostly", _("基本达成")
    PARTLY = "partly", _("部分达成")
    NOT = "not", _("未达成")


class GroupEvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(group__in=Group.objects.visible_to(user))


@tracked("GroupEvaluationEvent")
class GroupEvaluation(Versioned):
    """The final evaluation. The attendance rate is computed from the sign-ins, not typed."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("小组")
    )
    goal_attainment = models.CharField(_("目标达成情况"), max_length=20, choices=GoalAttainment)
    goal_notes = models.TextField(_("目标达成说明"), blank=True)
    satisfaction = models.DecimalField(
        _("满意度（%）"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    pre_score_average = models.DecimalField(
        _("前测平均分"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    post_score_average = models.DecimalField(
        _("后测平均分"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    summary = models.TextField(_("总结与建议"), blank=True)
    evaluated_by = points_to(settings.AUTH_USER_MODEL, _("评估人"), optional=True)
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)

    objects = GroupEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("小组总结评估")
        verbose_name_plural = _("小组总结评估")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=0, satisfaction__lte=100),
                name="evaluation_satisfaction_percent",
            ),
        ]

    def __str__(self):
        return gettext("%(group)s 总结评估") % {"group": self.group}
