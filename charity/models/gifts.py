"""Donations received and disbursements paid out, down to each beneficiary's receipt."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from charity.models.common import MONEY, Form
from charity.models.funds import CharityProject, Fund
from stations.access import scope_to_station
from stations.models import Household, PartnerUnit, RecordedBy, Resident, Timestamped, points_to
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked


class DonorType(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    PARTNER = "partner", _("单位（共建单位）")


class DonationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Donor names are personal data: station users with personal-data roles only."""
        return scope_to_station(self, user, "fund__station")


@tracked("DonationEvent")
class Donation(Timestamped, RecordedBy):
    """A gift received. Its money lives in the ledger entry created with it."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="donations", verbose_name=_("基金")
    )
    project = points_to(
        CharityProject,
        _("定向项目"),
        related_name="donations",
        optional=True,
        help_text=_("不选表示非定向捐赠，由基金统筹使用"),
    )
    form = models.CharField(_("捐赠形式"), max_length=10, choices=Form, default=Form.CASH)
    amount = models.DecimalField(
        _("金额/估值（元）"),
        **MONEY,
        help_text=_("现金捐赠填金额；物资捐赠填折合人民币估值"),
    )
    items = models.CharField(_("物资名称"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=10, blank=True)
    donor_type = models.CharField(_("捐赠方类型"), max_length=20, choices=DonorType)
    donor_partner = points_to(
        PartnerUnit, _("捐赠单位"), related_name="charity_donations", optional=True
    )
    donor_name = models.CharField(
        _("捐赠人姓名"), max_length=100, blank=True, help_text=_("仅供内部记录，不对外公开")
    )
    name_consent = models.BooleanField(
        _("同意公开署名"), default=False, help_text=_("未勾选时公示为“爱心人士/爱心企业”")
    )
    receipt_number = models.CharField(_("捐赠票据号"), max_length=50, blank=True)
    donated_on = models.DateField(_("捐赠日期"))
    notes = models.TextField(_("备注"), blank=True)

    objects = DonationQuerySet.as_manager()

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-donated_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.CheckConstraint(
                condition=Q(form="cash") | ~Q(items=""), name="in_kind_donation_names_items"
            ),
            models.CheckConstraint(
                condition=(Q(donor_type="partner") & Q(donor_partner__isnull=False))
                | (Q(donor_type="individual") & Q(donor_partner__isnull=True)),
                name="donation_donor_matches_type",
            ),
            models.UniqueConstraint(
                fields=["fund", "receipt_number"],
                condition=~Q(receipt_number=""),
                name="donation_receipt_unique",
            ),
        ]
        # Its amount lives in the ledger: what was given, by whom, to what, cannot change.
        triggers = [
            pgtrigger.Protect(
                name="donation_gift_fixed",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(
                    "fund", "project", "form", "amount", "donor_type", "donor_partner", "donated_on"
                ),
            ),
            pgtrigger.Protect(name="donation_not_deleted", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.donated_on} {self.public_donor_name} {self.amount}"

    @property
    def public_donor_name(self) -> str:
        """What the notice board shows. Needs donor_partner preloaded."""
        if self.donor_type == DonorType.PARTNER:
            return self.donor_partner.name if self.name_consent else str(_("爱心企业"))
        return self.donor_name if (self.name_consent and self.donor_name) else str(_("爱心人士"))

    @property
    def internal_donor_name(self) -> str:
        if self.donor_type == DonorType.PARTNER:
            return self.donor_partner.name
        return self.donor_name or str(_("匿名"))


class DisbursementStatus(models.TextChoices):
    DRAFT = "draft", _("待审批")
    APPROVED = "approved", _("已审批，待发放")
    APPLIED = "applied", _("已发放")


class DisbursementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_to_station(self, user, "fund__station")

    def for_list(self):
        return self.select_related("fund", "project", "approved_by", "created_by")


@pghistory.track(
    exclude=["updated_at"],
    model_name="DisbursementEvent",
    meta={"verbose_name": _("支出变更记录"), "verbose_name_plural": _("支出变更记录")},
)
class Disbursement(Timestamped, RecordedBy):
    """Money or goods from a fund to a project, and onwards to beneficiaries.

    draft → approved (a committee member of the fund, not the person who drafted it) → applied
    (the ledger entry is written). Only an applied disbursement moves money.
    """

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("基金")
    )
    project = points_to(CharityProject, _("慈善项目"), related_name="disbursements")
    number = models.CharField(_("支出编号"), max_length=30)
    form = models.CharField(_("支出形式"), max_length=10, choices=Form, default=Form.CASH)
    amount = models.DecimalField(_("金额/估值（元）"), **MONEY)
    items = models.CharField(_("物资名称"), max_length=200, blank=True)
    purpose = models.CharField(_("用途"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=DisbursementStatus, default=DisbursementStatus.DRAFT
    )
    approved_by = points_to(settings.AUTH_USER_MODEL, _("审批人"), optional=True)
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approval_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    applied_by = points_to(settings.AUTH_USER_MODEL, _("发放确认人"), optional=True)
    applied_on = models.DateField(_("发放日期"), null=True, blank=True)

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("支出")
        verbose_name_plural = _("支出")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.UniqueConstraint(fields=["fund", "number"], name="disbursement_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(approved_by__isnull=False) & Q(approved_at__isnull=False)),
                name="disbursement_approved_before_effect",
            ),
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(applied_on__isnull=False),
                name="disbursement_applied_has_date",
            ),
        ]
        # Once approved, what was approved cannot change, nor go back; a payout is never deleted.
        triggers = [
            pgtrigger.Protect(
                name="disbursement_fixed_once_approved",
                operation=pgtrigger.Update,
                condition=~pgtrigger.Q(old__status="draft")
                & (
                    pgtrigger.Q(old__amount__df=pgtrigger.F("new__amount"))
                    | pgtrigger.Q(old__fund_id__df=pgtrigger.F("new__fund_id"))
                    | pgtrigger.Q(old__project_id__df=pgtrigger.F("new__project_id"))
                    | pgtrigger.Q(old__form__df=pgtrigger.F("new__form"))
                    | pgtrigger.Q(new__status="draft")
                    | (pgtrigger.Q(old__status="applied") & ~pgtrigger.Q(new__status="applied"))
                ),
            ),
            pgtrigger.Protect(
                name="disbursement_kept_once_approved",
                operation=pgtrigger.Delete,
                condition=~pgtrigger.Q(old__status="draft"),
            ),
        ]

    def __str__(self):
        return self.number


class BeneficiaryQuerySet(RoomScopedQuerySet):
    """Lines whose resident or household is in a room the user may see."""

    room_paths = ("resident__room", "household__room")


@pghistory.track(
    model_name="BeneficiaryEvent",
    meta={"verbose_name": _("受助对象变更记录"), "verbose_name_plural": _("受助对象变更记录")},
)
class Beneficiary(models.Model):
    """One resident or household reached by a disbursement, with their signed receipt."""

    disbursement = models.ForeignKey(
        Disbursement, on_delete=models.CASCADE, related_name="beneficiaries", verbose_name=_("支出")
    )
    resident = points_to(Resident, _("受助居民"), related_name="charity_receipts", optional=True)
    household = points_to(Household, _("受助家庭"), related_name="charity_receipts", optional=True)
    amount = models.DecimalField(_("金额/估值（元）"), **MONEY)
    items = models.CharField(_("发放物资"), max_length=200, blank=True)
    received_on = models.DateField(_("签收日期"), null=True, blank=True)
    signed_by = models.CharField(
        _("签收人"), max_length=50, blank=True, help_text=_("本人或代领人姓名")
    )
    receipt_method = models.CharField(
        _("签收方式"),
        max_length=20,
        blank=True,
        choices=[
            ("signature", _("本人签字")),
            ("fingerprint", _("按手印")),
            ("proxy", _("代领人签字")),
        ],
    )
    receipt_recorded_by = points_to(settings.AUTH_USER_MODEL, _("签收登记人"), optional=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("受助对象")
        verbose_name_plural = _("受助对象")
        ordering = ["disbursement", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=True) ^ Q(household__isnull=True),
                name="beneficiary_resident_or_household",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="beneficiary_amount_positive"),
        ]

    def __str__(self):
        return f"{self.disbursement} #{self.pk}"
