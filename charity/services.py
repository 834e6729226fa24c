"""Writes that move money or goods. Each runs in one transaction; nothing is half-saved.

Who may do what (decided here, tested in tests/charity):
- record a donation, draft a disbursement: any user who may see personal data in the station
  (station staff, room workers, supervisors); beneficiaries are limited to the people they see.
- approve a disbursement: only a committee member of the fund (`Fund.committee_members`), and
  never the person who drafted it (four eyes). Being a supervisor is not enough by itself: the
  issue asks for "the committee's approval", so supervisors approve when they sit on it.
- apply (pay out), reverse an entry: station staff of the fund's station or committee members.
- record a disclosure: those, plus the project's responsible worker.

Every function that can change a balance locks the fund row first (`select_for_update`), so two
disbursements approved or applied at the same moment are serialised and the second one sees the
first one's effect.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from charity.balances import available_for
from charity.models import (
    CENT,
    Beneficiary,
    CharityProject,
    Direction,
    Disbursement,
    DisbursementStatus,
    Disclosure,
    Donation,
    EntrySource,
    Fund,
    LedgerEntry,
)
from stations.access import can_see_personal_data
from stations.bounds import day_done
from stations.models import Role


class InsufficientFunds(ValidationError):
    pass


def _money(value) -> Decimal:
    value = Decimal(value)
    if value <= 0:
        raise ValidationError(_("金额必须大于零。"), code="not_positive")
    if value != value.quantize(CENT):
        raise ValidationError(_("金额最多保留两位小数（精确到分）。"), code="decimals")
    return value


def _lock_fund(fund) -> Fund:
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _post(record, fund, source, direction, entry_date, *, by, **links) -> LedgerEntry:
    """The fund's ledger entry for `record` (a donation, a disbursement, or the entry a reversal
    mirrors), with its project, form and amount. `links`: the donation or disbursement it is of,
    and for a reversal `reverses` and `reason`."""
    return LedgerEntry.objects.create(
        fund=fund,
        project=record.project,
        source=source,
        form=record.form,
        direction=direction,
        amount=record.amount,
        entry_date=entry_date,
        created_by=by,
        **links,
    )


def can_approve(user, fund) -> bool:
    """The fund's committee approves spending: only its members who are users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return fund.committee_members.filter(pk=user.pk).exists()


def can_manage_ledger(user, fund) -> bool:
    """Confirm a payout, reverse an entry, publish a disclosure: station staff or committee."""
    if not can_see_personal_data(user):
        return False
    if user.is_superuser or (
        user.role == Role.STATION_STAFF and user.station_id == fund.station_id
    ):
        return True
    return can_approve(user, fund)


def donation_record(*, fund: Fund, by, **fields) -> Donation:
    """Record a donation and its ledger entry (income to the fund, directed to a project or not)."""
    fields["amount"] = _money(fields["amount"])
    project = fields.get("project")
    if project is not None and project.fund_id != fund.pk:
        raise ValidationError(_("定向项目不属于所选基金。"))
    with transaction.atomic():
        donation = Donation(fund=fund, created_by=by, **fields)
        donation.full_clean()
        donation.save()
        _post(
            donation,
            fund,
            EntrySource.DONATION,
            Direction.IN,
            donation.donated_on,
            by=by,
            donation=donation,
        )
    return donation


def _next_number(fund: Fund, day: datetime.date) -> str:
    prefix = f"ZC{day:%Y}-"
    last = (
        Disbursement.objects.filter(fund=fund, number__startswith=prefix)
        .aggregate(last=Max("number"))
        .get("last")
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:03d}"


def disbursement_create(
    *,
    fund: Fund,
    project: CharityProject,
    form: str,
    amount,
    purpose: str,
    items: str = "",
    beneficiaries: list[dict] = (),
    by,
    number: str = "",
) -> Disbursement:
    """A draft disbursement with its beneficiary lines. Nothing moves until it is approved and
    applied. Each beneficiary dict has `resident` or `household`, `amount` and optional `items`;
    their shares may not add up to more than the disbursement."""
    amount = _money(amount)
    if project.fund_id != fund.pk:
        raise ValidationError(_("项目不属于所选基金。"))
    shares = [_money(line["amount"]) for line in beneficiaries]
    if sum(shares, Decimal("0")) > amount:
        raise ValidationError(_("受助对象分配金额合计超过本次支出金额。"))
    with transaction.atomic():
        _lock_fund(fund)  # serialises numbering
        disbursement = Disbursement.objects.create(
            fund=fund,
            project=project,
            number=number or _next_number(fund, timezone.localdate()),
            form=form,
            amount=amount,
            items=items,
            purpose=purpose,
            created_by=by,
        )
        Beneficiary.objects.bulk_create(
            Beneficiary(
                disbursement=disbursement,
                resident=line.get("resident"),
                household=line.get("household"),
                amount=share,
                items=line.get("items", ""),
            )
            for line, share in zip(beneficiaries, shares, strict=True)
        )
    return disbursement


def _refuse_above_balance(disbursement, fund, *, exclude=None):
    available = available_for(
        fund=fund, project=disbursement.project, form=disbursement.form, exclude=exclude
    )
    if disbursement.amount > available:
        raise InsufficientFunds(
            _("余额不足：本项目当前可用%(form)s为 %(available)s 元，本次支出 %(amount)s 元。")
            % {
                "form": disbursement.get_form_display(),
                "available": f"{max(available, Decimal('0')):,.2f}",
                "amount": f"{disbursement.amount:,.2f}",
            },
            code="insufficient",
        )


