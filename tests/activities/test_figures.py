"""Community figures on a small known dataset. Period: June 2022, boundaries inclusive."""

import datetime

import pytest

from activities.figures import (
    activities_by_force,
    activities_by_service_area,
    community_figures,
    outreach_figures,
    served_resident_ids,
)
from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    NeedsAssessmentFactory,
    local,
)
from tests.factories import ResidentFactory

JUNE = {"date_from": datetime.date(2022, 6, 1), "date_to": datetime.date(2022, 6, 30)}


@pytest.fixture
def dataset(world):
    """a1: room 1, 10 counted + 2 signed in, 5 indirect, first minutes of 1 June.
    a2: rooms 1 and 2, 7 counted, 3 indirect, last minutes of 30 June.
    a3: station-wide, 4 counted, 1 indirect. a4: 1 July (outside). a5: another station."""
    residents = ResidentFactory.create_batch(2, room=world.room1)
    ActivityFactory(
        station=world.station, rooms=[world.room1], starts_at=local(2022, 6, 1, 0, 10),
        direct_participant_count=10, indirect_beneficiaries=5, participants=residents,
        service_areas=["elderly_care", "safety"], social_forces=["community", "volunteers"],
    )  # fmt: skip
    ActivityFactory(
        station=world.station, rooms=[world.room1, world.room2], starts_at=local(2022, 6, 30, 23, 0),
        direct_participant_count=7, indirect_beneficiaries=3, service_areas=["elderly_care"],
        social_forces=["community", "charity"],
    )  # fmt: skip
    ActivityFactory(
        station=world.station, starts_at=local(2022, 6, 15),
        direct_participant_count=4, indirect_beneficiaries=1,
    )  # fmt: skip
    ActivityFactory(
        station=world.station, rooms=[world.room1], starts_at=local(2022, 7, 1, 0, 10),
        direct_participant_count=100, indirect_beneficiaries=100,
    )  # fmt: skip
    ActivityFactory(station=world.other_station, starts_at=local(2022, 6, 10))
    NeedsAssessmentFactory(
        station=world.station, room=world.room1, assessed_on=datetime.date(2022, 6, 1)
    )
    NeedsAssessmentFactory(station=world.station, room=None, assessed_on=datetime.date(2022, 6, 30))
    NeedsAssessmentFactory(
        station=world.station, room=world.room2, assessed_on=datetime.date(2022, 5, 31)
    )
    MediaReportFactory(station=world.station, published_on=datetime.date(2022, 6, 30))
    MediaReportFactory(station=world.station, published_on=datetime.date(2022, 7, 1))
    ExchangeVisitFactory(
        station=world.station, room=world.room2, visited_on=datetime.date(2022, 6, 1)
    )
    return {"residents": residents}


def test_head_counts_and_sign_ins_add_up(world, dataset, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = community_figures(station=world.station, **JUNE)
    assert figures == {
        "activities": 3,
        "direct_participants": 10 + 2 + 7 + 4,
        "indirect_beneficiaries": 5 + 3 + 1,
        "needs_assessments": 2,
    }


def test_rooms_count_linked_activities_once_and_leave_out_station_wide_ones(world, dataset):
    assert community_figures(station=world.station, rooms=[world.room1], **JUNE) == {
        "activities": 2,
        "direct_participants": 19,
        "indirect_beneficiaries": 8,
        "needs_assessments": 1,
    }
    both = community_figures(station=world.station, rooms=[world.room1, world.room2], **JUNE)
    assert (both["activities"], both["direct_participants"]) == (2, 19)
    room2 = community_figures(station=world.station, rooms=[world.room2], **JUNE)
    assert (room2["activities"], room2["direct_participants"], room2["needs_assessments"]) == (
        1,
        7,
        0,
    )


def test_outreach_counts_reports_and_exchanges_in_the_period(world, dataset):
    assert outreach_figures(station=world.station, **JUNE) == {"media_reports": 1, "exchanges": 1}
    assert outreach_figures(station=world.station, rooms=[world.room1], **JUNE) == {
        "media_reports": 0,
        "exchanges": 0,
    }


def test_breakdowns_by_service_area_and_force(world, dataset, django_assert_num_queries):
    with django_assert_num_queries(1):
        areas = activities_by_service_area(station=world.station, **JUNE)
    assert areas["elderly_care"] == 2 and areas["safety"] == 1 and areas["child_welfare"] == 0
    forces = activities_by_force(station=world.station, **JUNE)
    assert forces == {
        "community": 2,
        "social_workers": 0,
        "social_organizations": 0,
        "volunteers": 1,
        "charity": 1,
    }


def test_served_residents_are_the_signed_in_ones(world, dataset):
    ids = sorted(row["resident_id"] for row in served_resident_ids(station=world.station, **JUNE))
    assert ids == sorted(r.pk for r in dataset["residents"])
