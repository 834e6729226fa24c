"""Workload: a worker's row equals their records; fixed queries; sorting."""

import datetime

from django.urls import reverse
from django.utils import timezone

from plans.workload import Month, workload_rows
from tests.activities.factories import ActivityFactory
from tests.cases.factories import CaseFactory, ServiceRecordFactory
from tests.factories import KeyPopulationTagFactory, ResidentFactory
from tests.groups.factories import GroupFactory, GroupSessionFactory

MAY = Month.of(datetime.date(2022, 5, 1))
URL = reverse("plans:workload") + "?month=2022-05"


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def records_of(world, worker, room):
    """For `worker` in May 2022: 2 open cases (and a closed one), 3 home visits of 30 min and an
    interview of 60 (and a visit in June), 2 group sessions, 1 activity; one overdue resident."""
    for stage in ("intervention", "assessment", "closed"):
        CaseFactory(resident=ResidentFactory(room=room), worker=worker, room=room, stage=stage)
    resident = ResidentFactory(room=room)
    for day in (3, 10, 17):
        ServiceRecordFactory(resident=resident, worker=worker, start_at=local(2022, 5, day, 9))
    ServiceRecordFactory(
        resident=resident,
        worker=worker,
        form="interview",
        start_at=local(2022, 5, 20, 9),
        duration_minutes=60,
    )
    ServiceRecordFactory(resident=resident, worker=worker, start_at=local(2022, 6, 1, 9))
    group = GroupFactory(room=room)
    for day in (6, 13):
        GroupSessionFactory(group=group, facilitator=worker, starts_at=local(2022, 5, day, 15))
    activity = ActivityFactory(station=world.station, rooms=[room], starts_at=local(2022, 5, 8))
    activity.organisers.set([worker])
    overdue = ResidentFactory(room=room)
    KeyPopulationTagFactory(resident=overdue, category="elderly_alone")  # never visited


def test_a_workers_row_equals_their_records(world):
    records_of(world, world.worker1, world.room1)
    records_of(world, world.worker2, world.room2)
    rows = workload_rows(user=world.supervisor, month=MAY)
    row = next(row for row in rows["workers"] if row.pk == world.worker1.pk)
    assert (
        row.open_cases,
        row.visits,
        row.overdue,
        row.service_minutes,
        row.service_hours,
        row.group_sessions,
        row.activities_run,
    ) == (2, 3, 1, 150, 2.5, 2, 1)
    room = next(room for room in rows["rooms"] if room.pk == world.room1.pk)
    assert (room.open_cases, room.visits, room.overdue, room.group_sessions) == (2, 3, 1, 2)


def test_a_room_worker_and_an_official_do_not_get_the_table(client, world):
    for user in (world.worker1, world.official):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_sorted_by_a_measure(client, world):
    records_of(world, world.worker2, world.room2)
    client.force_login(world.staff)
    page = client.get(URL + "&sort=visits").text
    table = page[page.index('id="workload-workers"') :]
    assert table.index(f'data-worker="{world.worker2.pk}"') < table.index(
        f'data-worker="{world.worker1.pk}"'
    )


# session, user, workers, their rooms (prefetch), rooms, overdue by room
WORKLOAD_QUERIES = 6


def test_workload_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.staff)
    records_of(world, world.worker1, world.room1)
    with django_assert_num_queries(WORKLOAD_QUERIES):
        client.get(URL)
    records_of(world, world.worker2, world.room2)
    records_of(world, world.worker1, world.room2)
    with django_assert_num_queries(WORKLOAD_QUERIES):
        assert client.get(URL + "&sort=-overdue").status_code == 200
