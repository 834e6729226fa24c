"""Group work (小组工作): groups, their members and sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models import Room, Station


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Groups of the user's rooms, and station-level groups (no room) of their station."""
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "room", station_field="station")


class GroupType(models.TextChoices):
    EDUCATION = "education", _("教育小组")
    GROWTH = "growth", _("成长小组")
    SUPPORT = "support", _("支持小组")
    THERAPY = "therapy", _("治疗小组")
    INTEREST = "interest", _("兴趣小组")
    TASK = "task", _("任务/自助小组")


class Group(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="work_groups", verbose_name=_("社工站")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_groups",
        verbose_name=_("社工室"),
        help_text=_("不选则为站级小组"),
    )
    name = models.CharField(_("小组名称"), max_length=120)
    group_type = models.CharField(_("小组类型"), max_length=20, choices=GroupType)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("小组")
        verbose_name_plural = _("小组")
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name


class GroupSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(group__in=Group.objects.visible_to(user))


class GroupSession(models.Model):
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("小组")
    )
    number = models.PositiveSmallIntegerField(_("节次"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    theme = models.CharField(_("主题"), max_length=200, blank=True)

    objects = GroupSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("小组活动节次")
        verbose_name_plural = _("小组活动节次")
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.group} 第{self.number}节"
