"""The write rules of the organization registry, at the service level (issue 11)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from organizations import services
from organizations.models import Organization
from stations.concurrency import EditConflict
from tests.organizations.factories import OrganizationFactory


def test_a_room_worker_cannot_register_a_town_wide_organization(world):
    with pytest.raises(ValidationError, match="全镇性组织"):
        services.organization_create(
            station=world.station,
            data={"name": "全镇读书会", "category": "charity", "room": None},
            by=world.worker1,
        )
    assert not Organization.objects.filter(name="全镇读书会").exists()


def test_station_staff_register_a_town_wide_organization(world):
    organization = services.organization_create(
        station=world.station,
        data={"name": "全镇读书会", "category": "charity", "room": None},
        by=world.staff,
    )
    assert organization.station == world.station


def test_a_stale_organization_edit_is_a_conflict(world):
    organization = OrganizationFactory(room=world.room1)
    data = {"room": world.room1}
    services.organization_update(
        organization=organization, version=1, data={**data, "member_count": 20}, by=world.worker1
    )
    with pytest.raises(EditConflict):
        services.organization_update(
            organization=organization,
            version=1,
            data={**data, "member_count": 30},
            by=world.worker1,
        )
    assert Organization.objects.get(pk=organization.pk).member_count == 20


def test_an_incubation_record_names_its_worker(world):
    organization = OrganizationFactory(room=world.room1)
    record = services.incubation_record_create(
        organization=organization,
        data={"kind": "training", "date": datetime.date(2022, 5, 1), "content": "培训"},
        by=world.worker1,
    )
    assert (record.organization, record.worker) == (organization, world.worker1)
