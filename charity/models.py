"""Community charity resources (社区慈善资源): funds, projects, donations, disbursements, ledger.

Money rules (see services.py for the writes):
- Every donation and every applied disbursement is a `LedgerEntry`. Entries are append-only: the
  model refuses save() on an existing row and delete(), and a PostgreSQL trigger (pgtrigger.Protect)
  refuses UPDATE and DELETE even from `QuerySet.update()` or raw SQL. A mistake is corrected by a
  reversal entry pointing at the original (at most one per entry).
- Balances are computed from entries, separately for cash and for goods (valued in CNY): donated
  school supplies cannot pay a cash grant.
- A fund has no bank account of its own: it is hosted by a charitable organization, either a
  registered partner unit (kind 社会组织) or, when it is not in the registry, a free-text name.

Funds and projects are not personal data: every user of the station (officials included) sees them
and their figures. Donor names, beneficiaries and disbursement details are internal (personal data).
"""

from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import (
    Household,
    KeyPopulation,
    PartnerKind,
    PartnerUnit,
    Resident,
    Room,
    Station,
)

MONEY = {"max_digits": 12, "decimal_places": 2}
CENT = Decimal("0.01")


class ImmutableLedgerError(Exception):
    """Raised when code tries to change or delete a ledger entry (append-only)."""


def _station_visible(queryset, user, station_field):
    from stations.access import visible_stations

    return queryset.filter(**{f"{station_field}__in": visible_stations(user)})


