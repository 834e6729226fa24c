"""The station report: one computation for the pages, the exports and `manage.py station_report`.

It reads the figure functions of the domain apps (`<app>.figures`) and never a row of personal data:
every figure is a database aggregate. The JSON keys of `station_report()` are a contract that other
systems read; see issue 8.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from activities import figures as activity_figures
from cases import figures as case_figures
from charity import figures as charity_figures
from groups import figures as group_figures
from organizations import figures as organization_figures
from reports.periods import Period, bucket_unit, buckets
from stations import figures as resident_figures
from stations.aggregates import period_starts
from stations.models import KeyPopulation, KeyPopulationTag, Room
from stations.staff_figures import base_figures, base_figures_by_room
from stations.vocabulary import ServiceArea, SocialForce
from volunteers import figures as volunteer_figures

SUPPRESSED = "<5"
SUPPRESSION_THRESHOLD = 5
# A room's count hidden only so that "<5" cells cannot be worked out from the station total.
COMPLEMENT = "*"

# Each domain app's figure functions, by app label (tests replace functions on these modules).
FIGURE_MODULES = {
    "cases": case_figures,
    "groups": group_figures,
    "activities": activity_figures,
    "volunteers": volunteer_figures,
    "organizations": organization_figures,
    "charity": charity_figures,
    "stations": resident_figures,
}


def figures(app: str):
    return FIGURE_MODULES[app]


def _int(value) -> int:
    return int(value or 0)


def _hours(value) -> float:
    if isinstance(value, datetime.timedelta):
        value = value.total_seconds() / 3600
    return round(float(value or 0), 2)


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _rooms_argument(room):
    return None if room is None else [room]


def _activity_total(community: dict, groupwork: dict) -> int:
    """Community activities + group sessions."""
    return _int(community["activities"]) + _int(groupwork["sessions"])


def _person_times(casework: dict, groupwork: dict, community: dict) -> int:
    """Service records + group sign-ins + activity direct participants.

    casework["contacts"] already counts every service record, home visits (with or without a case)
    included; casework["home_visits"] is the part of it that was a home visit, not an addition.
    """
    return (
        _int(casework["contacts"])
        + _int(groupwork["attendances"])
        + _int(community["direct_participants"])
    )


def _scope(station, date_from, date_to, room) -> dict:
    return {
        "station": station,
        "date_from": date_from,
        "date_to": date_to,
        "rooms": _rooms_argument(room),
    }


def _casework(raw: dict) -> dict:
    return {
        "cases_opened": _int(raw["cases_opened"]),
        "cases_open_at_end": _int(raw["cases_open_at_end"]),
        "cases_closed": _int(raw["cases_closed"]),
        "contacts": _int(raw["contacts"]),
        "home_visits": _int(raw["home_visits"]),
        "service_hours": _hours(raw["service_hours"]),
    }


def _groupwork(raw: dict) -> dict:
    return {key: _int(raw[key]) for key in ("groups", "sessions", "members", "attendances")}


def _community(raw: dict) -> dict:
    return {
        key: _int(raw[key])
        for key in (
            "activities",
            "direct_participants",
            "indirect_beneficiaries",
            "needs_assessments",
        )
    }


def _volunteers(raw: dict) -> dict:
    return {
        "registered": _int(raw["registered"]),
        "active": _int(raw["active"]),
        "person_times": _int(raw["person_times"]),
        "hours": _hours(raw["hours"]),
    }


def _organizations(raw: dict) -> dict:
    by_category = raw.get("by_category") or {}
    return {
        "total": _int(raw["total"]),
        "by_category": {
            key: _int(by_category.get(key))
            for key in ("charity", "life_services", "community_affairs", "culture_sports")
        },
        "activities": _int(raw["activities"]),
        "people_served": _int(raw["people_served"]),
    }


def _charity(raw: dict) -> dict:
    return {
        "projects": _int(raw["projects"]),
        "cash_raised": _money(raw["cash_raised"]),
        "in_kind_value": _money(raw["in_kind_value"]),
        "disbursed": _money(raw["disbursed"]),
        "partners": _int(raw["partners"]),
        # Added after the contract's keys (issue 16): "disbursed" is their sum.
        "disbursed_cash": _money(raw["disbursed_cash"]),
        "disbursed_in_kind": _money(raw["disbursed_in_kind"]),
    }


def _outreach(raw: dict) -> dict:
    return {"media_reports": _int(raw["media_reports"]), "exchanges": _int(raw["exchanges"])}


def _totals(casework, groupwork, community, *, people_served=None) -> dict:
    person_times = _person_times(casework, groupwork, community)
    return {
        "activities": _activity_total(community, groupwork),
        "person_times": person_times,
        "people_served": people_served,
        "beneficiaries": person_times + community["indirect_beneficiaries"],
        "service_hours": casework["service_hours"],
    }


def _linkage(raw: dict, volunteers: dict) -> dict:
    """五社联动 from the records that link each force to the period's activities (issue 16)."""
    return {
        "community": {key: _int(raw["community"][key]) for key in ("activities", "units")},
        "social_workers": {
            "activities": _int(raw["social_workers"]["activities"]),
            "person_times": _int(raw["social_workers"]["person_times"]),
            "hours": _hours(raw["social_workers"]["hours"]),
        },
        "social_organizations": {
            key: _int(raw["social_organizations"][key])
            for key in ("activities", "person_times", "people_served")
        },
        "volunteers": {
            "activities": _int(volunteers["activities"]),
            "person_times": _int(volunteers["person_times"]),
            "hours": _hours(volunteers["hours"]),
        },
        "charity": {key: _int(raw["charity"][key]) for key in ("activities", "units", "projects")},
        "ticked_without_record": {
            force: _int(raw["ticked_without_record"].get(force)) for force in SocialForce.values
        },
    }


