"""The organizations admin shows a supervisor only the organizations of their rooms.

Every ModelAdmin of the app holds rows of a room: Organization (room; station-level ones have
none and are seen by the whole station), IncubationRecord and OrganizationActivity (through the
organization). PartnerUnit is registered by stations, not here.
"""

from tests.admin_scoping import (
    assert_rows_hidden,
    assert_rows_shown,
    assert_sent_away,
    room2_supervisor,
)
from tests.organizations.factories import IncubationRecordFactory, ParticipationFactory

ADMINS = [
    "organizations_organization",
    "organizations_incubationrecord",
    "organizations_organizationactivity",
]


def rows_of(world, room, prefix):
    link = ParticipationFactory(
        organization__room=room,
        organization__name=f"{prefix}夕阳红志愿服务队",
        activity__title=f"{prefix}义诊活动",
    )
    incubation = IncubationRecordFactory(organization=link.organization)
    name = link.organization.name
    return [
        ("organizations_organization", link.organization.pk, name),
        ("organizations_incubationrecord", incubation.pk, name),
        ("organizations_organizationactivity", link.pk, (name, link.activity.title)),
    ]


def test_a_room2_supervisor_finds_only_room2s_organizations_in_the_admin(client, world):
    room1, room2 = rows_of(world, world.room1, "一室"), rows_of(world, world.room2, "二室")
    supervisor = room2_supervisor(world)
    assert_rows_hidden(client, supervisor, room1)
    assert_rows_shown(client, supervisor, room2)


def test_the_station_staff_finds_room1s_organizations_in_the_admin(client, world):
    assert_rows_shown(client, world.staff, rows_of(world, world.room1, "一室"))


def test_officials_and_room_workers_are_sent_away_from_the_organizations_admin(client, world):
    assert_sent_away(client, [world.official, world.worker1], ADMINS)
