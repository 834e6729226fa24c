"""Annual targets (contract indicators) and staff development: training, supervision sessions,
certification history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Certification, RecordMeta, Room, Station, Timestamped, points_to
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked


class AnnualTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Targets are aggregates: everyone with a role reads their station's station-wide
        targets and the targets of the rooms whose figures they may read (officials: all)."""
        from stations.access import report_rooms, visible_stations

        return self.filter(station__in=visible_stations(user).values("pk")).filter(
            Q(room__isnull=True) | Q(room__in=report_rooms(user).values("pk"))
        )


class AnnualTarget(RecordMeta):
    """One indicator of the year's plan: a figure of the station report (`figure`, a dotted key
    of reports.definitions.FIGURES) whose progress is computed from the records, or a free
    indicator (`name`) whose progress is entered by hand (`manual_actual`)."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="annual_targets", verbose_name=_("社工站")
    )
    room = points_to(
        Room,
        _("社工室"),
        related_name="annual_targets",
        optional=True,
        help_text=_("空白表示全站指标"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    figure = models.CharField(_("报表指标"), max_length=80, blank=True)
    name = models.CharField(
        _("自定义指标"), max_length=100, blank=True, help_text=_("不在报表中的指标，进度手工填写")
    )
    target = models.DecimalField(_("年度目标"), max_digits=12, decimal_places=2)
    q1_target = models.DecimalField(
        _("第一季度目标"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    q2_target = models.DecimalField(
        _("第二季度目标"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    q3_target = models.DecimalField(
        _("第三季度目标"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    q4_target = models.DecimalField(
        _("第四季度目标"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    manual_actual = models.DecimalField(
        _("手工填报完成数"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    objects = AnnualTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度指标")
        verbose_name_plural = _("年度指标")
        ordering = ["-year", "room", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(figure="") | ~Q(name=""), name="target_names_figure_or_free_name"
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="target_not_negative"),
            models.UniqueConstraint(
                fields=["station", "room", "year", "figure"],
                condition=~Q(figure=""),
                nulls_distinct=False,
                name="one_target_per_figure_room_year",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.name or self.figure}"

    @property
    def quarter_targets(self) -> list:
        return [self.q1_target, self.q2_target, self.q3_target, self.q4_target]


class StaffQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A worker's development records: station staff of the station and the supervisors of
        a room the worker serves see them, and the worker their own."""
        from stations.access import can_see_personal_data, visible_rooms
        from stations.models import Role

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        if user.role == Role.STATION_STAFF:
            return self.filter(worker__station_id=user.station_id)
        if user.role == Role.SUPERVISOR:
            served = self.model.objects.filter(
                Q(worker__rooms__in=visible_rooms(user).values("pk")) | Q(worker=user)
            )
            return self.filter(pk__in=served.values("pk"))
        return self.filter(worker=user)


class TrainingRecord(Timestamped):
    worker = points_to(settings.AUTH_USER_MODEL, _("工作人员"), related_name="training_records")
    course = models.CharField(_("课程/培训名称"), max_length=150)
    provider = models.CharField(_("主办单位"), max_length=100, blank=True)
    started_on = models.DateField(_("日期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    certificate = models.CharField(_("结业证书"), max_length=100, blank=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训与继续教育")
        verbose_name_plural = _("培训与继续教育")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=1000),
                name="training_hours_in_range",
                violation_error_message=_("学时须大于0，且不超过1000。"),
            )
        ]

    def __str__(self):
        return self.course


class SupervisionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个别督导")
    GROUP = "group", _("团体督导")


class SupervisionSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Station staff: every session of the station; a supervisor: the sessions they led and
        those of the workers of their rooms; a worker: the sessions they attended."""
        from stations.access import can_see_personal_data, visible_rooms
        from stations.models import Role

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        if user.role == Role.STATION_STAFF:
            return self.filter(supervisor__station_id=user.station_id)
        condition = Q(supervisor=user) | Q(attendees=user)
        if user.role == Role.SUPERVISOR:
            condition |= Q(attendees__rooms__in=visible_rooms(user).values("pk"))
        return self.filter(pk__in=self.model.objects.filter(condition).values("pk"))


class SupervisionSession(Timestamped):
    """Supervision of the workers themselves (督导), outside any case: one-to-one or a group."""

    kind = models.CharField(_("督导形式"), max_length=20, choices=SupervisionKind)
    supervisor = points_to(
        settings.AUTH_USER_MODEL, _("督导"), related_name="supervision_sessions_led"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supervision_sessions", verbose_name=_("受督导社工")
    )
    held_on = models.DateField(_("日期"))
    hours = models.DecimalField(_("时长（小时）"), max_digits=4, decimal_places=1)
    topics = models.TextField(_("督导主题与内容"))
    follow_up = models.TextField(_("跟进事项"), blank=True)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="supervision_hours_in_range",
                violation_error_message=_("一次督导的时长须大于0小时，且不超过24小时。"),
            )
        ]

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()}"


class CertificationRecord(models.Model):
    worker = points_to(
        settings.AUTH_USER_MODEL, _("工作人员"), related_name="certification_records"
    )
    level = models.CharField(_("职业资格等级"), max_length=20, choices=Certification)
    number = models.CharField(_("证书编号"), max_length=50)
    obtained_on = models.DateField(_("取得日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("职业资格记录")
        verbose_name_plural = _("职业资格记录")
        ordering = ["-obtained_on", "pk"]

    def __str__(self):
        return f"{self.get_level_display()} {self.number}"


class WorkPlanPeriod(models.TextChoices):
    MONTH = "month", _("月计划")
    WEEK = "week", _("周计划")


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待督导审核")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回修改")


class WorkPlanItemKind(models.TextChoices):
    VISIT = "visit", _("入户走访")
    GROUP_SESSION = "group_session", _("小组活动")
    ACTIVITY = "activity", _("社区活动")
    OTHER = "other", _("其他事项")


class WorkPlanQuerySet(RoomScopedQuerySet):
    room_paths = ("room",)

    def for_list(self):
        return self.select_related("room", "worker").annotate(
            item_count=models.Count("items", distinct=True)
        )


@tracked("WorkPlanEvent")
class WorkPlan(RecordMeta):
    """A worker's (or, without a worker, a room's) plan for one month or one week: items planned,
    marked done from the records where they can be; submitted by the worker, reviewed by the
    supervisor."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("社工站")
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("社工室")
    )
    worker = points_to(
        settings.AUTH_USER_MODEL,
        _("社工"),
        related_name="work_plans",
        optional=True,
        help_text=_("空白表示社工室的计划"),
    )
    period = models.CharField(_("计划周期"), max_length=10, choices=WorkPlanPeriod)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    notes = models.TextField(_("工作重点"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=WorkPlanStatus, default=WorkPlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_comment = models.TextField(_("督导意见"), blank=True)
    reviewed_by = points_to(settings.AUTH_USER_MODEL, _("审核督导"), optional=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-starts_on", "room", "worker", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="workplan_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["room", "worker", "period", "starts_on"],
                nulls_distinct=False,
                name="one_workplan_per_room_worker_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_on"], name="workplan_status_idx")]

    def __str__(self):
        return f"{self.get_period_display()} {self.starts_on:%Y-%m-%d}"

    @property
    def editable(self) -> bool:
        return self.status in (WorkPlanStatus.DRAFT, WorkPlanStatus.RETURNED)


MAX_PLANNED_COUNT = 500


class WorkPlanItemQuerySet(RoomScopedQuerySet):
    room_paths = ("plan__room",)


@tracked("WorkPlanItemEvent")
class WorkPlanItem(models.Model):
    """One planned item. A visit names a resident (done when a home visit to them is recorded in
    the period) or a count of visits; group sessions and activities are counts read from the
    records; other items are marked done by hand (`done`)."""

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("工作计划")
    )
    kind = models.CharField(_("事项类型"), max_length=20, choices=WorkPlanItemKind)
    resident = points_to("stations.Resident", _("走访对象"), optional=True)
    planned_count = models.PositiveSmallIntegerField(_("计划次数"), default=1)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    done = models.BooleanField(_("已完成"), default=False)

    objects = WorkPlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划事项")
        verbose_name_plural = _("计划事项")
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_count__gte=1) & Q(planned_count__lte=MAX_PLANNED_COUNT),
                name="workplan_item_count_in_range",
            ),
            models.CheckConstraint(
                condition=Q(resident__isnull=True) | Q(kind="visit"),
                name="workplan_item_resident_only_for_visits",
            ),
        ]

    def __str__(self):
        return self.description or self.get_kind_display()


class ReminderRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The job's log holds no personal data: station staff and the superuser read it."""
        from stations.access import is_station_staff

        return self if is_station_staff(user) else self.none()


class ReminderRun(models.Model):
    """One row per day the daily reminders ran: the unique day is what keeps two job workers
    (or a worker and `manage.py send_reminders`) from mailing the same digests twice."""

    day = models.DateField(_("日期"), unique=True)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    users = models.PositiveIntegerField(_("检查人数"), default=0)
    digests = models.PositiveIntegerField(_("有提醒的人数"), default=0)
    sent = models.PositiveIntegerField(_("已发送邮件"), default=0)

    objects = ReminderRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("每日提醒发送记录")
        verbose_name_plural = _("每日提醒发送记录")
        ordering = ["-day"]

    def __str__(self):
        return self.day.isoformat()
