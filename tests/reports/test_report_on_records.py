"""The station report on a small known dataset of real records, through the apps' own figure
functions: each definition, the period boundaries, rooms adding up, command = page, query count.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from reports import services
from reports.definitions import ROOM_TABLE
from tests.activities.factories import ActivityFactory
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.charity.factories import FundFactory, donate
from tests.factories import KeyPopulationTagFactory, ResidentFactory
from tests.groups.factories import (
    AttendanceFactory,
    GroupFactory,
    GroupMemberFactory,
    GroupSessionFactory,
)
from tests.volunteers.factories import (
    ServiceRecordFactory as VolunteerRecordFactory,
)
from tests.volunteers.factories import VolunteerFactory

FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def local(year, month, day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class Dataset:
    """2022 in the test station. Every record belongs to exactly one room, so rooms add up.

    room 1: residents a, b; case A of a (opened 2 Mar, closed 30 Sep); service records of a on
            1 Apr (interview, 60 min) and 31 Dec 23:00 (home visit, 30 min); a group of two
            sessions with three sign-ins (a twice, a volunteer once); activity Z on 1 Jul
            (head count 10, a and b signed in, 5 indirect); a volunteer with 3 confirmed hours.
            Out of period: activity Y on 1 Jan 2023, a service record on 1 Jan 2023 00:30.
    room 2: resident c; case B of c (opened 1 May, still open); a home visit to c without a
            case on 1 Jun (30 min); activity X on 31 Dec 20:00 (head count 10, c signed in).
    station: a fund with a 1000.00 cash donation.
    """

    def __init__(self, world):
        room1, room2 = world.room1, world.room2
        self.a, self.b = ResidentFactory.create_batch(2, room=room1)
        self.c = ResidentFactory(room=room2)
        for resident in [self.a, self.c]:
            KeyPopulationTagFactory(resident=resident, category="elderly_alone")
        case_a = CaseFactory(resident=self.a, worker=world.worker1, stage="closed")
        case_a.opened_on, case_a.closed_on = datetime.date(2022, 3, 2), datetime.date(2022, 9, 30)
        case_a.save()
        case_b = CaseFactory(resident=self.c, worker=world.worker2, stage="intervention")
        case_b.opened_on = datetime.date(2022, 5, 1)
        case_b.save()
        ServiceRecordFactory(
            case=case_a,
            resident=self.a,
            worker=world.worker1,
            form="interview",
            start_at=local(2022, 4, 1),
            duration_minutes=60,
        )
        ServiceRecordFactory(
            case=case_a,
            resident=self.a,
            worker=world.worker1,
            start_at=local(2022, 12, 31, 23),
        )
        ServiceRecordFactory(
            resident=self.a, worker=world.worker1, start_at=local(2023, 1, 1, 0, 30)
        )
        ServiceRecordFactory(resident=self.c, worker=world.worker2, start_at=local(2022, 6, 1))

        group = GroupFactory(room=room1)
        member_a = GroupMemberFactory(group=group, resident=self.a, volunteer_name="")
        helper = GroupMemberFactory(group=group)
        first = GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 6, 15))
        second = GroupSessionFactory(group=group, number=2, starts_at=local(2022, 6, 6, 15))
        AttendanceFactory(session=first, member=member_a)
        AttendanceFactory(session=first, member=helper)
        AttendanceFactory(session=second, member=member_a)

        station = world.station
        ActivityFactory(
            station=station,
            rooms=[room1],
            starts_at=local(2022, 7, 1),
            participants=[self.a, self.b],
        )
        ActivityFactory(
            station=station, rooms=[room2], starts_at=local(2022, 12, 31, 20), participants=[self.c]
        )
        ActivityFactory(station=station, rooms=[room1], starts_at=local(2023, 1, 1))

        volunteer = VolunteerFactory(room=room1)
        VolunteerRecordFactory(volunteer=volunteer, hours=Decimal("3"))

        donate(FundFactory(station=station), world.staff, "1000.00")


@pytest.fixture
def dataset(world):
    return Dataset(world)


def report(world, room=None, date_from=FROM, date_to=TO):
    return services.station_report(
        station=world.station, date_from=date_from, date_to=date_to, room=room
    )


def test_each_figure_follows_its_definition(world, dataset):
    result = report(world)
    assert result["casework"] == {
        "cases_opened": 2,
        "cases_open_at_end": 1,
        "cases_closed": 1,
        "contacts": 3,  # every service record of 2022, home visits included
        "home_visits": 2,
        "service_hours": 2.0,
    }
    assert result["groupwork"] == {"groups": 1, "sessions": 2, "members": 2, "attendances": 3}
    assert result["community"]["activities"] == 2
    assert result["community"]["direct_participants"] == 23  # 10 + 10 head count, 3 signed in
    assert result["community"]["indirect_beneficiaries"] == 10
    assert result["volunteers"]["person_times"] == 1
    assert result["volunteers"]["hours"] == 3.0
    assert result["charity"]["cash_raised"] == "1000.00"
    assert result["totals"] == {
        "activities": 4,  # 2 community activities + 2 group sessions
        "person_times": 29,  # 3 service records + 3 sign-ins + 23 direct participants
        "people_served": 3,  # a, b and c, each once
        "beneficiaries": 39,  # 29 + 10 indirect
        "service_hours": 2.0,
    }


def test_the_last_day_of_the_period_counts_and_the_next_day_does_not(world, dataset):
    december = report(
        world, date_from=datetime.date(2022, 12, 31), date_to=datetime.date(2022, 12, 31)
    )
    assert december["community"]["activities"] == 1  # activity X, 31 Dec 20:00
    assert december["casework"]["home_visits"] == 1  # the home visit at 23:00
    january = report(world, date_from=datetime.date(2023, 1, 1), date_to=datetime.date(2023, 1, 1))
    assert january["community"]["activities"] == 1  # activity Y only
    assert january["casework"]["contacts"] == 1


def test_room_figures_add_up_to_the_station(world, dataset):
    station = services.flatten(report(world))
    rooms = [services.flatten(report(world, room=room)) for room in (world.room1, world.room2)]
    for key in ROOM_TABLE:
        assert sum(room[key] for room in rooms) == pytest.approx(station[key]), key
    assert rooms[0]["totals.person_times"] == 2 + 3 + 12
    assert rooms[1]["totals.person_times"] == 1 + 11


def test_key_populations_served_on_records(world, dataset):
    rows = {
        row["key"]: row
        for row in services.key_populations(station=world.station, date_from=FROM, date_to=TO)
    }
    assert rows["elderly_alone"]["registered"] == 2
    assert rows["elderly_alone"]["served"] == 2
    room = {
        row["key"]: row
        for row in services.key_populations(
            station=world.station, date_from=FROM, date_to=TO, room=world.room1
        )
    }
    assert room["elderly_alone"]["served"] == "<5"


def test_the_command_prints_what_the_page_shows_on_records(client, world, dataset, capsys):
    for room_code, room in [("", None), ("r2", world.room2)]:
        client.force_login(world.official)
        response = client.get(
            reverse("reports:summary"), {"kind": "year", "year": "2022", "room": room_code}
        )
        arguments = ["--from", "2022-01-01", "--to", "2022-12-31", "--station", "TST"]
        if room:
            arguments += ["--room", room.code]
        call_command("station_report", "--json", *arguments)
        printed = json.loads(capsys.readouterr().out)
        assert printed.pop("targets") == []  # no targets set (plans adds the key)
        # The X block (issue 16) comes after the contract's keys; the page shows it as tables.
        assert printed.pop("x") == services.x_block(
            station=world.station, date_from=FROM, date_to=TO, room=room
        )
        assert printed == response.context["report"]
        assert printed["totals"]["person_times"] in (29, 12)


def add_many_records(world):
    """Ten times the records of every kind."""
    for _ in range(10):
        Dataset(world)


# Session, user and station (3), the user's rooms and the form's room choices (2), this and the
# previous period's reports (29 each: base 2, casework 2, groups 3, community 3, outreach 2,
# volunteers 2, organizations 2, charity 4, people served 1; issue 16: five forces 5 + volunteers
# 1, group session hours 1, material help 1), the X demands (5); a room adds its lookup in the
# form; the X block by population and area (2: the code lists, one query over the union of
# casework, group and activity rows, issue 16).
# A room's page reads the station's rooms once more for complementary suppression (issue 14).
SUMMARY_QUERIES = {"": 70, "r1": 72}


@pytest.mark.parametrize("room", ["", "r1"])
def test_the_summary_page_query_count_does_not_grow_with_records(client, world, dataset, room):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.official)
    url = reverse("reports:summary")
    query = {"kind": "year", "year": "2022", "room": room}
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    add_many_records(world)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, query).status_code == 200
    assert len(few) == len(many) == SUMMARY_QUERIES[room]


@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("reports:rooms"),
        reverse_lazy("reports:chart", args=["person-times-by-month"]),
        reverse_lazy("reports:chart", args=["activities-by-room"]),
        reverse_lazy("reports:chart", args=["key-populations"]),
        reverse_lazy("reports:export_xlsx"),
        reverse_lazy("reports:export_docx"),
    ],
)
def test_the_other_report_pages_do_not_grow_with_records(client, world, dataset, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.official)
    query = {"kind": "year", "year": "2022"}
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    add_many_records(world)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, query).status_code == 200
    assert len(few) == len(many)
