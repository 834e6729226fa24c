"""The ledger is append-only and balances follow from its entries."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from charity.balances import fund_balances, project_totals
from charity.models import ImmutableLedgerError, LedgerEntry
from charity.services import entry_reverse
from tests.charity.factories import donate, pay


def test_a_reversal_restores_the_balance_and_both_entries_stay_visible(client, world, charity):
    donate(charity.fund, world.staff, "500.00")
    wrong = donate(charity.fund, world.staff, "1200.00").entries.get()
    assert fund_balances(charity.fund)["cash"] == Decimal("1700.00")

    client.force_login(world.staff)
    url = reverse("charity:entry_reverse", kwargs={"pk": wrong.pk})
    response = client.post(url, {"reason": "金额录入错误，应为 120 元"})
    assert response.status_code == 302

    assert fund_balances(charity.fund)["cash"] == Decimal("500.00")
    assert LedgerEntry.objects.filter(fund=charity.fund).count() == 3
    reversal = LedgerEntry.objects.get(reverses=wrong)
    assert reversal.direction == "out" and reversal.amount == Decimal("1200.00")
    page = client.get(reverse("charity:fund_detail", kwargs={"pk": charity.fund.pk}))
    text = page.content.decode()
    assert "已被冲正" in text
    assert f"冲正第 {wrong.pk} 号分录" in text
    assert "金额录入错误" in text


def test_an_entry_is_reversed_only_once_and_a_reversal_is_not_reversed(client, world, charity):
    entry = donate(charity.fund, world.staff, "300.00").entries.get()
    client.force_login(world.staff)
    url = reverse("charity:entry_reverse", kwargs={"pk": entry.pk})
    client.post(url, {"reason": "重复登记"})
    response = client.post(url, {"reason": "再冲一次"})
    assert "这条分录已经冲正过了" in response.content.decode()
    reversal = LedgerEntry.objects.get(reverses=entry)
    response = client.post(
        reverse("charity:entry_reverse", kwargs={"pk": reversal.pk}), {"reason": "撤销冲正"}
    )
    assert "冲正分录不能再次冲正" in response.content.decode()
    assert LedgerEntry.objects.count() == 2


def test_reversal_needs_a_reason(client, world, charity):
    entry = donate(charity.fund, world.staff, "300.00").entries.get()
    client.force_login(world.staff)
    response = client.post(
        reverse("charity:entry_reverse", kwargs={"pk": entry.pk}), {"reason": ""}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert LedgerEntry.objects.count() == 1


def test_a_spent_donation_cannot_be_reversed_below_zero(world, charity):
    entry = donate(charity.fund, world.staff, "300.00", project=charity.project).entries.get()
    pay(charity.project, world.staff, world.supervisor, "200.00")
    with pytest.raises(Exception, match="冲正后余额将为负数"):
        entry_reverse(entry=entry, reason="录错", by=world.staff)
    assert fund_balances(charity.fund)["cash"] == Decimal("100.00")


def test_reversing_a_disbursement_gives_the_money_back_to_the_project(world, charity):
    donate(charity.fund, world.staff, "300.00", project=charity.project)
    _, entry = pay(charity.project, world.staff, world.supervisor, "200.00")
    entry_reverse(entry=entry, reason="发放对象错误", by=world.staff)
    totals = project_totals([charity.project])[charity.project.pk]
    assert totals["spent"] == Decimal("0.00")
    assert totals["left"] == Decimal("300.00")


def test_the_orm_refuses_to_save_or_delete_an_existing_entry(world, charity):
    entry = donate(charity.fund, world.staff, "300.00").entries.get()
    entry.amount = Decimal("3000.00")
    with pytest.raises(ImmutableLedgerError):
        entry.save()
    with pytest.raises(ImmutableLedgerError):
        entry.delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("300.00")


def test_the_database_refuses_queryset_update_and_delete_and_raw_sql(world, charity):
    entry = donate(charity.fund, world.staff, "300.00").entries.get()
    with pytest.raises(DatabaseError, match="Cannot update or delete rows"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError, match="Cannot update or delete rows"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE charity_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("300.00")


def test_the_admin_offers_no_add_change_or_delete_for_entries(client, world, charity):
    entry = donate(charity.fund, world.staff, "300.00").entries.get()
    world.staff.is_superuser = True  # not even the technical superuser
    world.staff.save()
    client.force_login(world.staff)
    change = reverse("admin:charity_ledgerentry_change", args=[entry.pk])
    response = client.post(change, {"amount": "1.00"})
    assert response.status_code == 403 or "1.00" not in response.content.decode()
    delete = reverse("admin:charity_ledgerentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:charity_ledgerentry_add")).status_code == 403
    changelist = client.get(reverse("admin:charity_ledgerentry_changelist"))
    assert changelist.status_code == 200
    assert 'value="delete_selected"' not in changelist.content.decode()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("300.00")


def test_the_database_refuses_a_non_positive_amount(world, charity):
    donation = donate(charity.fund, world.staff, "300.00")
    for amount in ("0", "-5"):
        with pytest.raises(DatabaseError), transaction.atomic():
            LedgerEntry.objects.create(
                fund=charity.fund,
                source="donation",
                form="cash",
                direction="in",
                amount=Decimal(amount),
                entry_date=donation.donated_on,
                donation=donation,
                created_by=world.staff,
            )
    assert LedgerEntry.objects.count() == 1


def test_the_database_keeps_a_donation_as_given(world, charity):
    from charity.models import Donation

    donation = donate(charity.fund, world.staff, "300.00")
    with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic():
        Donation.objects.filter(pk=donation.pk).update(amount=Decimal("30.00"))
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        Donation.objects.filter(pk=donation.pk).delete()
    Donation.objects.filter(pk=donation.pk).update(notes="票据已寄出")  # a note may be added
    assert Donation.objects.get(pk=donation.pk).amount == Decimal("300.00")


def test_an_approved_disbursement_cannot_be_changed_or_sent_back(world, charity):
    from charity import services
    from charity.models import Disbursement

    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="补助",
        by=world.staff,
    )
    Disbursement.objects.filter(pk=draft.pk).update(amount=Decimal("90.00"))  # a draft may
    services.disbursement_approve(disbursement=draft, by=world.supervisor)
    rows = Disbursement.objects.filter(pk=draft.pk)
    for change in ({"amount": Decimal("900.00")}, {"status": "draft"}):
        with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic():
            rows.update(**change)
    with pytest.raises(DatabaseError, match="Cannot delete"), transaction.atomic():
        rows.delete()
    assert rows.get().amount == Decimal("90.00")


def test_approval_and_payout_are_kept_in_the_history_with_who_did_it(client, world, charity):
    from django.apps import apps

    from charity import services

    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="补助",
        by=world.staff,
    )
    client.force_login(world.supervisor)
    client.post(reverse("charity:disbursement_approve", kwargs={"pk": draft.pk}))
    client.post(reverse("charity:disbursement_apply", kwargs={"pk": draft.pk}))
    events = apps.get_model("charity", "DisbursementEvent").objects.filter(pgh_obj=draft)
    assert list(events.order_by("pgh_id").values_list("status", flat=True)) == [
        "draft",
        "approved",
        "applied",
    ]
    approved = events.get(status="approved")
    assert approved.pgh_context.metadata["user"] == world.supervisor.pk
