"""Importing groups as a station's Excel holds them: one row per session, the members who
attended in one cell; re-import unchanged, a bad row saves nothing, undo, own export unchanged."""

import datetime

import pytest

from groups.models import Attendance, Group, GroupMember, GroupSession
from ledger.models import BatchStatus
from ledger.services import batch_undo, ledger_check, ledger_import, make_kind
from reports.services import station_report
from tests.factories import ResidentFactory
from tests.ledger.batches import (
    exported_and_imported_again,
    import_refused_saving_nothing,
    imported_batch,
)
from tests.ledger.conftest import xlsx_file
from tests.volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "社工室",
    "小组名称",
    "小组类型",
    "开始日期",
    "结束日期",
    "节次",
    "活动日期",
    "开始时间",
    "时长（分钟）",
    "主题",
    "地点",
    "带领社工",
    "出席组员",
]


@pytest.fixture
def people(world):
    ResidentFactory(room=world.room1, real_name="王秀英")
    ResidentFactory(room=world.room1, real_name="李德福")
    VolunteerFactory(room=world.room1, real_name="张明")


def rows(world):
    room = world.room1.name
    return [
        [room, "长者互助小组", "支持小组", "2022-03-01", "2022-05-31", 1, "2022-03-08", "9:30", 90, "相识", "活动室", "worker1", "王秀英、李德福、志愿者:张明"],
        [room, "长者互助小组", "支持小组", "2022-03-01", "2022-05-31", 2, "2022-03-15", "", 90, "分享", "活动室", "", "王秀英，工作人员:worker1"],
    ]  # fmt: skip


def kind_for(world, user=None):
    return make_kind("groups", station=world.station, user=user or world.staff)


def test_groups_import_with_sessions_and_sign_ins(world, people, tmp_path):
    path = xlsx_file(tmp_path / "g.xlsx", [HEADER, *rows(world)])
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    outcome = ledger_import(kind_for(world), path, path.name)
    assert (outcome.created, outcome.unchanged) == (2, 0)
    group = Group.objects.get()
    assert group.plan_status == "approved" and group.room == world.room1
    assert GroupMember.objects.filter(group=group).count() == 4
    assert Attendance.objects.count() == 5
    figures = station_report(
        station=world.station,
        date_from=datetime.date(2022, 1, 1),
        date_to=datetime.date(2022, 12, 31),
    )["groupwork"]
    assert (figures["groups"], figures["sessions"], figures["attendances"]) == (1, 2, 5)
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.unchanged) == (0, 2)


def test_unknown_members_and_dates_outside_the_group_are_refused(world, people, tmp_path):
    bad = rows(world)
    bad[0][12] = "王秀英、查无此人"
    bad[1][6] = "2022-02-15"
    path = xlsx_file(tmp_path / "g.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    found = {(problem.row, problem.column) for problem in result.problems}
    assert found == {(2, "出席组员"), (3, "活动日期")}
    assert "查无此人" in result.problems[0].message


def test_a_bad_last_row_stops_the_file_and_saves_nothing(world, people, tmp_path):
    good, bad = rows(world)
    bad = list(bad)
    bad[12] = "查无此人"
    assert import_refused_saving_nothing(
        world, "groups", [HEADER, good, bad], [Group, GroupSession, Attendance], tmp_path
    )


def test_undo_and_round_trip(world, people, tmp_path):
    batch = imported_batch(world, "groups", [HEADER, *rows(world)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 2
    again = exported_and_imported_again(world, "groups", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    batch_undo(batch=batch, by=world.staff)
    assert not Group.objects.exists() and not GroupMember.objects.exists()


def test_a_group_import_never_updates_a_group_or_session_so_an_undo_deletes_only_its_own(
    world, people
):
    """A session found again is unchanged, or refused when it differs; a new session of a
    known group is created: no batch updates a group or a session."""
    from ledger.models import RowAction
    from tests.ledger.batches import checked_batch

    first = imported_batch(world, "groups", [HEADER, *rows(world)])
    changed = rows(world)
    changed[1][12] = "王秀英、李德福"  # another sign-in list
    refused = checked_batch(world, "groups", [HEADER, *changed])
    assert refused.status == BatchStatus.INVALID and not refused.rows.exists()
    third = [*rows(world)[1][:5], 3, "2022-03-22", "9:30", 90, "告别", "活动室", "", "王秀英"]
    second = imported_batch(world, "groups", [HEADER, *rows(world), third])
    assert (second.created_count, second.updated_count, second.unchanged_count) == (1, 0, 2)
    assert not second.rows.filter(action=RowAction.UPDATED).exists()
    batch_undo(batch=second, by=world.staff)
    assert list(GroupSession.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not Group.objects.exists()


def test_a_groups_areas_and_populations_are_imported_and_counted_in_the_x_block(
    world, people, tmp_path
):
    """服务领域 and 服务人群, the same on each row of a group, tag the group: the X block counts
    its sessions and sign-ins under them. A row that gives the group other tags is refused."""
    from reports.services import x_block

    header = [*HEADER, "服务领域", "服务人群"]
    tagged = [[*row, "养老服务", "老年人"] for row in rows(world)]
    path = xlsx_file(tmp_path / "g.xlsx", [header, *tagged])
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    ledger_import(kind_for(world), path, path.name)
    group = Group.objects.get()
    assert (group.service_areas, group.target_populations) == (["elderly_care"], ["elderly"])
    block = x_block(
        station=world.station,
        date_from=datetime.date(2022, 1, 1),
        date_to=datetime.date(2022, 12, 31),
    )
    elderly = next(row for row in block["by_target_population"] if row["key"] == "elderly")
    # Two sessions; five sign-ins, of which three are residents' (two distinct residents).
    assert elderly["groups"] == {"records": 2, "person_times": 5, "people": 2}
    again = exported_and_imported_again(world, "groups", tmp_path)
    assert (again.created, again.unchanged) == (0, 2)

    other = [tagged[0], [*tagged[1][:-2], "儿童福利", "儿童"]]
    other = [[*row[:1], "另一个小组", *row[2:]] for row in other]
    check = ledger_check(kind_for(world), xlsx_file(tmp_path / "h.xlsx", [header, *other]), "h")
    assert [problem.row for problem in check.problems] == [3]
