"""Importing volunteers: identity checks, one registration per station, minors' consent."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ledger.services import ledger_check, ledger_import, make_kind
from tests.factories import make_ric
from tests.ledger.conftest import xlsx_file
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

HEADER = ["社工室", "姓名", "公民身份号码", "手机号", "技能特长", "注册日期", "已投保意外险"]
BIRTH = datetime.date(1988, 5, 6)


def kind_for(world, user=None):
    return make_kind("volunteers", station=world.station, user=user or world.staff)


def rows(world, count=3):
    return [
        [
            world.room1.name,
            f"李{n}",
            make_ric(BIRTH, "male", serial=n),
            f"1389170000{n}",
            "助老陪护、宣传摄影",
            "2022/3/1",
            "是",
        ]
        for n in range(count)
    ]


def test_volunteers_import_once_and_again_without_duplicates(world, tmp_path):
    path = xlsx_file(tmp_path / "v.xlsx", [HEADER, *rows(world)])
    assert ledger_check(kind_for(world), path, path.name).error_count == 0
    first = ledger_import(kind_for(world), path, path.name)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    volunteer = Volunteer.objects.get(real_name="李0")
    assert volunteer.skills == ["elderly_care", "publicity"] and volunteer.has_accident_insurance
    assert volunteer.sex == "male" and volunteer.station == world.station
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_minor_volunteer_needs_a_guardian(world, tmp_path):
    young = datetime.date(timezone.localdate().year - 15, 1, 1)
    row = [world.room1.name, "小李", make_ric(young, "male"), "13891700009", "", "", ""]
    path = xlsx_file(tmp_path / "v.xlsx", [HEADER, row])
    result = ledger_check(kind_for(world), path, path.name)
    assert result.problems[0].column == "监护人姓名"


def test_a_volunteer_without_phone_or_id_is_refused(world, tmp_path):
    row = [world.room1.name, "王五", "", "", "", "", ""]
    path = xlsx_file(tmp_path / "v.xlsx", [HEADER, row])
    columns = {
        problem.column for problem in ledger_check(kind_for(world), path, path.name).problems
    }
    assert {"身份证号", "联系电话"} <= columns


def test_volunteers_export_and_import_round_trip(world, tmp_path):
    path = xlsx_file(tmp_path / "v.xlsx", [HEADER, *rows(world)])
    ledger_import(kind_for(world), path, path.name)
    out = tmp_path / "export.xlsx"
    call_command(
        "export_ledger", "volunteers", "--station", "TST", "--user", "staff", "-o", str(out)
    )
    again = ledger_import(kind_for(world), out, out.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_undo_puts_back_a_changed_phone_and_skills_without_keeping_the_phone_in_clear(world):
    from ledger.models import ImportedRow
    from ledger.services import batch_undo
    from stations.privacy import blind_index
    from tests.ledger.batches import imported_batch

    imported_batch(world, "volunteers", [HEADER, *rows(world, 1)])
    changed = rows(world, 1)
    changed[0][3] = "13999999999"
    changed[0][4] = "心理疏导"
    second = imported_batch(world, "volunteers", [HEADER, *changed])
    assert second.updated_count == 1
    previous = ImportedRow.objects.get(batch=second).previous
    assert "13891700000" not in str(previous)
    batch_undo(batch=second, by=world.staff)
    volunteer = Volunteer.objects.get(real_name="李0")
    assert volunteer.phone == "13891700000"
    assert Volunteer.objects.filter(phone_hash=blind_index("13891700000")).exists()
    assert volunteer.skills == ["elderly_care", "publicity"]
