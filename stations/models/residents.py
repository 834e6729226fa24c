"""Residents (服务对象): the people the station serves. Personal data: see stations.privacy."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models.base import Room
from stations.privacy import EncryptedTextField


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class KeyPopulation(models.TextChoices):
    DIBAO = "dibao", _("低保对象")
    NEAR_DIBAO = "near_dibao", _("低保边缘")
    EXTREME_POVERTY = "extreme_poverty", _("特困人员")
    ORPHAN = "orphan", _("孤儿/事实无人抚养儿童")
    CHILD_IN_DIFFICULTY = "child_in_difficulty", _("困境儿童")
    LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
    ELDERLY_ALONE = "elderly_alone", _("空巢/独居老人")
    DISABLED_ELDERLY = "disabled_elderly", _("失能/半失能老人")
    DISABLED = "disabled", _("残疾人")
    FAMILY_PLANNING_SPECIAL = "family_planning_special", _("计生特殊家庭")
    LEFT_BEHIND_ADULT = "left_behind_adult", _("留守老人/妇女")
    ENTITLED_GROUP = "entitled_group", _("优抚对象")
    COMMUNITY_CORRECTION = "community_correction", _("社区矫正对象")


class ResidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Residents of the rooms `user` may see; none for officials or users without rooms."""
        from stations.access import scope_to_rooms

        return scope_to_rooms(self, user, "room")

    def active(self):
        return self.filter(archived_at__isnull=True)


class Household(models.Model):
    """一户一档: a household file. Members point at it with their relation to the head."""

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="households", verbose_name=_("社工室")
    )
    name = models.CharField(_("户名"), max_length=100, help_text=_("通常为户主姓名＋户"))
    address = models.CharField(_("住址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭户")
        verbose_name_plural = _("家庭户")
        ordering = ["room", "name"]

    def __str__(self):
        return self.name


class Resident(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="residents", verbose_name=_("社工室")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("家庭户"),
    )
    relation_to_head = models.CharField(_("与户主关系"), max_length=20, blank=True)
    real_name = models.CharField(_("姓名"), max_length=50)
    pseudonym = models.CharField(_("化名"), max_length=50, help_text=_("打印和导出材料中显示化名"))
    sex = models.CharField(_("性别"), max_length=10, choices=Sex)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族", blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, blank=True)
    id_number = EncryptedTextField(_("证件号码"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField(_("电话"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        ordering = ["room", "real_name", "pk"]

    def __str__(self):
        return self.real_name

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def age(self) -> int:
        return self.age_on(datetime.date.today())

    @property
    def is_child(self) -> bool:
        """Under 14: everything about them is sensitive personal information (PIPL art. 28)."""
        return self.age < 14


class KeyPopulationTag(models.Model):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="tags", verbose_name=_("服务对象")
    )
    category = models.CharField(_("重点人群类别"), max_length=40, choices=KeyPopulation)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    source = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("如 民政认定、入户排查")
    )

    class Meta:
        verbose_name = _("重点人群标签")
        verbose_name_plural = _("重点人群标签")
        ordering = ["category", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="tag_end_after_start",
            )
        ]

    def __str__(self):
        return self.get_category_display()
