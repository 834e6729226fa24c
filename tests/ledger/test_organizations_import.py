"""Importing organizations: found again by name, status rules, station-wide ones for staff."""

import pytest
from django.core.management import call_command

from ledger.services import ledger_check, ledger_import, make_kind
from organizations.models import Organization
from tests.ledger.conftest import xlsx_file

pytestmark = pytest.mark.django_db

HEADER = [
    "社工室",
    "组织名称",
    "类别",
    "状态",
    "开始培育日期",
    "备案日期",
    "备案编号",
    "负责人",
    "成员人数",
]


def kind_for(world, user=None):
    return make_kind("organizations", station=world.station, user=user or world.staff)


def rows(world):
    return [
        [
            world.room1.name,
            "联盟村老年协会",
            "生活服务类",
            "已备案",
            "2022-03-01",
            "2022.6.1",
            "JT-1",
            "王德福",
            25,
        ],
        ["", "全镇志愿者联合会", "公益慈善类", "培育中", "2022/3/1", "", "", "李主任", 12],
    ]


def test_organizations_import_and_import_again(world, tmp_path):
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *rows(world)])
    assert ledger_check(kind_for(world), path, path.name).error_count == 0
    first = ledger_import(kind_for(world), path, path.name)
    assert (first.created, first.unchanged) == (2, 0)
    assert Organization.objects.get(name="全镇志愿者联合会").room is None
    assert Organization.objects.get(name="联盟村老年协会").member_count == 25
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_filed_organization_needs_its_filing_number(world, tmp_path):
    bad = rows(world)[:1]
    bad[0][6] = ""
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    assert "备案编号" in result.problems[0].message


def test_a_room_worker_cannot_import_station_wide_organizations(world, tmp_path):
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, rows(world)[1]])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    assert result.problems[0].column == "社工室"


def test_organizations_round_trip(world, tmp_path):
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *rows(world)])
    ledger_import(kind_for(world), path, path.name)
    out = tmp_path / "export.xlsx"
    call_command(
        "export_ledger", "organizations", "--station", "TST", "--user", "staff", "-o", str(out)
    )
    again = ledger_import(kind_for(world), out, out.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