def _service_hours(casework, group_hours, activity_hours, volunteers) -> dict:
    """Hours of service by kind and their total (issue 16): the figure the station quotes."""
    hours = {
        "casework": casework["service_hours"],
        "groupwork": _hours(group_hours),
        "activities": _hours(activity_hours),
        "volunteers": volunteers["hours"],
    }
    return {**hours, "total": round(sum(hours.values()), 2)}


def _help_given(casework, material_help) -> dict:
    """帮扶次数: contacts with people (service records, home visits among them) + material help
    received (issue 16)."""
    contacts = casework["contacts"]
    material = _int(material_help)
    return {
        "contacts": contacts,
        "home_visits": casework["home_visits"],
        "material_help": material,
        "total": contacts + material,
    }


def sections_from(raw: Callable[[str], object]) -> Callable[[str], dict]:
    """The report's sections by name, each computed on first use and once, from `raw(source)`:
    the raw figures of one station under a name of STATION_SOURCES (the apps' figure functions).
    `section("totals")` reads casework, groups and activities (and people served), nothing else.
    One station's sections read the station's sources (`_sections`); the district's read every
    station's at once and each station's share of them (reports.district)."""
    built = {}

    def section(name):
        if name not in built:
            built[name] = builders[name]()
        return built[name]

    def totals(*, with_people_served):
        served = section("people_served") if with_people_served else None
        return _totals(
            section("casework"), section("groupwork"), section("community"), people_served=served
        )

    builders = {
        "base": lambda: raw("base"),
        "casework": lambda: _casework(raw("casework")),
        "groupwork": lambda: _groupwork(raw("groupwork")),
        "community": lambda: _community(raw("community")),
        "volunteers": lambda: _volunteers(raw("volunteers")),
        "organizations": lambda: _organizations(raw("organizations")),
        "charity": lambda: _charity(raw("charity")),
        "people_served": lambda: raw("people_served"),
        "totals": lambda: totals(with_people_served=True),
        # The totals without people served (the one union of every app's residents).
        "totals_counted": lambda: totals(with_people_served=False),
        "outreach": lambda: _outreach(raw("outreach")),
        "raw_linkage": lambda: raw("linkage"),
        "linkage": lambda: _linkage(section("raw_linkage"), raw("volunteer_linkage")),
        "service_hours": lambda: _service_hours(
            section("casework"),
            raw("session_hours"),
            section("raw_linkage")["activity_hours"],
            section("volunteers"),
        ),
        "help_given": lambda: _help_given(section("casework"), raw("material_help")),
    }
    return section


