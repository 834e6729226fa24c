"""Service records follow their volunteer: a room worker never sees another room's volunteer
through a station-wide project or activity. Those who confirm such records (station staff,
supervisors) still see and confirm them; figures stay station-wide."""

import datetime

from django.urls import reverse

from tests.downloads import xlsx_rows
from tests.volunteers.factories import (
    ActivityFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)
from volunteers.figures import volunteer_figures

EXPORT = {"date_from": "2022-01-01", "date_to": "2022-12-31"}


def station_project_record(world, **extra):
    """A room-2 volunteer serving on a station-wide project (confirmed, so it is exported)."""
    volunteer = VolunteerFactory(room=world.room2, real_name="二室志愿者甲")
    project = ProjectFactory(room=None, station=world.station, name="全站防汛值守")
    return ServiceRecordFactory(volunteer=volunteer, project=project, content="堤坝巡查", **extra)


def exported_names(client):
    response = client.get(reverse("volunteers:record_export"), EXPORT)
    return [row[0] for row in xlsx_rows(response)[2:]]


def test_room1_worker_does_not_see_room2_volunteer_on_a_station_wide_project(client, world):
    record = station_project_record(world)
    own = ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room1, real_name="一室志愿者乙")
    )
    client.force_login(world.worker1)

    listing = client.get(reverse("volunteers:record_list")).content.decode()
    assert "一室志愿者乙" in listing
    assert "二室志愿者甲" not in listing and "堤坝巡查" not in listing

    detail = client.get(reverse("volunteers:record_detail", args=[record.pk]))
    assert detail.status_code == 404
    assert client.get(reverse("volunteers:detail", args=[record.volunteer.pk])).status_code == 404

    assert exported_names(client) == [own.volunteer.real_name]


def test_staff_and_supervisor_still_see_and_confirm_the_station_wide_record(client, world):
    record = station_project_record(world, status="recorded")
    for user in (world.staff, world.supervisor):
        client.force_login(user)
        assert client.get(reverse("volunteers:record_detail", args=[record.pk])).status_code == 200
        home = client.get(reverse("volunteers:record_list")).content.decode()
        assert "二室志愿者甲" in home
    client.post(reverse("volunteers:record_confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == "confirmed"
    assert exported_names(client) == ["二室志愿者甲"]


def test_room2_worker_sees_their_own_volunteer_on_the_station_wide_project(client, world):
    record = station_project_record(world)
    client.force_login(world.worker2)
    assert client.get(reverse("volunteers:record_detail", args=[record.pk])).status_code == 200
    assert exported_names(client) == ["二室志愿者甲"]


def test_station_wide_activity_page_lists_only_the_workers_own_volunteers(client, world):
    activity = ActivityFactory(station=world.station, title="全站义诊")
    for room, name in ((world.room1, "一室志愿者乙"), (world.room2, "二室志愿者甲")):
        ServiceRecordFactory(
            volunteer=VolunteerFactory(room=room, real_name=name),
            project=None,
            activity=activity,
            date=datetime.date(2022, 5, 10),
            hours=2,
        )
    client.force_login(world.worker1)
    page = client.get(reverse("volunteers:activity_records", args=[activity.pk]))
    assert "一室志愿者乙" in page.content.decode()
    assert "二室志愿者甲" not in page.content.decode()


def test_report_figures_still_count_every_room(world):
    station_project_record(world)
    ServiceRecordFactory(volunteer=VolunteerFactory(room=world.room1))
    figures = volunteer_figures(
        station=world.station,
        date_from=datetime.date(2022, 1, 1),
        date_to=datetime.date(2022, 12, 31),
    )
    assert (figures["active"], figures["person_times"], figures["hours"]) == (2, 2, 6.0)


def test_the_list_counts_and_sums_the_filtered_records_the_user_sees(client, world):
    """The heading's count and confirmed hours are those of the visible records that pass the
    filters (computed over the union of the ways to see a record, issue 15): a record seen only
    as its confirmer counts, another room's record does not, a recorded one counts as a row but
    not as confirmed hours."""
    volunteer = VolunteerFactory(room=world.room1, real_name="一室志愿者乙")
    ServiceRecordFactory(volunteer=volunteer, hours=2, status="confirmed")
    ServiceRecordFactory(volunteer=volunteer, hours=3, status="recorded")
    ServiceRecordFactory(volunteer=volunteer, hours=5, status="confirmed", content="清扫楼道")
    station_project_record(world, hours=7, status="confirmed")
    ServiceRecordFactory(volunteer=VolunteerFactory(room=world.room2), hours=11)
    client.force_login(world.worker1)
    listing = client.get(reverse("volunteers:record_list")).content.decode()
    assert "共 3 条，已确认 7 小时" in listing
    listing = client.get(reverse("volunteers:record_list"), {"q": "清扫"}).content.decode()
    assert "共 1 条，已确认 5 小时" in listing
    client.force_login(world.staff)
    listing = client.get(reverse("volunteers:record_list"), {"status": "confirmed"})
    assert "共 4 条，已确认 25 小时" in listing.content.decode()
