"""Importing service records and home visits: the resident's rules (visible, not before the file
opened), bounded durations, the case by number, re-import unchanged, a bad row saves nothing,
undo, and the station's own export comes back unchanged."""

import datetime

import pytest

from cases.models import ServiceRecord
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

pytestmark = pytest.mark.django_db

HEADER = [
    "社工室",
    "服务对象姓名",
    "身份证号",
    "个案编号",
    "走访日期",
    "开始时间",
    "时长（分钟）",
    "结束时间",
    "服务形式",
    "地点",
    "服务内容",
    "服务社工",
]
FILED = datetime.date(2022, 1, 10)


@pytest.fixture
def people(world):
    return [
        ResidentFactory(room=world.room1, real_name="王秀英", registered_on=FILED),
        ResidentFactory(room=world.room2, real_name="张桂兰", registered_on=FILED),
    ]


def kind_for(world, user=None):
    return make_kind("service_records", station=world.station, user=user or world.staff)


def rows(world, people):
    first, second = people
    return [
        [world.room1.name, first.real_name, first.id_number, "", "2022-03-05", "9:30", 45, "", "", "家中", "测量血压", "worker1"],
        [world.room1.name, first.real_name, "", "", "2022年4月5日", "", "", "10:30", "入户", "", "送药上门", ""],
        [world.room2.name, second.real_name, second.id_number, "", "2022.3.6", "14:00", "60", "", "入户", "", "了解近况", str(world.worker2)],
    ]  # fmt: skip


def test_visits_import_count_in_their_year_and_import_again_unchanged(world, people, tmp_path):
    path = xlsx_file(tmp_path / "s.xlsx", [HEADER, *rows(world, people)])
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    outcome = ledger_import(kind_for(world), path, path.name)
    assert (outcome.created, outcome.unchanged) == (3, 0)
    second = ServiceRecord.objects.get(content="送药上门")
    # No start time on paper: 09:00; the end time gives the duration.
    assert second.duration_minutes == 90 and second.worker == world.staff
    assert ServiceRecord.objects.get(content="测量血压").worker == world.worker1
    figures = station_report(
        station=world.station,
        date_from=datetime.date(2022, 1, 1),
        date_to=datetime.date(2022, 12, 31),
    )["casework"]
    assert (figures["contacts"], figures["home_visits"], figures["service_hours"]) == (3, 3, 3.2)
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.unchanged) == (0, 3)


def test_rules_of_the_service_are_kept_per_cell(world, people, tmp_path):
    bad = rows(world, people)
    bad[0][4] = "2021-12-01"  # before the resident's file was opened
    bad[1][6] = 2000  # longer than a day
    bad[2][8] = "电话"  # a phone call without a case
    path = xlsx_file(tmp_path / "s.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    found = {(problem.row, problem.column) for problem in result.problems}
    assert found == {(2, "服务日期"), (3, "时长（分钟）"), (4, "服务形式")}


def test_a_room_worker_imports_only_their_residents(world, people, tmp_path):
    path = xlsx_file(tmp_path / "s.xlsx", [HEADER, *rows(world, people)])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    assert [(problem.row, problem.column) for problem in result.problems] == [(4, "社工室")]


def test_a_bad_last_row_stops_the_file_and_saves_nothing(world, people, tmp_path):
    good = rows(world, people)[:2]
    bad = list(rows(world, people)[2])
    bad[1] = "查无此人"
    bad[2] = ""
    assert import_refused_saving_nothing(
        world, "service_records", [HEADER, *good, bad], [ServiceRecord], tmp_path
    )


def test_undo_and_round_trip(world, people, tmp_path):
    batch = imported_batch(world, "service_records", [HEADER, *rows(world, people)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 3
    again = exported_and_imported_again(world, "service_records", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    batch_undo(batch=batch, by=world.staff)
    assert not ServiceRecord.objects.exists()


def test_a_record_import_never_updates_a_record_so_an_undo_has_nothing_to_put_back(world, people):
    """A record found again (resident, form, start) is unchanged, or refused when it differs:
    no batch updates a service record, so an undo only deletes what its batch created."""
    from ledger.models import RowAction
    from tests.ledger.batches import checked_batch

    imported_batch(world, "service_records", [HEADER, *rows(world, people)])
    again = imported_batch(world, "service_records", [HEADER, *rows(world, people)])
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert not again.rows.filter(action=RowAction.UPDATED).exists()
    changed = rows(world, people)
    changed[0][10] = "测量血压，送药"
    refused = checked_batch(world, "service_records", [HEADER, *changed])
    assert refused.status == BatchStatus.INVALID and not refused.rows.exists()
    assert [(row, column) for row, column, _value, _message in refused.problems] == [
        (2, "服务内容")
    ]
    assert ServiceRecord.objects.get(content="测量血压").duration_minutes == 45
