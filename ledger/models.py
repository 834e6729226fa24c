"""Import batches: one uploaded ledger file, its check report, and the rows it wrote.

Every row an import creates or updates is linked to its batch by `ImportedRow` (a generic link:
the imported models stay as they are). A batch is undone by deleting the rows it created, and only
while nothing else points at them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Room, Station, points_to


class BatchStatus(models.TextChoices):
    CHECKING = "checking", _("检查中")
    INVALID = "invalid", _("有错误")
    CHECKED = "checked", _("待确认")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败")
    UNDONE = "undone", _("已撤销")


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own batches; station staff see every batch of their station."""
        from stations.access import is_station_staff, scope_to_station

        batches = scope_to_station(self, user)
        return batches if is_station_staff(user) else batches.filter(created_by=user)


class ImportBatch(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="+", verbose_name=_("社工站")
    )
    room = points_to(
        Room, _("默认社工室"), optional=True, help_text=_("文件中未填写社工室的行导入到这里")
    )
    kind = models.CharField(_("台账类型"), max_length=30)
    file_name = models.CharField(_("文件名"), max_length=200)
    stored_file = models.CharField(max_length=300, editable=False)
    file_sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=BatchStatus, default=BatchStatus.CHECKING
    )
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    error_count = models.PositiveIntegerField(_("问题数"), default=0)
    # The first problems found (row, column, value, message); the full list is the Excel report.
    problems = models.JSONField(default=list, blank=True, editable=False)
    message = models.TextField(_("说明"), blank=True)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    created_by = points_to(settings.AUTH_USER_MODEL, _("导入人"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (BatchStatus.CHECKING, BatchStatus.IMPORTING)


class RowAction(models.TextChoices):
    CREATED = "created", _("新增")
    UPDATED = "updated", _("更新")


class ImportedRow(models.Model):
    """One record written by a batch (created, or updated by it)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=10, choices=RowAction)
    # An updated row: its fields as they were before the batch ({attname: value as stored, text},
    # an encrypted column as its token, "version": the version it had), for the undo.
    previous = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_row_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "content_type", "object_id"], name="imported_row_once_per_batch"
            ),
            models.CheckConstraint(
                condition=Q(action__in=["created", "updated"]), name="imported_row_action"
            ),
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.content_type_id}:{self.object_id}"
