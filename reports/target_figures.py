"""The report's side of the targets seam (plans/figure_source.py): the figures a target may name
and how to compute them for a station or for its rooms."""

from plans.figure_source import FigureSource
from reports import district, services
from reports.definitions import FIGURES, ROOM_TABLE


def stations_values(*, stations, date_from, date_to, keys=None) -> dict:
    """{station pk: every figure}, or with `keys` only those (and only the sections they are
    in), for every station at once."""
    if keys is not None:
        return district.values_by_station(
            stations=stations, date_from=date_from, date_to=date_to, keys=keys
        )
    reports = district.station_reports(stations=stations, date_from=date_from, date_to=date_to)
    return {
        station.pk: services.flatten(report)
        for station, report in zip(stations, reports, strict=True)
    }


def room_values(*, station, date_from, date_to, rooms, keys=None) -> dict:
    table = services.room_table(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms, keys=keys
    )
    return {row["room"].pk: dict(row["figures"]) for row in table}


SOURCE = FigureSource(
    definitions=FIGURES,
    room_keys=frozenset(ROOM_TABLE),
    stations_values=stations_values,
    room_values=room_values,
)
