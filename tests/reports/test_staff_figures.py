import datetime

import pytest

from stations.models import Certification, Role
from stations.staff_figures import base_figures
from tests.factories import RoomFactory, StationFactory, UserFactory

DAY = datetime.date(2022, 1, 1)


@pytest.fixture
def station_with_staff(db):
    station = StationFactory()
    pilot = RoomFactory(station=station, is_pilot=True)
    staffed = RoomFactory(station=station)
    empty = RoomFactory(station=station)
    UserFactory(station=station, role=Role.STATION_STAFF, certification=Certification.INTERMEDIATE)
    UserFactory(station=station, rooms=[pilot], certification=Certification.JUNIOR)
    UserFactory(station=station, rooms=[pilot], certification=Certification.JUNIOR)
    UserFactory(station=station, rooms=[staffed], certification=Certification.SENIOR)
    # An inactive worker does not cover the empty room.
    UserFactory(station=station, rooms=[empty], is_active=False)
    UserFactory(station=station, role=Role.SUPERVISOR, rooms=[pilot, staffed])
    UserFactory(station=station, role=Role.OFFICIAL, certification=Certification.JUNIOR)
    # Another station's people never count.
    UserFactory(rooms=[RoomFactory()])
    return station, pilot, staffed, empty


def test_the_whole_station_counts_rooms_coverage_staff_and_certificates(station_with_staff):
    station, *_ = station_with_staff
    figures = base_figures(station=station, date_from=DAY, date_to=DAY)
    assert figures == {
        "rooms": 3,
        "rooms_covered": 2,
        "coverage_percent": 66.7,
        "pilot_rooms": 1,
        "station_workers": 1,
        "room_workers": 3,
        "supervisors": 1,
        "certified": {
            "junior": 2,
            "intermediate": 1,
            "senior": 1,
            "room_workers": {"junior": 2, "intermediate": 0, "senior": 1},
            "station_staff": {"junior": 0, "intermediate": 1, "senior": 0},
        },
    }


def test_one_room_counts_only_the_people_linked_to_it(station_with_staff):
    station, pilot, _staffed, empty = station_with_staff
    figures = base_figures(station=station, date_from=DAY, date_to=DAY, rooms=[pilot])
    assert figures["rooms"] == 1
    assert figures["coverage_percent"] == 100.0
    assert figures["pilot_rooms"] == 1
    assert figures["station_workers"] == 0
    assert figures["room_workers"] == 2
    assert figures["supervisors"] == 1
    assert figures["certified"] == {
        "junior": 2,
        "intermediate": 0,
        "senior": 0,
        "room_workers": {"junior": 2, "intermediate": 0, "senior": 0},
        "station_staff": {"junior": 0, "intermediate": 0, "senior": 0},
    }
    uncovered = base_figures(station=station, date_from=DAY, date_to=DAY, rooms=[empty])
    assert (uncovered["rooms_covered"], uncovered["coverage_percent"]) == (0, 0.0)


def test_a_station_without_rooms_has_zero_coverage_not_an_error(db):
    figures = base_figures(station=StationFactory(), date_from=DAY, date_to=DAY)
    assert figures["rooms"] == 0
    assert figures["coverage_percent"] == 0.0


def test_base_figures_take_two_queries_whatever_the_staff(
    station_with_staff, django_assert_num_queries
):
    station, pilot, *_ = station_with_staff
    with django_assert_num_queries(2):
        base_figures(station=station, date_from=DAY, date_to=DAY)
    UserFactory.create_batch(10, station=station, rooms=[pilot])
    with django_assert_num_queries(2):
        base_figures(station=station, date_from=DAY, date_to=DAY, rooms=[pilot])
