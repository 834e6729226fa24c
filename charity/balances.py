"""Balances computed from ledger entries (never stored), per fund, project and form.

Directed money (a donation for one project) can only be spent on that project; a project may also
spend the fund's undirected money. So what is available to project P is the fund's balance minus
the positive directed balances of every other project. Approved but not yet applied disbursements
are counted as already spent (they are reserved), so two approvals cannot promise the same money.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, When

from charity.models import (
    MONEY,
    CharityProject,
    Direction,
    Disbursement,
    DisbursementStatus,
    EntrySource,
    Form,
    LedgerEntry,
    signed_amount,
)

ZERO = Decimal("0.00")


def _sum(expression, condition=None):
    return Sum(expression, filter=condition, default=ZERO, output_field=DecimalField(**MONEY))


def fund_balances(fund) -> dict:
    """{"cash", "in_kind", "total"} for one fund, plus "reserved" (approved, not yet paid out):
    two queries."""
    totals = LedgerEntry.objects.filter(fund=fund).aggregate(
        cash=_sum(signed_amount(), Q(form=Form.CASH)),
        in_kind=_sum(signed_amount(), Q(form=Form.IN_KIND)),
    )
    totals["total"] = totals["cash"] + totals["in_kind"]
    totals["reserved"] = Disbursement.objects.filter(
        fund=fund, status=DisbursementStatus.APPROVED
    ).aggregate(total=_sum("amount"))["total"]
    return totals


def project_totals(projects) -> dict[int, dict]:
    """For each project id: raised (its directed gifts), spent (net of reversals), from_fund (the
    fund's undirected money it used) and left, cash and goods together: one query."""
    rows = (
        LedgerEntry.objects.filter(project__in=projects)
        .values("project_id")
        .annotate(
            raised_cash=_sum(signed_amount(), Q(source=EntrySource.DONATION, form=Form.CASH)),
            raised_in_kind=_sum(signed_amount(), Q(source=EntrySource.DONATION, form=Form.IN_KIND)),
            spent=_sum(
                Case(
                    When(direction=Direction.OUT, then=F("amount")),
                    default=-F("amount"),
                    output_field=DecimalField(**MONEY),
                ),
                Q(source=EntrySource.DISBURSEMENT),
            ),
        )
        .order_by()
    )
    ids = [p.pk if isinstance(p, CharityProject) else p for p in projects]
    result = {
        pk: {"raised_cash": ZERO, "raised_in_kind": ZERO, "raised": ZERO, "spent": ZERO}
        for pk in ids
    }
    for row in rows:
        item = result.setdefault(row["project_id"], {})
        item.update(
            raised_cash=row["raised_cash"],
            raised_in_kind=row["raised_in_kind"],
            raised=row["raised_cash"] + row["raised_in_kind"],
            spent=row["spent"],
        )
    for item in result.values():
        # Spending above the project's own gifts came from the fund's undirected money.
        item["from_fund"] = max(item["spent"] - item["raised"], ZERO)
        item["left"] = item["raised"] + item["from_fund"] - item["spent"]
    return result


def available_for(*, fund, project, form, exclude=None) -> Decimal:
    """What `project` may still receive from `fund` in `form` (cash or goods). Two queries.

    With `project=None`: the fund's undirected money (what no project has a claim on).

    Call it with the fund row locked (select_for_update) when the answer decides a write.
    `exclude` is a disbursement not to count as reserved (the one being applied).
    """
    nets: dict = defaultdict(lambda: ZERO)
    rows = (
        LedgerEntry.objects.filter(fund=fund, form=form)
        .values("project_id")
        .annotate(net=_sum(signed_amount()))
        .order_by()
    )
    for row in rows:
        nets[row["project_id"]] += row["net"]
    reserved = Disbursement.objects.filter(fund=fund, form=form, status=DisbursementStatus.APPROVED)
    if exclude is not None:
        reserved = reserved.exclude(pk=exclude.pk)
    for row in reserved.values("project_id").annotate(total=_sum("amount")).order_by():
        nets[row["project_id"]] -= row["total"]
    fund_total = sum(nets.values(), ZERO)
    project_id = project.pk if project is not None else None
    others = sum(
        (max(net, ZERO) for pid, net in nets.items() if pid is not None and pid != project_id),
        ZERO,
    )
    return fund_total - others
