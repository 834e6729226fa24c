"""How the report assembles the apps' figures: the JSON contract, totals, money, rooms, "<5".

The apps' figure functions are replaced with known numbers (see conftest.FAKE); their own
definitions are tested in test_figures_*.py on real records.
"""

import datetime
import json

import pytest
from django.core.management import call_command

from reports import services
from tests.factories import KeyPopulationTagFactory, ResidentFactory

FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)

CONTRACT = {
    "station",
    "period",
    "room",
    "base",
    "casework",
    "groupwork",
    "community",
    "volunteers",
    "organizations",
    "charity",
    "totals",
    "outreach",
}
# Keys added after the contract's, in this order (issue 16).
ADDED = ["linkage", "service_hours", "help_given"]


def report(world, room=None):
    return services.station_report(station=world.station, date_from=FROM, date_to=TO, room=room)


def test_the_report_has_exactly_the_contract_keys_in_order(world, fake_figures):
    result = report(world)
    assert list(result)[len(CONTRACT) :] == ADDED
    assert list(result)[: len(CONTRACT)] == [
        "station",
        "period",
        "room",
        "base",
        "casework",
        "groupwork",
        "community",
        "volunteers",
        "organizations",
        "charity",
        "totals",
        "outreach",
    ]
    assert set(result) == CONTRACT | set(ADDED)
    assert result["station"] == "测试镇社工站"
    assert result["period"] == {"from": "2022-01-01", "to": "2022-12-31"}
    assert result["room"] is None
    assert set(result["base"]) == {
        "rooms",
        "rooms_covered",
        "coverage_percent",
        "pilot_rooms",
        "station_workers",
        "room_workers",
        "supervisors",
        "certified",
    }
    assert set(result["casework"]) == {
        "cases_opened",
        "cases_open_at_end",
        "cases_closed",
        "contacts",
        "home_visits",
        "service_hours",
    }
    assert set(result["groupwork"]) == {"groups", "sessions", "members", "attendances"}
    assert set(result["community"]) == {
        "activities",
        "direct_participants",
        "indirect_beneficiaries",
        "needs_assessments",
    }
    assert set(result["volunteers"]) == {"registered", "active", "person_times", "hours"}
    assert set(result["organizations"]) == {"total", "by_category", "activities", "people_served"}
    assert set(result["organizations"]["by_category"]) == {
        "charity",
        "life_services",
        "community_affairs",
        "culture_sports",
    }
    assert set(result["charity"]) == {
        "projects",
        "cash_raised",
        "in_kind_value",
        "disbursed",
        "partners",
        "disbursed_cash",
        "disbursed_in_kind",
    }
    assert set(result["totals"]) == {
        "activities",
        "person_times",
        "people_served",
        "beneficiaries",
        "service_hours",
    }
    assert set(result["outreach"]) == {"media_reports", "exchanges"}
    json.dumps(result)  # JSON-ready as it is


def test_totals_follow_the_definitions(world, fake_figures):
    totals = report(world)["totals"]
    # community activities 5 + group sessions 6
    assert totals["activities"] == 11
    # service records 10 (home visits are 4 of them) + group attendances 40 + direct participants 100
    assert totals["person_times"] == 150
    # person-times 150 + indirect beneficiaries 300
    assert totals["beneficiaries"] == 450
    assert totals["service_hours"] == 12.5


def test_money_is_a_string_with_two_decimals_and_hours_are_floats(world, fake_figures):
    result = report(world)
    assert result["charity"]["cash_raised"] == "58000.00"
    assert result["charity"]["in_kind_value"] == "15000.50"
    assert result["charity"]["disbursed"] == "0.00"
    assert result["volunteers"]["hours"] == 90.5
    assert isinstance(result["casework"]["service_hours"], float)


def test_people_served_counts_each_resident_once_across_the_apps(world, fake_figures):
    first, second, third = ResidentFactory.create_batch(3, room=world.room1)
    fake_figures.served["cases"] = [first.pk, second.pk]
    fake_figures.served["groups"] = [second.pk]
    fake_figures.served["activities"] = [first.pk, third.pk]
    fake_figures.served["charity"] = [third.pk]
    assert report(world)["totals"]["people_served"] == 3


