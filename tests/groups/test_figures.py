"""Group figures on a small known dataset. Period: May 2022, boundaries inclusive."""

import datetime

import pytest

from groups.figures import group_figures, served_resident_ids
from groups.models import PlanStatus
from tests.factories import ResidentFactory
from tests.groups.factories import (
    AttendanceFactory,
    GroupFactory,
    GroupMemberFactory,
    GroupSessionFactory,
    local,
)

MAY = {"date_from": datetime.date(2022, 5, 1), "date_to": datetime.date(2022, 5, 31)}


@pytest.fixture
def dataset(world):
    """Room 1's group: resident A signs in at both May sessions (first minute of 1 May, last hour
    of 31 May), volunteer B at one, staff C only in June. A is also in a second group of room 2
    and signs in there in May. A station-level group without sessions is approved and active;
    a draft group is not counted."""
    resident = ResidentFactory(room=world.room1)
    group = GroupFactory(room=world.room1, station=world.station)
    a = GroupMemberFactory(group=group, volunteer_name="", resident=resident)
    b = GroupMemberFactory(group=group, volunteer_name="志愿者乙")
    c = GroupMemberFactory(group=group, volunteer_name="", user=world.staff)
    first = GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 1, 0, 5))
    last = GroupSessionFactory(group=group, number=2, starts_at=local(2022, 5, 31, 22, 0))
    june = GroupSessionFactory(group=group, number=3, starts_at=local(2022, 6, 1, 0, 5))
    AttendanceFactory(session=first, member=a)
    AttendanceFactory(session=last, member=a)
    AttendanceFactory(session=first, member=b)
    AttendanceFactory(session=june, member=c)

    other = GroupFactory(room=world.room2, station=world.station)
    a2 = GroupMemberFactory(group=other, volunteer_name="", resident=resident)
    AttendanceFactory(session=GroupSessionFactory(group=other, number=1), member=a2)

    GroupFactory(
        room=None, station=world.station, start_date=datetime.date(2022, 1, 1), end_date=None
    )
    GroupFactory(room=world.room1, station=world.station, plan_status=PlanStatus.DRAFT)
    GroupFactory(room=world.room1, station=world.station, start_date=datetime.date(2022, 6, 2))
    GroupFactory(room=None, station=world.other_station)
    return {"resident": resident}


def test_whole_station_counts_sign_ins_once_per_person(world, dataset, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = group_figures(station=world.station, **MAY)
    assert figures == {
        "groups": 3,  # room 1's, room 2's, the active station-level one
        "sessions": 3,  # two in room 1 on the boundary days, one in room 2
        "attendances": 4,  # A twice and B once in room 1, A once in room 2
        "members": 2,  # A (in two groups) and B; C signed in only in June
    }


def test_rooms_limit_the_figures_to_their_groups(world, dataset):
    assert group_figures(station=world.station, rooms=[world.room1], **MAY) == {
        "groups": 1,
        "sessions": 2,
        "attendances": 3,
        "members": 2,
    }
    assert group_figures(station=world.station, rooms=[world.room2], **MAY)["attendances"] == 1


def test_a_person_signed_in_twice_is_two_attendances_and_one_member(world):
    group = GroupFactory(room=world.room1, station=world.station)
    member = GroupMemberFactory(group=group)
    for number in (1, 2):
        AttendanceFactory(
            session=GroupSessionFactory(
                group=group, number=number, starts_at=local(2022, 5, number * 3)
            ),
            member=member,
        )
    figures = group_figures(station=world.station, **MAY)
    assert (figures["attendances"], figures["members"]) == (2, 1)


def test_served_residents_are_the_residents_signed_in(world, dataset):
    ids = [row["resident_id"] for row in served_resident_ids(station=world.station, **MAY)]
    assert ids == [dataset["resident"].pk]
    june = {"date_from": datetime.date(2022, 6, 1), "date_to": datetime.date(2022, 6, 30)}
    assert list(served_resident_ids(station=world.station, **june)) == []


def test_figures_are_per_station(world, dataset):
    figures = group_figures(station=world.other_station, **MAY)
    assert figures == {"groups": 1, "sessions": 0, "attendances": 0, "members": 0}


def test_a_registered_volunteer_in_two_groups_is_one_member_and_namesakes_are_two(world):
    """Members are counted by who they are, not by the name typed: the same volunteer signed in
    at two groups is one member; two registered volunteers sharing a name are two."""
    from tests.volunteers.factories import VolunteerFactory

    one = VolunteerFactory(room=world.room1, real_name="王芳")
    namesake = VolunteerFactory(room=world.room2, real_name="王芳")
    for room, volunteers in ((world.room1, [one]), (world.room2, [one, namesake])):
        group = GroupFactory(room=room, station=world.station)
        session = GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 10, 9, 0))
        for volunteer in volunteers:
            member = GroupMemberFactory(group=group, volunteer_name="", volunteer=volunteer)
            AttendanceFactory(session=session, member=member)
    figures = group_figures(station=world.station, **MAY)
    assert (figures["attendances"], figures["members"]) == (3, 2)
