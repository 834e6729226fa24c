"""A large .xlsx export built by a background job: the file waits for its requester only, and
is deleted when it expires (`settings.EXPORT_FILE_HOURS`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import points_to


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job's file holds the rows its requester may see: nobody else reaches it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now()).exclude(
            status=ExportJobStatus.EXPIRED
        )


class ExportJob(models.Model):
    requested_by = points_to(settings.AUTH_USER_MODEL, _("申请人"))
    station = points_to("stations.Station", _("社工站"), optional=True)
    key = models.CharField(_("名单"), max_length=60)
    parent_pk = models.PositiveBigIntegerField(_("所属记录"), null=True, blank=True)
    query = models.JSONField(_("筛选条件"), default=dict, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    unmasked = models.BooleanField(_("完整信息（未脱敏）"), default=False)
    reason = models.CharField(_("导出原因"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ExportJobStatus, default=ExportJobStatus.QUEUED
    )
    expected_rows = models.PositiveIntegerField(_("预计行数"), default=0)
    row_count = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"))

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台导出")
        verbose_name_plural = _("后台导出")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unmasked=False) | ~models.Q(reason=""),
                name="export_job_unmasked_reason_required",
            )
        ]

    def __str__(self):
        return self.title
