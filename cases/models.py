"""Casework (个案工作): cases and their stage documents, following MZ/T 094-2017.

A case moves through `Stage` only by the service functions in `cases.services`; every move writes a
`CaseTransition`. Service records (one per contact) may exist without a case: routine home visits
(入户走访) to key populations are service records of form 入户 with `case` empty.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Household, KeyPopulation, PartnerUnit, Resident, Room, Station


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


class ServiceArea(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")
    CHILD_WELFARE = "child_welfare", _("儿童福利")
    ELDERLY_CARE = "elderly_care", _("养老服务")
    SOCIAL_AFFAIRS = "social_affairs", _("社会事务")
    COMMUNITY_GOVERNANCE = "community_governance", _("社区治理")
    SAFETY = "safety", _("平安建设")
    EPIDEMIC = "epidemic", _("疫情防控")
    DISABILITY = "disability", _("残疾人服务")
    MENTAL_HEALTH = "mental_health", _("精神卫生")
    MEDIATION = "mediation", _("纠纷调解")
    OTHER = "other", _("其他")


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


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "room")

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def for_list(self):
        return self.select_related("resident", "room", "worker")


class Case(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="cases", verbose_name=_("社工站")
    )
    number = models.CharField(_("个案编号"), max_length=40, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="cases", verbose_name=_("服务对象")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("家庭户"),
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="cases", verbose_name=_("社工室")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("负责社工"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_cases",
        verbose_name=_("督导"),
    )
    source = models.CharField(_("个案来源"), max_length=20, choices=Source)
    referring_unit = models.CharField(
        _("转介单位"),
        max_length=100,
        blank=True,
        help_text=_("来源为转介时填写，如村居委、民政、学校"),
    )
    presenting_problem = models.TextField(_("主要问题"))
    service_areas = ArrayField(
        models.CharField(max_length=30, choices=ServiceArea),
        verbose_name=_("服务领域"),
        default=list,
        blank=True,
    )
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
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )

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
        labels = dict(ServiceArea.choices)
        return "、".join(str(labels.get(area, area)) for area in self.service_areas)


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


class CaseChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "case__room")


class CaseTransition(models.Model):
    """The stage log: who moved the case, when, from where to where, and why. Never edited."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("个案")
    )
    action = models.CharField(_("操作"), max_length=30)
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
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


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")


class ApprovalQuerySet(CaseChildQuerySet):
    def pending(self):
        return self.filter(status=ApprovalStatus.PENDING)

    def for_list(self):
        return self.select_related(
            "case__resident", "case__room", "case__worker", "requested_by", "plan"
        )


class Approval(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("个案")
    )
    kind = models.CharField(_("审批事项"), max_length=20, choices=ApprovalKind)
    plan = models.ForeignKey(
        "ServicePlan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approvals",
        verbose_name=_("服务计划"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ApprovalStatus, default=ApprovalStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申请人"),
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now, editable=False)
    request_comment = models.TextField(_("申请说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)

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
        ]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}（{self.get_status_display()}）"


class ConsentBy(models.TextChoices):
    SELF = "self", _("本人")
    GUARDIAN = "guardian", _("监护人")
    NONE = "none", _("未取得")


class Intake(models.Model):
    """接案登记表."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="intake", verbose_name=_("个案")
    )
    intake_date = models.DateField(_("接案日期"))
    background = models.TextField(_("基本情况"), blank=True)
    needs = models.TextField(_("服务需求"), blank=True)
    consent = models.CharField(
        _("知情同意"), max_length=10, choices=ConsentBy, default=ConsentBy.NONE
    )
    consent_date = models.DateField(_("同意日期"), null=True, blank=True)
    decision_notes = models.TextField(_("接案意见"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("接案登记")
        verbose_name_plural = _("接案登记")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent="none") | models.Q(consent_date__isnull=False),
                name="intake_consent_has_date",
            )
        ]

    def __str__(self):
        return f"{self.case} {_('接案登记')}"


class Assessment(models.Model):
    """预估: a case may be re-assessed; each assessment is kept with its sequence number."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("个案")
    )
    sequence = models.PositiveSmallIntegerField(_("第几次预估"), default=1, editable=False)
    assessed_on = models.DateField(_("预估日期"))
    physical = models.TextField(_("身体状况"), blank=True)
    psychological = models.TextField(_("心理状况"), blank=True)
    social_support = models.TextField(_("社会支持"), blank=True)
    economy = models.TextField(_("经济状况"), blank=True)
    housing = models.TextField(_("居住状况"), blank=True)
    family = models.TextField(_("家庭状况"), blank=True)
    entitlements = models.TextField(_("已享受的政策待遇"), blank=True)
    strengths = models.TextField(_("优势与资源"), blank=True)
    risks = models.TextField(_("风险（自伤、受虐、忽视等）"), blank=True)
    summary = models.TextField(_("预估结论"), help_text=_("先写事实，再写判断"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填写人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("预估")
        verbose_name_plural = _("预估")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="assessment_sequence_unique")
        ]

    def __str__(self):
        return f"{self.case} {_('预估')} {self.sequence}"


