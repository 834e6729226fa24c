"""Importing past cases: the stage dates count in their own year, numbers carry the year the case
was opened (or are kept in the station's format), dates in order, scope, re-import, undo."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Approval, Case, CaseNumberCounter, CaseTransition, Closing, Intake
from ledger.models import BatchStatus
from ledger.services import batch_undo, ledger_check, ledger_import, make_kind
from reports.services import station_report
from tests.factories import ResidentFactory, make_ric
from tests.ledger.batches import (
    exported_and_imported_again,
    import_refused_saving_nothing,
    imported_batch,
)
from tests.ledger.conftest import xlsx_file

pytestmark = pytest.mark.django_db

HEADER = [
    "社工室",
    "个案编号",
    "服务对象姓名",
    "公民身份号码",
    "负责社工",
    "督导",
    "个案来源",
    "主要问题",
    "接案日期",
    "开案日期",
    "当前阶段",
    "进入该阶段日期",
    "结案日期",
    "结案原因",
]


def ric(serial):
    return make_ric(ResidentFactory.birth_date, ResidentFactory.sex, serial=serial)


@pytest.fixture
def people(world):
    return [
        # Distinct serials: the factory's random one gives two of the three the same ID number in
        # about one run in twenty, and the import then (rightly) cannot tell them apart.
        ResidentFactory(room=world.room1, real_name="王秀英", id_number=ric(1)),
        ResidentFactory(room=world.room1, real_name="李德福", id_number=ric(2)),
        ResidentFactory(room=world.room2, real_name="张桂兰", id_number=ric(3)),
    ]


def kind_for(world, user=None):
    return make_kind("cases", station=world.station, user=user or world.staff)


def rows(world, people):
    first, second, third = people
    supervisor = str(world.supervisor)
    return [
        # Opened 2022-03-01 and closed 2022-09-20, entered today, numbered on paper.
        [
            world.room1.name,
            "纸质-17",
            first.real_name,
            first.id_number,
            "worker1",
            supervisor,
            "主动求助",
            "独居，缺少照料",
            "2022-02-25",
            "2022-03-01",
            "已结案",
            "",
            "2022年9月20日",
            "目标达成",
        ],
        # Still in intervention, found by name in the room; the station's own number is kept.
        [
            world.room1.name,
            "TST-2023-0042",
            second.real_name,
            "",
            str(world.worker1),
            "",
            "",
            "子女外出务工，情绪低落",
            "2023-04-02",
            "2023.4.10",
            "介入",
            "2023-06-01",
            "",
            "",
        ],
        # Came in and was not accepted: never opened.
        [
            world.room2.name,
            "",
            third.real_name,
            third.id_number,
            "",
            "",
            "外展发现",
            "咨询低保政策",
            "2022-05-06",
            "",
            "不接案",
            "",
            "2022-05-08",
            "",
        ],
    ]


def report(world, year):
    figures = station_report(
        station=world.station,
        date_from=datetime.date(year, 1, 1),
        date_to=datetime.date(year, 12, 31),
    )["casework"]
    return figures["cases_opened"], figures["cases_closed"], figures["cases_open_at_end"]


def test_a_2022_case_entered_today_counts_in_2022_with_its_stage_log(world, people, tmp_path):
    path = xlsx_file(tmp_path / "c.xlsx", [HEADER, *rows(world, people)])
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    outcome = ledger_import(kind_for(world), path, path.name)
    assert (outcome.created, outcome.unchanged) == (3, 0)

    closed = Case.objects.get(resident=people[0])
    assert closed.number == "TST-2022-0001"
    assert (closed.opened_on, closed.closed_on) == (
        datetime.date(2022, 3, 1),
        datetime.date(2022, 9, 20),
    )
    assert closed.stage == "closed" and closed.worker == world.worker1
    assert Intake.objects.get(case=closed).intake_date == datetime.date(2022, 2, 25)
    assert Closing.objects.get(case=closed).reason == "goals_met"
    log = list(closed.transitions.values_list("to_stage", "happened_on", "by"))
    assert log == [
        ("inquiry", datetime.date(2022, 2, 25), world.staff.pk),
        ("intake", datetime.date(2022, 3, 1), world.staff.pk),
        ("closed", datetime.date(2022, 9, 20), world.staff.pk),
    ]
    assert "纸质-17" in closed.transitions.first().comment
    # The supervisor who signed on paper is named; the importer entered it.
    approvals = Approval.objects.filter(case=closed).order_by("kind")
    assert [(a.kind, a.paper_supervisor, a.decided_by, a.decided_on) for a in approvals] == [
        ("closing", world.supervisor, world.staff, datetime.date(2022, 9, 20)),
        ("opening", world.supervisor, world.staff, datetime.date(2022, 3, 1)),
    ]

    kept = Case.objects.get(resident=people[1])
    assert (kept.number, kept.stage) == ("TST-2023-0042", "intervention")
    assert CaseNumberCounter.objects.get(station=world.station, year=2023).last_serial == 42
    assert Case.objects.get(resident=people[2]).opened_on is None

    # 2022: one opened, one closed; the unaccepted inquiry is neither. This year: nothing.
    assert report(world, 2022) == (1, 1, 0)
    assert report(world, 2023) == (1, 0, 1)
    assert report(world, timezone.localdate().year)[:2] == (0, 0)

    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_dates_out_of_order_or_in_the_future_are_refused_per_cell(world, people, tmp_path):
    bad = rows(world, people)
    bad[0][12] = "2022-02-01"  # closed before it was opened
    bad[1][9] = ""  # a case in intervention was opened
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad[2][12] = tomorrow.isoformat()
    path = xlsx_file(tmp_path / "c.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    found = {(problem.row, problem.column) for problem in result.problems}
    assert (2, "结案日期") in found
    assert (3, "开案日期") in found
    assert (4, "结案日期") in found
    assert not Case.objects.exists()


def test_an_unknown_worker_or_resident_outside_the_rooms_is_refused(world, people, tmp_path):
    bad = rows(world, people)
    bad[0][4] = "不存在的社工"
    path = xlsx_file(tmp_path / "c.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    columns = {(problem.row, problem.column) for problem in result.problems}
    assert (2, "负责社工") in columns
    # worker1 serves room 1 only: the room-2 row is not theirs.
    assert (4, "社工室") in columns


def test_a_bad_last_row_stops_the_file_and_saves_nothing(world, people, tmp_path):
    good = rows(world, people)[:2]
    bad = list(rows(world, people)[2])
    bad[10] = "已结案"  # closed without an opening date or reason
    assert import_refused_saving_nothing(
        world, "cases", [HEADER, *good, bad], [Case, CaseTransition], tmp_path
    )


def test_changed_stage_of_a_recorded_case_is_refused(world, people, tmp_path):
    path = xlsx_file(tmp_path / "c.xlsx", [HEADER, *rows(world, people)[1:2]])
    ledger_import(kind_for(world), path, path.name)
    changed = rows(world, people)[1]
    changed[10] = "评估"
    path = xlsx_file(tmp_path / "c2.xlsx", [HEADER, changed])
    result = ledger_check(kind_for(world), path, path.name)
    assert "TST-2023-0042" in result.problems[0].message


def test_undo_removes_the_cases_and_round_trip_is_unchanged(world, people, tmp_path):
    batch = imported_batch(world, "cases", [HEADER, *rows(world, people)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 3
    again = exported_and_imported_again(world, "cases", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    batch_undo(batch=batch, by=world.staff)
    assert not Case.objects.exists()
    assert not CaseTransition.objects.exists()


def test_undo_stops_when_the_case_was_worked_on_since(world, people, tmp_path):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from cases.services import record_create

    batch = imported_batch(world, "cases", [HEADER, *rows(world, people)[1:2]])
    case = Case.objects.get()
    start = timezone.now() - datetime.timedelta(days=1)
    record_create(
        resident=case.resident,
        worker=world.worker1,
        form="interview",
        start_at=start,
        end_at=start + datetime.timedelta(minutes=30),
        content="面谈",
        by=world.worker1,
        case=case,
    )
    with pytest.raises(ValidationError, match="不能撤销"):
        batch_undo(batch=batch, by=world.staff)
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_case_import_never_updates_a_case_so_an_undo_has_nothing_to_put_back(
    world, people, tmp_path
):
    """A case found again is unchanged, or refused when the row differs (see above): no batch
    updates a case, so an undo only deletes what its batch created."""
    from ledger.models import RowAction
    from tests.ledger.batches import checked_batch

    imported_batch(world, "cases", [HEADER, *rows(world, people)])
    again = imported_batch(world, "cases", [HEADER, *rows(world, people)])
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert not again.rows.filter(action=RowAction.UPDATED).exists()
    changed = rows(world, people)[1]
    changed[10] = "评估"
    refused = checked_batch(world, "cases", [HEADER, changed])
    assert refused.status == BatchStatus.INVALID and not refused.rows.exists()


def test_service_areas_and_populations_are_imported_or_taken_from_the_tags(world, people, tmp_path):
    """服务领域 and 服务人群 go onto the case (the X block counts its service records by them); an
    empty 服务人群 takes the populations of the resident's tags in force on the intake date, as a
    case registered on the site does: a tag begun after it does not count."""
    from stations.models import KeyPopulationTag

    first, second, _third = people
    KeyPopulationTag.objects.create(
        resident=second, category="disabled", start_date=datetime.date(2020, 1, 1)
    )
    KeyPopulationTag.objects.create(
        resident=second, category="elderly_alone", start_date=datetime.date(2024, 1, 1)
    )
    header = [*HEADER, "服务领域", "服务人群"]
    tagged, untagged, _never = rows(world, people)
    path = xlsx_file(
        tmp_path / "c.xlsx",
        [header, [*tagged, "养老服务、纠纷调解", "老年人"], [*untagged, "残疾人服务", ""]],
    )
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    ledger_import(kind_for(world), path, path.name)
    chosen, from_tags = Case.objects.get(resident=first), Case.objects.get(resident=second)
    assert (chosen.service_areas, chosen.target_populations) == (
        ["elderly_care", "mediation"],
        ["elderly"],
    )
    assert (from_tags.service_areas, from_tags.target_populations) == (
        ["disability"],
        ["disabled"],
    )
    again = exported_and_imported_again(world, "cases", tmp_path)
    assert (again.created, again.unchanged) == (0, 2)
