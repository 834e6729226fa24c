"""charity_figures on a small known dataset, cut by period and by room."""

import datetime
from decimal import Decimal

import pytest

from charity import services
from charity.figures import charity_figures, served_resident_ids
from tests.charity.factories import (
    CharityProjectFactory,
    FundFactory,
    PartnerUnitFactory,
    donate,
    pay,
)
from tests.factories import ResidentFactory

YEAR = {"date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2022, 12, 31)}
D = datetime.date


@pytest.fixture
def dataset(world, charity):
    staff, approver = world.staff, world.supervisor
    fund = charity.fund
    fund.rooms.set([world.room1])
    p1 = charity.project
    p1.rooms.set([world.room1])
    p2 = CharityProjectFactory(fund=fund, title="西街助老", rooms=[world.room2])
    CharityProjectFactory(
        fund=fund, title="旧项目", start_date=D(2021, 1, 1), end_date=D(2021, 6, 30)
    )
    partner_a = PartnerUnitFactory(station=world.station, name="甲公司")
    partner_b = PartnerUnitFactory(station=world.station, name="乙公司")
    donate(fund, staff, "1000.00", project=p1, donated_on=D(2022, 5, 1))
    donate(fund, staff, "500.00", project=p2, partner=partner_a, donated_on=D(2022, 6, 10))
    donate(
        fund,
        staff,
        "15000.00",
        project=p1,
        partner=partner_b,
        form="in_kind",
        donated_on=D(2022, 7, 1),
    )
    donate(fund, staff, "200.00", partner=partner_a, donated_on=D(2022, 8, 1))  # undirected
    mistaken = donate(fund, staff, "300.00", project=p1, donated_on=D(2022, 5, 2))
    services.entry_reverse(entry=mistaken.entries.get(), reason="重复登记", by=staff)
    donate(fund, staff, "999.00", project=p1, donated_on=D(2023, 1, 5))
    foreign = FundFactory(station=world.other_station)
    donate(foreign, staff, "700.00", donated_on=D(2022, 5, 1))

    charity.resident1.household = charity.household1
    charity.resident1.save()
    member2 = ResidentFactory(room=world.room2, household=charity.household2)
    pay(
        p1,
        staff,
        approver,
        "400.00",
        on=D(2022, 9, 1),
        beneficiaries=[
            {"household": charity.household1, "amount": Decimal("200.00")},
            {"resident": charity.resident1, "amount": Decimal("200.00")},
        ],
    )
    pay(
        p1,
        staff,
        approver,
        "6000.00",
        form="in_kind",
        on=D(2022, 10, 1),
        beneficiaries=[
            {"household": charity.household1, "amount": Decimal("3000.00")},
            {"household": charity.household2, "amount": Decimal("3000.00")},
        ],
    )
    _, wrong = pay(
        p2,
        staff,
        approver,
        "100.00",
        on=D(2022, 10, 5),
        beneficiaries=[
            {"household": charity.household2, "amount": Decimal("100.00")},
        ],
    )
    services.entry_reverse(entry=wrong, reason="发错对象", by=staff)
    return {"member2": member2}


def test_station_figures_for_the_year(world, dataset, django_assert_num_queries):
    with django_assert_num_queries(4):
        figures = charity_figures(station=world.station, **YEAR)
    assert figures == {
        "projects": 2,
        "cash_raised": Decimal("1700.00"),
        "in_kind_value": Decimal("15000.00"),
        "disbursed": Decimal("6400.00"),
        "partners": 2,
        "beneficiaries": 3,
        "disbursed_cash": Decimal("400.00"),  # the cash payout; the 100.00 one was reversed
        "disbursed_in_kind": Decimal("6000.00"),  # the goods, at their value
    }


def test_room_cuts_follow_projects_funds_and_beneficiaries(world, dataset):
    room1 = charity_figures(station=world.station, rooms=[world.room1], **YEAR)
    assert room1 == {
        "projects": 1,
        "cash_raised": Decimal("1200.00"),
        "in_kind_value": Decimal("15000.00"),
        "disbursed": Decimal("6400.00"),
        "partners": 2,
        "beneficiaries": 2,
        "disbursed_cash": Decimal("400.00"),  # the cash payout; the 100.00 one was reversed
        "disbursed_in_kind": Decimal("6000.00"),  # the goods, at their value
    }
    from stations.models import Room

    room2 = charity_figures(
        station=world.station, rooms=Room.objects.filter(pk=world.room2.pk), **YEAR
    )
    assert room2 == {
        "projects": 1,
        "cash_raised": Decimal("500.00"),
        "in_kind_value": Decimal("0.00"),
        "disbursed": Decimal("0.00"),
        "partners": 1,
        "beneficiaries": 1,
        "disbursed_cash": Decimal("0.00"),
        "disbursed_in_kind": Decimal("0.00"),
    }


def test_a_period_cut_nets_a_reversal_in_the_period_of_its_original(world, dataset):
    figures = charity_figures(
        station=world.station, date_from=D(2022, 5, 1), date_to=D(2022, 6, 30)
    )
    assert figures["cash_raised"] == Decimal("1500.00")
    assert figures["in_kind_value"] == Decimal("0.00")
    assert figures["disbursed"] == Decimal("0.00")
    assert figures["partners"] == 1
    assert figures["beneficiaries"] == 0
    assert figures["cash_raised"].as_tuple().exponent == -2


def test_served_residents_are_named_beneficiaries_and_household_members(world, charity, dataset):
    ids = {row["resident_id"] for row in served_resident_ids(station=world.station, **YEAR)}
    assert ids == {charity.resident1.pk, dataset["member2"].pk}
    in_room1 = served_resident_ids(station=world.station, rooms=[world.room1], **YEAR)
    assert {row["resident_id"] for row in in_room1} == {charity.resident1.pk}
    assert not served_resident_ids(
        station=world.station, date_from=D(2023, 1, 1), date_to=D(2023, 12, 31)
    ).exists()
