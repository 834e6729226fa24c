"""Figure-function doubles for the report's own arithmetic.

`install` replaces every domain app's figure functions with known numbers, so that a test can
check how the report assembles them (totals, money, rooms passed through) independently of the
apps; the apps' own definitions are tested on records (test_report_on_records.py and each app).
"""

from decimal import Decimal

from reports.services import FIGURE_MODULES
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
        "partners": 30,
        "beneficiaries": 12,
    },
    "stations.key_population_figures": {"elderly_alone": 3, "dibao": 12},
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
    return fakes
