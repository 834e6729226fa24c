"""The station head's home page: the month per room, targets, overdue visits, approvals."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from plans.models import AnnualTarget
from tests.cases.factories import ServiceRecordFactory
from tests.factories import KeyPopulationTagFactory, ResidentFactory, RoomFactory


def test_station_head_sees_the_station_at_a_glance(client, world):
    resident = ResidentFactory(room=world.room1)
    ServiceRecordFactory(resident=resident, worker=world.worker1, start_at=timezone.now())
    overdue = ResidentFactory(room=world.room2, real_name="久未走访")
    KeyPopulationTagFactory(resident=overdue, category="elderly_alone")
    AnnualTarget.objects.create(
        station=world.station,
        year=timezone.localdate().year,
        figure="casework.home_visits",
        target=Decimal(100),
    )
    client.force_login(world.staff)
    page = client.get(reverse("home")).text
    for panel in ("plans_station_month", "plans_targets", "plans_overdue_visits_station"):
        assert f'id="panel-{panel}"' in page
    assert "久未走访" in page
    month = page[page.index('id="station-month"') :]
    assert "一号社工室" in month and "二号社工室" in month


def test_station_home_queries_do_not_grow_with_rooms(client, world, django_assert_num_queries):
    client.force_login(world.staff)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for number in range(5):
        room = RoomFactory(station=world.station, name=f"新社工室{number}", code=f"n{number}")
        KeyPopulationTagFactory(resident=ResidentFactory(room=room), category="elderly_alone")
    with django_assert_num_queries(len(few)):
        client.get(reverse("home"))
