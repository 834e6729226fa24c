"""The scoping rules themselves, one persona at a time."""

import pytest
from django.http import Http404

from activities.models import Activity, ActivitySeries
from stations.access import (
    can_see_personal_data,
    get_visible_or_404,
    scope_to_rooms,
    scope_to_station,
    visible_rooms,
)
from stations.models import Resident, Room
from tests.activities.factories import ActivityFactory, SeriesFactory
from tests.factories import HouseholdFactory, ResidentFactory, UserFactory


def test_station_staff_see_every_room_of_their_station_only(world):
    assert set(visible_rooms(world.staff)) == {world.room1, world.room2}


def test_room_worker_sees_only_their_room(world):
    assert list(visible_rooms(world.worker1)) == [world.room1]


def test_room_worker_without_rooms_sees_nothing(world):
    lonely = UserFactory(station=world.station)
    assert not visible_rooms(lonely).exists()
    ResidentFactory(room=world.room1)
    assert not Resident.objects.visible_to(lonely).exists()


def test_supervisor_sees_the_rooms_they_supervise(world):
    assert set(visible_rooms(world.supervisor)) == {world.room1, world.room2}


def test_official_sees_no_personal_data(world):
    ResidentFactory(room=world.room1)
    assert not can_see_personal_data(world.official)
    assert not Resident.objects.visible_to(world.official).exists()


def test_a_room_assigned_in_another_station_is_not_visible(world):
    world.worker1.rooms.add(world.other_room)
    assert list(visible_rooms(world.worker1)) == [world.room1]


def test_get_visible_or_404_hides_another_rooms_resident(world):
    resident = ResidentFactory(room=world.room2)
    with pytest.raises(Http404):
        get_visible_or_404(Resident, world.worker1, pk=resident.pk)
    assert get_visible_or_404(Resident, world.worker2, pk=resident.pk) == resident


def test_room_queryset_visible_to(world):
    assert list(Room.objects.visible_to(world.worker2)) == [world.room2]


def test_scope_to_rooms_follows_every_path_it_is_given(world):
    """A row that reaches room 1 by its second path (a resident of room 2 in a household of
    room 1, as a charity beneficiary line may) is visible to room 1's worker."""
    resident = ResidentFactory(room=world.room2, household=HouseholdFactory(room=world.room1))
    residents = Resident.objects.filter(pk=resident.pk)

    assert list(scope_to_rooms(residents, world.worker1, "room", "household__room")) == [resident]
    assert not scope_to_rooms(residents, world.worker1, "room").exists()
    assert not scope_to_rooms(residents, world.official, "room", "household__room").exists()


def test_scope_to_rooms_lists_a_row_of_two_rooms_once(world):
    both = ActivityFactory(station=world.station, rooms=[world.room1, world.room2])
    station_wide = ActivityFactory(station=world.station, rooms=[])
    ActivityFactory(station=world.other_station, rooms=[])

    assert list(Activity.objects.visible_to(world.staff).order_by("pk")) == [both, station_wide]
    assert Activity.objects.visible_to(world.worker1).count() == 2
    assert not Activity.objects.visible_to(world.official).exists()


def test_scope_to_station_keeps_whole_station_rows_to_personal_data_users(world):
    ours = SeriesFactory(station=world.station)
    SeriesFactory(station=world.other_station)
    series = ActivitySeries.objects.all()

    assert list(scope_to_station(series, world.worker1)) == [ours]
    assert not scope_to_station(series, world.official).exists()
    # Rows without personal data: the official reads their own station's too.
    assert list(scope_to_station(series, world.official, aggregates=True)) == [ours]
