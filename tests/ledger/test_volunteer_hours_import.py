"""Importing past volunteer hours: the volunteer by ID number or name + phone, the service by
project name or activity title + date, bounded hours, confirmed by the importer, scope, undo."""

import datetime
from decimal import Decimal

import pytest

from ledger.models import BatchStatus
from ledger.services import batch_undo, ledger_check, ledger_import, make_kind
from tests.ledger.batches import (
    exported_and_imported_again,
    import_refused_saving_nothing,
    imported_batch,
)
from tests.ledger.conftest import xlsx_file
from tests.volunteers.factories import ActivityFactory, ProjectFactory, VolunteerFactory, aware
from volunteers.models import RecordStatus, ServiceRecord, ServiceRecordChange, VolunteerProject

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "公民身份号码", "手机号", "服务项目", "活动名称", "服务日期", "时长", "服务内容"]


@pytest.fixture
def people(world):
    return [
        VolunteerFactory(room=world.room1, real_name="李一", phone="13891700001"),
        VolunteerFactory(room=world.room1, real_name="李二", phone="13891700002"),
        VolunteerFactory(room=world.room2, real_name="王三", phone="13891700003"),
    ]


def kind_for(world, user=None):
    return make_kind("volunteer_hours", station=world.station, user=user or world.staff)


def rows(people):
    first, second, _third = people
    return [
        [first.real_name, first.id_number, "", "关爱独居老人", "", "2022-03-05", 2.5, "入户探访"],
        [first.real_name, first.id_number, "", "关爱独居老人", "", "2022年3月12日", 3, "陪同就医"],
        # Found by name and phone: no ID number in the paper ledger.
        [second.real_name, "", second.phone, "关爱独居老人", "", "2022.3.5", "2", "入户探访"],
    ]


def check(world, path, user=None):
    return ledger_check(kind_for(world, user), path, path.name)


def test_hours_are_imported_confirmed_by_the_importer_and_found_again(world, people, tmp_path):
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, *rows(people)])
    assert check(world, path).error_count == 0
    first = ledger_import(kind_for(world), path, path.name)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    project = VolunteerProject.objects.get(name="关爱独居老人")
    assert (project.starts_on, project.ends_on) == (
        datetime.date(2022, 3, 5),
        datetime.date(2022, 3, 12),
    )
    record = ServiceRecord.objects.get(volunteer=people[1])
    assert record.date == datetime.date(2022, 3, 5) and record.hours == Decimal("2.00")
    assert record.status == RecordStatus.CONFIRMED and record.confirmed_by == world.staff
    assert record.changes.count() == 2  # recorded, then confirmed: the same log as the forms
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert ServiceRecord.objects.count() == 3


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(world, people, tmp_path):
    bad = rows(people)
    bad[0][6] = 30  # more than a day holds
    bad[1][0] = "查无此人"
    bad[1][1] = ""
    bad[1][2] = "13800000000"
    bad[2][3] = ""  # neither project nor activity
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, *bad])
    result = check(world, path)
    found = {(problem.row, problem.column) for problem in result.problems}
    assert found == {(2, "服务时长（小时）"), (3, "身份证号"), (4, "志愿服务项目")}
    assert "24" in result.problems[0].message
    assert not ServiceRecord.objects.exists() and not VolunteerProject.objects.exists()


def test_an_activity_is_found_by_title_and_date_and_bounds_the_hours(world, people, tmp_path):
    activity = ActivityFactory(
        station=world.station,
        title="重阳敬老",
        starts_at=aware(datetime.date(2022, 10, 4), 9),
        ends_at=aware(datetime.date(2022, 10, 4), 11),
        rooms=[world.room1],
    )
    ok = [people[0].real_name, people[0].id_number, "", "", "重阳敬老", "2022-10-04", 2, "布置"]
    long = [people[1].real_name, people[1].id_number, "", "", "重阳敬老", "2022-10-04", 5, "布置"]
    wrong_day = [people[1].real_name, "", people[1].phone, "", "重阳敬老", "2022-10-05", 1, "x"]
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, ok, long, wrong_day])
    result = check(world, path)
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (3, "服务时长（小时）"),
        (4, "社区活动名称"),
    ]
    path = xlsx_file(tmp_path / "ok.xlsx", [HEADER, ok])
    ledger_import(kind_for(world), path, path.name)
    assert ServiceRecord.objects.get().activity == activity


def test_a_different_number_of_hours_for_the_same_record_is_refused(world, people, tmp_path):
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, *rows(people)])
    ledger_import(kind_for(world), path, path.name)
    changed = rows(people)
    changed[0][6] = 4
    path = xlsx_file(tmp_path / "h2.xlsx", [HEADER, *changed])
    result = check(world, path)
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (2, "服务时长（小时）")
    ]


def test_a_room_worker_imports_only_their_rooms_volunteers(world, people, tmp_path):
    third = people[2]
    row = [third.real_name, third.id_number, "", "关爱独居老人", "", "2022-03-05", 2, "探访"]
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, row])
    result = check(world, path, world.worker1)
    assert result.problems[0].column == "身份证号"
    assert "没有找到" in result.problems[0].message


