"""The case itself: its stages, number, transition log and the supervisor's approvals."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Household, RecordMeta, Resident, Room, Station, points_to
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked
from stations.vocabulary import term_codes_field, term_labels


class Stage(models.TextChoices):
    INQUIRY = "inquiry", _("咨询受理")
    INTAKE = "intake", _("接案")
    ASSESSMENT = "assessment", _("预估")
    PLAN = "plan", _("计划")
    INTERVENTION = "intervention", _("介入")
    EVALUATION = "evaluation", _("评估")
    CLOSING = "closing", _("结案审批中")
    CLOSED = "closed", _("已结案")
    FOLLOW_UP = "follow_up", _("跟进回访")
    NOT_ACCEPTED = "not_accepted", _("不接案")
    REFERRED = "referred", _("已转介")


OPEN_STAGES = [
    Stage.INTAKE,
    Stage.ASSESSMENT,
    Stage.PLAN,
    Stage.INTERVENTION,
    Stage.EVALUATION,
    Stage.CLOSING,
]


class Source(models.TextChoices):
    SELF_REFERRAL = "self", _("主动求助")
    OUTREACH = "outreach", _("外展发现")
    REFERRAL = "referral", _("转介")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")
    CRISIS = "crisis", _("危机")


class InterventionModel(models.TextChoices):
    PSYCHOSOCIAL = "psychosocial", _("心理社会治疗模式")
    COGNITIVE_BEHAVIOURAL = "cognitive_behavioural", _("认知行为模式")
    TASK_CENTRED = "task_centred", _("任务中心模式")
    CRISIS = "crisis", _("危机介入模式")
    STRENGTHS = "strengths", _("优势视角")
    PERSON_CENTRED = "person_centred", _("人本治疗模式")
    FAMILY = "family", _("家庭治疗模式")
    NARRATIVE = "narrative", _("叙事治疗模式")
    SOLUTION_FOCUSED = "solution_focused", _("焦点解决模式")
    SUPPORT_NETWORK = "support_network", _("社会支持网络")
    OTHER = "other", _("其他")


class CaseQuerySet(RoomScopedQuerySet):
    room_paths = ("room",)

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def for_list(self):
        return self.select_related("resident", "room", "worker")


@tracked("CaseEvent")
class Case(RecordMeta):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="cases", verbose_name=_("社工站")
    )
    number = models.CharField(_("个案编号"), max_length=40, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="cases", verbose_name=_("服务对象")
    )
    household = points_to(
        Household, _("家庭户"), related_name="cases", optional=True, on_delete=models.SET_NULL
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="cases", verbose_name=_("社工室")
    )
    worker = points_to(settings.AUTH_USER_MODEL, _("负责社工"), related_name="cases")
    supervisor = points_to(
        settings.AUTH_USER_MODEL, _("督导"), related_name="supervised_cases", optional=True
    )
    source = models.CharField(_("个案来源"), max_length=20, choices=Source)
    referring_unit = models.CharField(
        _("转介单位"),
        max_length=100,
        blank=True,
        help_text=_("来源为转介时填写，如村居委、民政、学校"),
    )
    presenting_problem = models.TextField(_("主要问题"))
    service_areas = term_codes_field("service_area", _("服务领域"))
    target_populations = term_codes_field("target_population", _("服务人群"))
    risk_level = models.CharField(
        _("风险等级"), max_length=10, choices=RiskLevel, default=RiskLevel.LOW
    )
    intervention_model = models.CharField(
        _("介入模式"), max_length=30, choices=InterventionModel, blank=True
    )
    intervention_model_other = models.CharField(_("其他模式说明"), max_length=100, blank=True)
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage, default=Stage.INQUIRY, editable=False
    )
    next_contact_date = models.DateField(_("下次联系日期"), null=True, blank=True)
    opened_on = models.DateField(_("开案日期"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("个案")
        verbose_name_plural = _("个案")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="referral") | ~models.Q(referring_unit=""),
                name="case_referral_names_unit",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def get_service_areas_display(self) -> str:
        return _("、").join(term_labels("service_area", self.service_areas))

    def get_target_populations_display(self) -> str:
        return _("、").join(term_labels("target_population", self.target_populations))


class CaseNumberCounter(models.Model):
    """The last serial used for a station's case numbers in a year; locked while allocating."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, verbose_name=_("社工站"))
    year = models.PositiveSmallIntegerField(_("年份"))
    last_serial = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("个案编号计数器")
        verbose_name_plural = _("个案编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="case_counter_unique")
        ]

    def __str__(self):
        return f"{self.station.code}-{self.year}: {self.last_serial}"


class CaseChildQuerySet(RoomScopedQuerySet):
    room_paths = ("case__room",)


class CaseTransition(models.Model):
    """The stage log: who moved the case, when, from where to where, and why. Never edited."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("个案")
    )
    action = models.CharField(_("操作"), max_length=30)
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage)
    by = points_to(settings.AUTH_USER_MODEL, _("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    # The day the step happened (entered by the user, back-entry of paper records), apart from
    # `at`, when it was recorded. Empty on rows recorded before the two were kept apart.
    happened_on = models.DateField(_("发生日期"), null=True, blank=True)
    comment = models.TextField(_("说明"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("阶段变更记录")
        verbose_name_plural = _("阶段变更记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case} {self.get_from_stage_display()} → {self.get_to_stage_display()}"


class ApprovalKind(models.TextChoices):
    OPENING = "opening", _("开案审批")
    PLAN = "plan", _("服务计划审批")
    CLOSING = "closing", _("结案审批")
    TRANSFER = "transfer", _("转案审批")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")


class ApprovalQuerySet(CaseChildQuerySet):
    def pending(self):
        return self.filter(status=ApprovalStatus.PENDING)

    def for_list(self):
        return self.select_related(
            "case__resident",
            "case__room",
            "case__worker",
            "requested_by",
            "plan",
            "transfer_worker",
            "transfer_room",
        )


@tracked("ApprovalEvent")
class Approval(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("个案")
    )
    kind = models.CharField(_("审批事项"), max_length=20, choices=ApprovalKind)
    plan = points_to(
        "ServicePlan",
        _("服务计划"),
        related_name="approvals",
        optional=True,
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ApprovalStatus, default=ApprovalStatus.PENDING
    )
    requested_by = points_to(settings.AUTH_USER_MODEL, _("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now, editable=False)
    request_comment = models.TextField(_("申请说明"), blank=True)
    decided_by = points_to(settings.AUTH_USER_MODEL, _("审批人"), optional=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    # A back-entered approval: the supervisor who signed it on paper; `decided_by` entered it.
    paper_supervisor = points_to(settings.AUTH_USER_MODEL, _("纸质审批督导"), optional=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)
    # A transfer (转案) names where the case goes; the change is made when it is approved.
    transfer_worker = points_to(settings.AUTH_USER_MODEL, _("转至社工"), optional=True)
    transfer_room = points_to("stations.Room", _("转至社工室"), optional=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导审批")
        verbose_name_plural = _("督导审批")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="pending"),
                name="one_pending_approval_per_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="plan") | models.Q(plan__isnull=False),
                name="plan_approval_names_plan",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="transfer")
                | models.Q(transfer_worker__isnull=False, transfer_room__isnull=False),
                name="transfer_approval_names_worker_and_room",
            ),
        ]

    def __str__(self):
        return _("%(case)s %(kind)s（%(status)s）") % {
            "case": self.case,
            "kind": self.get_kind_display(),
            "status": self.get_status_display(),
        }