# The raw figures of one station (or of some of its rooms) behind the report's sections, by
# source name: each an app's figure function of the scope (`_scope`).
STATION_SOURCES = {
    "base": lambda scope: base_figures(**scope),
    "casework": lambda scope: figures("cases").casework_figures(**scope),
    "groupwork": lambda scope: figures("groups").group_figures(**scope),
    "community": lambda scope: figures("activities").community_figures(**scope),
    "volunteers": lambda scope: figures("volunteers").volunteer_figures(**scope),
    "organizations": lambda scope: figures("organizations").organization_figures(**scope),
    "charity": lambda scope: figures("charity").charity_figures(**scope),
    "people_served": lambda scope: people_served(**scope),
    "outreach": lambda scope: figures("activities").outreach_figures(**scope),
    "linkage": lambda scope: figures("activities").linkage_figures(**scope),
    "volunteer_linkage": lambda scope: figures("volunteers").volunteer_linkage_figures(**scope),
    "session_hours": lambda scope: figures("groups").session_hours(**scope),
    "material_help": lambda scope: figures("charity").material_help(**scope),
}


def _sections(scope) -> Callable[[str], dict]:
    """One station's (or rooms') sections: sections_from its STATION_SOURCES."""
    return sections_from(lambda source: STATION_SOURCES[source](scope))


# The sections of the report after its heading, in the contract's key order.
REPORT_SECTIONS = (
    "base",
    "casework",
    "groupwork",
    "community",
    "volunteers",
    "organizations",
    "charity",
    "totals",
    "outreach",
    # Added after the contract's keys (issue 16).
    "linkage",
    "service_hours",
    "help_given",
)


def station_report(*, station, date_from, date_to, room=None) -> dict:
    """The figures of `station` from `date_from` to `date_to` (inclusive), for one room or all.

    Returns the JSON-ready dict of issue 8 (ints, floats, money as "0.00" strings), in the
    contract's key order.
    """
    section = _sections(_scope(station, date_from, date_to, room))
    return {
        "station": station.name,
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "room": None if room is None else room.code,
        **{name: section(name) for name in REPORT_SECTIONS},
    }


def report_values(*, station, date_from, date_to, keys, room=None) -> dict:
    """{key: value} of the report's figures named by `keys` ("casework.contacts", as `flatten`
    names them), computing only the sections they are in: what `flatten(station_report(...))`
    gives for those keys, without the rest of the report (the official's home panel shows eight
    figures; a target names one). An unknown key is left out, as `flatten(...).get` gives None."""
    return section_values(_sections(_scope(station, date_from, date_to, room)), keys)


def section_values(section, keys) -> dict:
    """report_values from `section` (a station's sections by name, as `_sections` gives them)."""
    values = {}
    for key in keys:
        name = key.split(".", 1)[0]
        if name not in REPORT_SECTIONS:
            continue
        if key == "totals.people_served":
            values[key] = section("people_served")  # the union alone, not the other totals
            continue
        if name == "totals":
            flat = flatten({name: section("totals_counted")})
        else:
            flat = flatten({name: section(name)})
        if key in flat:
            values[key] = flat[key]
    return values


SERVING_APPS = ("cases", "groups", "activities", "charity")


