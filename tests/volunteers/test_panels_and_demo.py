import datetime

from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from organizations.figures import organization_figures
from stations.models import Station
from tests.factories import ResidentFactory
from tests.volunteers.factories import ActivityFactory, ServiceRecordFactory, VolunteerFactory
from volunteers.figures import volunteer_figures
from volunteers.models import ServiceRecord, Volunteer
from volunteers.panels import resident_volunteering


def test_the_home_page_lists_records_waiting_for_the_organisers_confirmation(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="植树护绿")
    ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room2, real_name="钱多多"),
        project=None,
        activity=activity,
        date=datetime.date(2022, 5, 10),
        status="recorded",
    )
    client.force_login(world.worker1)
    page = client.get(reverse("home")).content.decode()
    assert "有 1 条志愿服务记录等待您确认" in page and "钱多多" in page
    client.force_login(world.worker2)
    assert "没有待确认的志愿服务记录" in client.get(reverse("home")).content.decode()


def test_a_resident_who_volunteers_shows_it_on_their_page_context(world):
    resident = ResidentFactory(room=world.room1)
    volunteer = VolunteerFactory(room=world.room1, resident=resident)
    ServiceRecordFactory(volunteer=volunteer, hours=4)
    request = RequestFactory().get("/")
    request.user = world.worker1
    [shown] = resident_volunteering(request, resident)["volunteers"]
    assert shown == volunteer and shown.confirmed_hours == 4
    request.user = world.worker2
    assert resident_volunteering(request, resident)["volunteers"] == []


def test_demo_data_matches_the_reports_figures_and_loads_twice_without_duplicates(db):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    station = Station.objects.get(code="CCZ")
    figures = volunteer_figures(
        station=station, date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2022, 12, 31)
    )
    assert figures["registered"] == 106
    assert figures["person_times"] == 508
    assert figures["hours"] == 22639.0
    assert Volunteer.objects.filter(station=station).count() == 110
    assert ServiceRecord.objects.filter(status="disputed").count() == 1
    assert ServiceRecord.objects.filter(status="recorded").exists()
    organizations = organization_figures(
        station=station, date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2022, 12, 31)
    )
    assert (organizations["total"], organizations["activities"]) == (29, 36)
    assert organizations["people_served"] == 1826
    assert set(organizations["by_category"].values()) >= {6, 7, 8}
