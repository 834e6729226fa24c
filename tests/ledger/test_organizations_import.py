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


def test_undoing_a_batch_puts_back_the_values_it_updated(world, tmp_path):
    from ledger.models import BatchStatus
    from ledger.services import batch_undo
    from tests.ledger.batches import imported_batch

    first = imported_batch(world, "organizations", [HEADER, *rows(world)])
    changed = rows(world)
    changed[0][8] = 40  # members
    changed[0][7] = "李会长"  # leader
    second = imported_batch(world, "organizations", [HEADER, *changed])
    assert (second.updated_count, second.unchanged_count) == (1, 1)
    organization = Organization.objects.get(name="联盟村老年协会")
    assert (organization.member_count, organization.leader_name) == (40, "李会长")
    batch_undo(batch=second, by=world.staff)
    organization.refresh_from_db()
    assert (organization.member_count, organization.leader_name) == (25, "王德福")
    assert organization.room == world.room1
    # The first batch's rows stay; it can still be undone in turn.
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not Organization.objects.exists()


def test_an_update_changed_again_since_cannot_be_undone(world, tmp_path):
    import pytest
    from django.core.exceptions import ValidationError

    from ledger.services import batch_undo
    from tests.ledger.batches import imported_batch

    imported_batch(world, "organizations", [HEADER, *rows(world)])
    changed = rows(world)
    changed[0][8] = 40
    second = imported_batch(world, "organizations", [HEADER, *changed])
    Organization.objects.filter(name="联盟村老年协会").update(member_count=50, version=99)
    with pytest.raises(ValidationError, match="又被修改"):
        batch_undo(batch=second, by=world.staff)
    assert Organization.objects.get(name="联盟村老年协会").member_count == 50