def _served_sql(*, station, date_from, date_to, rooms=None) -> tuple[str, list] | None:
    """SQL of the ids of the residents served by casework, groups, activities or charity during
    the period: a UNION of the apps' served_resident_ids (one column), or None when nothing can
    have been served (an empty room list).

    A UNION, not an OR of `pk IN (…)` subqueries: PostgreSQL plans the union as one hashed set,
    whereas an OR of IN subqueries that outgrow `work_mem` is re-scanned for every resident
    (issue 15: 36 s against 0.6 s at 30 stations).
    """
    scope = {"station": station, "date_from": date_from, "date_to": date_to, "rooms": rooms}
    parts = [figures(app).served_resident_ids(**scope).order_by() for app in SERVING_APPS]
    try:
        return parts[0].union(*parts[1:]).query.sql_with_params()
    except EmptyResultSet:
        return None


def people_served(*, station, date_from, date_to, rooms=None) -> int:
    """Distinct residents served by casework, groups, activities or charity: one query.

    The union of the apps' served_resident_ids is taken in the database, so that a resident
    served by several apps counts once and an empty (NULL) id never counts.
    """
    served = _served_sql(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
    if served is None:
        return 0
    sql, params = served
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ({sql}) AS served (resident_id)"
            " WHERE served.resident_id IS NOT NULL",
            params,
        )
        return cursor.fetchone()[0]


def suppress(value):
    """A count that cuts a key population by room: 1–4 becomes "<5" so nobody can be singled out."""
    if isinstance(value, int) and 0 < value < SUPPRESSION_THRESHOLD:
        return SUPPRESSED
    return value


def suppress_small(value):
    """A room's count of 0–4 reads "<5": an exact 0 on the other rooms' pages would let the
    station total minus them give a "<5" room exactly."""
    if isinstance(value, int) and 0 <= value < SUPPRESSION_THRESHOLD:
        return SUPPRESSED
    return value


def _pinned(hidden: list[int], complements: int) -> bool:
    """Whether someone who knows the column total (the station figure is exact) and the visible
    cells can tell the value of a hidden cell: with each "<5" cell known to hold 0–4, that is
    when one cell alone is hidden, or when the hidden sum can only be reached by all being 4.
    A complement ("*") cell has no stated range: the sum then pins nothing."""
    if complements:
        return False
    return len(hidden) == 1 or (hidden and sum(hidden) == (SUPPRESSION_THRESHOLD - 1) * len(hidden))


def protect_column(counts: list[int]) -> list:
    """One key-population column across the station's rooms, safe against differencing.

    Without protection the exact station total minus the other rooms' exact counts gives a "<5"
    room exactly. So when any room has 1–4, every room with 0–4 reads "<5" (0 is below 5 too),
    and while the hidden cells could still be worked out from the total, the smallest visible
    room is hidden as well ("*"). A column without small counts is shown as it is.

    What the exact station total gives away by itself is beyond a room table: a station of one
    room, or one whose rooms all have exactly 4."""
    if not any(0 < count < SUPPRESSION_THRESHOLD for count in counts):
        return list(counts)
    shown: list = [SUPPRESSED if count < SUPPRESSION_THRESHOLD else count for count in counts]
    hidden = [count for count in counts if count < SUPPRESSION_THRESHOLD]
    complements = 0
    while _pinned(hidden, complements):
        visible = [index for index, value in enumerate(shown) if isinstance(value, int)]
        if not visible:
            break
        smallest = min(visible, key=lambda index: counts[index])
        shown[smallest] = COMPLEMENT
        complements += 1
    return shown


def _tags_in_force(date_from, date_to) -> QuerySet:
    """Key-population tags in force on some day of the period."""
    return KeyPopulationTag.objects.in_force_during(date_from, date_to)


