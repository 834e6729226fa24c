"""Annual targets: progress is the report's own figure, expected-by-today, pages and JSON."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plans.models import AnnualTarget
from plans.services import expected_by, target_progress
from reports import services
from reports.definitions import FIGURES, ROOM_TABLE
from tests.reports.test_report_on_records import Dataset

END_2022 = datetime.date(2022, 12, 31)


def target(world, figure="", *, room=None, year=2022, goal="10", **fields):
    return AnnualTarget.objects.create(
        station=world.station, room=room, year=year, figure=figure, target=Decimal(goal), **fields
    )


def progress(targets, as_of=END_2022):
    return {row.target.pk: row for row in target_progress(targets=targets, as_of=as_of)}


def number(value):
    return float(value) if isinstance(value, str) else value


def test_a_targets_progress_equals_the_report_figure_it_names(world):
    Dataset(world)
    flat = services.flatten(
        services.station_report(
            station=world.station, date_from=datetime.date(2022, 1, 1), date_to=END_2022
        )
    )
    targets = [target(world, figure) for figure in FIGURES]
    rows = progress(targets)
    for one in targets:
        assert rows[one.pk].actual == number(flat[one.figure]), one.figure
    assert rows[targets[list(FIGURES).index("casework.home_visits")].pk].actual == 2


def test_a_room_targets_progress_equals_the_room_report(world):
    Dataset(world)
    for room in (world.room1, world.room2):
        flat = services.flatten(
            services.station_report(
                station=world.station,
                date_from=datetime.date(2022, 1, 1),
                date_to=END_2022,
                room=room,
            )
        )
        targets = [target(world, figure, room=room) for figure in ROOM_TABLE]
        rows = progress(targets)
        for one in targets:
            assert rows[one.pk].actual == number(flat[one.figure]), (room, one.figure)


def test_percent_expected_and_behind(world):
    Dataset(world)
    visits = target(world, "casework.home_visits", goal="4")
    [row] = target_progress(targets=[visits], as_of=END_2022)
    assert (row.actual, row.percent, row.expected, row.behind) == (2, 50.0, 4.0, True)
    [row] = target_progress(targets=[visits], as_of=datetime.date(2022, 3, 31))
    assert row.actual == 0 and row.behind  # 90 of 365 days: about 1 expected
    assert row.expected == 1.0  # 90 of 365 days of 4, to one decimal


def test_quarter_targets_set_the_expected_line(world):
    one = target(world, "casework.home_visits", goal="100", q1_target=Decimal("10"))
    # Q1 10; the other three quarters share the remaining 90 evenly.
    assert expected_by(one, datetime.date(2022, 3, 31)) == pytest.approx(10)
    assert expected_by(one, datetime.date(2022, 6, 30)) == pytest.approx(40)
    assert expected_by(one, datetime.date(2021, 6, 30)) == 0
    assert expected_by(one, datetime.date(2023, 1, 1)) == 100


def test_a_free_indicator_shows_its_manual_progress(world):
    free = target(world, name="悦读人生读书会", goal="40", manual_actual=Decimal("30"))
    [row] = target_progress(targets=[free], as_of=datetime.date(2022, 6, 30))
    assert (row.label, row.actual, row.percent, row.computed) == ("悦读人生读书会", 30, 75.0, False)
    assert not row.behind


def test_the_json_report_lists_the_targets(world, capsys):
    Dataset(world)
    target(world, "casework.home_visits", goal="4")
    target(world, name="督导次数", goal="12", manual_actual=Decimal("3"))
    target(world, "casework.home_visits", room=world.room1, goal="1")
    call_command(
        "station_report", "--json", "--from", "2022-01-01", "--to", "2022-12-31", "--station", "TST"
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["targets"] == [
        {"indicator": "casework.home_visits", "target": 4, "actual": 2, "percent": 50.0},
        {"indicator": "督导次数", "target": 12, "actual": 3, "percent": 25.0},
    ]
    assert printed["casework"]["home_visits"] == 2
    call_command(
        "station_report", "--json", "--to", "2022-12-31", "--station", "TST", "--room", "r1"
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["targets"] == [
        {"indicator": "casework.home_visits", "target": 1, "actual": 1, "percent": 100.0}
    ]


def test_station_staff_set_a_target_and_see_it_on_their_home_page(client, world):
    client.force_login(world.staff)
    year = timezone.localdate().year
    response = client.post(
        reverse("plans:target_new"),
        {"year": year, "room": "", "figure": "casework.home_visits", "target": "120"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = AnnualTarget.objects.get()
    assert (saved.station, saved.created_by, saved.target) == (world.station, world.staff, 120)
    home = client.get(reverse("home")).text
    assert "年度指标进度" in home and "其中入户走访" in home or "入户走访" in home
    client.force_login(world.official)
    assert "年度指标进度" in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"figure": "", "name": ""}, "请选择报表指标"),
        ({"figure": "base.rooms", "room": "ROOM1"}, "只能设为全站指标"),
        ({"figure": "casework.home_visits", "manual_actual": "3"}, "不能手工填写"),
        ({"figure": "casework.home_visits", "target": "-1"}, "0 至 1000000"),
        ({"figure": "casework.home_visits", "year": "1900"}, "2000 至 2100"),
        ({"figure": "casework.home_visits", "target": "abc"}, "数"),
    ],
)
def test_bad_targets_get_a_message_on_the_form(client, world, data, message):
    client.force_login(world.staff)
    data = {"year": "2022", "room": "", "target": "10", **data}
    data = {key: str(world.room1.pk) if value == "ROOM1" else value for key, value in data.items()}
    response = client.post(reverse("plans:target_new"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not AnnualTarget.objects.exists()


def test_one_target_per_figure_room_and_year(client, world):
    target(world, "casework.home_visits")
    client.force_login(world.staff)
    response = client.post(
        reverse("plans:target_new"),
        {"year": "2022", "figure": "casework.home_visits", "target": "5"},
    )
    assert "已经为这个指标设过目标" in response.text


def test_station_staff_edit_a_target(client, world):
    one = target(world, "casework.home_visits")
    client.force_login(world.staff)
    response = client.post(
        reverse("plans:target_edit", args=[one.pk]),
        {"year": "2022", "figure": "casework.home_visits", "target": "25", "version": "1"},
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert (one.target, one.version) == (25, 2)


def test_another_stations_target_is_a_404(client, world):
    other = AnnualTarget.objects.create(
        station=world.other_station, year=2022, figure="casework.home_visits", target=1
    )
    client.force_login(world.staff)
    assert client.get(reverse("plans:target_edit", args=[other.pk])).status_code == 404
    assert "casework" not in client.get(reverse("plans:targets") + "?year=2022").text


# session, user, targets, then one station report and one room table at most, each computing
# only the sections of the figures the targets name (reports.services.report_values): fixed
# whatever the number of targets once every section is named.
def one_per_section(keys) -> list[str]:
    first = {}
    for key in keys:
        first.setdefault(key.split(".")[0], key)
    return [*first.values(), "totals.people_served"]


def test_target_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.official)
    for figure in one_per_section(FIGURES):
        target(world, figure)
    for figure in one_per_section(ROOM_TABLE)[:-1]:
        target(world, figure, room=world.room1)
    url = reverse("plans:targets") + "?year=2022"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    named = set(one_per_section(FIGURES))
    for figure in ROOM_TABLE[1:8]:
        if figure not in named:
            target(world, figure)
        target(world, figure, room=world.room2)
        if figure not in one_per_section(ROOM_TABLE):
            target(world, figure, room=world.room1)
    target(world, name="自由指标")
    with django_assert_num_queries(len(few)):
        page = client.get(url)
    assert page.status_code == 200
    assert "自由指标" in page.text
