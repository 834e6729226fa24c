"""The report's side of the targets seam (plans/figure_source.py): the figures a target may name
and how to compute them for a station or for its rooms."""

from plans.figure_source import FigureSource
from reports import services
from reports.definitions import FIGURES, ROOM_TABLE


def station_values(*, station, date_from, date_to, keys=None) -> dict:
    """Every figure, or with `keys` only those (and only the sections they are in)."""
    if keys is not None:
        return services.report_values(
            station=station, date_from=date_from, date_to=date_to, keys=keys
        )
    return services.flatten(
        services.station_report(station=station, date_from=date_from, date_to=date_to)
    )


def room_values(*, station, date_from, date_to, rooms, keys=None) -> dict:
    table = services.room_table(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms, keys=keys
    )
    return {row["room"].pk: dict(row["figures"]) for row in table}


SOURCE = FigureSource(
    definitions=FIGURES,
    room_keys=frozenset(ROOM_TABLE),
    station_values=station_values,
    room_values=room_values,
)