def test_a_worker_confirms_hours_of_their_rooms_project_only(world, people, tmp_path):
    ProjectFactory(room=None, station=world.station, name="全镇防疫值守")
    ProjectFactory(room=world.room1, name="一室助老")
    first = people[0]
    station_wide = [
        first.real_name,
        first.id_number,
        "",
        "全镇防疫值守",
        "",
        "2022-04-01",
        4,
        "值守",
    ]
    own = [first.real_name, first.id_number, "", "一室助老", "", "2022-04-01", 2, "助老"]
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, own])
    ledger_import(kind_for(world, world.worker1), path, path.name)
    assert ServiceRecord.objects.get().status == RecordStatus.CONFIRMED
    # A station-wide project is not the worker's to use: the row is refused, nothing created.
    path = xlsx_file(tmp_path / "h2.xlsx", [HEADER, station_wide])
    assert check(world, path, world.worker1).error_count == 0  # a project of that name is new
    ledger_import(kind_for(world, world.worker1), path, path.name)
    created = VolunteerProject.objects.filter(name="全镇防疫值守", room=world.room1)
    assert created.count() == 1  # the worker's own project, not the station's


def test_a_batch_of_hours_is_undone_with_its_project_and_log(world, people):
    batch = imported_batch(world, "volunteer_hours", [HEADER, *rows(people)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 3
    batch_undo(batch=batch, by=world.staff)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert not ServiceRecord.objects.exists()
    assert not ServiceRecordChange.objects.exists()
    assert not VolunteerProject.objects.exists()


def test_volunteer_hours_export_and_import_again(world, people, tmp_path):
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, *rows(people)])
    ledger_import(kind_for(world), path, path.name)
    again = exported_and_imported_again(world, "volunteer_hours", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_an_id_number_goes_through_the_forms_check(world, people, tmp_path):
    row = rows(people)[0]
    row[1] = row[1][:-1] + ("0" if row[1][-1] != "0" else "1")  # a wrong check digit
    path = xlsx_file(tmp_path / "h.xlsx", [HEADER, row])
    result = check(world, path)
    assert [problem.column for problem in result.problems] == ["身份证号"]
    assert result.problems[0].value.count("*") >= 8  # the report never shows the number


def test_a_bad_last_row_aborts_the_import_and_saves_nothing(world, people, tmp_path):
    good = rows(people)
    bad = list(good[-1])
    bad[6] = 30
    assert import_refused_saving_nothing(
        world, "volunteer_hours", [HEADER, *good, bad], (ServiceRecord, VolunteerProject), tmp_path
    )


def test_the_day_the_organiser_confirmed_comes_with_the_row(world, people, tmp_path):
    first = people[0]
    header = [*HEADER, "确认日期"]
    row = [first.real_name, first.id_number, "", "关爱独居老人", "", "2022-03-05", 2, "入户探访"]
    path = xlsx_file(tmp_path / "h.xlsx", [header, [*row, "2022-03-31"]])
    ledger_import(kind_for(world), path, path.name)
    record = ServiceRecord.objects.get()
    assert (record.status, record.confirmed_on) == (
        RecordStatus.CONFIRMED,
        datetime.date(2022, 3, 31),
    )
    early = xlsx_file(
        tmp_path / "e.xlsx", [header, [*row[:5], "2022-04-05", 2, "入户", "2022-04-01"]]
    )
    problems = check(world, early).problems
    assert [(problem.column, problem.row) for problem in problems] == [("确认日期", 2)]


def test_undoing_a_batch_puts_back_the_pending_hours_it_confirmed(world, people):
    header = [*HEADER, "状态"]
    first = imported_batch(
        world, "volunteer_hours", [header, *[[*r, "待确认"] for r in rows(people)]]
    )
    assert set(ServiceRecord.objects.values_list("status", flat=True)) == {RecordStatus.RECORDED}
    second = imported_batch(
        world, "volunteer_hours", [header, *[[*r, "已确认"] for r in rows(people)]]
    )
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 3, 0)
    assert ServiceRecordChange.objects.filter(action="confirm").count() == 3
    batch_undo(batch=second, by=world.staff)
    assert (
        list(ServiceRecord.objects.values_list("status", "confirmed_by", "confirmed_on"))
        == [(RecordStatus.RECORDED, None, None)] * 3
    )
    assert not ServiceRecordChange.objects.filter(action="confirm").exists()
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not ServiceRecord.objects.exists()


def test_hours_disputed_since_the_batch_confirmed_them_are_not_undone(world, people):
    from django.core.exceptions import ValidationError

    from volunteers.services import record_dispute

    header = [*HEADER, "状态"]
    imported_batch(world, "volunteer_hours", [header, *[[*r, "待确认"] for r in rows(people)]])
    second = imported_batch(
        world, "volunteer_hours", [header, *[[*r, "已确认"] for r in rows(people)]]
    )
    record = ServiceRecord.objects.order_by("pk").first()
    record_dispute(record=record, reason="少记了一小时", by=world.staff)
    with pytest.raises(ValidationError, match="又被修改"):
        batch_undo(batch=second, by=world.staff)
    assert ServiceRecord.objects.get(pk=record.pk).status == RecordStatus.DISPUTED
