"""Stage documents of a case (MZ/T 094-2017): intake, assessment, plan with goals and tasks,
evaluation, referral, closing, follow-up and supervision notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case, CaseChildQuerySet, InterventionModel
from cases.models.records import ContactForm
from stations.models import PartnerUnit, RecordedBy, RecordMeta, Timestamped, Versioned, points_to
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked


class ConsentBy(models.TextChoices):
    SELF = "self", _("本人")
    GUARDIAN = "guardian", _("监护人")
    NONE = "none", _("未取得")


@tracked("IntakeEvent")
class Intake(Versioned, Timestamped):
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


@tracked("AssessmentEvent")
class Assessment(RecordMeta):
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


@tracked("ServicePlanEvent")
class ServicePlan(RecordMeta):
    """服务计划: revised plans get the next sequence number; goals and tasks belong to one plan."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="plans", verbose_name=_("个案")
    )
    sequence = models.PositiveSmallIntegerField(_("第几版"), default=1, editable=False)
    planned_on = models.DateField(_("制定日期"))
    intervention_model = models.CharField(_("介入模式"), max_length=30, choices=InterventionModel)
    resources = models.TextField(_("拟链接资源"), blank=True)
    evaluation_method = models.TextField(_("评估方法"), blank=True)
    approved_by = points_to(settings.AUTH_USER_MODEL, _("批准人"), optional=True)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

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


class GoalQuerySet(RoomScopedQuerySet):
    room_paths = ("plan__case__room",)


@tracked("ServiceGoalEvent")
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


class TaskQuerySet(RoomScopedQuerySet):
    room_paths = ("plan__case__room",)

    def overdue(self, today):
        return self.filter(done_on__isnull=True, due_date__lt=today)


@tracked("PlanTaskEvent")
class PlanTask(models.Model):
    plan = models.ForeignKey(
        ServicePlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("服务计划")
    )
    goal = points_to(
        ServiceGoal, _("对应目标"), related_name="tasks", optional=True, on_delete=models.SET_NULL
    )
    description = models.CharField(_("任务"), max_length=300)
    owner = points_to(settings.AUTH_USER_MODEL, _("负责人"))
    due_date = models.DateField(_("完成期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划任务")
        verbose_name_plural = _("计划任务")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description


@tracked("EvaluationEvent")
class Evaluation(Versioned, RecordedBy):
    """评估: how far the plan worked, before closing."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("个案")
    )
    evaluated_on = models.DateField(_("评估日期"))
    method = models.CharField(_("评估方法"), max_length=200, blank=True)
    findings = models.TextField(_("评估结果"))

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估")
        verbose_name_plural = _("评估")
        ordering = ["case", "evaluated_on", "pk"]

    def __str__(self):
        return f"{self.case} {_('评估')} {self.evaluated_on}"


@tracked("ReferralEvent")
class Referral(Versioned, RecordedBy):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("个案")
    )
    referred_on = models.DateField(_("转介日期"))
    receiving_agency = models.CharField(_("接收机构"), max_length=120)
    partner_unit = points_to(
        PartnerUnit,
        _("共建单位"),
        related_name="case_referrals",
        optional=True,
        on_delete=models.SET_NULL,
    )
    reason = models.TextField(_("转介原因"))
    consent = models.BooleanField(_("服务对象已同意转介"), default=False)
    feedback = models.TextField(_("接收方反馈"), blank=True)

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


@tracked("ClosingEvent")
class Closing(Versioned, RecordedBy):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="closing", verbose_name=_("个案")
    )
    closed_on = models.DateField(_("结案日期"))
    reason = models.CharField(_("结案原因"), max_length=20, choices=ClosingReason)
    reason_other = models.CharField(_("其他原因说明"), max_length=200, blank=True)
    summary = models.TextField(_("服务总结"))
    follow_up_plan = models.TextField(_("跟进计划"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("结案")
        verbose_name_plural = _("结案")

    def __str__(self):
        return f"{self.case} {_('结案')}"


@tracked("FollowUpEvent")
class FollowUp(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("个案")
    )
    followed_on = models.DateField(_("回访日期"))
    form = models.CharField(_("回访形式"), max_length=20, choices=ContactForm)
    content = models.TextField(_("回访内容"))
    finding = models.TextField(_("回访结果"), blank=True)
    worker = points_to(settings.AUTH_USER_MODEL, _("回访人"))

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("跟进回访")
        verbose_name_plural = _("跟进回访")
        ordering = ["case", "followed_on", "pk"]

    def __str__(self):
        return f"{self.case} {_('回访')} {self.followed_on}"


@tracked("SupervisionNoteEvent")
class SupervisionNote(models.Model):
    """督导记录 on a case, written by a supervisor."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="supervision_notes", verbose_name=_("个案")
    )
    supervisor = points_to(settings.AUTH_USER_MODEL, _("督导"))
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


class Addendum(Timestamped, RecordedBy):
    """补充说明: a correction of a closed case's file, kept beside the documents it corrects (which
    stay as they were signed), with its reason, author and time. Never edited."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="addenda", verbose_name=_("个案")
    )
    text = models.TextField(_("补充内容"))
    reason = models.TextField(_("补充原因"))

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("补充说明")
        verbose_name_plural = _("补充说明")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case} {_('补充说明')}"
