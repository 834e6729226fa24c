"""Shared pieces of the charity models: money fields and choices."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}
CENT = Decimal("0.01")


class ImmutableLedgerError(Exception):
    """Raised when code tries to change or delete a ledger entry (append-only)."""


class ServiceArea(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", _("社会救助")
    CHILD_WELFARE = "child_welfare", _("儿童福利")
    ELDERLY_CARE = "elderly_care", _("养老服务")
    DISABILITY = "disability", _("残疾人服务")
    SOCIAL_AFFAIRS = "social_affairs", _("社会事务")
    COMMUNITY_GOVERNANCE = "community_governance", _("社区治理")
    ENVIRONMENT = "environment", _("环境治理")
    VOLUNTEERING = "volunteering", _("志愿服务")
    SAFETY = "safety", _("平安建设")
    EPIDEMIC = "epidemic", _("疫情防控")
    OTHER = "other", _("其他")


class Form(models.TextChoices):
    """Cash or goods: balances are kept apart for each."""

    CASH = "cash", _("资金")
    IN_KIND = "in_kind", _("物资")
