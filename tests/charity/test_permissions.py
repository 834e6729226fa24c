import datetime
from decimal import Decimal

import pytest

from charity import services
from tests.charity.factories import CharityProjectFactory, FundFactory, donate
from tests.permissions import (
    ADMIN_ONLY,
    ANON,
    DIST,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    everyone,
    expand,
    param_ids,
    personal,
    run_row,
)

INTERNAL = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}
# Committee (the supervisor) and station staff manage the ledger; others are refused.
MANAGERS = {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 200, OFF: 403}
OTHER_STATION = {ANON: 302, STAFF: 404, W1: 404, W2: 404, SUP: 404, OFF: 404}


# A station's fund or project: everyone of the station; the district official, who belongs to no
# station, does not learn it exists.
SEEN_IN_STATION = {**everyone(200), DIST: 404}


def project(w, o):
    return {"pk": o["project"].pk}


ROWS = [
    Row("charity:project_list", everyone(200)),
    Row("charity:project_detail", SEEN_IN_STATION, kwargs=project),
    Row(
        "charity:project_detail",
        OTHER_STATION,
        kwargs=lambda w, o: {"pk": o["foreign_project"].pk},
        note="of another station",
    ),
    Row("charity:project_disclosure", SEEN_IN_STATION, kwargs=project),
    Row(
        "charity:project_disclosure",
        OTHER_STATION,
        kwargs=lambda w, o: {"pk": o["foreign_project"].pk},
        note="of another station",
    ),
    Row(
        "charity:disclosure_create",
        {ANON: 302, STAFF: 302, W1: 403, W2: 403, SUP: 302, OFF: 403},
        kwargs=project,
        method="post",
        data=lambda w, o: {"kind": "periodic", "published_on": "2022-06-01", "place": "公示栏"},
    ),
    Row("charity:fund_list", everyone(200)),
    Row("charity:fund_detail", SEEN_IN_STATION, kwargs=lambda w, o: {"pk": o["fund"].pk}),
    Row(
        "charity:fund_detail",
        OTHER_STATION,
        kwargs=lambda w, o: {"pk": o["foreign_project"].fund_id},
        note="of another station",
    ),
    Row("charity:donation_create", INTERNAL),
    Row("charity:disbursement_create", INTERNAL),
    Row(
        "charity:disbursement_detail",
        INTERNAL,
        kwargs=lambda w, o: {"pk": o["draft"].pk},
        note="names shown only to who may see them",
    ),
    Row(
        "charity:disbursement_approve",
        {ANON: 302, STAFF: 403, W1: 403, W2: 403, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["draft"].pk},
        method="post",
        note="committee members only",
    ),
    Row(
        "charity:disbursement_apply",
        {ANON: 302, STAFF: 302, W1: 403, W2: 403, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["approved"].pk},
        method="post",
    ),
    Row(
        "charity:receipt_record",
        personal(),
        kwargs=lambda w, o: {"pk": o["line"].pk},
        note="beneficiary in room 1",
    ),
    Row("charity:entry_reverse", MANAGERS, kwargs=lambda w, o: {"pk": o["entry"].pk}),
    Row("admin:charity_fund_changelist", ADMIN_ONLY),
    Row("admin:charity_charityproject_changelist", ADMIN_ONLY),
    Row("admin:charity_donation_changelist", ADMIN_ONLY),
    Row("admin:charity_disbursement_changelist", ADMIN_ONLY),
    Row("admin:charity_beneficiary_changelist", ADMIN_ONLY),
    Row("admin:charity_ledgerentry_changelist", ADMIN_ONLY),
    Row("admin:charity_disclosure_changelist", ADMIN_ONLY),
]


@pytest.fixture
def objects(world, charity):
    entry = donate(charity.fund, world.staff, "1000.00", project=charity.project).entries.get()
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("300.00"),
        purpose="暖冬补助",
        beneficiaries=[{"household": charity.household1, "amount": Decimal("300.00")}],
        by=world.staff,
    )
    approved = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("200.00"),
        purpose="暖冬补助",
        beneficiaries=[{"resident": charity.resident1, "amount": Decimal("200.00")}],
        by=world.staff,
    )
    services.disbursement_approve(disbursement=approved, by=world.supervisor)
    applied = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="暖冬补助",
        beneficiaries=[{"household": charity.household1, "amount": Decimal("100.00")}],
        by=world.staff,
    )
    services.disbursement_approve(disbursement=applied, by=world.supervisor)
    services.disbursement_apply(
        disbursement=applied, by=world.supervisor, on=datetime.date(2022, 6, 1)
    )
    foreign_fund = FundFactory(station=world.other_station)
    return {
        "fund": charity.fund,
        "project": charity.project,
        "entry": entry,
        "draft": draft,
        "approved": approved,
        "line": applied.beneficiaries.get(),
        "foreign_project": CharityProjectFactory(fund=foreign_fund),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