class ServicePlan(models.Model):
    """服务计划: revised plans get the next sequence number; goals and tasks belong to one plan."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="plans", verbose_name=_("个案")
    )
    sequence = models.PositiveSmallIntegerField(_("第几版"), default=1, editable=False)
    planned_on = models.DateField(_("制定日期"))
    intervention_model = models.CharField(_("介入模式"), max_length=30, choices=InterventionModel)
    resources = models.TextField(_("拟链接资源"), blank=True)
    evaluation_method = models.TextField(_("评估方法"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("制定人"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务计划")
        verbose_name_plural = _("服务计划")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="plan_sequence_unique")
        ]

    def __str__(self):
        return f"{self.case} {_('服务计划')} {self.sequence}"


class Attainment(models.TextChoices):
    ACHIEVED = "achieved", _("完全达成")
    PARTLY = "partly", _("部分达成")
    NOT_ACHIEVED = "not_achieved", _("未达成")


class GoalQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "plan__case__room")


class ServiceGoal(models.Model):
    plan = models.ForeignKey(
        ServicePlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("服务计划")
    )
    description = models.CharField(_("目标"), max_length=300, help_text=_("可衡量的目标"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    attainment = models.CharField(_("达成情况"), max_length=20, choices=Attainment, blank=True)
    attainment_note = models.CharField(_("达成说明"), max_length=300, blank=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务目标")
        verbose_name_plural = _("服务目标")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.description


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "plan__case__room")

    def overdue(self, today):
        return self.filter(done_on__isnull=True, due_date__lt=today)


class PlanTask(models.Model):
    plan = models.ForeignKey(
        ServicePlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("服务计划")
    )
    goal = models.ForeignKey(
        ServiceGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("对应目标"),
    )
    description = models.CharField(_("任务"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("负责人"),
    )
    due_date = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划任务")
        verbose_name_plural = _("计划任务")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description


class ContactForm(models.TextChoices):
    INTERVIEW = "interview", _("面谈")
    HOME_VISIT = "home_visit", _("入户")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")
    ACCOMPANIMENT = "accompaniment", _("陪同")


class ServiceRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "room")

    def home_visits(self):
        return self.filter(form=ContactForm.HOME_VISIT)

    def for_list(self):
        return self.select_related("resident", "worker", "case")


class ServiceRecord(models.Model):
    """One contact with a resident (服务记录). A home visit without a case has `case` empty."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("个案"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        related_name="service_records",
        verbose_name=_("服务对象"),
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("社工室")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_records",
        verbose_name=_("服务社工"),
    )
    form = models.CharField(_("服务形式"), max_length=20, choices=ContactForm)
    start_at = models.DateTimeField(_("开始时间"))
    end_at = models.DateTimeField(_("结束时间"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), editable=False)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("服务内容"))
    techniques = models.CharField(_("运用的技巧"), max_length=200, blank=True)
    response = models.TextField(_("服务对象反应"), blank=True)
    next_steps = models.TextField(_("下一步计划"), blank=True)
    resources_linked = models.CharField(_("链接的资源"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-start_at", "-pk"]
        indexes = [models.Index(fields=["resident", "form", "start_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_at__gt=models.F("start_at")),
                name="record_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.start_at:%Y-%m-%d}"


class Evaluation(models.Model):
    """评估: how far the plan worked, before closing."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("个案")
    )
    evaluated_on = models.DateField(_("评估日期"))
    method = models.CharField(_("评估方法"), max_length=200, blank=True)
    findings = models.TextField(_("评估结果"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评估人"),
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估")
        verbose_name_plural = _("评估")
        ordering = ["case", "evaluated_on", "pk"]

    def __str__(self):
        return f"{self.case} {_('评估')} {self.evaluated_on}"


class Referral(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("个案")
    )
    referred_on = models.DateField(_("转介日期"))
    receiving_agency = models.CharField(_("接收机构"), max_length=120)
    partner_unit = models.ForeignKey(
        PartnerUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_referrals",
        verbose_name=_("共建单位"),
    )
    reason = models.TextField(_("转介原因"))
    consent = models.BooleanField(_("服务对象已同意转介"), default=False)
    feedback = models.TextField(_("接收方反馈"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("转介人"),
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        ordering = ["case", "referred_on", "pk"]

    def __str__(self):
        return f"{self.case} → {self.receiving_agency}"


class ClosingReason(models.TextChoices):
    GOALS_MET = "goals_met", _("目标达成")
    CAN_COPE = "can_cope", _("服务对象能自行解决")
    CLIENT_ENDED = "client_ended", _("服务对象要求终止")
    REFERRED = "referred", _("转介")
    OTHER = "other", _("其他（迁居、去世、失联等）")


class Closing(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="closing", verbose_name=_("个案")
    )
    closed_on = models.DateField(_("结案日期"))
    reason = models.CharField(_("结案原因"), max_length=20, choices=ClosingReason)
    reason_other = models.CharField(_("其他原因说明"), max_length=200, blank=True)
    summary = models.TextField(_("服务总结"))
    follow_up_plan = models.TextField(_("跟进计划"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填写人"),
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("结案")
        verbose_name_plural = _("结案")

    def __str__(self):
        return f"{self.case} {_('结案')}"


class FollowUp(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("个案")
    )
    followed_on = models.DateField(_("回访日期"))
    form = models.CharField(_("回访形式"), max_length=20, choices=ContactForm)
    content = models.TextField(_("回访内容"))
    finding = models.TextField(_("回访结果"), blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("回访人"),
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("跟进回访")
        verbose_name_plural = _("跟进回访")
        ordering = ["case", "followed_on", "pk"]

    def __str__(self):
        return f"{self.case} {_('回访')} {self.followed_on}"


class SupervisionNote(models.Model):
    """督导记录 on a case, written by a supervisor."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="supervision_notes", verbose_name=_("个案")
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("督导")
    )
    noted_on = models.DateField(_("督导日期"))
    content = models.TextField(_("督导内容"))
    suggestions = models.TextField(_("督导建议"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["case", "noted_on", "pk"]

    def __str__(self):
        return f"{self.case} {_('督导')} {self.noted_on}"


class VisitIntervalQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import can_see_personal_data

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(station_id=user.station_id)


class VisitInterval(models.Model):
    """How often a resident of a key population should get a home visit (走访频次)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="visit_intervals", verbose_name=_("社工站")
    )
    category = models.CharField(_("重点人群类别"), max_length=40, choices=KeyPopulation)
    days = models.PositiveSmallIntegerField(_("走访间隔（天）"))

    objects = VisitIntervalQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访频次")
        verbose_name_plural = _("走访频次")
        ordering = ["station", "days", "category"]
        constraints = [
            models.UniqueConstraint(fields=["station", "category"], name="visit_interval_unique"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="visit_interval_positive"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}：{self.days} {_('天')}"


DEFAULT_VISIT_INTERVALS = {
    KeyPopulation.EXTREME_POVERTY: 30,
    KeyPopulation.ELDERLY_ALONE: 14,
    KeyPopulation.DISABLED_ELDERLY: 14,
    KeyPopulation.CHILD_IN_DIFFICULTY: 30,
    KeyPopulation.ORPHAN: 30,
    KeyPopulation.LEFT_BEHIND_CHILD: 30,
    KeyPopulation.DIBAO: 90,
    KeyPopulation.DISABLED: 60,
    KeyPopulation.FAMILY_PLANNING_SPECIAL: 60,
    KeyPopulation.COMMUNITY_CORRECTION: 30,
}
