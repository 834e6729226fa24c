"""Importing residents: check first, all or nothing, again without duplicates, scope, undo."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ledger.reader import BadFile, parse_date
from ledger.services import ledger_check, ledger_import, make_kind
from stations.models import Consent, Household, KeyPopulationTag, Resident
from tests.factories import ResidentFactory, make_ric
from tests.ledger.conftest import BIRTH, HEADER, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


def kind_for(world, user=None, room=None):
    return make_kind(
        "residents", station=world.station, user=user or world.staff, default_room=room
    )


def good_rows(world, count=3):
    return [
        [
            world.room1.name,
            f"张{n}",
            make_ric(BIRTH, "female", serial=n),
            "13991700001",
            "张家户",
            "户主" if n == 0 else "子女",
            "2022.3.1",
            "空巢/独居老人、低保对象",
        ]
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-01", datetime.date(2022, 3, 1)),
        ("2022/3/1", datetime.date(2022, 3, 1)),
        ("2022.3.1", datetime.date(2022, 3, 1)),
        ("2022年3月1日", datetime.date(2022, 3, 1)),
        ("20220301", datetime.date(2022, 3, 1)),
        (44621, datetime.date(2022, 3, 1)),
        ("44621", datetime.date(2022, 3, 1)),
        (datetime.datetime(2022, 3, 1, 0, 0), datetime.date(2022, 3, 1)),
    ],
)
def test_dates_are_read_in_the_forms_people_type(text, expected):
    assert parse_date(text) == expected


def test_a_clean_file_imports_every_row_with_households_and_tags(world, tmp_path):
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *good_rows(world)])
    kind = kind_for(world)
    result = ledger_check(kind, path, path.name)
    assert (result.total_rows, result.error_count) == (3, 0), result.problems
    outcome = ledger_import(kind_for(world), path, path.name)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 0, 0)
    resident = Resident.objects.get(real_name="张0")
    assert resident.birth_date == BIRTH and resident.sex == "female"  # from the ID number
    assert resident.registered_on == datetime.date(2022, 3, 1)
    assert resident.phone == "13991700001" and resident.id_number_hash
    assert Household.objects.get().members.count() == 3
    assert KeyPopulationTag.objects.filter(resident=resident).count() == 2
    assert resident.created_by == world.staff


def test_importing_the_same_file_again_changes_nothing(world, tmp_path):
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *good_rows(world)])
    ledger_import(kind_for(world), path, path.name)
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Resident.objects.count() == 3 and KeyPopulationTag.objects.count() == 6


def test_a_changed_row_updates_the_resident_found_by_id_number(world, tmp_path):
    rows = good_rows(world)
    ledger_import(kind_for(world), xlsx_file(tmp_path / "a.xlsx", [HEADER, *rows]), "a.xlsx")
    rows[1][3] = "13991700002"
    outcome = ledger_import(
        kind_for(world), xlsx_file(tmp_path / "b.xlsx", [HEADER, *rows]), "b.xlsx"
    )
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    assert Resident.objects.get(real_name="张1").phone == "13991700002"


def test_bad_rows_are_all_reported_and_nothing_is_saved(world, tmp_path):
    rows = good_rows(world, 4)
    rows[0][2] = "610303195003140021"  # wrong check character
    rows[1][6] = "2022-13-45"
    rows[2][7] = "外星人"
    path = xlsx_file(tmp_path / "bad.xlsx", [HEADER, *rows])
    result = ledger_check(kind_for(world), path, path.name)
    assert result.error_count == 3
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "身份证号"),
        (3, "建档日期"),
        (4, "重点人群"),
    ]
    assert "校验码" in result.problems[0].message
    assert "*" in result.problems[0].value  # ID numbers are masked in the report
    assert Resident.objects.count() == 0


def test_csv_in_gb18030_with_aliased_headers_is_read(world, tmp_path):
    header = ["社工室", "姓名", "公民身份号码", "手机号", "建档日期"]
    rows = [[world.room1.name, "李四", make_ric(BIRTH, "male"), "13991700003", "2022年3月1日"]]
    path = csv_file(tmp_path / "r.csv", [header, *rows], encoding="gb18030")
    assert ledger_check(kind_for(world), path, path.name).error_count == 0
    ledger_import(kind_for(world), path, path.name)
    assert Resident.objects.get().sex == "male"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "r.xlsx", "空"),
        (b"PK\x03\x04garbage", "r.xlsx", "损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "r.xlsx", ".xls"),
        (b"hello", "r.pdf", "只能上传"),
    ],
)
def test_files_that_are_not_ledgers_get_a_clear_message(world, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadFile, match=message):
        ledger_check(kind_for(world), path, name)


def test_a_word_document_renamed_xlsx_is_refused(world, tmp_path):
    import docx

    path = tmp_path / "r.xlsx"
    docx.Document().save(path)
    with pytest.raises(BadFile, match="Word"):
        ledger_check(kind_for(world), path, path.name)


def test_wrong_headers_name_the_missing_column(world, tmp_path):
    path = xlsx_file(tmp_path / "r.xlsx", [["社工室", "名字"], ["一号社工室", "张三"]])
    with pytest.raises(BadFile, match="姓名"):
        ledger_check(kind_for(world), path, path.name)


def test_header_only_file_is_refused(world, tmp_path):
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER])
    with pytest.raises(BadFile, match="没有数据行"):
        ledger_check(kind_for(world), path, path.name)


def test_formulas_and_merged_cells_are_refused(world, tmp_path):
    rows = good_rows(world, 2)
    rows[0][1] = "=A1&B1"
    path = xlsx_file(tmp_path / "f.xlsx", [HEADER, *rows])
    result = ledger_check(kind_for(world), path, path.name)
    assert "公式" in result.problems[0].message
    from openpyxl import load_workbook

    workbook = load_workbook(xlsx_file(tmp_path / "m.xlsx", [HEADER, *good_rows(world, 2)]))
    workbook.active.merge_cells("E2:E3")
    workbook.save(tmp_path / "m.xlsx")
    with pytest.raises(BadFile, match="合并单元格"):
        ledger_check(kind_for(world), tmp_path / "m.xlsx", "m.xlsx")


def test_a_room_worker_imports_only_into_their_rooms(world, tmp_path):
    rows = good_rows(world, 1)
    rows[0][0] = world.room2.name
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *rows])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    assert result.problems[0].column == "社工室"


def test_an_id_number_registered_in_another_room_is_refused(world, tmp_path):
    number = make_ric(BIRTH, "female", serial=7)
    ResidentFactory(room=world.room2, id_number=number)
    rows = [[world.room1.name, "王五", number, "", "", "", "", ""]]
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *rows])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    assert "其他社工室" in result.problems[0].message


def test_the_same_id_number_twice_in_a_file_is_a_problem(world, tmp_path):
    rows = good_rows(world, 2)
    rows[1][2] = rows[0][2]
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *rows])
    result = ledger_check(kind_for(world), path, path.name)
    assert "第 2 行" in result.problems[0].message


def test_a_child_with_tags_needs_a_guardian_consent(world, tmp_path):
    child = timezone.localdate().replace(year=timezone.localdate().year - 8, month=1, day=1)
    header = [*HEADER, "监护人姓名", "同意日期"]
    row = [world.room1.name, "小明", make_ric(child, "male"), "", "", "", "", "留守儿童"]
    path = xlsx_file(tmp_path / "r.xlsx", [header, [*row, "", ""]])
    result = ledger_check(kind_for(world), path, path.name)
    assert result.problems[0].column == "监护人姓名"
    path = xlsx_file(tmp_path / "r2.xlsx", [header, [*row, "王芳", "2022-03-01"]])
    assert ledger_check(kind_for(world), path, path.name).error_count == 0
    ledger_import(kind_for(world), path, path.name)
    consent = Consent.objects.get()
    assert consent.guardian_name == "王芳" and consent.covers_sensitive


def test_command_dry_run_saves_nothing_and_errors_exit_non_zero(world, tmp_path, capsys):
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *good_rows(world)])
    call_command(
        "import_ledger", "residents", str(path), "--station", "TST", "--user", "staff", "--dry-run"
    )
    assert "3 new" in capsys.readouterr().out
    assert Resident.objects.count() == 0
    rows = good_rows(world)
    rows[0][2] = "123"
    bad = xlsx_file(tmp_path / "bad.xlsx", [HEADER, *rows])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_ledger", "residents", str(bad), "--station", "TST", "--user", "staff")
    assert exit_info.value.code == 1
    assert "身份证号" in capsys.readouterr().out
    call_command("import_ledger", "residents", str(path), "--station", "TST", "--user", "staff")
    assert Resident.objects.count() == 3


def test_export_then_import_into_an_empty_station_gives_the_same_residents(world, tmp_path):
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *good_rows(world)])
    ledger_import(kind_for(world), path, path.name)
    out = tmp_path / "export.xlsx"
    call_command(
        "export_ledger", "residents", "--station", "TST", "--user", "staff", "-o", str(out)
    )
    again = ledger_import(kind_for(world), out, out.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_undoing_a_batch_puts_back_the_residents_it_updated(world):
    from ledger.models import BatchStatus
    from ledger.services import batch_undo
    from stations.identity import phone_hash
    from tests.ledger.batches import imported_batch

    first = imported_batch(world, "residents", [HEADER, *good_rows(world)])
    changed = good_rows(world)
    changed[1][3] = "13991700002"  # phone
    changed[1][4] = "李家户"  # a household of its own, new in this batch
    changed[1][7] = "空巢/独居老人、低保对象、留守老人/妇女"  # one tag more
    second = imported_batch(world, "residents", [HEADER, *changed])
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 1, 2)
    resident = Resident.objects.get(real_name="张1")
    assert (resident.phone, resident.household.name) == ("13991700002", "李家户")
    batch_undo(batch=second, by=world.staff)
    resident.refresh_from_db()
    assert (resident.phone, resident.household.name) == ("13991700001", "张家户")
    assert resident.phone_hash == phone_hash("13991700001")  # found by the old phone again
    assert KeyPopulationTag.objects.filter(resident=resident).count() == 2
    assert not Household.objects.filter(name="李家户").exists()
    # The first batch's rows stay; it can still be undone in turn.
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not Resident.objects.exists()


def test_a_resident_edited_since_the_batch_updated_it_is_not_undone(world):
    from django.core.exceptions import ValidationError

    from ledger.services import batch_undo
    from stations.concurrency import update_versioned
    from tests.ledger.batches import imported_batch

    imported_batch(world, "residents", [HEADER, *good_rows(world)])
    changed = good_rows(world)
    changed[1][3] = "13991700002"
    second = imported_batch(world, "residents", [HEADER, *changed])
    resident = Resident.objects.get(real_name="张1")
    update_versioned(resident, version=resident.version, data={"address": "联盟村五组"})
    with pytest.raises(ValidationError, match="又被修改"):
        batch_undo(batch=second, by=world.staff)
    resident.refresh_from_db()
    assert (resident.phone, resident.address) == ("13991700002", "联盟村五组")


def _dangling_room():
    from stations.models import Room

    return Room.objects.create(station_id=-1, name="无站社工室", community="无", code="dangling")


def test_an_import_checks_foreign_keys_as_it_writes_then_leaves_them_deferred(world, tmp_path):
    """Foreign keys are checked at each insert during an import (a year's rows do not pile up
    millions of checks for the commit: that made large imports slow down row after row), and
    deferred again after it for the rest of a larger transaction."""
    from django.db import IntegrityError, transaction

    kind = kind_for(world)
    write_chunk = kind.write_chunk
    refused = []

    def write_and_point_nowhere(rows, outcome):
        write_chunk(rows, outcome)
        try:
            with transaction.atomic():
                _dangling_room()
        except IntegrityError:
            refused.append(True)

    kind.write_chunk = write_and_point_nowhere
    path = xlsx_file(tmp_path / "r.xlsx", [HEADER, *good_rows(world)])
    assert ledger_import(kind, path, path.name).created == 3
    assert refused == [True]
    # Outside the import the key is checked at the commit again: no error at the insert.
    _dangling_room().delete()
