"""Figure-function doubles for the report's own arithmetic.

`install` replaces every domain app's figure functions (and their grouped variants, by room, by
month and by station) with known numbers, so that a test can check how the report assembles them (totals, money,
rooms passed through) independently of the apps; the apps' own definitions are tested on records
(test_report_on_records.py, test_grouped_figures.py and each app).
"""

from decimal import Decimal

from reports.services import FIGURE_MODULES
from stations.aggregates import period_starts
from stations.models import Resident

FAKE = {
    "cases.casework_figures": {
        "cases_opened": 2,
        "cases_open_at_end": 3,
        "cases_closed": 1,
        "contacts": 10,
        "home_visits": 4,
        "service_hours": Decimal("12.50"),
    },
    "groups.group_figures": {"groups": 2, "sessions": 6, "members": 9, "attendances": 40},
    "activities.community_figures": {
        "activities": 5,
        "direct_participants": 100,
        "indirect_beneficiaries": 300,
        "needs_assessments": 1,
    },
    "activities.outreach_figures": {"media_reports": 3, "exchanges": 1},
    "activities.activities_by_service_area": {"child_welfare": 2, "elderly_care": 3},
    "activities.activities_by_force": {"volunteers": 3},
    "volunteers.volunteer_figures": {
        "registered": 20,
        "active": 8,
        "person_times": 30,
        "hours": Decimal("90.5"),
    },
    "organizations.organization_figures": {
        "total": 7,
        "by_category": {
            "charity": 1,
            "life_services": 2,
            "community_affairs": 3,
            "culture_sports": 1,
        },
        "by_status": {},
        "newly_incubated": 2,
        "activities": 11,
        "people_served": 180,
    },
    "organizations.partner_figures": {"partners": 4},
    "charity.charity_figures": {
        "projects": 6,
        "cash_raised": Decimal("58000"),
        "in_kind_value": Decimal("15000.5"),
        "disbursed": Decimal("0"),
        "disbursed_cash": Decimal("0"),
        "disbursed_in_kind": Decimal("0"),
        "partners": 30,
        "beneficiaries": 12,
    },
    "stations.key_population_figures": {"elderly_alone": 3, "dibao": 12},
}
# The grouped functions give FAKE's numbers of the function they group, for every room or month.
BY_ROOM = {
    "cases.casework_figures_by_room": "cases.casework_figures",
    "groups.group_figures_by_room": "groups.group_figures",
    "activities.community_figures_by_room": "activities.community_figures",
    "volunteers.volunteer_figures_by_room": "volunteers.volunteer_figures",
}
BY_PERIOD = {
    "cases.contacts_by_period": "cases.casework_figures",
    "groups.sessions_by_period": "groups.group_figures",
    "activities.community_figures_by_period": "activities.community_figures",
}
# The figures of several stations at once (the district, the targets): FAKE's numbers for each.
BY_STATION = {
    "cases.casework_figures_by_station": "cases.casework_figures",
    "groups.group_figures_by_station": "groups.group_figures",
    "activities.community_figures_by_station": "activities.community_figures",
    "activities.outreach_figures_by_station": "activities.outreach_figures",
    "volunteers.volunteer_figures_by_station": "volunteers.volunteer_figures",
    "organizations.organization_figures_by_station": "organizations.organization_figures",
    "charity.charity_figures_by_station": "charity.charity_figures",
}
SERVED_APPS = ["cases", "groups", "activities", "charity"]


class Fakes:
    """Call records and the resident ids each app's `served_resident_ids` returns."""

    def __init__(self):
        self.calls = []
        self.served = {app: [] for app in SERVED_APPS}


def install(monkeypatch) -> Fakes:
    """Replace every figure function the report reads with one returning FAKE's numbers."""
    fakes = Fakes()
    for path, value in FAKE.items():
        app, function = path.split(".")

        def fake(*, station, date_from, date_to, rooms=None, _value=value, _path=path):
            fakes.calls.append((_path, station, date_from, date_to, rooms))
            return dict(_value)

        monkeypatch.setattr(FIGURE_MODULES[app], function, fake)
    for app in SERVED_APPS:

        def served(*, station, date_from, date_to, rooms=None, _app=app):
            return Resident.objects.filter(pk__in=fakes.served[_app]).values("pk")

        monkeypatch.setattr(FIGURE_MODULES[app], "served_resident_ids", served)

        def served_by_room(*, station, date_from, date_to, rooms, _app=app):
            """A resident listed as served is served in their own room."""
            residents = Resident.objects.filter(pk__in=fakes.served[_app], room__in=rooms)
            return residents.values_list("room", "pk")

        monkeypatch.setattr(FIGURE_MODULES[app], "served_residents_by_room", served_by_room)

        def served_by_station(*, stations, date_from, date_to, _app=app):
            """A resident listed as served is served at their own room's station."""
            residents = Resident.objects.filter(pk__in=fakes.served[_app])
            return residents.values_list("room__station", "pk")

        monkeypatch.setattr(FIGURE_MODULES[app], "served_residents_by_station", served_by_station)
    for path, of in BY_ROOM.items():
        app, function = path.split(".")

        def by_room(*, station, date_from, date_to, rooms, _value=FAKE[of], _path=path):
            fakes.calls.append((_path, station, date_from, date_to, rooms))
            return {room.pk: dict(_value) for room in rooms}

        monkeypatch.setattr(FIGURE_MODULES[app], function, by_room)
    for path, of in BY_STATION.items():
        app, function = path.split(".")

        def by_station(*, stations, date_from, date_to, _value=FAKE[of], _path=path):
            fakes.calls.append((_path, stations, date_from, date_to, None))
            return {getattr(station, "pk", station): dict(_value) for station in stations}

        monkeypatch.setattr(FIGURE_MODULES[app], function, by_station)
    for path, of in BY_PERIOD.items():
        app, function = path.split(".")

        def by_period(
            *, station, date_from, date_to, rooms=None, unit, _value=FAKE[of], _path=path
        ):
            fakes.calls.append((_path, station, date_from, date_to, rooms))
            return {start: dict(_value) for start in period_starts(date_from, date_to, unit)}

        monkeypatch.setattr(FIGURE_MODULES[app], function, by_period)
    return fakes
