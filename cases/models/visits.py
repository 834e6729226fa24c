"""Structured home visits and photos (issue 19): per key population a short checklist that the
station configures in the admin, the answers of each visit, the photos taken on a visit or
service record, and the risk flag a risk answer raises on the resident."""

import os

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import RiskLevel
from cases.models.records import ServiceRecord
from stations.models import KeyPopulation, Resident, Station, points_to
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked


class ChecklistTopic(models.TextChoices):
    SAFETY = "safety", _("安全")
    HEALTH = "health", _("健康")
    LIVING = "living", _("生活状况")
    NEEDS = "needs", _("需求")
    RISK = "risk", _("风险等级")


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("是/否")
    CHOICE = "choice", _("选择")
    TEXT = "text", _("文字")


YES, NO = "是", "否"  # stored answers of a yes/no question (shown translated)
YES_NO_LABELS = [(YES, _("是")), (NO, _("否"))]


class ChecklistQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_station

        return scope_to_station(self, user)


@tracked("VisitChecklistEvent")
class VisitChecklist(models.Model):
    """The checklist of a home visit to a resident of one key population (走访清单)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="visit_checklists", verbose_name=_("社工站")
    )
    category = models.CharField(_("重点人群类别"), max_length=40, choices=KeyPopulation)
    title = models.CharField(_("名称"), max_length=60)
    active = models.BooleanField(_("启用"), default=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访清单")
        verbose_name_plural = _("走访清单")
        ordering = ["station", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "category"],
                name="visit_checklist_unique",
                violation_error_message=_("该重点人群已有走访清单。"),
            ),
        ]

    def __str__(self):
        return self.title


class ChecklistItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_station

        return scope_to_station(self, user, "checklist__station")


@tracked("ChecklistItemEvent")
class ChecklistItem(models.Model):
    """One question of a checklist. `raises_risk_on`: answers (one a line) that flag the resident
    as at risk and shorten the visit interval to `risk_visit_days`."""

    checklist = models.ForeignKey(
        VisitChecklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("走访清单")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    topic = models.CharField(_("方面"), max_length=20, choices=ChecklistTopic)
    question = models.CharField(_("问题"), max_length=120)
    answer_type = models.CharField(_("回答方式"), max_length=10, choices=AnswerType)
    choices = models.TextField(
        _("选项"), blank=True, max_length=500, help_text=_("回答方式为“选择”时填写，每行一个。")
    )
    raises_risk_on = models.TextField(
        _("触发风险的回答"),
        blank=True,
        max_length=500,
        help_text=_("每行一个；走访中出现这些回答时，标记服务对象为风险并加密走访。"),
    )
    risk_level = models.CharField(
        _("标记的风险等级"), max_length=10, choices=RiskLevel, default=RiskLevel.HIGH
    )
    risk_visit_days = models.PositiveSmallIntegerField(
        _("风险时的走访间隔（天）"), null=True, blank=True
    )
    active = models.BooleanField(_("启用"), default=True)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访清单问题")
        verbose_name_plural = _("走访清单问题")
        ordering = ["checklist", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(answer_type="choice") | ~models.Q(choices=""),
                name="checklist_item_choices",
                violation_error_message=_("“选择”类问题须填写选项。"),
            ),
            models.CheckConstraint(
                condition=models.Q(risk_visit_days__isnull=True)
                | models.Q(risk_visit_days__gte=1, risk_visit_days__lte=365),
                name="checklist_item_risk_days",
                violation_error_message=_("风险时的走访间隔须在 1 到 365 天之间。"),
            ),
        ]

    def __str__(self):
        return self.question

    def choice_list(self) -> list[str]:
        if self.answer_type == AnswerType.YES_NO:
            return [YES, NO]
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def raises_risk(self, answer: str) -> bool:
        triggers = {line.strip() for line in self.raises_risk_on.splitlines() if line.strip()}
        return bool(answer) and answer.strip() in triggers


class RecordChildQuerySet(RoomScopedQuerySet):
    room_paths = ("record__room",)


@tracked("VisitAnswerEvent")
class VisitAnswer(models.Model):
    """The answer to one checklist question on one visit. The question is copied: the print of
    an old visit shows what was asked then, whatever the admin changed since."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="answers", verbose_name=_("走访记录")
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("问题"),
    )
    topic = models.CharField(_("方面"), max_length=20, choices=ChecklistTopic)
    question = models.CharField(_("问题"), max_length=120)
    answer = models.CharField(_("回答"), max_length=500)
    raised_risk = models.BooleanField(_("触发风险"), default=False)

    objects = RecordChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访清单回答")
        verbose_name_plural = _("走访清单回答")
        ordering = ["record", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "item"], name="visit_answer_unique"),
        ]

    def __str__(self):
        return f"{self.question}：{self.answer}"


def photo_path(instance, filename):
    # Under MEDIA_ROOT, which has no URL: photos are served only by cases:photo.
    extension = os.path.splitext(filename)[1].lower()
    return f"records/{instance.record_id}/{os.urandom(8).hex()}{extension}"


@tracked("RecordPhotoEvent")
class RecordPhoto(models.Model):
    """A photo taken on a home visit or service contact (resized on the phone before upload)."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="photos", verbose_name=_("服务记录")
    )
    file = models.ImageField(_("照片"), upload_to=photo_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    uploaded_by = points_to(settings.AUTH_USER_MODEL, _("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = RecordChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务记录照片")
        verbose_name_plural = _("服务记录照片")
        ordering = ["record", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class RiskFlagQuerySet(RoomScopedQuerySet):
    room_paths = ("resident__room",)


@tracked("ResidentRiskFlagEvent")
class ResidentRiskFlag(models.Model):
    """A resident flagged at risk by a visit's answer: the level and, when the question says so, a
    shorter visit interval than their key populations' (the overdue list uses the shorter)."""

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="risk_flag", verbose_name=_("服务对象")
    )
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel)
    visit_days = models.PositiveSmallIntegerField(_("走访间隔（天）"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=300)
    record = points_to(ServiceRecord, _("来自走访"), optional=True, on_delete=models.SET_NULL)
    raised_by = points_to(settings.AUTH_USER_MODEL, _("标记人"))
    raised_at = models.DateTimeField(_("标记时间"), auto_now=True)

    objects = RiskFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险标记")
        verbose_name_plural = _("风险标记")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_days__isnull=True)
                | models.Q(visit_days__gte=1, visit_days__lte=365),
                name="risk_flag_visit_days",
            ),
        ]

    def __str__(self):
        return f"{self.resident_id} {self.get_level_display()}"
