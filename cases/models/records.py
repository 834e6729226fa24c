"""Service records (one per contact, home visits included) and the visit cadence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from stations.bounds import date_bounds, within_a_day
from stations.models import (
    KeyPopulation,
    Resident,
    Room,
    Station,
    Timestamped,
    Versioned,
    points_to,
)
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked


class ContactForm(models.TextChoices):
    INTERVIEW = "interview", _("面谈")
    HOME_VISIT = "home_visit", _("入户")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络")
    ACCOMPANIMENT = "accompaniment", _("陪同")


class ServiceRecordQuerySet(RoomScopedQuerySet):
    room_paths = ("room",)

    def home_visits(self):
        return self.filter(form=ContactForm.HOME_VISIT)

    def for_list(self):
        return self.select_related("resident", "worker", "case")


@tracked("ServiceRecordEvent")
class ServiceRecord(Versioned, Timestamped):
    """One contact with a resident (服务记录). A home visit without a case has `case` empty."""

    case = points_to(
        Case, _("个案"), related_name="records", optional=True, on_delete=models.CASCADE
    )
    resident = points_to(Resident, _("服务对象"), related_name="service_records")
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("社工室")
    )
    worker = points_to(settings.AUTH_USER_MODEL, _("服务社工"), related_name="service_records")
    form = models.CharField(_("服务形式"), max_length=20, choices=ContactForm)
    start_at = models.DateTimeField(_("开始时间"))
    end_at = models.DateTimeField(_("结束时间"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), editable=False)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    content = models.TextField(_("服务内容"))
    techniques = models.CharField(_("运用的技巧"), max_length=200, blank=True)
    response = models.TextField(_("服务对象反应"), blank=True)
    next_steps = models.TextField(_("下一步计划"), blank=True)
    resources_linked = models.CharField(_("链接的资源"), max_length=200, blank=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-start_at", "-pk"]
        # (room, start): a room's records of a period (report figures, per-room tables).
        indexes = [
            models.Index(fields=["resident", "form", "start_at"]),
            models.Index(fields=["room", "start_at"], name="servicerecord_room_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_at__gt=models.F("start_at")),
                name="record_ends_after_start",
            ),
            models.CheckConstraint(
                condition=date_bounds("start_at", "end_at", datetime_fields=True)
                & within_a_day("start_at", "end_at"),
                name="record_times_plausible",
                violation_error_message=_("一次服务记录须在 24 小时之内，日期须在合理范围内。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} {self.start_at:%Y-%m-%d}"


class VisitIntervalQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import scope_to_station

        return scope_to_station(self, user)


class VisitInterval(models.Model):
    """How often a resident of a key population should get a home visit (走访频次)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="visit_intervals", verbose_name=_("社工站")
    )
    category = models.CharField(_("重点人群类别"), max_length=40, choices=KeyPopulation)
    days = models.PositiveSmallIntegerField(_("走访间隔（天）"))

    objects = VisitIntervalQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访频次")
        verbose_name_plural = _("走访频次")
        ordering = ["station", "days", "category"]
        constraints = [
            models.UniqueConstraint(fields=["station", "category"], name="visit_interval_unique"),
            models.CheckConstraint(
                condition=models.Q(days__gte=1),
                name="visit_interval_positive",
                violation_error_message=_("走访间隔至少为1天。"),
            ),
        ]

    def __str__(self):
        return _("%(category)s：每 %(days)s 天") % {
            "category": self.get_category_display(),
            "days": self.days,
        }


DEFAULT_VISIT_INTERVALS = {
    KeyPopulation.EXTREME_POVERTY: 30,
    KeyPopulation.ELDERLY_ALONE: 14,
    KeyPopulation.DISABLED_ELDERLY: 14,
    KeyPopulation.CHILD_IN_DIFFICULTY: 30,
    KeyPopulation.ORPHAN: 30,
    KeyPopulation.LEFT_BEHIND_CHILD: 30,
    KeyPopulation.DIBAO: 90,
    KeyPopulation.DISABLED: 60,
    KeyPopulation.FAMILY_PLANNING_SPECIAL: 60,
    KeyPopulation.COMMUNITY_CORRECTION: 30,
}
