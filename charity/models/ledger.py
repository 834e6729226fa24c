"""The append-only fund ledger and the disclosure records."""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from charity.models.common import MONEY, Form, ImmutableLedgerError
from charity.models.funds import CharityProject, Fund
from charity.models.gifts import Disbursement, Donation
from stations.access import scope_to_station
from stations.models import RecordedBy, Timestamped, points_to


class EntrySource(models.TextChoices):
    DONATION = "donation", _("捐赠")
    DISBURSEMENT = "disbursement", _("支出")


class Direction(models.TextChoices):
    IN = "in", _("收入")
    OUT = "out", _("支出")


class LedgerEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Amounts and dates are figures, not personal data: the fund's station sees them."""
        return scope_to_station(self, user, "fund__station", aggregates=True)

    def signed(self):
        return self.annotate(signed_amount=signed_amount())


def signed_amount(prefix: str = ""):
    """+amount for income, -amount for spending; `prefix` like "entries__" from another model."""
    return models.Case(
        models.When(**{f"{prefix}direction": Direction.IN}, then=models.F(f"{prefix}amount")),
        default=-models.F(f"{prefix}amount"),
        output_field=models.DecimalField(**MONEY),
    )


class LedgerEntry(Timestamped, RecordedBy):
    """One movement of a fund's money or goods. Append-only: see the module docstring."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="entries", verbose_name=_("基金")
    )
    project = points_to(CharityProject, _("项目"), related_name="entries", optional=True)
    source = models.CharField(_("来源"), max_length=20, choices=EntrySource)
    form = models.CharField(_("形式"), max_length=10, choices=Form)
    direction = models.CharField(_("收支"), max_length=5, choices=Direction)
    amount = models.DecimalField(_("金额/估值（元）"), **MONEY)
    entry_date = models.DateField(_("记账日期"))
    donation = points_to(Donation, _("捐赠"), related_name="entries", optional=True)
    disbursement = points_to(Disbursement, _("支出"), related_name="entries", optional=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("冲正的原分录"),
    )
    reason = models.CharField(_("冲正原因"), max_length=200, blank=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("台账分录")
        verbose_name_plural = _("基金台账")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="entry_amount_positive"),
            models.CheckConstraint(
                condition=(Q(source="donation") & Q(donation__isnull=False))
                | (Q(source="disbursement") & Q(disbursement__isnull=False)),
                name="entry_points_at_its_source",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | ~Q(reason=""),
                name="reversal_has_reason",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="ledger_entry_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        sign = "+" if self.direction == Direction.IN else "-"
        return f"{self.entry_date} {self.get_source_display()} {sign}{self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableLedgerError("台账分录不可修改，请以冲正分录更正。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableLedgerError("台账分录不可删除，请以冲正分录更正。")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def signed(self) -> Decimal:
        return self.amount if self.direction == Direction.IN else -self.amount


class DisclosureKind(models.TextChoices):
    PERIODIC = "periodic", _("定期公示")
    FINAL = "final", _("结项公示")


class DisclosureQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_to_station(self, user, "project__fund__station", aggregates=True)


class Disclosure(Timestamped):
    """A publication of the project's disclosure on the notice board, with the totals shown."""

    project = points_to(CharityProject, _("慈善项目"), related_name="disclosures")
    kind = models.CharField(_("公示类型"), max_length=20, choices=DisclosureKind)
    published_on = models.DateField(_("公示日期"))
    place = models.CharField(_("公示地点"), max_length=100, default="社区公示栏")
    raised = models.DecimalField(_("公示时累计筹集（元）"), **MONEY)
    spent = models.DecimalField(_("公示时累计支出（元）"), **MONEY)
    published_by = points_to(settings.AUTH_USER_MODEL, _("公示人"))

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示记录")
        verbose_name_plural = _("公示记录")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"{self.project} {self.published_on}"
