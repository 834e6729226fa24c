"""Bookkeeping of the site itself: one-time form tokens against double submission,
notifications, and the log of who opened which personal file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models.fields import points_to


class TokenStatus(models.TextChoices):
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")


class FormToken(models.Model):
    """A create form's one-time token (`stations.once`), claimed by a unique insert before the
    view runs. A repeated submission finds the row: it is answered with the first one's redirect
    (the record already made), or told to wait while the first is still running."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=TokenStatus, default=TokenStatus.RUNNING)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("表单提交记录")
        verbose_name_plural = _("表单提交记录")

    def __str__(self):
        return self.token


class Notification(models.Model):
    """A message to one user on their home page, e.g. a supervisor's decision on their request."""

    user = points_to(
        settings.AUTH_USER_MODEL,
        _("接收人"),
        related_name="notifications",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("内容"), max_length=300)
    comment = models.TextField(_("意见"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_by = points_to(
        settings.AUTH_USER_MODEL, _("发送人"), optional=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title


class ReadView(models.TextChoices):
    FILE = "file", _("查看档案")
    PRINT = "print", _("打印")


class ReadLog(models.Model):
    """Who opened which personal file, when (PIPL art. 51: access to sensitive personal
    information is recorded). One insert per opening; never shown to officials."""

    user = points_to(settings.AUTH_USER_MODEL, _("查看人"))
    record_type = models.CharField(max_length=100)
    record_id = models.PositiveBigIntegerField()
    view = models.CharField(_("方式"), max_length=10, choices=ReadView)
    detail = models.CharField(_("内容"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案查阅记录")
        verbose_name_plural = _("档案查阅记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record_type", "record_id", "at"], name="read_log_record")]

    def __str__(self):
        return f"{self.record_type}#{self.record_id}"


class TwoFactorEventKind(models.TextChoices):
    ENROL = "enrol", _("启用两步验证")
    VERIFIED = "verified", _("验证码通过")
    FAILURE = "failure", _("验证码错误")
    RECOVERY_USED = "recovery_used", _("使用恢复码")
    RECOVERY_REGENERATED = "recovery_regenerated", _("重新生成恢复码")
    RESET = "reset", _("重置两步验证")


class TwoFactorEvent(models.Model):
    """The audit of two-factor login (enrolment, reset, recovery codes used) and the count behind
    the code step's lockout: OTP_FAILURE_LIMIT failures since the last success within
    OTP_LOCKOUT_TIME lock it (stations.two_factor)."""

    user = points_to(
        settings.AUTH_USER_MODEL,
        _("工作人员"),
        related_name="two_factor_events",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("事件"), max_length=30, choices=TwoFactorEventKind)
    by = points_to(settings.AUTH_USER_MODEL, _("操作人"), optional=True, on_delete=models.SET_NULL)
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("两步验证记录")
        verbose_name_plural = _("两步验证记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="two_factor_event_user")]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}"
