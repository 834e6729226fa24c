"""The groups admin shows a supervisor only the groups of their rooms.

Every ModelAdmin of the app holds rows of a room: Group (room), GroupSession, GroupMember,
GroupEvaluation (through the group) and Attendance (through the session's group).
"""

from groups.models import GroupEvaluation
from tests.admin_scoping import (
    assert_rows_hidden,
    assert_rows_shown,
    assert_sent_away,
    room2_supervisor,
)
from tests.groups.factories import AttendanceFactory, GroupFactory

ADMINS = [
    "groups_group",
    "groups_groupsession",
    "groups_groupmember",
    "groups_attendance",
    "groups_groupevaluation",
]


def rows_of(room, prefix):
    group = GroupFactory(room=room, name=f"{prefix}独居老人互助小组")
    attendance = AttendanceFactory(
        session__group=group, member__group=group, member__volunteer_name=f"{prefix}志愿者"
    )
    evaluation = GroupEvaluation.objects.create(
        group=group, goal_attainment="mostly", evaluated_on="2022-12-20"
    )
    return [
        ("groups_group", group.pk, group.name),
        ("groups_groupsession", attendance.session.pk, group.name),
        ("groups_groupmember", attendance.member.pk, group.name),
        ("groups_attendance", attendance.pk, group.name),
        ("groups_groupevaluation", evaluation.pk, group.name),
    ]


def test_a_room2_supervisor_finds_only_room2s_groups_in_the_admin(client, world):
    room1, room2 = rows_of(world.room1, "一室"), rows_of(world.room2, "二室")
    supervisor = room2_supervisor(world)
    assert_rows_hidden(client, supervisor, room1)
    assert_rows_shown(client, supervisor, room2)


def test_the_station_staff_finds_room1s_groups_in_the_admin(client, world):
    assert_rows_shown(client, world.staff, rows_of(world.room1, "一室"))


def test_officials_and_room_workers_are_sent_away_from_the_groups_admin(client, world):
    assert_sent_away(client, [world.official, world.worker1], ADMINS)
