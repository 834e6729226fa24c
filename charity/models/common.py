"""Shared pieces of the charity models: money fields and choices."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}
CENT = Decimal("0.01")


class ImmutableLedgerError(Exception):
    """Raised when code tries to change or delete a ledger entry (append-only)."""


class Form(models.TextChoices):
    """Cash or goods: balances are kept apart for each."""

    CASH = "cash", _("资金")
    IN_KIND = "in_kind", _("物资")
