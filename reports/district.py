"""The district (区/县) roll-up: every station's report side by side, and their total.

`district_report()` is the JSON of `station_report --json --district CODE` and of the API for a
district token: `{"district", "period", "stations": [each station's report, the keys of
station_report --json], "totals"}`. The total has the shape of one station's figures (the report
without "station", "period", "room" and "targets") and is the sum of the stations' figures: every
figure is additive across stations, because a room, a resident, a volunteer or an organization
belongs to one station; a percentage is worked out again from the summed counts.
"""

import datetime
from decimal import Decimal

from plans.services import targets_for_report
from reports.services import flatten, station_report, x_block

# Keys of a station's report that name it rather than count something.
IDENTITY_KEYS = ("station", "period", "room", "targets")
# Tables of a station's report that the district total leaves out: the X block's rows follow each
# deployment's code list (issue 16); a district-wide X table is not built yet.
TABLE_KEYS = ("x",)


def report_json(*, station, date_from, date_to, room=None) -> dict:
    """What `station_report --json` prints: the report with the year's targets (plans) after
    the contract's keys."""
    report = station_report(station=station, date_from=date_from, date_to=date_to, room=room)
    report["targets"] = targets_for_report(station=station, date_to=date_to, room=room)
    # Added after the contract's keys (issue 16): the X block by target population and area.
    report["x"] = x_block(station=station, date_from=date_from, date_to=date_to, room=room)
    return report


def _add(values: list):
    first = values[0]
    if isinstance(first, dict):
        return {key: _add([value[key] for value in values]) for key in first}
    if isinstance(first, str):  # money, "0.00"
        return str(sum((Decimal(value) for value in values), Decimal("0.00")))
    if isinstance(first, float):
        return round(sum(values), 2)
    if first is None:
        return None
    return sum(values)


def add_up(reports: list[dict]) -> dict:
    """The sum of the stations' figures, in the report's key order (an empty district: zeros)."""
    if not reports:
        return {}
    skipped = (*IDENTITY_KEYS, *TABLE_KEYS)
    totals = _add([{k: v for k, v in r.items() if k not in skipped} for r in reports])
    base = totals.get("base")
    if base:
        rooms = base["rooms"]
        base["coverage_percent"] = round(100 * base["rooms_covered"] / rooms, 1) if rooms else 0.0
    return totals


def district_stations(district):
    return district.stations.order_by("name")


def district_report(
    *, district, date_from: datetime.date, date_to: datetime.date, targets: bool = True
) -> dict:
    """Each station of `district` with its report (as `station_report --json`; without the
    targets when `targets` is false, for the page), and the total. One station report per
    station: the queries grow with the number of stations."""
    one_report = report_json if targets else station_report
    reports = [
        one_report(station=station, date_from=date_from, date_to=date_to)
        for station in district_stations(district)
    ]
    return {
        "district": district.name,
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "stations": reports,
        "totals": add_up(reports),
    }


def district_table(report: dict, keys: list[str]) -> dict:
    """Rows of the district page: {"stations": [{"name", "code", "values"}], "total": values}."""
    rows = []
    for station_report_ in report["stations"]:
        flat = flatten(station_report_)
        rows.append({"name": station_report_["station"], "values": [flat[key] for key in keys]})
    flat_total = flatten(report["totals"]) if report["totals"] else {}
    return {"rows": rows, "total": [flat_total.get(key, 0) for key in keys]}
