"""The shared vocabulary of the station's work: the service areas, target populations and the
five social forces (五社联动) that activities, groups and the report all speak of, and the abstract
model that tags a record with them. It lives in the base app so that every app can use one list
without importing another domain app."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceArea(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")
    CHILD_WELFARE = "child_welfare", _("儿童福利")
    ELDERLY_CARE = "elderly_care", _("养老服务")
    SOCIAL_AFFAIRS = "social_affairs", _("社会事务")
    COMMUNITY_GOVERNANCE = "community_governance", _("社区治理")
    SAFETY = "safety", _("平安建设")
    EPIDEMIC_PREVENTION = "epidemic_prevention", _("疫情防控")
    DISABILITY = "disability", _("残疾人服务")
    MENTAL_HEALTH = "mental_health", _("精神卫生")
    MEDIATION = "mediation", _("纠纷调解")
    PUBLIC_WELFARE = "public_welfare", _("公益服务")


class TargetPopulation(models.TextChoices):
    CHILDREN = "children", _("儿童")
    YOUTH = "youth", _("青少年")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    HARDSHIP = "hardship", _("困难群众")
    WOMEN = "women", _("妇女")
    FAMILIES = "families", _("家庭")
    VOLUNTEERS = "volunteers", _("志愿者")
    RESIDENTS = "residents", _("社区居民")


class ServedTags(models.Model):
    """The service areas and target populations a record is tagged with: activities and groups
    carry the same two lists, so that their lists filter, and figures cut, them alike."""

    service_areas = ArrayField(
        models.CharField(max_length=30, choices=ServiceArea),
        verbose_name=_("服务领域"),
        default=list,
        blank=True,
    )
    target_populations = ArrayField(
        models.CharField(max_length=30, choices=TargetPopulation),
        verbose_name=_("服务人群"),
        default=list,
        blank=True,
    )

    class Meta:
        abstract = True

    def get_service_areas_display(self):
        return [ServiceArea(value).label for value in self.service_areas if value in ServiceArea]

    def get_target_populations_display(self):
        return [
            TargetPopulation(value).label
            for value in self.target_populations
            if value in TargetPopulation
        ]


class SocialForce(models.TextChoices):
    """五社联动: the five social forces."""

    COMMUNITY = "community", _("社区")
    SOCIAL_WORKERS = "social_workers", _("社工")
    SOCIAL_ORGANIZATIONS = "social_organizations", _("社会组织")
    VOLUNTEERS = "volunteers", _("志愿者")
    CHARITY = "charity", _("慈善资源")
