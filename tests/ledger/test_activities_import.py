"""Importing community activities: the natural key (room, title, start date), head counts with
sign-ins, the five forces, series, partner units and organizations by name, scope, undo."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Activity, ActivitySeries
from ledger.models import BatchStatus
from ledger.services import batch_undo, ledger_check, ledger_import, make_kind
from organizations.models import OrganizationActivity
from stations.models import PartnerUnit
from tests.factories import ResidentFactory
from tests.ledger.batches import (
    exported_and_imported_again,
    import_refused_saving_nothing,
    imported_batch,
)
from tests.ledger.conftest import xlsx_file
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "社工室",
    "活动名称",
    "活动类型",
    "活动日期",
    "开始时间",
    "结束时间",
    "所属系列/项目",
    "服务领域",
    "服务人群",
    "参与人数",
    "间接受益人数",
    "社区参与",
    "社工参与",
    "志愿者参与",
    "共建单位",
    "参与的社会组织",
]


def kind_for(world, user=None):
    return make_kind("activities", station=world.station, user=user or world.staff)


def rows(world):
    return [
        [
            world.room1.name,
            "重阳节敬老活动",
            "节庆",
            "2022年10月4日",
            "9:00",
            "11:30",
            "敬老月",
            "养老服务",
            "老年人、家庭",
            45,
            20,
            "√",
            "√",
            "",
            "陈仓镇卫生院、联盟村委会",
            "联盟村老年协会:30",
        ],
        [
            f"{world.room1.name}、{world.room2.name}",
            "防诈骗宣传",
            "宣传",
            "2022-11-02",
            "14:00",
            "",
            "",
            "平安建设",
            "社区居民",
            80,
            0,
            "是",
            "是",
            "是",
            "",
            "",
        ],
    ]


@pytest.fixture
def association(world):
    return OrganizationFactory(station=world.station, room=world.room1, name="联盟村老年协会")


def test_activities_import_and_import_again(world, association, tmp_path):
    path = xlsx_file(tmp_path / "a.xlsx", [HEADER, *rows(world)])
    result = ledger_check(kind_for(world), path, path.name)
    assert result.error_count == 0, [problem.as_list() for problem in result.problems]
    first = ledger_import(kind_for(world), path, path.name)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    feast = Activity.objects.get(title="重阳节敬老活动")
    local = timezone.localtime(feast.starts_at)
    assert (local.date(), local.hour) == (datetime.date(2022, 10, 4), 9)
    assert timezone.localtime(feast.ends_at).minute == 30
    assert feast.social_forces == ["community", "social_workers"]
    assert feast.target_populations == ["elderly", "families"]
    assert feast.series.name == "敬老月" and feast.direct_participant_count == 45
    assert sorted(feast.partner_units.values_list("name", flat=True)) == [
        "联盟村委会",
        "陈仓镇卫生院",
    ]
    assert OrganizationActivity.objects.get(activity=feast).people_served == 30
    joint = Activity.objects.get(title="防诈骗宣传")
    assert joint.rooms.count() == 2
    assert joint.ends_at - joint.starts_at == datetime.timedelta(hours=2)
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Activity.objects.count() == 2 and ActivitySeries.objects.count() == 1


def test_the_head_count_of_the_file_includes_the_residents_signed_in(world, association, tmp_path):
    path = xlsx_file(tmp_path / "a.xlsx", [HEADER, *rows(world)])
    ledger_import(kind_for(world), path, path.name)
    feast = Activity.objects.get(title="重阳节敬老活动")
    feast.participants.add(*[ResidentFactory(room=world.room1) for _n in range(5)])
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    feast.refresh_from_db()
    assert feast.direct_participant_count == 40  # 45 direct participants, 5 of them signed in


def test_bad_rows_are_reported_and_nothing_is_saved(world, association, tmp_path):
    bad = rows(world)
    bad[0][2] = "聚餐"  # not an activity type
    bad[1][15] = "没有登记的协会:3"
    early = list(rows(world)[0])
    early[5] = "8:00"  # ends before it starts
    bad += [early, list(rows(world)[1])]  # the last: the same activity as row 3
    path = xlsx_file(tmp_path / "a.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    found = sorted((problem.row, problem.column) for problem in result.problems)
    assert found == [
        (2, "活动类型"),
        (3, "参与的社区社会组织"),
        (4, "结束时间"),
        (5, "活动名称"),
    ]
    assert "第 3 行" in result.problems[-1].message
    assert not Activity.objects.exists() and not PartnerUnit.objects.exists()


def test_a_room_worker_imports_only_into_their_rooms(world, association, tmp_path):
    path = xlsx_file(tmp_path / "a.xlsx", [HEADER, *rows(world)])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    assert [(problem.row, problem.column) for problem in result.problems] == [(3, "社工室")]
    station_wide = rows(world)[1]
    station_wide[0] = ""
    path = xlsx_file(tmp_path / "b.xlsx", [HEADER, station_wide])
    result = ledger_check(kind_for(world, world.worker1), path, path.name)
    assert result.problems[0].column == "社工室"


def test_a_batch_of_activities_is_undone_with_its_series_and_partners(world, association):
    batch = imported_batch(world, "activities", [HEADER, *rows(world)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 2
    batch_undo(batch=batch, by=world.staff)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE
    assert not Activity.objects.exists() and not ActivitySeries.objects.exists()
    assert not PartnerUnit.objects.exists() and not OrganizationActivity.objects.exists()
    assert association.pk  # the organization registry is not this batch's


def test_a_batch_is_not_undone_once_residents_signed_in(world, association):
    batch = imported_batch(world, "activities", [HEADER, *rows(world)])
    Activity.objects.get(title="防诈骗宣传").participants.add(ResidentFactory(room=world.room1))
    with pytest.raises(ValidationError, match="不能撤销"):
        batch_undo(batch=batch, by=world.staff)
    assert Activity.objects.count() == 2


def test_activities_export_and_import_again(world, association, tmp_path):
    path = xlsx_file(tmp_path / "a.xlsx", [HEADER, *rows(world)])
    ledger_import(kind_for(world), path, path.name)
    again = exported_and_imported_again(world, "activities", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_bad_last_row_aborts_the_import_and_saves_nothing(world, association, tmp_path):
    good = rows(world)
    bad = list(good[-1])
    bad[2] = "聚餐"
    assert import_refused_saving_nothing(
        world, "activities", [HEADER, *good, bad], (Activity, PartnerUnit), tmp_path
    )


def test_undoing_a_batch_puts_back_the_activity_it_updated(world, association):
    first = imported_batch(world, "activities", [HEADER, *rows(world)])
    changed = rows(world)
    changed[0][10] = 99  # indirect beneficiaries
    changed[0][14] = "陈仓镇卫生院、联盟村委会、陈仓镇派出所"  # one partner more, new
    second = imported_batch(world, "activities", [HEADER, *changed])
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 1, 1)
    feast = Activity.objects.get(title="重阳节敬老活动")
    assert (feast.indirect_beneficiaries, feast.partner_units.count()) == (99, 3)
    batch_undo(batch=second, by=world.staff)
    feast.refresh_from_db()
    assert feast.indirect_beneficiaries == 20
    assert sorted(feast.partner_units.values_list("name", flat=True)) == [
        "联盟村委会",
        "陈仓镇卫生院",
    ]
    assert not PartnerUnit.objects.filter(name="陈仓镇派出所").exists()
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not Activity.objects.exists()


def test_an_activity_edited_since_the_batch_updated_it_is_not_undone(world, association):
    from activities.services import activity_update

    imported_batch(world, "activities", [HEADER, *rows(world)])
    changed = rows(world)
    changed[0][10] = 99
    second = imported_batch(world, "activities", [HEADER, *changed])
    feast = Activity.objects.get(title="重阳节敬老活动")
    activity_update(
        activity=feast, version=feast.version, data={"outcome": "老人们很满意"}, by=world.staff
    )
    with pytest.raises(ValidationError, match="又被修改"):
        batch_undo(batch=second, by=world.staff)
    assert Activity.objects.get(pk=feast.pk).indirect_beneficiaries == 99


def test_organisers_and_partner_categories_give_the_five_forces_from_records(world, tmp_path):
    """组织社工 names the staff who ran the activity (by name or login) and 合作单位 the category
    of a new unit: the report's social-worker, community and charity figures come from them, and
    the export writes them back so that a second import changes nothing."""
    from activities.figures import linkage_figures

    header = ["社工室", "活动名称", "活动类型", "活动日期", "合作单位", "组织社工", "社工参与"]
    row = [
        world.room1.name,
        "义诊进社区",
        "宣传",
        "2022-06-01",
        "联盟村委会（村（居）委会）、陈仓镇卫生院(医院/卫生院)、爱心超市",
        f"worker1、{world.staff}",
        "是",
    ]
    path = xlsx_file(tmp_path / "a.xlsx", [header, row])
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    ledger_import(kind_for(world), path, path.name)
    activity = Activity.objects.get(title="义诊进社区")
    assert set(activity.organisers.all()) == {world.worker1, world.staff}
    assert dict(PartnerUnit.objects.values_list("name", "kind")) == {
        "联盟村委会": "community",
        "陈仓镇卫生院": "hospital",
        "爱心超市": "other",
    }
    linkage = linkage_figures(
        station=world.station,
        date_from=datetime.date(2022, 1, 1),
        date_to=datetime.date(2022, 12, 31),
    )
    assert linkage["social_workers"] == {"activities": 1, "person_times": 2, "hours": 4.0}
    assert linkage["community"] == {"activities": 1, "units": 1}
    assert linkage["charity"] == {"activities": 1, "units": 2, "projects": 0}
    assert linkage["ticked_without_record"]["social_workers"] == 0
    again = exported_and_imported_again(world, "activities", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_unknown_organiser_is_refused_and_an_empty_cell_keeps_those_recorded(world, tmp_path):
    header = ["社工室", "活动名称", "活动类型", "活动日期", "组织社工"]
    unknown = [world.room1.name, "义诊进社区", "宣传", "2022-06-01", "王不在"]
    path = xlsx_file(tmp_path / "a.xlsx", [header, unknown])
    check = ledger_check(kind_for(world), path, path.name)
    assert [problem.column for problem in check.problems] == ["组织社工"]
    ledger_import(
        kind_for(world), xlsx_file(tmp_path / "b.xlsx", [header, [*unknown[:4], "worker1"]]), "b"
    )
    again = ledger_import(
        kind_for(world), xlsx_file(tmp_path / "c.xlsx", [header, [*unknown[:4], ""]]), "c"
    )
    assert (again.updated, again.unchanged) == (0, 1)
    assert list(Activity.objects.get().organisers.all()) == [world.worker1]


def test_the_charity_projects_named_resource_the_activity_and_an_unknown_one_is_refused(
    world, tmp_path
):
    """资助的慈善项目 links the activity to projects set up on the site: the charity force comes
    from that record; a project the station does not have is reported and nothing is saved."""
    from activities.figures import linkage_figures
    from tests.charity.factories import CharityProjectFactory, FundFactory

    project = CharityProjectFactory(fund=FundFactory(station=world.station), title="暖冬行动")
    header = ["社工室", "活动名称", "活动类型", "活动日期", "慈善项目", "慈善资源参与"]
    unknown = [world.room1.name, "冬衣发放", "宣传", "2022-12-01", "暖冬行动、夏日清凉", "是"]
    path = xlsx_file(tmp_path / "a.xlsx", [header, unknown])
    check = ledger_check(kind_for(world), path, path.name)
    assert [problem.message for problem in check.problems] == [
        "本站没有慈善项目“夏日清凉”：请先在系统中建立。"
    ]
    known = unknown[:4] + ["暖冬行动", "是"]
    path = xlsx_file(tmp_path / "b.xlsx", [header, known])
    check = ledger_check(kind_for(world), path, path.name)
    assert check.error_count == 0, [problem.as_list() for problem in check.problems]
    ledger_import(kind_for(world), path, path.name)
    assert list(Activity.objects.get(title="冬衣发放").charity_projects.all()) == [project]
    linkage = linkage_figures(
        station=world.station,
        date_from=datetime.date(2022, 1, 1),
        date_to=datetime.date(2022, 12, 31),
    )
    assert linkage["charity"] == {"activities": 1, "units": 0, "projects": 1}
    assert linkage["ticked_without_record"]["charity"] == 0
    again = exported_and_imported_again(world, "activities", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
