"""The write rules of volunteer registry and projects, at the service level (issue 11)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from stations.concurrency import EditConflict
from tests.volunteers.factories import ProjectFactory, VolunteerFactory
from volunteers import services
from volunteers.models import Volunteer, VolunteerProject

PROJECT = {
    "name": "助老服务",
    "starts_on": datetime.date(2022, 1, 1),
    "ends_on": datetime.date(2022, 12, 31),
    "max_daily_hours": 8,
    "slots": 5,
}


def test_a_room_worker_cannot_create_a_station_wide_project(world):
    with pytest.raises(ValidationError, match="全站项目"):
        services.project_create(
            station=world.station, data={**PROJECT, "room": None}, by=world.worker1
        )
    assert not VolunteerProject.objects.filter(name="助老服务").exists()


def test_a_project_names_its_organiser(world):
    project = services.project_create(
        station=world.station, data={**PROJECT, "room": world.room1}, by=world.worker1
    )
    assert (project.station, project.organiser) == (world.station, world.worker1)


def test_a_stale_project_edit_is_a_conflict(world):
    project = ProjectFactory(room=world.room1)
    data = {"room": world.room1}
    services.project_update(project=project, version=1, data={**data, "slots": 3}, by=world.worker1)
    with pytest.raises(EditConflict):
        services.project_update(
            project=project, version=1, data={**data, "slots": 4}, by=world.worker1
        )
    assert VolunteerProject.objects.get(pk=project.pk).slots == 3


def test_a_volunteer_edit_keeps_the_blind_index_of_the_phone(world):
    volunteer = VolunteerFactory(room=world.room1)
    saved = services.volunteer_update(
        volunteer=volunteer,
        version=volunteer.version,
        data={"phone": "13912345678"},
        by=world.worker1,
    )
    stored = Volunteer.objects.get(pk=saved.pk)
    assert stored.phone == "13912345678"
    assert stored.phone_hash and stored.version == volunteer.version + 1
