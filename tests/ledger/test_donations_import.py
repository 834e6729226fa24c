"""Importing the charity fund's 收支台账: donations and payouts with their beneficiary lines in
one sheet, through the charity services (ledger entries, four-eyes approval, receipts)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from charity.models import Beneficiary, Disbursement, Donation, LedgerEntry
from ledger.models import BatchStatus
from ledger.services import batch_undo, ledger_check, ledger_import, make_kind
from stations.models import PartnerUnit
from tests.charity.conftest import charity  # noqa: F401 (the fixture)
from tests.ledger.batches import (
    exported_and_imported_again,
    import_refused_saving_nothing,
    imported_batch,
)
from tests.ledger.conftest import xlsx_file

pytestmark = pytest.mark.django_db

HEADER = [
    "收支", "基金", "慈善项目", "日期", "形式", "金额", "捐赠方类型", "捐赠方", "票据号",
    "支出编号", "用途", "审批人", "受助人", "受助家庭", "受助金额", "签收日期", "签收人",
]  # fmt: skip


def kind_for(world, user=None):
    return make_kind("donations", station=world.station, user=user or world.staff)


def rows(charity):  # noqa: F811
    fund, project = charity.fund.name, charity.project.title
    payout = ["支出", fund, project, "2022-12-01", "资金", "600.00", "", "", "", "ZC2022-001",
              "暖冬补助", "supervisor"]  # fmt: skip
    return [
        ["捐赠", fund, project, "2022-11-01", "资金", "1000.50", "个人", "李善人", "JZ-1"],
        ["捐赠", fund, "", "2022/11/5", "资金", 300, "单位（共建单位）", "宏达公司", ""],
        [*payout, "孙小明", "", "200", "2022-12-02", "孙小明"],
        [*payout, "", "王一户", "400", "", ""],
    ]


def check(world, path, user=None):
    return ledger_check(kind_for(world, user), path, path.name)


def test_donations_and_payouts_import_and_import_again(world, charity, tmp_path):  # noqa: F811
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *rows(charity)])
    result = check(world, path)
    assert result.error_count == 0, [problem.as_list() for problem in result.problems]
    first = ledger_import(kind_for(world), path, path.name)
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    gift = Donation.objects.get(receipt_number="JZ-1")
    assert gift.amount == Decimal("1000.50") and gift.donated_on == datetime.date(2022, 11, 1)
    assert gift.created_by == world.staff
    assert PartnerUnit.objects.get(name="宏达公司").charity_donations.count() == 1
    payout = Disbursement.objects.get(number="ZC2022-001")
    assert payout.status == "applied" and payout.applied_on == datetime.date(2022, 12, 1)
    assert (payout.created_by, payout.approved_by) == (world.staff, world.supervisor)
    assert LedgerEntry.objects.get(disbursement=payout).entry_date == datetime.date(2022, 12, 1)
    line = Beneficiary.objects.get(resident=charity.resident1)
    assert line.received_on == datetime.date(2022, 12, 2) and line.amount == Decimal("200.00")
    assert Beneficiary.objects.get(household=charity.household1).received_on is None
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    receipted = rows(charity)
    receipted[3][15:17] = ["2022-12-03", "王一"]
    path = xlsx_file(tmp_path / "d2.xlsx", [HEADER, *receipted])
    third = ledger_import(kind_for(world), path, path.name)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    assert Beneficiary.objects.get(household=charity.household1).signed_by == "王一"


def test_bad_rows_are_reported_and_nothing_is_saved(world, charity, tmp_path):  # noqa: F811
    bad = rows(charity)
    bad[0][5] = "10.005"  # fen is the smallest unit
    bad[1][1] = "没有的基金"
    bad[2][11] = "staff"  # the importer cannot approve their own payout
    bad[3][15] = "2022-11-30"  # signed for before it was paid out
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *bad])
    result = check(world, path)
    found = sorted((problem.row, problem.column) for problem in result.problems)
    assert found == [(2, "金额/估值（元）"), (3, "基金"), (4, "审批人"), (5, "签收日期")]
    assert not Donation.objects.exists() and not Disbursement.objects.exists()


def test_a_beneficiarys_id_number_is_checked_and_masked_in_the_report(world, charity, tmp_path):  # noqa: F811
    bad = rows(charity)
    header = [*HEADER[:13], "受助人身份证号", *HEADER[14:]]  # instead of 受助家庭
    bad[2][13] = "610303195203120029"  # a wrong check digit
    path = xlsx_file(tmp_path / "d.xlsx", [header, *bad[:3]])
    problem = check(world, path).problems[0]
    assert (problem.row, problem.column) == (4, "受助人身份证号")
    assert "195203" not in problem.value


def test_a_payout_beyond_the_balance_imports_nothing(world, charity, tmp_path):  # noqa: F811
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *rows(charity)[2:]])
    assert check(world, path).error_count == 0  # the balance is the ledger's, known when saving
    with pytest.raises(ValidationError, match="不够这笔支出"):
        ledger_import(kind_for(world), path, path.name)
    assert not Disbursement.objects.exists() and not LedgerEntry.objects.exists()


def test_a_payout_is_not_dated_before_the_money_came_in(world, charity, tmp_path):  # noqa: F811
    early = rows(charity)
    for line in early[2:]:
        line[3] = "2022-10-20"  # before the donations of November
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *early])
    with pytest.raises(ValidationError, match="发放日期 2022-10-20"):
        ledger_import(kind_for(world), path, path.name)
    assert not Donation.objects.exists() and not Disbursement.objects.exists()


def test_a_recorded_donation_cannot_change(world, charity, tmp_path):  # noqa: F811
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *rows(charity)[:1]])
    ledger_import(kind_for(world), path, path.name)
    changed = rows(charity)[:1]
    changed[0][5] = "2000"
    path = xlsx_file(tmp_path / "d2.xlsx", [HEADER, *changed])
    assert [problem.column for problem in check(world, path).problems] == ["捐赠票据号"]


def test_a_room_worker_pays_only_residents_of_their_rooms(world, charity, tmp_path):  # noqa: F811
    charity.fund.committee_members.add(world.worker1)
    other = rows(charity)
    other[3][13] = "赵二户"  # a household of room 2
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *other])
    result = check(world, path, world.worker1)
    assert [(problem.row, problem.column) for problem in result.problems] == [(5, "受助家庭")]
    # Paying out is for station staff and the fund's committee, as on the site.
    result = check(world, path, world.worker2)
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (4, "收支"),
        (5, "收支"),
    ]


def test_a_batch_of_donations_is_undone_ledger_entries_and_all(world, charity):  # noqa: F811
    batch = imported_batch(world, "donations", [HEADER, *rows(charity)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 4
    batch_undo(batch=batch, by=world.staff)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert not Donation.objects.exists() and not Disbursement.objects.exists()
    assert not LedgerEntry.objects.exists() and not Beneficiary.objects.exists()


def test_donations_export_and_import_again(world, charity, tmp_path):  # noqa: F811
    path = xlsx_file(tmp_path / "d.xlsx", [HEADER, *rows(charity)])
    ledger_import(kind_for(world), path, path.name)
    again = exported_and_imported_again(world, "donations", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_bad_last_row_aborts_the_import_and_saves_nothing(world, charity, tmp_path):  # noqa: F811
    good = rows(charity)
    bad = list(good[-1])
    bad[5] = "10.005"
    assert import_refused_saving_nothing(
        world, "donations", [HEADER, *good, bad], (Donation, LedgerEntry), tmp_path
    )


def test_undoing_a_batch_takes_back_the_receipt_it_recorded(world, charity):  # noqa: F811
    first = imported_batch(world, "donations", [HEADER, *rows(charity)])
    receipted = rows(charity)
    receipted[3][15:17] = ["2022-12-03", "王一"]
    second = imported_batch(world, "donations", [HEADER, *receipted])
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 1, 3)
    line = Beneficiary.objects.get(household=charity.household1)
    assert (line.received_on, line.signed_by) == (datetime.date(2022, 12, 3), "王一")
    batch_undo(batch=second, by=world.staff)
    line.refresh_from_db()
    assert (line.received_on, line.signed_by, line.receipt_recorded_by) == (None, "", None)
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not Beneficiary.objects.exists()


def test_a_receipt_corrected_since_the_batch_recorded_it_is_not_undone(world, charity):  # noqa: F811
    imported_batch(world, "donations", [HEADER, *rows(charity)])
    receipted = rows(charity)
    receipted[3][15:17] = ["2022-12-03", "王一"]
    second = imported_batch(world, "donations", [HEADER, *receipted])
    # A receipt has no version: the undo compares it with what the batch wrote.
    Beneficiary.objects.filter(household=charity.household1).update(signed_by="王一（代领）")
    with pytest.raises(ValidationError, match="又被修改"):
        batch_undo(batch=second, by=world.staff)
    line = Beneficiary.objects.get(household=charity.household1)
    assert (line.received_on, line.signed_by) == (datetime.date(2022, 12, 3), "王一（代领）")
