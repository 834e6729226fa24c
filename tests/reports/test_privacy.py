"""No person, ever: every report page, chart and download of the demo station is searched for the
residents' names, ID numbers, phones and addresses, and none is found."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.views import CHARTS
from stations.models import Household, KeyPopulationTag, Resident, Role, Station, User
from tests.factories import HouseholdFactory, KeyPopulationTagFactory, ResidentFactory
from tests.reports.test_pages import docx_text, xlsx_cells


@pytest.fixture
def demo_station(db):
    call_command("seed_demo", verbosity=0)
    station = Station.objects.get(code="CCZ")
    # A few residents of our own with unmistakable details, tagged as a key population, so that
    # the search means something whatever the other apps' demo data holds.
    room = station.rooms.order_by("order").first()
    household = HouseholdFactory(room=room, name="隐私测试户", address="测试路隐私巷九十九号")
    for index in range(3):
        resident = ResidentFactory(
            room=room,
            household=household,
            real_name=f"欧阳隐私{index}",
            phone=f"1390000777{index}",
            address="测试路隐私巷九十九号",
            birth_date=datetime.date(2012, 5, 1),
        )
        KeyPopulationTagFactory(
            resident=resident, category="child_in_difficulty", start_date=datetime.date(2022, 3, 1)
        )
    return station


def needles():
    found = set()
    for resident in Resident.objects.all():
        found.update(
            value
            for value in [resident.real_name, resident.id_number, resident.phone, resident.address]
            if value and len(value) >= 2
        )
    found.update(name for name in Household.objects.values_list("name", flat=True) if name)
    return found


def responses(client, station, cases):
    for period, room in cases:
        query = {**period, "room": room}
        yield "summary", client.get(reverse("reports:summary"), query).content.decode()
        yield "rooms", client.get(reverse("reports:rooms"), query).content.decode()
        for name in CHARTS:
            yield name, client.get(reverse("reports:chart", args=[name]), query).content.decode()
        workbook = xlsx_cells(client.get(reverse("reports:export_xlsx"), query).content)
        yield (
            "xlsx",
            "\n".join(str(cell) for rows in workbook.values() for row in rows for cell in row),
        )
        yield "docx", docx_text(client.get(reverse("reports:export_docx"), query).content)


def test_no_report_page_or_download_contains_a_resident(client, demo_station):
    assert KeyPopulationTag.objects.exists()
    secrets = needles()
    assert len(secrets) >= 10
    year_2022 = {"kind": "year", "year": "2022"}
    first_room = demo_station.rooms.order_by("order").first().code
    all_years = {"kind": "custom", "date_from": "2022-01-01", "date_to": "2026-12-31"}
    official = User.objects.get(username="guanyuan")
    staff = User.objects.filter(station=demo_station, role=Role.STATION_STAFF).first()
    for user, cases in [
        (official, [(year_2022, ""), (year_2022, first_room)]),
        (staff, [(all_years, "")]),
    ]:
        client.force_login(user)
        for name, text in responses(client, demo_station, cases):
            leaked = [secret for secret in secrets if secret in text]
            assert not leaked, f"{name} as {user.username} shows {leaked}"
    # The official's home page carries the report panel (staff homes show their own work lists).
    client.force_login(official)
    home = client.get(reverse("home")).content.decode()
    assert not [secret for secret in secrets if secret in home]
