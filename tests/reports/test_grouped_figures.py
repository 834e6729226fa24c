"""The per-room table, key populations by room and the monthly series are computed for all rooms
(all months) at once: each row must be exactly what the station report of that room (that month)
says, and the query count must not grow with the rooms (the months).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.definitions import ROOM_TABLE
from reports.periods import Period, buckets, quarter, year
from tests.activities.factories import ActivityFactory, NeedsAssessmentFactory
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.charity.factories import CharityProjectFactory, FundFactory, donate, pay
from tests.factories import KeyPopulationTagFactory, ResidentFactory, RoomFactory, UserFactory
from tests.groups.factories import (
    AttendanceFactory,
    GroupFactory,
    GroupMemberFactory,
    GroupSessionFactory,
)
from tests.volunteers.factories import ServiceRecordFactory as VolunteerRecordFactory
from tests.volunteers.factories import VolunteerFactory

D = datetime.date
YEAR_2022 = year(2022)
PERIODS = [
    YEAR_2022,
    quarter(2022, 2),
    Period(D(2021, 12, 15), D(2022, 2, 10)),  # clipped months across a new year
    Period(D(2020, 6, 1), D(2023, 3, 31)),  # past 24 months: yearly buckets
]


def local(day: datetime.date, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def more_rooms(world, count: int) -> list:
    return [
        RoomFactory(station=world.station, name=f"{n}号社工室", code=f"r{n}", order=n)
        for n in range(3, 3 + count)
    ]


def fill_room(world, room, n: int) -> None:
    """Room number `n` gets about n of everything, spread over the months of 2022, so that each
    of its figures is non-zero and differs from the other rooms'. Also records that must not
    count: an inactive worker, a record of 2023, a pending volunteer record."""
    station, staff, supervisor = world.station, world.staff, world.supervisor
    already = 1 if room in (world.room1, world.room2) else 0  # worker1 / worker2
    UserFactory.create_batch(n - already, station=station, rooms=[room])
    UserFactory(station=station, rooms=[room], is_active=False)

    residents = ResidentFactory.create_batch(2 * n, room=room)
    for index, resident in enumerate(residents):
        KeyPopulationTagFactory(resident=resident, category="elderly_alone")
        if index < n:
            KeyPopulationTagFactory(resident=resident, category="disabled")
    KeyPopulationTagFactory(  # ended before 2022
        resident=residents[-1], category="dibao", start_date=D(2020, 1, 1), end_date=D(2021, 6, 1)
    )

    worker = room.staff.filter(is_active=True).first()
    for index, resident in enumerate(residents[: n + 1]):
        case = CaseFactory(resident=resident, worker=worker)
        case.opened_on = D(2022, 1 + index % 12, n)
        if index < (n + 1) // 2:
            case.closed_on = D(2022, 12, 1)
        case.save()
        ServiceRecordFactory(
            case=case,
            resident=resident,
            worker=worker,
            form="home_visit" if index % 2 else "interview",
            # just after or before midnight, local time: in UTC the other side of a month's end
            start_at=local(D(2022, 1 + (index + n) % 12, 1), 0, 30)
            if index % 2
            else local(D(2022, 1 + (index + n) % 12, 28), 23, 30),
            duration_minutes=20 + 10 * index,
        )
    ServiceRecordFactory(resident=residents[0], worker=worker, start_at=local(D(2023, 1, 1), 0, 30))

    for number in range(1, (n + 1) // 2 + 1):
        group = GroupFactory(room=room, station=station, name=f"{room.code}组{number}")
        members = [
            GroupMemberFactory(group=group, resident=resident, volunteer_name="")
            for resident in residents[n:]
        ] + [GroupMemberFactory(group=group)]
        for session_number in range(1, n + 1 if number == 1 else 2):
            session = GroupSessionFactory(
                group=group,
                number=session_number,
                starts_at=local(D(2022, 1 + (session_number * 2) % 12, 1), hour=15),
            )
            for member in members[: session_number + 1]:
                AttendanceFactory(session=session, member=member)

    for number in range(n):
        ActivityFactory(
            station=station,
            rooms=[room],
            starts_at=local(D(2022, 1 + (number * 5 + n) % 12, 10)),
            direct_participant_count=10 * n,
            indirect_beneficiaries=number + n,
            participants=residents[number : number + 2],
        )
    if n % 2:
        NeedsAssessmentFactory(station=station, room=room, assessed_on=D(2022, n, 3))

    for _volunteer in range(n):
        volunteer = VolunteerFactory(room=room)
        VolunteerRecordFactory(volunteer=volunteer, hours=Decimal("1.5") * n, date=D(2022, n, 2))
        VolunteerRecordFactory(volunteer=volunteer, status="recorded", date=D(2022, n, 3))

    fund = FundFactory(station=station, rooms=[room], committee=[supervisor])
    donate(fund, staff, "1000.00")
    project = CharityProjectFactory(fund=fund, rooms=[room])
    pay(
        project,
        staff,
        supervisor,
        "100.00",
        on=D(2022, n, 5),
        beneficiaries=[{"resident": residents[-1], "amount": Decimal("100.00")}],
    )


def fill_station(world, rooms) -> None:
    """Records that cross rooms: a worker of two rooms, an activity of two rooms attended by a
    resident of a third, a station-wide activity and group."""
    first, second = rooms[0], rooms[-1]
    UserFactory(station=world.station, rooms=[first, second])
    visitor = ResidentFactory(room=rooms[1])
    KeyPopulationTagFactory(resident=visitor, category="left_behind_child")
    ActivityFactory(
        station=world.station,
        rooms=[first, second],
        starts_at=local(D(2022, 8, 8)),
        participants=[visitor],
    )
    ActivityFactory(station=world.station, starts_at=local(D(2022, 9, 9)), participants=[visitor])
    group = GroupFactory(room=None, station=world.station)
    AttendanceFactory(session=GroupSessionFactory(group=group, starts_at=local(D(2022, 4, 4))))


def spread(world, rooms) -> list:
    for number, room in enumerate(rooms, start=1):
        fill_room(world, room, number)
    fill_station(world, rooms)
    return rooms


@pytest.fixture
def six_rooms(world):
    return spread(world, [world.room1, world.room2, *more_rooms(world, 4)])


def table(world, rooms, period=YEAR_2022):
    return services.room_table(
        station=world.station, date_from=period.date_from, date_to=period.date_to, rooms=rooms
    )


def room_report(world, room, period=YEAR_2022) -> dict:
    return services.flatten(
        services.station_report(
            station=world.station, date_from=period.date_from, date_to=period.date_to, room=room
        )
    )


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_each_room_row_is_the_station_report_of_that_room(world, six_rooms, period):
    for row in table(world, six_rooms, period):
        report = room_report(world, row["room"], period)
        assert row["figures"] == [(key, report[key]) for key in ROOM_TABLE], row["room"].code


def test_the_rooms_figures_are_non_zero_and_differ_from_room_to_room(world, six_rooms):
    rows = table(world, six_rooms)
    for index, key in enumerate(ROOM_TABLE):
        column = [row["figures"][index][1] for row in rows]
        assert all(column), key
        assert len(set(column)) > 1, key
    # n workers in room n, and one worker of rooms 1 and 6; the inactive ones do not count
    assert [dict(row["figures"])["base.room_workers"] for row in rows] == [2, 2, 3, 4, 5, 7]


@pytest.mark.parametrize("period", PERIODS, ids=str)
def test_key_populations_by_room_are_each_rooms_served_column(world, six_rooms, period):
    by_room = services.key_populations_by_room(
        station=world.station, date_from=period.date_from, date_to=period.date_to, rooms=six_rooms
    )
    for row in by_room["rows"]:
        alone = services.key_populations(
            station=world.station,
            date_from=period.date_from,
            date_to=period.date_to,
            room=row["room"],
        )
        assert row["counts"] == [population["served"] for population in alone], row["room"].code


def test_key_populations_by_room_suppress_small_counts_and_keep_the_others(world, six_rooms):
    by_room = services.key_populations_by_room(
        station=world.station,
        date_from=YEAR_2022.date_from,
        date_to=YEAR_2022.date_to,
        rooms=six_rooms,
    )
    counts = {
        row["room"].code: dict(zip(by_room["categories"], row["counts"], strict=True))
        for row in by_room["rows"]
    }
    assert [counts[room.code]["残疾人"] for room in six_rooms] == ["<5"] * 4 + [5, 6]
    # a child of room 2 signed in at an activity of rooms 1 and 6: served there, not at home
    assert counts["r1"]["留守儿童"] == "<5" and counts["r6"]["留守儿童"] == "<5"
    # an exact 0 beside a "<5" would let the station total minus the other rooms give it away
    assert counts["r2"]["留守儿童"] == "<5"
    assert all(counts[room.code]["低保对象"] == 0 for room in six_rooms)  # the tag had ended


@pytest.mark.parametrize("period", PERIODS, ids=str)
@pytest.mark.parametrize("room_index", [None, 0, 5])
def test_the_series_is_the_station_report_of_each_bucket(world, six_rooms, period, room_index):
    room = None if room_index is None else six_rooms[room_index]
    points = services.series(station=world.station, period=period, room=room)
    expected = []
    for label, bucket in buckets(period):
        report = services.station_report(
            station=world.station, date_from=bucket.date_from, date_to=bucket.date_to, room=room
        )
        expected.append(
            {
                "label": label,
                "activities": report["totals"]["activities"],
                "person_times": report["totals"]["person_times"],
            }
        )
    assert points == expected
    if period == YEAR_2022:
        assert len({point["person_times"] for point in points}) > 2


# base 2, casework 2, groups 3, community 3, volunteers 2
ROOM_TABLE_QUERIES = 12


def test_the_room_table_takes_the_same_queries_for_two_rooms_and_for_six(
    world, django_assert_num_queries
):
    two = spread(world, [world.room1, world.room2])
    with django_assert_num_queries(ROOM_TABLE_QUERIES):
        assert len(table(world, two)) == 2
    six = two + spread(world, more_rooms(world, 4))
    with django_assert_num_queries(ROOM_TABLE_QUERIES):
        rows = table(world, six)
    assert len(rows) == 6 and all(dict(row["figures"])["casework.contacts"] for row in rows)


def test_key_populations_by_room_take_two_queries_for_two_rooms_and_for_six(
    world, django_assert_num_queries
):
    arguments = {"station": world.station, "date_from": D(2022, 1, 1), "date_to": D(2022, 12, 31)}
    two = spread(world, [world.room1, world.room2])
    # The station's rooms (small counts are protected across all of them) and the counts.
    with django_assert_num_queries(2):
        services.key_populations_by_room(**arguments, rooms=two)
    six = two + spread(world, more_rooms(world, 4))
    with django_assert_num_queries(2):
        services.key_populations_by_room(**arguments, rooms=six)


def test_the_series_takes_the_same_queries_for_one_month_and_for_many(
    world, six_rooms, django_assert_num_queries
):
    # casework 1, groups 2, community 3
    for period in [Period(D(2022, 3, 1), D(2022, 3, 31)), YEAR_2022, PERIODS[-1]]:
        with django_assert_num_queries(6):
            services.series(station=world.station, period=period)


# Session, user and station (3), the user's rooms and the form's room choices (2), the station
# row (a whole station report, 29: issue 16 added linkage 5 (the charity projects that resourced
# activities among them) + volunteers 1, group hours 1, material help 1), the room table (12), key
# populations by room (2).
ROOM_PAGE_QUERIES = 48


def test_the_room_page_takes_the_same_queries_for_two_rooms_and_for_six(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.official)
    url, query = reverse("reports:rooms"), {"kind": "year", "year": "2022"}
    two = spread(world, [world.room1, world.room2])
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, query)
    assert len(response.context["table"]) == len(two)
    spread(world, more_rooms(world, 4))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, query)
    assert len(response.context["table"]) == 6
    assert len(few) == len(many) == ROOM_PAGE_QUERIES
