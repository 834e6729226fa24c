"""The X block (issue 16): for each target population and service area, across casework, groups
and activities, the records, person-times and distinct residents, on records built here."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import services
from stations.models import Term
from tests.activities.factories import ActivityFactory
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.factories import ResidentFactory
from tests.groups.factories import (
    AttendanceFactory,
    GroupFactory,
    GroupMemberFactory,
    GroupSessionFactory,
)

pytestmark = pytest.mark.django_db

FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def figures(**by_domain):
    empty = {"records": 0, "person_times": 0, "people": 0}
    return {domain: by_domain.get(domain, empty) for domain in (*services.X_DOMAINS, "total")}


def f(records, person_times, people):
    return {"records": records, "person_times": person_times, "people": people}


class Dataset:
    """2022, room 1 and room 2 of the test station.

    - case A of resident a (老年人; 养老服务): two service records in 2022, one in 2023.
    - case B of resident c (儿童; 儿童福利), room 2: one service record.
    - a home visit to a without a case (no tags: not in the X block).
    - a group (老年人 + 残疾人; 养老服务): sessions 1 and 2 in 2022, session 3 with nobody signed
      in; a signed in at both, b at the first, a volunteer helper at the first.
    - activity Z (老年人 + 儿童; 养老服务 + 儿童福利): head count 10, a and c signed in.
    - activity Y (儿童; 儿童福利), room 2: head count 4, nobody signed in; activity W in 2023.
    """

    def __init__(self, world):
        room1, room2 = world.room1, world.room2
        self.a, self.b = ResidentFactory.create_batch(2, room=room1)
        self.c = ResidentFactory(room=room2)
        case_a = CaseFactory(
            resident=self.a,
            worker=world.worker1,
            service_areas=["elderly_care"],
            target_populations=["elderly"],
        )
        case_b = CaseFactory(
            resident=self.c,
            worker=world.worker2,
            service_areas=["child_welfare"],
            target_populations=["children"],
        )
        for day in (local(2022, 3, 1), local(2022, 4, 1)):
            ServiceRecordFactory(case=case_a, resident=self.a, worker=world.worker1, start_at=day)
        ServiceRecordFactory(
            case=case_a, resident=self.a, worker=world.worker1, start_at=local(2023, 1, 2)
        )
        ServiceRecordFactory(
            case=case_b, resident=self.c, worker=world.worker2, start_at=local(2022, 5, 1)
        )
        ServiceRecordFactory(resident=self.a, worker=world.worker1, start_at=local(2022, 6, 1))

        group = GroupFactory(
            room=room1,
            service_areas=["elderly_care"],
            target_populations=["elderly", "disabled"],
        )
        member_a = GroupMemberFactory(group=group, resident=self.a, volunteer_name="")
        member_b = GroupMemberFactory(group=group, resident=self.b, volunteer_name="")
        helper = GroupMemberFactory(group=group)
        first = GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 6, 15))
        second = GroupSessionFactory(group=group, number=2, starts_at=local(2022, 6, 6, 15))
        GroupSessionFactory(group=group, number=3, starts_at=local(2022, 7, 6, 15))
        for session, member in [(first, member_a), (first, member_b), (first, helper)]:
            AttendanceFactory(session=session, member=member)
        AttendanceFactory(session=second, member=member_a)

        station = world.station
        ActivityFactory(
            station=station,
            rooms=[room1],
            starts_at=local(2022, 7, 1),
            direct_participant_count=10,
            service_areas=["elderly_care", "child_welfare"],
            target_populations=["elderly", "children"],
            participants=[self.a, self.c],
        )
        ActivityFactory(
            station=station,
            rooms=[room2],
            starts_at=local(2022, 8, 1),
            direct_participant_count=4,
            service_areas=["child_welfare"],
            target_populations=["children"],
        )
        ActivityFactory(
            station=station,
            rooms=[room1],
            starts_at=local(2023, 1, 1),
            service_areas=["elderly_care"],
            target_populations=["elderly"],
        )


@pytest.fixture
def dataset(world):
    return Dataset(world)


def x_rows(world, key, room=None, **kwargs):
    block = services.x_block(station=world.station, date_from=FROM, date_to=TO, room=room, **kwargs)
    return {row["key"]: row for row in block[key]}


def test_each_target_population_counts_records_person_times_and_people(world, dataset):
    rows = x_rows(world, "by_target_population")
    elderly = rows["elderly"]
    # casework: case A (one record), its two 2022 contacts, resident a.
    assert elderly["casework"] == f(1, 2, 1)
    # groups: three sessions held (one with nobody), four sign-ins (helper included), a and b.
    assert elderly["groups"] == f(3, 4, 2)
    # activities: Z, 10 head count + 2 signed in, a and c (the head count names nobody).
    assert elderly["activities"] == f(1, 12, 2)
    assert elderly["total"] == f(5, 18, 3)  # a, b and c once each
    children = rows["children"]
    assert children["casework"] == f(1, 1, 1)
    assert children["groups"] == f(0, 0, 0)
    assert children["activities"] == f(2, 16, 2)  # Z (10 + a, c) and Y (4)
    assert children["total"] == f(3, 17, 2)  # a (at Z) and c
    assert rows["disabled"]["total"] == f(3, 4, 2)  # the group only
    assert rows["women"]["total"] == f(0, 0, 0)  # an active list entry without records shows 0


def test_each_service_area_counts_across_the_three_methods(world, dataset):
    rows = x_rows(world, "by_service_area")
    assert rows["elderly_care"]["total"] == f(5, 18, 3)
    assert rows["child_welfare"]["total"] == f(3, 17, 2)
    assert rows["child_welfare"]["activities"] == f(2, 16, 2)
    assert rows["safety"]["total"] == f(0, 0, 0)


def test_a_combination_counts_a_record_tagged_with_two_of_its_populations_once(world, dataset):
    block = services.x_block(
        station=world.station,
        date_from=FROM,
        date_to=TO,
        combination=["elderly", "children"],
    )
    combinations = {row["key"]: row for row in block["combinations"]}
    old_and_young = combinations["elderly_and_young"]
    # Activity Z is 老年人 and 儿童: one record, 12 person-times, not two and 24.
    assert old_and_young["activities"] == f(2, 16, 2)
    assert old_and_young["casework"] == f(2, 3, 2)
    assert old_and_young["total"] == f(7, 23, 3)  # 2 cases, 3 sessions, 2 activities
    assert combinations["chosen"]["total"] == old_and_young["total"]
    assert combinations["chosen"]["populations"] == ["elderly", "children"]
    assert combinations["disabled_and_hardship"]["total"] == f(3, 4, 2)


def test_one_room_counts_only_its_records(world, dataset):
    rows = x_rows(world, "by_target_population", room=world.room2)
    assert rows["children"]["casework"] == f(1, 1, 1)
    assert rows["children"]["activities"] == f(1, 4, 0)
    assert rows["elderly"]["total"] == f(0, 0, 0)


def test_a_local_population_added_in_the_admin_gets_its_row(world, dataset):
    Term.objects.create(kind="target_population", code="left_behind", label="留守儿童", order=5)
    ActivityFactory(
        station=world.station,
        rooms=[world.room1],
        starts_at=local(2022, 9, 1),
        direct_participant_count=3,
        target_populations=["left_behind"],
    )
    row = x_rows(world, "by_target_population")["left_behind"]
    assert row["label"] == "留守儿童"
    assert row["activities"] == f(1, 3, 0)


def test_the_x_block_takes_two_queries_whatever_the_number_of_codes(world, dataset):
    with CaptureQueriesContext(connection) as few:
        services.x_block(station=world.station, date_from=FROM, date_to=TO)
    for number in range(6):
        Term.objects.create(kind="service_area", code=f"local_{number}", label=f"本地领域{number}")
    with CaptureQueriesContext(connection) as many:
        services.x_block(station=world.station, date_from=FROM, date_to=TO)
    assert len(few.captured_queries) == len(many.captured_queries) == 2


def test_station_report_json_has_the_x_key(world, dataset, capsys):
    call_command(
        "station_report", "--json", "--station", "TST", "--from", "2022-01-01", "--to", "2022-12-31"
    )
    report = json.loads(capsys.readouterr().out)
    rows = {row["key"]: row for row in report["x"]["by_target_population"]}
    assert rows["elderly"]["total"] == f(5, 18, 3)
    assert {row["key"] for row in report["x"]["by_service_area"]} >= {"elderly_care", "safety"}
    assert "casework" in report  # the contract's keys stay