def _tag_counts(date_from, date_to, served, by_room=False) -> list[tuple]:
    """Rows (category, residents), with `by_room` (room pk, category, residents): the distinct
    served residents holding each key-population tag in force during the period. `served` is the
    compiled (sql, params) of the served residents, with `by_room` of (room, resident) pairs."""
    tags = _tags_in_force(date_from, date_to).order_by().values_list("resident", "category")
    try:
        tags_sql, tags_params = tags.query.sql_with_params()
    except EmptyResultSet:
        return []
    served_sql, served_params = served
    room_column, room = ("room_id, ", "served.room_id, ") if by_room else ("", "")
    # The ORM cannot join a queryset to a UNION: the compiled querysets are joined here. The
    # tags are read by resident for the served residents only (`= ANY(ARRAY(…))`, the index on
    # the tag's resident): joined as a set, PostgreSQL read every tag of every station (issue
    # 15: 775,000 tags for 5,600 served residents at tier XL, 100 ms of the report's 124 ms).
    sql = (
        f"WITH served ({room_column}resident_id) AS MATERIALIZED ({served_sql})"
        f" SELECT {room}tags.category, COUNT(DISTINCT tags.resident_id)"
        f" FROM ({tags_sql}) AS tags (resident_id, category)"
        " JOIN served ON served.resident_id = tags.resident_id"
        " WHERE tags.resident_id = ANY(ARRAY(SELECT resident_id FROM served))"
        f" GROUP BY {room}tags.category"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*served_params, *tags_params])
        return cursor.fetchall()


