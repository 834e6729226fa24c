"""The scoping rules themselves, one persona at a time."""

import pytest
from django.http import Http404

from stations.access import can_see_personal_data, get_visible_or_404, visible_rooms
from stations.models import Resident, Room
from tests.factories import ResidentFactory, UserFactory


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
