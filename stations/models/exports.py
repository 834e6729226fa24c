from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models.fields import points_to


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    CSV = "csv", "CSV"
    PRINT = "print", _("A4 打印")
    DOCX = "docx", "Word (.docx)"

    @classmethod
    def files(cls):
        return [(cls.XLSX.value, cls.XLSX.label), (cls.CSV.value, cls.CSV.label)]


class ExportLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Station staff and supervisors read their station's export log; others their own rows."""
        from stations.access import is_station_staff, is_supervisor

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        if is_station_staff(user) or is_supervisor(user):
            return self.filter(station_id=user.station_id)
        return self.filter(exported_by=user)


class ExportLog(models.Model):
    """One row per download of records: who, what, with which filters, how many rows.

    A full (unmasked) export carries its reason: it is audited like a reveal of each ID number in it.
    """

    exported_by = points_to(settings.AUTH_USER_MODEL, _("导出人"))
    station = points_to("stations.Station", _("社工站"), optional=True)
    kind = models.CharField(_("导出内容"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    format = models.CharField(_("格式"), max_length=10, choices=ExportFormat)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    unmasked = models.BooleanField(_("完整信息（未脱敏）"), default=False)
    reason = models.CharField(_("导出原因"), max_length=200, blank=True)
    exported_at = models.DateTimeField(_("导出时间"), auto_now_add=True)

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("导出记录")
        verbose_name_plural = _("导出记录")
        ordering = ["-exported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unmasked=False) | ~Q(reason=""), name="export_unmasked_reason_required"
            )
        ]

    def __str__(self):
        return f"{self.exported_by} · {self.title} · {self.exported_at:%Y-%m-%d %H:%M}"