def _station_internal(queryset, user, station_field):
    """Rows of the user's station for personal-data users only (officials get none)."""
    from stations.access import can_see_personal_data

    if not can_see_personal_data(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(**{station_field: user.station_id})


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


class FundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Funds of the user's station: figures, not personal data (officials see them too)."""
        return _station_visible(self, user, "station")

    def for_list(self):
        return self.select_related("station", "host_partner", "supervisor").prefetch_related(
            "rooms"
        )


class Fund(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="charity_funds", verbose_name=_("社工站")
    )
    name = models.CharField(_("基金名称"), max_length=120)
    host_partner = models.ForeignKey(
        PartnerUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_funds",
        limit_choices_to={"kind": PartnerKind.SOCIAL_ORGANIZATION},
        verbose_name=_("托管慈善组织（共建单位）"),
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
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_charity_funds",
        verbose_name=_("监督人"),
    )
    rooms = models.ManyToManyField(
        Room, blank=True, related_name="charity_funds", verbose_name=_("服务社工室")
    )
    description = models.TextField(_("基金说明"), blank=True)
    created_at = models.DateTimeField(_("设立时间"), auto_now_add=True)

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
        return _station_visible(self, user, "fund__station")

    def for_list(self):
        return self.select_related("fund", "responsible").prefetch_related("rooms")


class CharityProject(models.Model):
    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="projects", verbose_name=_("所属基金")
    )
    title = models.CharField(_("项目名称"), max_length=150)
    rooms = models.ManyToManyField(
        Room, blank=True, related_name="charity_projects", verbose_name=_("实施社工室")
    )
    purpose = models.TextField(_("项目目的"))
    service_areas = models.JSONField(_("服务领域"), default=list, blank=True)
    target_populations = models.JSONField(_("服务人群"), default=list, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    target_amount = models.DecimalField(
        _("筹款目标（元）"), **MONEY, validators=[MinValueValidator(CENT)]
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ProjectStatus, default=ProjectStatus.PLANNED
    )
    progress = models.TextField(_("项目进展"), blank=True, help_text=_("公示时展示"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charity_projects",
        verbose_name=_("负责人"),
        help_text=_("到期公示提醒发给负责人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

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
        labels = dict(ServiceArea.choices)
        return [str(labels.get(value, value)) for value in self.service_areas]

    def target_population_labels(self) -> list[str]:
        labels = dict(KeyPopulation.choices)
        return [str(labels.get(value, value)) for value in self.target_populations]


class DonorType(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    PARTNER = "partner", _("单位（共建单位）")


class DonationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Donor names are personal data: station users with personal-data roles only."""
        return _station_internal(self, user, "fund__station")


class Donation(models.Model):
    """A gift received. Its money lives in the ledger entry created with it."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="donations", verbose_name=_("基金")
    )
    project = models.ForeignKey(
        CharityProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("定向项目"),
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
    donor_partner = models.ForeignKey(
        PartnerUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charity_donations",
        verbose_name=_("捐赠单位"),
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

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
        return _station_internal(self, user, "fund__station")

    def for_list(self):
        return self.select_related("fund", "project", "approved_by", "created_by")


@pghistory.track(model_name="DisbursementEvent")
class Disbursement(models.Model):
    """Money or goods from a fund to a project, and onwards to beneficiaries.

    draft → approved (a committee member of the fund, not the person who drafted it) → applied
    (the ledger entry is written). Only an applied disbursement moves money.
    """

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("基金")
    )
    project = models.ForeignKey(
        CharityProject,
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name=_("慈善项目"),
    )
    number = models.CharField(_("支出编号"), max_length=30)
    form = models.CharField(_("支出形式"), max_length=10, choices=Form, default=Form.CASH)
    amount = models.DecimalField(_("金额/估值（元）"), **MONEY)
    items = models.CharField(_("物资名称"), max_length=200, blank=True)
    purpose = models.CharField(_("用途"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=DisbursementStatus, default=DisbursementStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申请人"),
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approval_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发放确认人"),
    )
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


class BeneficiaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Lines whose resident or household is in a room the user may see."""
        from stations.access import can_see_personal_data, visible_rooms

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        rooms = visible_rooms(user).values("pk")
        return self.filter(Q(resident__room__in=rooms) | Q(household__room__in=rooms))


@pghistory.track(model_name="BeneficiaryEvent")
class Beneficiary(models.Model):
    """One resident or household reached by a disbursement, with their signed receipt."""

    disbursement = models.ForeignKey(
        Disbursement, on_delete=models.CASCADE, related_name="beneficiaries", verbose_name=_("支出")
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charity_receipts",
        verbose_name=_("受助居民"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charity_receipts",
        verbose_name=_("受助家庭"),
    )
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
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签收登记人"),
    )

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


class EntrySource(models.TextChoices):
    DONATION = "donation", _("捐赠")
    DISBURSEMENT = "disbursement", _("支出")


class Direction(models.TextChoices):
    IN = "in", _("收入")
    OUT = "out", _("支出")


class LedgerEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Amounts and dates are figures, not personal data: the fund's station sees them."""
        return _station_visible(self, user, "fund__station")

    def signed(self):
        return self.annotate(signed_amount=signed_amount())


def signed_amount(prefix: str = ""):
    """+amount for income, -amount for spending; `prefix` like "entries__" from another model."""
    return models.Case(
        models.When(**{f"{prefix}direction": Direction.IN}, then=models.F(f"{prefix}amount")),
        default=-models.F(f"{prefix}amount"),
        output_field=models.DecimalField(**MONEY),
    )


class LedgerEntry(models.Model):
    """One movement of a fund's money or goods. Append-only: see the module docstring."""

    fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, related_name="entries", verbose_name=_("基金")
    )
    project = models.ForeignKey(
        CharityProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("项目"),
    )
    source = models.CharField(_("来源"), max_length=20, choices=EntrySource)
    form = models.CharField(_("形式"), max_length=10, choices=Form)
    direction = models.CharField(_("收支"), max_length=5, choices=Direction)
    amount = models.DecimalField(_("金额/估值（元）"), **MONEY)
    entry_date = models.DateField(_("记账日期"))
    donation = models.ForeignKey(
        Donation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("捐赠"),
    )
    disbursement = models.ForeignKey(
        Disbursement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("支出"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("冲正的原分录"),
    )
    reason = models.CharField(_("冲正原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记账人"),
    )
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

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
        return _station_visible(self, user, "project__fund__station")


class Disclosure(models.Model):
    """A publication of the project's disclosure on the notice board, with the totals shown."""

    project = models.ForeignKey(
        CharityProject,
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("慈善项目"),
    )
    kind = models.CharField(_("公示类型"), max_length=20, choices=DisclosureKind)
    published_on = models.DateField(_("公示日期"))
    place = models.CharField(_("公示地点"), max_length=100, default="社区公示栏")
    raised = models.DecimalField(_("公示时累计筹集（元）"), **MONEY)
    spent = models.DecimalField(_("公示时累计支出（元）"), **MONEY)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("公示人"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示记录")
        verbose_name_plural = _("公示记录")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return f"{self.project} {self.published_on}"
