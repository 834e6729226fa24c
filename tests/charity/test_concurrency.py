"""Two disbursements approved at the same moment cannot together overdraw a fund.

Each thread has its own database connection (Django opens one per thread), so the two
transactions really run side by side on PostgreSQL; the fund row lock serialises them.
"""

import threading
from decimal import Decimal

from django.db import connection

from charity import services
from charity.balances import fund_balances
from charity.models import Disbursement, DisbursementStatus, LedgerEntry
from tests.charity.factories import donate


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except services.InsufficientFunds:
            outcomes[index] = "refused"
        except Exception as error:  # any other failure is reported by the assertion
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _drafts(world, charity, amount, count=2):
    return [
        services.disbursement_create(
            fund=charity.fund,
            project=charity.project,
            form="cash",
            amount=Decimal(amount),
            purpose="暖冬补助",
            by=world.staff,
        )
        for _ in range(count)
    ]


def test_two_concurrent_disbursements_exceeding_the_balance_leave_exactly_one_applied(
    transactional_db, world, charity
):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    drafts = _drafts(world, charity, "600.00")

    def approve_and_apply(disbursement):
        def call():
            services.disbursement_approve(disbursement=disbursement, by=world.supervisor)
            services.disbursement_apply(disbursement=disbursement, by=world.supervisor)

        return call

    outcomes = _race([approve_and_apply(d) for d in drafts])

    assert sorted(outcomes) == ["ok", "refused"]
    statuses = sorted(Disbursement.objects.values_list("status", flat=True))
    assert statuses == [DisbursementStatus.APPLIED, DisbursementStatus.DRAFT]
    assert LedgerEntry.objects.filter(source="disbursement").count() == 1
    assert fund_balances(charity.fund)["cash"] == Decimal("400.00")


def test_two_concurrent_approvals_reserve_the_money_only_once(transactional_db, world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    first, second = _drafts(world, charity, "700.00")

    outcomes = _race(
        [
            lambda: services.disbursement_approve(disbursement=first, by=world.supervisor),
            lambda: services.disbursement_approve(disbursement=second, by=world.supervisor),
        ]
    )

    assert sorted(outcomes) == ["ok", "refused"]
    assert Disbursement.objects.filter(status=DisbursementStatus.APPROVED).count() == 1
    assert not LedgerEntry.objects.filter(source="disbursement").exists()
