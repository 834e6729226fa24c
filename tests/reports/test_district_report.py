"""The district's JSON (`station_report --json --district`, the API for a district token) is
computed for every station at once (issue 15): each station's entry must be exactly what
`station_report --json` gives for it, every section included, and the queries must not grow with
the stations.
"""

import datetime
import json
import types
from decimal import Decimal

import pytest

from reports.district import add_up, district_report, report_json
from reports.services import REPORT_SECTIONS, flatten
from stations.models import Role
from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    local,
)
from tests.charity.factories import CharityProjectFactory, FundFactory, donate
from tests.factories import RoomFactory, StationFactory, UserFactory
from tests.organizations.factories import (
    OrganizationFactory,
    ParticipationFactory,
    PartnerUnitFactory,
)
from tests.reports.test_grouped_figures import fill_room
from tests.volunteers.factories import ServiceRecordFactory as VolunteerRecordFactory
from tests.volunteers.factories import VolunteerFactory

FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def fill_every_section(place, room, n: int) -> None:
    """About n of everything in `room` of `place.station` (fill_room: staff, cases, groups,
    activities, volunteers, charity), plus what fill_room leaves empty: organizations and their
    participations, outreach, the five forces linked to an activity, a partner's donation and the
    X block's tags."""
    from activities.models import Activity
    from cases.models import Case
    from groups.models import Group

    station = place.station
    fill_room(place, room, n)
    worker = room.staff.filter(is_active=True).first()
    committee = PartnerUnitFactory(station=station, kind="community")
    enterprise = PartnerUnitFactory(station=station, kind="enterprise")
    fund = FundFactory(station=station, rooms=[room], committee=[place.supervisor])
    project = CharityProjectFactory(fund=fund, rooms=[room])
    donate(fund, place.staff, f"{n}00.00", partner=enterprise)
    for number in range(n):
        activity = ActivityFactory(
            station=station,
            rooms=[room],
            starts_at=local(2022, 10, 1 + number),
            social_forces=["community", "social_workers", "charity"],
        )
        activity.organisers.set([worker])
        activity.partner_units.set([committee, enterprise])
        project.activities.add(activity)
        ParticipationFactory(
            organization=OrganizationFactory(
                room=room, category=["charity", "life_services"][number % 2]
            ),
            activity=activity,
            people_served=10 + number,
        )
        VolunteerRecordFactory(
            volunteer=VolunteerFactory(room=room),
            project=None,
            activity=activity,
            hours=Decimal("2.5"),
        )
        MediaReportFactory(station=station)
    ExchangeVisitFactory(station=station)
    populations = ["elderly", "children"] if n % 2 else ["elderly"]
    for model in (Activity, Case, Group):
        rows = model.objects.filter(station=station)
        rows.update(service_areas=["elderly_care"], target_populations=populations)


def year_targets(station, n: int) -> None:
    """Targets of 2022 on three figures (of four sections) and one free indicator."""
    from plans.models import AnnualTarget

    for figure in ("totals.person_times", "totals.people_served", "linkage.volunteers.hours"):
        AnnualTarget.objects.create(station=station, year=2022, figure=figure, target=100 * n)
    AnnualTarget.objects.create(
        station=station, year=2022, name="宣传报道", target=20, manual_actual=n
    )


def another_station(world, code: str, name: str):
    station = StationFactory(name=name, code=code, district=world.district)
    room = RoomFactory(station=station, name=f"{name}一室", code=code.lower())
    place = types.SimpleNamespace(
        station=station,
        room1=None,
        room2=None,
        staff=UserFactory(role=Role.STATION_STAFF, station=station),
        supervisor=UserFactory(role=Role.SUPERVISOR, station=station, rooms=[room]),
    )
    return place, room


