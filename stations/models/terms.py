"""The shared code lists as rows (issue 16): service areas, target populations, the five social
forces and identity document types. Records store the stable code; the list of codes lives here so
that the admin can add a local entry (a 服务领域 of the township's own) without a code change.

The built-in entries are the TextChoices of `stations.vocabulary`, seeded by a data migration; their
label is translated from the code's own TextChoices, so a built-in entry's label and code are not
edited here. A local entry is shown with the label typed in the admin.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TermKind(models.TextChoices):
    SERVICE_AREA = "service_area", _("服务领域")
    TARGET_POPULATION = "target_population", _("服务人群")
    SOCIAL_FORCE = "social_force", _("五社力量")
    ID_TYPE = "id_type", _("证件类型")


# The lists the admin may add to. The five forces are five by definition, and each identity
# document type drives a check of its number (stations.identity): both stay built-in only.
LOCAL_KINDS = (TermKind.SERVICE_AREA, TermKind.TARGET_POPULATION)


class TermQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A code list holds no personal data: everyone signed in may read it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self

    def active(self):
        return self.filter(active=True)


class Term(models.Model):
    kind = models.CharField(_("类别"), max_length=30, choices=TermKind)
    code = models.CharField(
        _("代码"),
        max_length=30,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*$", _("代码只能使用小写字母、数字和下划线，并以字母开头。")
            )
        ],
        help_text=_("保存在记录中的代码，创建后不可修改"),
    )
    label = models.CharField(_("名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不再出现在选项中"))
    built_in = models.BooleanField(_("内置"), default=False, editable=False)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("分类代码")
        verbose_name_plural = _("分类代码")
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="term_code_unique"),
            models.CheckConstraint(
                condition=models.Q(built_in=True) | models.Q(kind__in=LOCAL_KINDS),
                name="term_local_kinds",
                violation_error_message=_("五社力量和证件类型只能使用内置代码。"),
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[a-z][a-z0-9_]*$"),
                name="term_code_format",
                violation_error_message=_("代码只能使用小写字母、数字和下划线，并以字母开头。"),
            ),
        ]

    def __str__(self):
        return _("%(kind)s：%(label)s") % {
            "kind": self.get_kind_display(),
            "label": self.display_label,
        }

    @property
    def display_label(self) -> str:
        from stations.vocabulary import term_label

        return term_label(self.kind, self.code, self.label)
