"""Importing media reports and exchange visits from one 宣传交流 sheet: the category decides the
columns, natural keys, the related activity by title, scope, undo."""

import datetime

import pytest

from activities.models import ExchangeVisit, MediaReport
from ledger.models import BatchStatus
from ledger.services import batch_undo, ledger_check, ledger_import, make_kind
from tests.ledger.batches import (
    exported_and_imported_again,
    import_refused_saving_nothing,
    imported_batch,
)
from tests.ledger.conftest import xlsx_file
from tests.volunteers.factories import ActivityFactory, aware

pytestmark = pytest.mark.django_db

HEADER = ["社工室", "类别", "日期", "标题", "媒体", "链接", "相关活动", "交流单位", "交流内容"]


def kind_for(world, user=None):
    return make_kind("outreach", station=world.station, user=user or world.staff)


def rows(world):
    room = world.room1.name
    return [
        [room, "宣传报道", "2022-10-08", "社工站开展敬老活动", "宝鸡日报", "https://example.cn/1",
         "重阳敬老", "", ""],
        [room, "来访接待", "2022.11.3", "", "", "", "", "千阳县社工站", "个案管理经验交流"],
        ["", "外出交流", "2022年12月1日", "", "", "", "", "渭滨区社工站", "五社联动"],
    ]  # fmt: skip


@pytest.fixture
def feast(world):
    return ActivityFactory(
        station=world.station,
        title="重阳敬老",
        starts_at=aware(datetime.date(2022, 10, 4), 9),
        ends_at=aware(datetime.date(2022, 10, 4), 11),
        rooms=[world.room1],
    )


def test_reports_and_visits_import_and_import_again(world, feast, tmp_path):
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *rows(world)])
    result = ledger_check(kind_for(world), path, path.name)
    assert result.error_count == 0, [problem.as_list() for problem in result.problems]
    first = ledger_import(kind_for(world), path, path.name)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    report = MediaReport.objects.get()
    assert (report.room, report.activity, report.published_on) == (
        world.room1,
        feast,
        datetime.date(2022, 10, 8),
    )
    hosted = ExchangeVisit.objects.get(direction="hosted")
    assert hosted.visited_on == datetime.date(2022, 11, 3) and hosted.room == world.room1
    assert ExchangeVisit.objects.get(direction="visited").room is None
    again = ledger_import(kind_for(world), path, path.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = rows(world)
    changed[1][8] = "个案管理与督导经验交流"
    path = xlsx_file(tmp_path / "o2.xlsx", [HEADER, *changed])
    third = ledger_import(kind_for(world), path, path.name)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert ExchangeVisit.objects.get(direction="hosted").topics == "个案管理与督导经验交流"


def test_bad_rows_are_reported_and_nothing_is_saved(world, feast, tmp_path):
    bad = rows(world)
    bad[0][4] = ""  # a report without its outlet
    bad[0][5] = "not a link"
    bad[1][1] = "参观"  # no such category
    bad[2][7] = ""  # a visit without its counterpart
    bad.append(list(rows(world)[0]))
    bad[3][6] = "没有这个活动"
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    found = sorted((problem.row, problem.column) for problem in result.problems)
    assert found == [(2, "媒体/刊物"), (3, "类别"), (4, "交流单位"), (5, "相关活动")]
    assert not MediaReport.objects.exists() and not ExchangeVisit.objects.exists()


def test_a_bad_link_is_refused_like_the_form(world, feast, tmp_path):
    bad = rows(world)[:1]
    bad[0][5] = "not a link"
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *bad])
    result = ledger_check(kind_for(world), path, path.name)
    assert [problem.column for problem in result.problems] == ["链接"]


def test_a_room_worker_imports_only_their_rooms_records(world, feast, tmp_path):
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *rows(world)])
    result = ledger_check(kind_for(world, world.worker2), path, path.name)
    assert [(problem.row, problem.column) for problem in result.problems] == [
        (2, "社工室"),
        (3, "社工室"),
        (4, "社工室"),
    ]


def test_a_batch_of_outreach_is_undone(world, feast):
    batch = imported_batch(world, "outreach", [HEADER, *rows(world)])
    assert batch.status == BatchStatus.DONE and batch.created_count == 3
    batch_undo(batch=batch, by=world.staff)
    assert not MediaReport.objects.exists() and not ExchangeVisit.objects.exists()


def test_outreach_export_and_import_again(world, feast, tmp_path):
    path = xlsx_file(tmp_path / "o.xlsx", [HEADER, *rows(world)])
    ledger_import(kind_for(world), path, path.name)
    again = exported_and_imported_again(world, "outreach", tmp_path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_bad_last_row_aborts_the_import_and_saves_nothing(world, feast, tmp_path):
    good = rows(world)
    bad = list(good[-1])
    bad[1] = "参观"
    assert import_refused_saving_nothing(
        world, "outreach", [HEADER, *good, bad], (MediaReport, ExchangeVisit), tmp_path
    )


def test_undoing_a_batch_puts_back_the_visit_it_updated(world, feast):
    first = imported_batch(world, "outreach", [HEADER, *rows(world)])
    changed = rows(world)
    changed[1][8] = "个案管理与督导经验交流"
    changed[0][4] = "陕西日报"
    second = imported_batch(world, "outreach", [HEADER, *changed])
    assert (second.updated_count, second.unchanged_count) == (2, 1)
    batch_undo(batch=second, by=world.staff)
    assert ExchangeVisit.objects.get(direction="hosted").topics == "个案管理经验交流"
    assert MediaReport.objects.get().outlet == "宝鸡日报"
    assert batch_undo(batch=first, by=world.staff).status == BatchStatus.UNDONE
    assert not MediaReport.objects.exists() and not ExchangeVisit.objects.exists()