def key_populations_served(*, station, date_from, date_to, rooms=None) -> dict:
    """{KeyPopulation value: distinct served residents holding that tag during the period}."""
    served = _served_sql(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
    if served is None:
        return {}
    return dict(_tag_counts(date_from, date_to, served))


def key_populations_served_by_room(*, station, date_from, date_to, rooms) -> dict:
    """{room pk: key_populations_served(rooms=[room])} for each of `rooms`, in one query.

    A resident served in a room by casework, groups, activities or charity is one (room,
    resident) pair of the apps' served_residents_by_room, whichever apps served them there.
    """
    rooms = list(rooms)
    result = {room.pk: {} for room in rooms}
    scope = {"station": station, "date_from": date_from, "date_to": date_to, "rooms": rooms}
    pairs = [figures(app).served_residents_by_room(**scope) for app in SERVING_APPS]
    try:
        served = pairs[0].union(*pairs[1:]).query.sql_with_params()
    except EmptyResultSet:  # no rooms, or nothing that could serve anybody
        return result
    for room_pk, category, residents in _tag_counts(date_from, date_to, served, by_room=True):
        if room_pk in result:
            result[room_pk][category] = residents
    return result


def key_populations(*, station, date_from, date_to, room=None) -> list[dict]:
    """[{key, label, registered, served}] in KeyPopulation order: residents on file with the tag
    during the period, and those of them served. For one room, counts of 1–4 read "<5"."""
    scope = _scope(station, date_from, date_to, room)
    registered = figures("stations").key_population_figures(**scope)
    if room is None:
        served = key_populations_served(**scope)
        show_served = {value: _int(served.get(value)) for value in KeyPopulation.values}
    else:
        # The room's cells of the protected by-room table: each room's page agrees with it.
        table = key_populations_by_room(
            station=station, date_from=date_from, date_to=date_to, rooms=[room]
        )
        show_served = dict(zip(KeyPopulation.values, table["rows"][0]["counts"], strict=True))
    show = (lambda count: count) if room is None else suppress_small
    return [
        {
            "key": value,
            "label": str(label),
            "registered": show(_int(registered.get(value))),
            "served": show_served[value],
        }
        for value, label in KeyPopulation.choices
    ]


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def _labelled(counts: dict, labels: dict) -> list[dict]:
    order = list(labels) + [value for value in counts if value not in labels]
    return [
        {"key": value, "label": labels.get(value, value), "count": _int(counts.get(value))}
        for value in order
        if value in counts or value in labels
    ]


def demands(*, station, date_from, date_to, room=None) -> dict:
    """The X demands: activities by service area and by linked force, key populations served."""
    scope = _scope(station, date_from, date_to, room)
    activities = figures("activities")
    return {
        "service_areas": _labelled(
            activities.activities_by_service_area(**scope),
            _labels(ServiceArea),
        ),
        "forces": _labelled(activities.activities_by_force(**scope), _labels(SocialForce)),
        "key_populations": key_populations(
            station=station, date_from=date_from, date_to=date_to, room=room
        ),
        "partners": _int(figures("organizations").partner_figures(**scope).get("partners")),
    }


def linkage_rows(report: dict) -> list[dict]:
    """The five forces of a report's "linkage" as rows: {key, label, activities (from records),
    unrecorded (activities that tick the force without a record)}."""
    linkage = report["linkage"]
    return [
        {
            "key": force,
            "label": str(label),
            "activities": linkage[force]["activities"],
            "unrecorded": linkage["ticked_without_record"][force],
        }
        for force, label in SocialForce.choices
    ]


def flatten(report: dict, prefix: str = "") -> dict:
    """{"casework.contacts": 3, "base.certified.junior": 2, …}: the figures of a report by path."""
    leaves = {}
    for key, value in report.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            leaves.update(flatten(value, f"{path}."))
        else:
            leaves[path] = value
    return leaves


def _number(value):
    if isinstance(value, str):
        return Decimal(value)
    return value


def difference(current, previous):
    """current − previous, in the figure's own type (money as a "±0.00" string)."""
    if isinstance(current, str):
        return f"{_number(current) - _number(previous):+.2f}"
    change = current - previous
    return round(change, 2) if isinstance(change, float) else change


def room_table(*, station, date_from, date_to, rooms, keys=None) -> list[dict]:
    """One row per room with the additive figures (ROOM_TABLE): for each room exactly what
    station_report(room=room) gives, computed for all rooms at once in a fixed number of grouped
    queries (base 2, casework 2, groups 3, community 3, volunteers 2), whatever the rooms.

    `keys`: only those figures of ROOM_TABLE, in that order, and only the grouped queries of their
    sections (the station head's month panel shows five figures of casework, groups and
    activities: 8 queries instead of 12)."""
    from reports.definitions import ROOM_TABLE

    keys = ROOM_TABLE if keys is None else [key for key in keys if key in ROOM_TABLE]
    sections = {key.split(".", 1)[0] for key in keys}
    if "totals" in sections:
        sections |= {"casework", "groupwork", "community"}
    rooms = list(rooms)
    scope = {"station": station, "date_from": date_from, "date_to": date_to, "rooms": rooms}
    grouped = {
        "base": lambda: base_figures_by_room(**scope),
        "casework": lambda: figures("cases").casework_figures_by_room(**scope),
        "groupwork": lambda: figures("groups").group_figures_by_room(**scope),
        "community": lambda: figures("activities").community_figures_by_room(**scope),
        "volunteers": lambda: figures("volunteers").volunteer_figures_by_room(**scope),
    }
    by_room = {name: compute() for name, compute in grouped.items() if name in sections}
    shape = {
        "base": lambda raw: raw,
        "casework": _casework,
        "groupwork": _groupwork,
        "community": _community,
        "volunteers": _volunteers,
    }
    rows = []
    for room in rooms:
        room_sections = {name: shape[name](values[room.pk]) for name, values in by_room.items()}
        if "totals" in sections:
            room_sections["totals"] = _totals(
                room_sections["casework"], room_sections["groupwork"], room_sections["community"]
            )
        partial = flatten(room_sections)
        rows.append({"room": room, "figures": [(key, partial[key]) for key in keys]})
    return rows


def series(*, station, period: Period, room=None) -> list[dict]:
    """Activities and person-times per month (or per year for long periods), for the charts:
    for each bucket what station_report() gives for its dates, in six grouped queries (casework
    1, groups 2, community 3) whatever the number of buckets."""
    unit = bucket_unit(period)
    scope = {
        "station": station,
        "date_from": period.date_from,
        "date_to": period.date_to,
        "rooms": _rooms_argument(room),
        "unit": unit,
    }
    contacts = figures("cases").contacts_by_period(**scope)
    sessions = figures("groups").sessions_by_period(**scope)
    community = figures("activities").community_figures_by_period(**scope)
    starts = period_starts(period.date_from, period.date_to, unit)
    return [
        {
            "label": label,
            "activities": _activity_total(community[start], sessions[start]),
            "person_times": _person_times(contacts[start], sessions[start], community[start]),
        }
        for (label, _bucket), start in zip(buckets(period), starts, strict=True)
    ]


def station_rooms(station) -> QuerySet:
    return Room.objects.filter(station=station).order_by("order", "pk")


def key_populations_by_room(*, station, date_from, date_to, rooms) -> dict:
    """Key-population residents served, by room: {"categories": [label…],
    "rows": [{"room", "counts": ["<5"-suppressed counts…]}]}; each row is the "served" column of
    key_populations(room=room). One query, whatever the number of rooms."""
    rooms = list(rooms)
    # Protected across all the station's rooms, whichever of them are shown: a page of one room
    # must hide what the other rooms' pages would give away.
    every_room = list(station_rooms(station))
    served = key_populations_served_by_room(
        station=station, date_from=date_from, date_to=date_to, rooms=every_room
    )
    columns = [
        protect_column([_int(served[room.pk].get(value)) for room in every_room])
        for value in KeyPopulation.values
    ]
    shown = {
        room.pk: [column[index] for column in columns] for index, room in enumerate(every_room)
    }
    rows = [{"room": room, "counts": shown[room.pk]} for room in rooms]
    return {"categories": [str(label) for _value, label in KeyPopulation.choices], "rows": rows}


X_APPS = ("cases", "groups", "activities")
X_DOMAINS = ("casework", "groups", "activities")
X_FIGURES = ("records", "person_times", "people")


def _empty_x() -> dict:
    return {domain: dict.fromkeys(X_FIGURES, 0) for domain in (*X_DOMAINS, "total")}


def _x_codes(combination=None) -> tuple[list, list, list]:
    """(the code lists' rows (kind, code, label, active), the combinations (key, label, codes),
    the mapping: (dimension, code, row key) for the VALUES list the codes are matched against).
    One query."""
    from django.utils.translation import gettext as _

    from stations.models import Term
    from stations.vocabulary import POPULATION_COMBINATIONS, term_label

    terms = list(
        Term.objects.order_by("kind", "order", "pk").values_list("kind", "code", "label", "active")
    )
    combinations = [(key, str(label), codes) for key, label, codes in POPULATION_COMBINATIONS]
    if combination:
        chosen = [code for code in combination if code]
        if chosen:
            names = _("、").join(term_label("target_population", code) for code in chosen)
            combinations.append(("chosen", _("所选人群：%(names)s") % {"names": names}, chosen))
    mapping = [
        (kind, code, f"{kind}:{code}")
        for kind, code, _label, _active in terms
        if kind in ("service_area", "target_population")
    ]
    for key, _label, codes in combinations:
        mapping += [("target_population", code, f"combination:{key}") for code in codes]
    return terms, combinations, mapping


def _x_rows(terms, combinations, counts) -> dict:
    """The X block from the code lists, the combinations and the counts of _x_counts."""
    from stations.vocabulary import term_label

    def row(key, label, row_key):
        return {"key": key, "label": label, **counts.get(row_key, _empty_x())}

    def rows(kind):
        return [
            row(code, term_label(kind, code, label), f"{kind}:{code}")
            for term_kind, code, label, active in terms
            if term_kind == kind and (active or f"{kind}:{code}" in counts)
        ]

    return {
        "by_target_population": rows("target_population"),
        "by_service_area": rows("service_area"),
        "combinations": [
            {**row(key, label, f"combination:{key}"), "populations": list(codes)}
            for key, label, codes in combinations
        ],
    }


def x_block(*, station, date_from, date_to, room=None, combination=None) -> dict:
    """The X block (issue 16): for each target population and each service area, across casework,
    groups and activities, the records, person-times and distinct residents; plus the combinations
    of populations (POPULATION_COMBINATIONS, and `combination`, a list of population codes chosen
    on the page), each a selection of rows that counts a record or a person once.

    Two queries whatever the number of codes: the code lists, and one query over the UNION of the
    apps' tag_rows (see stations.aggregates.TAG_ROW_COLUMNS) that unnests the codes and groups them.
    Definitions: reports.definitions.X_DEFINITIONS.
    """
    terms, combinations, mapping = _x_codes(combination)
    scope = _scope(station, date_from, date_to, room)
    parts = [part for app in X_APPS for part in figures(app).tag_rows(**scope)]
    counts = _x_counts(parts, mapping).get(None, {})
    return _x_rows(terms, combinations, counts)


def x_block_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: x_block(station=station)} for each of `stations`, in two queries: the code
    lists, and the query of x_block over the apps' tag_rows_by_station, grouped by station too."""
    terms, combinations, mapping = _x_codes()
    keys = [station.pk for station in stations]
    scope = {"stations": keys, "date_from": date_from, "date_to": date_to}
    parts = [part for app in X_APPS for part in figures(app).tag_rows_by_station(**scope)]
    counts = _x_counts(parts, mapping, by_station=True)
    return {pk: _x_rows(terms, combinations, counts.get(pk, {})) for pk in keys}