@pytest.fixture
def district(world):
    """测试区: the test station (its two rooms) and 乙镇 and 丙镇, each with records in every
    section of the report, in different amounts; the station outside the district too."""
    fill_every_section(world, world.room1, 2)
    fill_every_section(world, world.room2, 3)
    year_targets(world.station, 2)
    for number, (code, name) in enumerate([("YIZ", "乙镇社工站"), ("BIZ", "丙镇社工站")], 4):
        place, room = another_station(world, code, name)
        fill_every_section(place, room, number)
        year_targets(place.station, number)
    outside = types.SimpleNamespace(
        station=world.other_station,
        room1=None,
        room2=None,
        staff=UserFactory(role=Role.STATION_STAFF, station=world.other_station),
        supervisor=UserFactory(
            role=Role.SUPERVISOR, station=world.other_station, rooms=[world.other_room]
        ),
    )
    fill_every_section(outside, world.other_room, 1)
    year_targets(world.other_station, 1)
    return world.district


def has_a_figure(value) -> bool:
    if isinstance(value, dict):
        return any(has_a_figure(item) for item in value.values())
    if isinstance(value, list):
        return any(has_a_figure(item) for item in value)
    if isinstance(value, str):
        try:
            return Decimal(value) > 0
        except ArithmeticError:
            return False
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def test_the_district_json_is_each_stations_report_json_and_their_sum(world, district):
    report = district_report(district=district, date_from=FROM, date_to=TO)
    stations = list(district.stations.order_by("name"))
    assert len(stations) == 3
    each = [report_json(station=station, date_from=FROM, date_to=TO) for station in stations]
    for station, own in zip(stations, each, strict=True):
        for section in (*REPORT_SECTIONS, "targets", "x"):
            assert has_a_figure(own[section]), (station.code, section)
    assert len({json.dumps(flatten(own), sort_keys=True) for own in each}) == 3
    expected = {
        "district": district.name,
        "period": {"from": "2022-01-01", "to": "2022-12-31"},
        "stations": each,
        "totals": add_up(each),
    }
    # The same keys in the same order, the same values: the same bytes.
    assert json.dumps(report, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


def test_a_target_of_another_year_or_of_a_room_stays_out_of_the_district_json(world, district):
    from plans.models import AnnualTarget

    AnnualTarget.objects.create(
        station=world.station, year=2021, figure="totals.person_times", target=5
    )
    AnnualTarget.objects.create(
        station=world.station, year=2022, room=world.room1, figure="casework.contacts", target=5
    )
    report = district_report(district=district, date_from=FROM, date_to=TO)
    mine = next(entry for entry in report["stations"] if entry["station"] == world.station.name)
    assert (
        mine["targets"] == report_json(station=world.station, date_from=FROM, date_to=TO)["targets"]
    )
    assert len(mine["targets"]) == 4


# The district's stations 1; the report's sections: base 2, casework 2, groups 3, community 3,
# volunteers 2, organizations 2, charity 4, people served 1, outreach 2, linkage 5 + volunteers 1,
# group hours 1, material help 1 (29); the targets 1 and the figures they name (casework 2,
# groups 3, community 3, people served 1, linkage 5 + volunteers 1: 15); the X block 2.
DISTRICT_JSON_QUERIES = 48


def test_the_district_json_takes_the_same_queries_for_one_station_and_for_three(
    world, django_assert_num_queries
):
    fill_every_section(world, world.room1, 2)
    year_targets(world.station, 2)
    with django_assert_num_queries(DISTRICT_JSON_QUERIES):
        report = district_report(district=world.district, date_from=FROM, date_to=TO)
    assert len(report["stations"]) == 1
    for number, (code, name) in enumerate([("YIZ", "乙镇社工站"), ("BIZ", "丙镇社工站")], 3):
        place, room = another_station(world, code, name)
        fill_every_section(place, room, number)
        year_targets(place.station, number)
    with django_assert_num_queries(DISTRICT_JSON_QUERIES):
        report = district_report(district=world.district, date_from=FROM, date_to=TO)
    assert len(report["stations"]) == 3
