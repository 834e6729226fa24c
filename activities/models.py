"""Community social work (社区工作): activities, series, needs assessments, outreach."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models import PartnerUnit, Resident, Room, Station


class ActivityType(models.TextChoices):
    PUBLICITY = "publicity", _("宣传")
    EDUCATION = "education", _("教育")
    CULTURE_SPORTS = "culture_sports", _("文体")
    FESTIVAL = "festival", _("节庆")
    FREE_CLINIC = "free_clinic", _("义诊")
    VISITING = "visiting", _("探访")
    CONSULTATION = "consultation", _("议事协商")
    VOLUNTEERING = "volunteering", _("志愿服务")
    CONVENIENCE = "convenience", _("便民服务")
    OTHER = "other", _("其他")


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Activities of the user's rooms, and station-wide ones (no room) of their station."""
        from stations.access import can_see_personal_data, visible_rooms

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        rooms = visible_rooms(user).values("pk")
        return self.filter(
            models.Q(rooms__in=rooms) | models.Q(rooms__isnull=True, station_id=user.station_id)
        ).distinct()


class ActivitySeries(models.Model):
    """A series or project of activities, e.g. the summer camp 夏日梦想."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="activity_series", verbose_name=_("社工站")
    )
    name = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("简介"), blank=True)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("活动系列/项目")
        verbose_name_plural = _("活动系列/项目")
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name


class Activity(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="activities", verbose_name=_("社工站")
    )
    rooms = models.ManyToManyField(
        Room,
        blank=True,
        related_name="activities",
        verbose_name=_("社工室"),
        help_text=_("不选则为全站活动"),
    )
    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("所属系列/项目"),
    )
    title = models.CharField(_("活动名称"), max_length=200)
    activity_type = models.CharField(_("活动类型"), max_length=30, choices=ActivityType)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    partner_units = models.ManyToManyField(
        PartnerUnit, blank=True, related_name="activities", verbose_name=_("合作单位")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_activities",
        verbose_name=_("组织者"),
    )
    direct_participant_count = models.PositiveIntegerField(
        _("直接参与人数（人头数）"), default=0, help_text=_("未逐一签到的参与者人数")
    )
    indirect_beneficiaries = models.PositiveIntegerField(_("间接受益人数"), default=0)
    participants = models.ManyToManyField(
        Resident, blank=True, related_name="activities", verbose_name=_("签到的服务对象")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区活动")
        verbose_name_plural = _("社区活动")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title
