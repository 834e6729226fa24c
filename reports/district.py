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

from django.core.exceptions import EmptyResultSet
from django.db import connection

from plans.services import targets_for_report, targets_for_report_by_station
from reports.services import (
    REPORT_SECTIONS,
    SERVING_APPS,
    _casework,
    _community,
    _groupwork,
    _money,
    _totals,
    _volunteers,
    figures,
    flatten,
    section_values,
    sections_from,
    station_report,
    x_block,
    x_block_by_station,
)
from stations.staff_figures import base_figures_by_station

# Keys of a station's report that name it rather than count something.
IDENTITY_KEYS = ("station", "period", "room", "targets")
# Tables of a station's report, added up row by row (add_x) rather than leaf by leaf.
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
    if all("x" in report for report in reports):
        totals["x"] = add_x([report["x"] for report in reports])
    base = totals.get("base")
    if base:
        rooms = base["rooms"]
        base["coverage_percent"] = round(100 * base["rooms_covered"] / rooms, 1) if rooms else 0.0
    return totals


def add_x(blocks: list[dict]) -> dict:
    """The district's X block: each table's rows added up by their key (a target population, a
    service area, a combination), in the order they first appear. Distinct people add up too: a
    resident belongs to one station. A row a station lacks (a retired code it never used) counts
    nothing there."""
    total = {}
    for table in blocks[0]:
        rows = {}
        for block in blocks:
            for row in block[table]:
                rows.setdefault(row["key"], []).append(row)
        total[table] = [
            {
                **same[0],
                **{
                    domain: _add([row[domain] for row in same])
                    for domain, counts in same[0].items()
                    if isinstance(counts, dict)
                },
            }
            for same in rows.values()
        ]
    return total


def district_stations(district):
    return district.stations.order_by("name")


# STATION_SOURCES of every station at once: {station pk: that station's raw figures}, each in a
# fixed number of grouped queries.
DISTRICT_SOURCES = {
    "base": base_figures_by_station,
    "casework": lambda **scope: figures("cases").casework_figures_by_station(**scope),
    "groupwork": lambda **scope: figures("groups").group_figures_by_station(**scope),
    "community": lambda **scope: figures("activities").community_figures_by_station(**scope),
    "volunteers": lambda **scope: figures("volunteers").volunteer_figures_by_station(**scope),
    "organizations": lambda **scope: figures("organizations").organization_figures_by_station(
        **scope
    ),
    "charity": lambda **scope: figures("charity").charity_figures_by_station(**scope),
    "people_served": lambda **scope: people_served_by_station(**scope),
    "outreach": lambda **scope: figures("activities").outreach_figures_by_station(**scope),
    "linkage": lambda **scope: figures("activities").linkage_figures_by_station(**scope),
    "volunteer_linkage": lambda **scope: figures("volunteers").volunteer_linkage_figures_by_station(
        **scope
    ),
    "session_hours": lambda **scope: figures("groups").session_hours_by_station(**scope),
    "material_help": lambda **scope: figures("charity").material_help_by_station(**scope),
}


def _station_sections(*, stations, date_from, date_to) -> dict:
    """{station pk: the station's sections, as station_report's `_sections` gives them}, built
    by the same `sections_from` from each station's share of DISTRICT_SOURCES: every source is
    read once for all the stations, on first use, so the queries are fixed whatever the number
    of stations."""
    scope = {"stations": stations, "date_from": date_from, "date_to": date_to}
    read = {}

    def raw_of(pk):
        def raw(source):
            if source not in read:
                read[source] = DISTRICT_SOURCES[source](**scope)
            return read[source][pk]

        return raw

    return {station.pk: sections_from(raw_of(station.pk)) for station in stations}


def station_reports(*, stations, date_from, date_to) -> list[dict]:
    """station_report(station=station) for each of `stations`, in a fixed number of queries."""
    stations = list(stations)
    sections = _station_sections(stations=stations, date_from=date_from, date_to=date_to)
    return [
        {
            "station": station.name,
            "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
            "room": None,
            **{name: sections[station.pk](name) for name in REPORT_SECTIONS},
        }
        for station in stations
    ]