def test_people_served_is_one_database_query(world, fake_figures, django_assert_num_queries):
    fake_figures.served["cases"] = [r.pk for r in ResidentFactory.create_batch(5)]
    with django_assert_num_queries(1):
        services.people_served(station=world.station, date_from=FROM, date_to=TO)


def test_a_room_report_passes_the_room_to_every_figure_function(world, fake_figures):
    result = report(world, room=world.room1)
    assert result["room"] == "r1"
    assert fake_figures.calls
    for path, station, date_from, date_to, rooms in fake_figures.calls:
        assert (station, date_from, date_to) == (world.station, FROM, TO), path
        assert list(rooms) == [world.room1], path


def test_the_whole_station_passes_no_rooms(world, fake_figures):
    report(world)
    assert all(rooms is None for *_, rooms in fake_figures.calls)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (12, 12)])
def test_small_key_population_counts_of_a_room_read_less_than_five(count, shown):
    assert services.suppress(count) == shown


def test_key_populations_are_suppressed_for_a_room_but_exact_for_the_station(world, fake_figures):
    station_rows = {
        row["key"]: row["registered"]
        for row in services.key_populations(station=world.station, date_from=FROM, date_to=TO)
    }
    room_rows = {
        row["key"]: row["registered"]
        for row in services.key_populations(
            station=world.station, date_from=FROM, date_to=TO, room=world.room1
        )
    }
    assert station_rows["elderly_alone"] == 3
    assert room_rows["elderly_alone"] == "<5"
    assert room_rows["dibao"] == 12
    assert room_rows["orphan"] == "<5"  # an exact 0 could be subtracted from the total


def test_key_populations_served_are_the_tagged_residents_among_those_served(world, fake_figures):
    served = ResidentFactory.create_batch(6, room=world.room1)
    not_served = ResidentFactory(room=world.room1)
    for resident in [*served, not_served]:
        KeyPopulationTagFactory(resident=resident, category="left_behind_child")
    # A tag that ended before the period, and one that starts after it, do not count.
    KeyPopulationTagFactory(
        resident=served[0],
        category="orphan",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    KeyPopulationTagFactory(
        resident=served[1], category="disabled", start_date=datetime.date(2023, 1, 1)
    )
    KeyPopulationTagFactory(resident=served[2], category="disabled")
    fake_figures.served["cases"] = [r.pk for r in served[:4]]
    fake_figures.served["activities"] = [r.pk for r in served[3:]]
    rows = {
        row["key"]: row["served"]
        for row in services.key_populations(station=world.station, date_from=FROM, date_to=TO)
    }
    assert rows["left_behind_child"] == 6
    assert rows["orphan"] == 0
    assert rows["disabled"] == 1
    room_rows = {
        row["key"]: row["served"]
        for row in services.key_populations(
            station=world.station, date_from=FROM, date_to=TO, room=world.room1
        )
    }
    assert room_rows["left_behind_child"] == 6
    assert room_rows["disabled"] == "<5"


def test_differences_keep_the_figure_type():
    assert services.difference(5, 3) == 2
    assert services.difference(1.5, 2.0) == -0.5
    assert services.difference("100.00", "40.50") == "+59.50"


def test_the_command_prints_the_report_as_json(world, fake_figures, capsys):
    call_command(
        "station_report",
        "--json",
        "--from",
        "2022-01-01",
        "--to",
        "2022-12-31",
        "--room",
        "r2",
        "--station",
        "TST",
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed.pop("targets") == []  # the year's targets (plans), after the contract's keys
    assert set(printed.pop("x")) >= {"by_target_population", "by_service_area"}  # issue 16
    assert printed == report(world, room=world.room2)


def test_the_command_needs_a_station_when_there_are_several(world, fake_figures):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--station"):
        call_command("station_report", "--json")


def test_the_command_defaults_to_the_current_year(world, fake_figures, capsys):
    from django.utils import timezone

    call_command("station_report", "--json", "--station", "TST")
    printed = json.loads(capsys.readouterr().out)
    year = timezone.localdate().year
    assert printed["period"] == {"from": f"{year}-01-01", "to": f"{year}-12-31"}


def test_changes_are_shown_with_their_sign():
    from reports.presentation import signed

    assert [signed(3), signed(-2), signed(0), signed(1.5), signed("+59.50")] == [
        "+3",
        "-2",
        "0",
        "+1.5",
        "+59.50",
    ]
