"""Casework figures on a small known dataset, including the period boundaries (local time)."""

import datetime
import zoneinfo

import pytest

from cases.figures import casework_figures, served_resident_ids
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.factories import ResidentFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
JAN_1 = datetime.date(2022, 1, 1)
DEC_31 = datetime.date(2022, 12, 31)


def at(y, m, d, hh=10, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


@pytest.fixture
def dataset(world):
    r1 = ResidentFactory(room=world.room1)
    r2 = ResidentFactory(room=world.room2)
    r_other = ResidentFactory(room=world.other_room)
    # opened 2021, still open            → open at end
    CaseFactory(resident=r1, opened_on=datetime.date(2021, 11, 1), stage="intervention")
    # opened and closed in 2022 (room 1)  → opened, closed
    CaseFactory(
        resident=r1,
        opened_on=datetime.date(2022, 1, 1),
        closed_on=datetime.date(2022, 12, 31),
        stage="closed",
    )
    # opened 2022 in room 2, closed 2023  → opened, open at end
    CaseFactory(
        resident=r2,
        opened_on=datetime.date(2022, 6, 1),
        closed_on=datetime.date(2023, 1, 1),
        stage="closed",
    )
    # never opened (not accepted)         → nothing
    CaseFactory(resident=r2, closed_on=datetime.date(2022, 3, 1), stage="not_accepted")
    # opened 2023                        → nothing
    CaseFactory(resident=r1, opened_on=datetime.date(2023, 1, 2), stage="intake")
    # another station                    → nothing
    CaseFactory(resident=r_other, opened_on=datetime.date(2022, 5, 1), stage="intake")

    # Records: 00:00 on 1 January and 23:30 on 31 December (local) are inside the year;
    # 23:59 on 31 December 2021 and 00:00 on 1 January 2023 are not.
    ServiceRecordFactory(resident=r1, start_at=at(2022, 1, 1, 0, 0), duration_minutes=45)
    ServiceRecordFactory(
        resident=r1, start_at=at(2022, 12, 31, 23, 30), duration_minutes=20, form="phone"
    )
    ServiceRecordFactory(resident=r2, start_at=at(2022, 7, 1), duration_minutes=60)
    ServiceRecordFactory(resident=r1, start_at=at(2021, 12, 31, 23, 59), duration_minutes=60)
    ServiceRecordFactory(resident=r2, start_at=at(2023, 1, 1, 0, 0), duration_minutes=60)
    ServiceRecordFactory(resident=r_other, start_at=at(2022, 7, 1), duration_minutes=60)
    return r1, r2


def test_whole_station_figures_for_2022(world, dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        figures = casework_figures(station=world.station, date_from=JAN_1, date_to=DEC_31)
    assert figures == {
        "cases_opened": 2,
        "cases_open_at_end": 2,
        "cases_closed": 1,
        "contacts": 3,
        "home_visits": 2,
        "service_hours": 2.1,  # 45 + 20 + 60 minutes
    }


def test_figures_for_one_room(world, dataset):
    figures = casework_figures(
        station=world.station, date_from=JAN_1, date_to=DEC_31, rooms=[world.room1]
    )
    assert figures == {
        "cases_opened": 1,
        "cases_open_at_end": 1,
        "cases_closed": 1,
        "contacts": 2,
        "home_visits": 1,
        "service_hours": 1.1,
    }


def test_a_single_day_period_is_inclusive(world, dataset):
    figures = casework_figures(station=world.station, date_from=DEC_31, date_to=DEC_31)
    assert (figures["contacts"], figures["cases_closed"], figures["cases_opened"]) == (1, 1, 0)


def test_served_residents_are_distinct_and_scoped(world, dataset):
    r1, r2 = dataset
    ids = set(
        served_resident_ids(station=world.station, date_from=JAN_1, date_to=DEC_31).values_list(
            "resident_id", flat=True
        )
    )
    assert ids == {r1.pk, r2.pk}
    ids = served_resident_ids(
        station=world.station, date_from=JAN_1, date_to=DEC_31, rooms=[world.room2]
    )
    assert [row["resident_id"] for row in ids] == [r2.pk]


def test_an_empty_period_gives_zeros(world, dataset):
    figures = casework_figures(
        station=world.station,
        date_from=datetime.date(2020, 1, 1),
        date_to=datetime.date(2020, 1, 31),
    )
    assert figures == {
        "cases_opened": 0,
        "cases_open_at_end": 0,
        "cases_closed": 0,
        "contacts": 0,
        "home_visits": 0,
        "service_hours": 0.0,
    }