def values_by_station(*, stations, date_from, date_to, keys) -> dict:
    """{station pk: report_values(station=station, keys=keys)} for each of `stations`, computing
    only the sections of `keys`, for every station at once."""
    sections = _station_sections(stations=list(stations), date_from=date_from, date_to=date_to)
    return {pk: section_values(section, keys) for pk, section in sections.items()}


def district_report(*, district, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Each station of `district` with its report (report_json: as `station_report --json`), and
    the total. Every station at once (station_reports, targets_for_report_by_station,
    x_block_by_station): a fixed number of queries, whatever the number of stations."""
    stations = list(district_stations(district))
    dates = {"date_from": date_from, "date_to": date_to}
    reports = station_reports(stations=stations, **dates)
    targets = targets_for_report_by_station(stations=stations, date_to=date_to)
    blocks = x_block_by_station(stations=stations, **dates)
    for station, report in zip(stations, reports, strict=True):
        # The order of report_json: the contract's keys, the targets, the X block.
        report["targets"] = targets[station.pk]
        report["x"] = blocks[station.pk]
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


def people_served_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: services.people_served(station=station)} for each of `stations`, in one
    query: the union of the apps' (station, resident) pairs, which makes them distinct, counted
    per station. The apps' parts are not distinct each: one sort or hash of the union, not five
    (tier XL, 99 stations: 1.4 s -> 1.0 s with JIT off)."""
    keys = [station.pk for station in stations]
    result = dict.fromkeys(keys, 0)
    scope = {"stations": keys, "date_from": date_from, "date_to": date_to}
    pairs = [figures(app).served_residents_by_station(**scope) for app in SERVING_APPS]
    try:
        sql, params = pairs[0].union(*pairs[1:]).query.sql_with_params()
    except EmptyResultSet:
        return result
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT served.station_id, COUNT(*)"
            f" FROM ({sql}) AS served (station_id, resident_id)"
            " WHERE served.resident_id IS NOT NULL GROUP BY served.station_id",
            params,
        )
        for station_pk, residents in cursor.fetchall():
            if station_pk in result:
                result[station_pk] = residents
    return result


def district_figures(*, stations, date_from, date_to) -> list[dict]:
    """The figures of the district table (district_views.DISTRICT_TABLE) for each of `stations`,
    in the shape of station_report (only those blocks), computed for every station at once: a
    fixed number of grouped queries (base 2, casework 2, groups 3, community 3, volunteers 2,
    organizations 1, charity 1, people served 1), whatever the number of stations."""
    stations = list(stations)
    scope = {"stations": stations, "date_from": date_from, "date_to": date_to}
    base = base_figures_by_station(**scope)
    casework = figures("cases").casework_figures_by_station(**scope)
    groupwork = figures("groups").group_figures_by_station(**scope)
    community = figures("activities").community_figures_by_station(**scope)
    volunteers = figures("volunteers").volunteer_figures_by_station(**scope)
    organizations = figures("organizations").organization_totals_by_station(**scope)
    cash = figures("charity").cash_raised_by_station(**scope)
    served = people_served_by_station(**scope)
    reports = []
    for station in stations:
        station_casework = _casework(casework[station.pk])
        station_groupwork = _groupwork(groupwork[station.pk])
        station_community = _community(community[station.pk])
        reports.append(
            {
                "station": station.name,
                "base": base[station.pk],
                "casework": station_casework,
                "groupwork": station_groupwork,
                "community": station_community,
                "volunteers": _volunteers(volunteers[station.pk]),
                "organizations": {"total": organizations[station.pk]},
                "charity": {"cash_raised": _money(cash[station.pk])},
                "totals": _totals(
                    station_casework,
                    station_groupwork,
                    station_community,
                    people_served=served[station.pk],
                ),
            }
        )
    return reports


def district_page_report(*, district, date_from, date_to) -> dict:
    """district_report's shape with the district table's figures only (district_figures): what
    the district page reads, in a fixed number of queries."""
    reports = district_figures(
        stations=district_stations(district), date_from=date_from, date_to=date_to
    )
    return {
        "district": district.name,
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "stations": reports,
        "totals": add_up(reports),
    }
