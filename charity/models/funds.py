"""Funds (社区基金) and charity projects (慈善项目): figures, not personal data."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from charity.models.common import CENT, MONEY
from stations.access import scope_to_station
from stations.models import (
    PartnerKind,
    PartnerUnit,
    Room,
    Station,
    Timestamped,
    points_to,
)
from stations.tracking import tracked
from stations.vocabulary import TermCodesValidator, term_labels


class FundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Funds of the user's station: figures, not personal data (officials see them too)."""
        return scope_to_station(self, user, "station", aggregates=True)

    def for_list(self):
        return self.select_related("station", "host_partner", "supervisor").prefetch_related(
            "rooms"
        )


@tracked("FundEvent")
class Fund(Timestamped):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="charity_funds", verbose_name=_("社工站")
    )
    name = models.CharField(_("基金名称"), max_length=120)
    host_partner = points_to(
        PartnerUnit,
        _("托管慈善组织（共建单位）"),
        related_name="hosted_funds",
        optional=True,
        limit_choices_to={"kind": PartnerKind.SOCIAL_ORGANIZATION},
        help_text=_("社区基金没有独立账户，由慈善组织托管；已登记为共建单位的在此选择"),
    )
    host_name = models.CharField(
        _("托管慈善组织（名称）"),
        max_length=120,
        blank=True,
        help_text=_("未登记为共建单位时填写名称"),
    )
    committee_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="charity_committees",
        verbose_name=_("管委会成员（系统用户）"),
        help_text=_("只有管委会成员可以审批支出"),
    )
    committee_other_members = models.CharField(
        _("管委会其他成员"),
        max_length=300,
        blank=True,
        help_text=_("无系统账号的成员，如居民代表、企业代表，用顿号分隔"),
    )
    supervisor = points_to(
        settings.AUTH_USER_MODEL,
        _("监督人"),
        related_name="supervised_charity_funds",
        optional=True,
    )
    rooms = models.ManyToManyField(
        Room, blank=True, related_name="charity_funds", verbose_name=_("服务社工室")
    )
    description = models.TextField(_("基金说明"), blank=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区基金")
        verbose_name_plural = _("社区基金")
        ordering = ["station", "name"]
        constraints = [
            models.UniqueConstraint(fields=["station", "name"], name="fund_name_unique"),
            models.CheckConstraint(
                condition=Q(host_partner__isnull=False) | ~Q(host_name=""),
                name="fund_has_host",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def host_display(self) -> str:
        """Needs host_partner preloaded (for_list does it)."""
        return self.host_partner.name if self.host_partner_id else self.host_name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    ACTIVE = "active", _("实施中")
    COMPLETED = "completed", _("已结项")
    SUSPENDED = "suspended", _("已中止")


class CharityProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_to_station(self, user, "fund__station", aggregates=True)

    def for_list(self):
        return self.select_related("fund", "responsible").prefetch_related("rooms")


@tracked("CharityProjectEvent")
class CharityProject(Timestamped):
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="projects", verbose_name=_("所属基金")
    )
    title = models.CharField(_("项目名称"), max_length=150)
    rooms = models.ManyToManyField(
        Room, blank=True, related_name="charity_projects", verbose_name=_("实施社工室")
    )
    purpose = models.TextField(_("项目目的"))
    # The community activities the project resourced: the charity force of those activities
    # comes from this link (issue 16), as it does from a partner unit.
    activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="charity_projects",
        verbose_name=_("资助的社区活动"),
        help_text=_("项目出资或提供物资的社区活动：这些活动的“慈善资源”一项据此计入。"),
    )
    # Lists of codes of the shared tables (stations.models.Term); JSON arrays, not ArrayFields,
    # since they were written so before issue 16 and the history triggers copy them as they are.
    service_areas = models.JSONField(
        _("服务领域"), default=list, blank=True, validators=[TermCodesValidator("service_area")]
    )
    target_populations = models.JSONField(
        _("服务人群"),
        default=list,
        blank=True,
        validators=[TermCodesValidator("target_population")],
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    target_amount = models.DecimalField(
        _("筹款目标（元）"), **MONEY, validators=[MinValueValidator(CENT)]
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ProjectStatus, default=ProjectStatus.PLANNED
    )
    progress = models.TextField(_("项目进展"), blank=True, help_text=_("公示时展示"))
    responsible = points_to(
        settings.AUTH_USER_MODEL,
        _("负责人"),
        related_name="charity_projects",
        optional=True,
        help_text=_("到期公示提醒发给负责人"),
    )

    objects = CharityProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("慈善项目")
        verbose_name_plural = _("慈善项目")
        ordering = ["-start_date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "title"], name="project_title_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="project_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(target_amount__gt=0), name="project_target_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def service_area_labels(self) -> list[str]:
        return term_labels("service_area", self.service_areas)

    def target_population_labels(self) -> list[str]:
        return term_labels("target_population", self.target_populations)
