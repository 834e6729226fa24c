"""The report in part (issue 15): the official's home panel, the station head's month panel and
the targets compute only the figures they show. Each figure read in part must be exactly the
whole report's, and reading a few figures must take fewer queries than the whole report."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.panels import MONTH_FIGURES
from reports import services
from reports.definitions import FIGURES, ROOM_TABLE
from reports.panels import HEADLINES
from tests.reports.test_grouped_figures import spread

D = datetime.date
SCOPE = {"date_from": D(2022, 1, 1), "date_to": D(2022, 12, 31)}


def queries(compute) -> int:
    with CaptureQueriesContext(connection) as captured:
        compute()
    return len(captured.captured_queries)


def test_each_figure_read_alone_is_the_whole_reports(world):
    spread(world, [world.room1, world.room2])
    whole = services.flatten(services.station_report(station=world.station, **SCOPE))
    keys = [key for key in whole if key.split(".")[0] in services.REPORT_SECTIONS]
    assert set(FIGURES) <= set(keys)
    assert services.report_values(station=world.station, keys=keys, **SCOPE) == {
        key: whole[key] for key in keys
    }
    for key in keys:
        assert services.report_values(station=world.station, keys=[key], **SCOPE) == {
            key: whole[key]
        }
    assert whole["totals.people_served"] and whole["casework.contacts"]


def test_the_headlines_take_fewer_queries_than_the_whole_report(world):
    spread(world, [world.room1, world.room2])
    whole = queries(lambda: services.station_report(station=world.station, **SCOPE))
    headlines = queries(
        lambda: services.report_values(station=world.station, keys=HEADLINES, **SCOPE)
    )
    assert headlines < whole, (headlines, whole)  # 17 against 28 when written
    # A figure of the counted totals does not read the union of the people served.
    person_times = queries(
        lambda: services.report_values(station=world.station, keys=["totals.person_times"], **SCOPE)
    )
    with_people = queries(
        lambda: services.report_values(
            station=world.station, keys=["totals.person_times", "totals.people_served"], **SCOPE
        )
    )
    assert with_people == person_times + 1


def test_a_room_table_of_some_figures_is_the_whole_tables_columns(world):
    rooms = spread(world, [world.room1, world.room2])
    arguments = {"station": world.station, "rooms": rooms, **SCOPE}
    whole = services.room_table(**arguments)
    for keys in (MONTH_FIGURES, *([key] for key in ROOM_TABLE)):
        part = services.room_table(**arguments, keys=keys)
        assert [row["room"] for row in part] == rooms
        for whole_row, part_row in zip(whole, part, strict=True):
            figures = dict(whole_row["figures"])
            assert part_row["figures"] == [(key, figures[key]) for key in keys]
    # casework 2, groups 3, community 3: no base, no volunteers
    assert queries(lambda: services.room_table(**arguments, keys=MONTH_FIGURES)) == 8