def _x_counts(parts, mapping, *, by_station=False) -> dict:
    """{station pk (None unless `by_station`): {row key: {domain: {records, person_times,
    people}, "total": {...}}}} for the rows of `mapping` that have any record. `parts`: the
    apps' tag_rows (with `by_station`, tag_rows_by_station: each row led by its station)."""
    if not mapping:
        return {}
    try:
        union_sql, union_params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    except EmptyResultSet:
        return {}
    values = ", ".join(["(%s, %s, %s)"] * len(mapping))
    mapping_params = [value for entry in mapping for value in entry]
    station = "u.station" if by_station else "NULL::bigint"
    columns = "station, " if by_station else ""
    # The codes are the record's (the case's, the group's, the activity's: TAG_ROW_COLUMNS), so
    # each record's codes are matched to the row keys once, DISTINCT, so that a record matched to
    # one row key through two of its codes (tagged 老年人 and 儿童, in 一老一小) counts once; then
    # each served row joins its record's row keys (issue 15: matching the codes of every served
    # row took 10 s for the city's 775,000 rows; its records are 37,000). DISTINCT ON (record),
    # not DISTINCT over the arrays too: PostgreSQL then estimates the rows well enough not to
    # spend a second compiling the query (JIT).
    sql = (
        "WITH served AS ("
        f"  SELECT {station} AS station, u.domain, u.record, u.person, u.weight, u.areas,"
        f"    u.populations FROM ({union_sql}) AS u"
        f"  ({columns}domain, record, person, weight, areas, populations)"
        "), keyed AS ("
        "  SELECT DISTINCT tagged.record, rows.row_key"
        "  FROM (SELECT DISTINCT ON (record) record, areas, populations FROM served) AS tagged"
        "  CROSS JOIN LATERAL ("
        "    SELECT 'service_area' AS dimension, code FROM unnest(tagged.areas) AS code"
        "    UNION ALL"
        "    SELECT 'target_population', code FROM unnest(tagged.populations) AS code"
        "  ) AS tags"
        f"  JOIN (VALUES {values}) AS rows (dimension, code, row_key)"
        "    ON rows.dimension = tags.dimension AND rows.code = tags.code"
        ")"
        " SELECT served.station, keyed.row_key, served.domain, COUNT(DISTINCT served.record),"
        "   COALESCE(SUM(served.weight), 0), COUNT(DISTINCT served.person)"
        " FROM served JOIN keyed ON keyed.record = served.record"
        " GROUP BY GROUPING SETS ((served.station, keyed.row_key, served.domain),"
        "   (served.station, keyed.row_key))"
    )
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*union_params, *mapping_params])
        for station_pk, row_key, domain, records, person_times, people in cursor.fetchall():
            entry = found.setdefault(station_pk, {}).setdefault(row_key, _empty_x())
            entry[domain or "total"] = {
                "records": _int(records),
                "person_times": _int(person_times),
                "people": _int(people),
            }
    return found