def disbursement_approve(*, disbursement: Disbursement, by, note: str = "") -> Disbursement:
    """Committee approval. Refused for non-members, for the person who drafted it, and when the
    fund (or the project's directed money) cannot cover it; the money is then reserved."""
    with transaction.atomic():
        fund = _lock_fund(disbursement.fund)
        disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if not can_approve(by, fund):
            raise PermissionDenied(_("只有基金管委会成员可以审批支出。"))
        if disbursement.created_by_id == by.pk:
            raise PermissionDenied(_("申请人不能审批自己提交的支出。"))
        if disbursement.status != DisbursementStatus.DRAFT:
            raise ValidationError(_("这笔支出已经审批过了。"))
        _refuse_above_balance(disbursement, fund)
        disbursement.status = DisbursementStatus.APPROVED
        disbursement.approved_by = by
        disbursement.approved_at = timezone.now()
        disbursement.approval_note = note
        disbursement.save(update_fields=["status", "approved_by", "approved_at", "approval_note"])
    return disbursement


def disbursement_apply(
    *, disbursement: Disbursement, by, on: datetime.date | None = None
) -> LedgerEntry:
    """The approved disbursement takes effect on the day `on` (default today; a payout made on
    paper is entered with its own day, never a future one): the ledger entry is written with that
    date. Refused for a draft."""
    with transaction.atomic():
        fund = _lock_fund(disbursement.fund)
        disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if not can_manage_ledger(by, fund):
            raise PermissionDenied(_("只有站点工作人员或基金管委会成员可以确认发放。"))
        if disbursement.status == DisbursementStatus.DRAFT:
            raise ValidationError(_("这笔支出尚未经管委会审批，不能发放。"), code="unapproved")
        if disbursement.status == DisbursementStatus.APPLIED:
            raise ValidationError(_("这笔支出已经发放。"))
        _refuse_above_balance(disbursement, fund, exclude=disbursement)
        on = day_done(on, _("发放日期不能晚于今天。"))
        disbursement.status = DisbursementStatus.APPLIED
        disbursement.applied_by = by
        disbursement.applied_on = on
        disbursement.save(update_fields=["status", "applied_by", "applied_on"])
        return _post(
            disbursement,
            fund,
            EntrySource.DISBURSEMENT,
            Direction.OUT,
            on,
            by=by,
            disbursement=disbursement,
        )


def entry_reverse(*, entry: LedgerEntry, reason: str, by) -> LedgerEntry:
    """Correct a mistaken entry with its mirror image. The original stays, untouched.

    Reversing a donation may not leave the fund (or that project's money) below zero either.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写冲正原因。"))
    with transaction.atomic():
        fund = _lock_fund(entry.fund)
        if not can_manage_ledger(by, fund):
            raise PermissionDenied(_("只有站点工作人员或基金管委会成员可以冲正。"))
        if entry.reverses_id is not None:
            raise ValidationError(_("冲正分录不能再次冲正，请重新登记正确的记录。"))
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(_("这条分录已经冲正过了。"))
        if entry.direction == Direction.IN:
            available = available_for(fund=fund, project=entry.project, form=entry.form)
            if entry.amount > available:
                raise InsufficientFunds(
                    _("冲正后余额将为负数：这笔款物已有部分被支出，请先冲正相关支出。")
                )
        return _post(
            entry,
            fund,
            entry.source,
            Direction.OUT if entry.direction == Direction.IN else Direction.IN,
            timezone.localdate(),
            by=by,
            donation=entry.donation,
            disbursement=entry.disbursement,
            reverses=entry,
            reason=reason,
        )


def receipt_record(
    *, beneficiary: Beneficiary, received_on, signed_by: str, receipt_method: str, by
) -> Beneficiary:
    """The beneficiary's signature for what they received (only after the payout)."""
    with transaction.atomic():
        disbursement = Disbursement.objects.get(pk=beneficiary.disbursement_id)
        if disbursement.status != DisbursementStatus.APPLIED:
            raise ValidationError(_("支出尚未发放，不能登记签收。"))
        if received_on < disbursement.applied_on:
            raise ValidationError(_("签收日期不能早于发放日期。"))
        beneficiary.received_on = received_on
        beneficiary.signed_by = signed_by
        beneficiary.receipt_method = receipt_method
        beneficiary.receipt_recorded_by = by
        beneficiary.save(
            update_fields=["received_on", "signed_by", "receipt_method", "receipt_recorded_by"]
        )
    return beneficiary


def disclosure_publish(
    *, project: CharityProject, kind: str, published_on, place: str, by
) -> Disclosure:
    """Mark that the disclosure was posted, keeping the totals it showed."""
    from charity.balances import project_totals

    if not can_manage_ledger(by, project.fund) and project.responsible_id != by.pk:
        raise PermissionDenied(_("只有项目负责人、站点工作人员或管委会成员可以登记公示。"))
    totals = project_totals([project])[project.pk]
    return Disclosure.objects.create(
        project=project,
        kind=kind,
        published_on=published_on,
        place=place,
        raised=totals["raised"],
        spent=totals["spent"],
        published_by=by,
    )
