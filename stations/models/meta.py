"""Record metadata, declared once: the edit version, when a row was recorded and last changed,
and who recorded it. Record models inherit the pieces they carry instead of declaring them again.

- `Versioned`: `version`, the counter the edit-conflict check compares (stations.concurrency).
- `Timestamped`: `created_at` (set once) and `updated_at` (set on every save).
- `RecordedBy`: `created_by`, the one name for who recorded the row (a staff user; empty for
  rows that came from before the system or from a demo without a user).
- `RecordMeta`: all of them, for an editable document.

History (stations.tracking) leaves `version` and `updated_at` out of the event tables, and the
edit-conflict notice (`changed_fields`) does not list them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True


class Timestamped(models.Model):
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class RecordedBy(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        abstract = True


class RecordMeta(Versioned, Timestamped, RecordedBy):
    class Meta:
        abstract = True
