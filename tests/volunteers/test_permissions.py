"""Who may open each volunteer page. Records of room 1 (their volunteer, activity, project)."""

from types import SimpleNamespace

import pytest

from tests.permissions import (
    ADMIN_ONLY,
    ANON,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    expand,
    param_ids,
    personal,
    run_row,
)
from tests.volunteers.factories import (
    ActivityFactory,
    CertificateFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)

# Pages listing the user's own rooms: every personal-data role gets 200, officials 403.
LIST = personal(own=200, other=200)


@pytest.fixture
def objects(world):
    volunteer = VolunteerFactory(room=world.room1)
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    record = ServiceRecordFactory(
        volunteer=volunteer,
        project=None,
        activity=activity,
        status="recorded",
        hours=2,
        date=activity.starts_at.date(),
    )
    # A room-1 volunteer serving at room 2's activity: room 2 (the organiser) confirms.
    room2_activity = ActivityFactory(station=world.station, rooms=[world.room2])
    record_at_room2 = ServiceRecordFactory(
        volunteer=volunteer,
        project=None,
        activity=room2_activity,
        status="recorded",
        hours=2,
        date=room2_activity.starts_at.date(),
    )
    station_activity = ActivityFactory(station=world.station)
    record_station_wide = ServiceRecordFactory(
        volunteer=volunteer,
        project=None,
        activity=station_activity,
        status="recorded",
        hours=2,
        date=station_activity.starts_at.date(),
    )
    disputed = ServiceRecordFactory(volunteer=volunteer, status="disputed")
    # A room-2 volunteer serving on a station-wide project: room 1's worker may not see it.
    room2_on_station_project = ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room2),
        project=ProjectFactory(room=None, station=world.station),
        status="recorded",
    )
    project = ProjectFactory(room=world.room1)
    return SimpleNamespace(
        volunteer=volunteer,
        activity=activity,
        record=record,
        record_at_room2=record_at_room2,
        record_station_wide=record_station_wide,
        disputed=disputed,
        room2_on_station_project=room2_on_station_project,
        project=project,
        certificate=CertificateFactory(volunteer=volunteer),
        other_volunteer=VolunteerFactory(room=world.room1),
    )


def vol(w, o):
    return {"pk": o.volunteer.pk}


ROWS = [
    Row("volunteers:list", LIST),
    Row("volunteers:list", LIST, query="q=139&status=active&skill=elderly_care", note="filtered"),
    Row("volunteers:create", LIST),
    Row("volunteers:detail", personal(), kwargs=vol),
    Row("volunteers:edit", personal(), kwargs=vol),
    Row(
        "volunteers:history",
        {ANON: 302, STAFF: 200, W1: 403, W2: 404, SUP: 200, OFF: 403},
        kwargs=vol,
        note="supervisors and station staff",
    ),
    Row(
        "volunteers:certificate_create",
        personal(),
        kwargs=lambda w, o: {"volunteer_pk": o.volunteer.pk},
    ),
    Row("volunteers:record_list", LIST),
    Row("volunteers:record_create", LIST),
    Row("volunteers:record_export", LIST),
    # Full ID numbers in bulk for the national system: station staff only.
    Row(
        "volunteers:national_export",
        {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 403, OFF: 403},
    ),
    Row(
        "volunteers:national_export",
        {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 403, OFF: 403},
        method="post",
        data=lambda w, o: {"reason": "年度志愿者信息报送"},
        note="with a reason",
    ),
    Row(
        "volunteers:record_export",
        {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403},
        query="date_from=2022-01-01&date_to=2022-12-31",
        note="xlsx",
    ),
    Row("volunteers:record_detail", personal(), kwargs=lambda w, o: {"pk": o.record.pk}),
    Row(
        "volunteers:record_confirm",
        personal(own=302),
        method="post",
        kwargs=lambda w, o: {"pk": o.record.pk},
    ),
    Row(
        "volunteers:record_confirm",
        {ANON: 302, STAFF: 302, W1: 403, W2: 302, SUP: 302, OFF: 403},
        method="post",
        kwargs=lambda w, o: {"pk": o.record_at_room2.pk},
        note="at room 2's activity: only room 2 confirms",
    ),
    Row(
        "volunteers:record_confirm",
        {ANON: 302, STAFF: 302, W1: 403, W2: 404, SUP: 302, OFF: 403},
        method="post",
        kwargs=lambda w, o: {"pk": o.record_station_wide.pk},
        note="station-wide activity: station staff and supervisors",
    ),
    Row(
        "volunteers:record_detail",
        personal(),
        kwargs=lambda w, o: {"pk": o.record_station_wide.pk},
        note="room 1's volunteer at a station-wide activity: hidden from room 2",
    ),
    Row(
        "volunteers:record_detail",
        {ANON: 302, STAFF: 200, W1: 404, W2: 200, SUP: 200, OFF: 403},
        kwargs=lambda w, o: {"pk": o.room2_on_station_project.pk},
        note="room 2's volunteer on a station-wide project: hidden from room 1",
    ),
    Row(
        "volunteers:record_confirm",
        {ANON: 302, STAFF: 302, W1: 404, W2: 403, SUP: 302, OFF: 403},
        method="post",
        kwargs=lambda w, o: {"pk": o.room2_on_station_project.pk},
        note="station-wide project: confirmed by station staff and supervisors",
    ),
    Row(
        "volunteers:record_dispute",
        personal(own=302),
        method="post",
        kwargs=lambda w, o: {"pk": o.record.pk},
        data=lambda w, o: {"reason": "实际只服务了1小时"},
    ),
    Row("volunteers:record_correct", personal(), kwargs=lambda w, o: {"pk": o.disputed.pk}),
    Row("volunteers:activity_pick", LIST),
    Row(
        "volunteers:activity_records",
        personal(),
        kwargs=lambda w, o: {"activity_pk": o.activity.pk},
    ),
    Row(
        "volunteers:activity_confirm",
        personal(own=302),
        method="post",
        kwargs=lambda w, o: {"activity_pk": o.activity.pk},
    ),
    Row("volunteers:project_list", LIST),
    Row("volunteers:project_create", LIST),
    Row("volunteers:project_detail", personal(), kwargs=lambda w, o: {"pk": o.project.pk}),
    Row("volunteers:project_edit", personal(), kwargs=lambda w, o: {"pk": o.project.pk}),
    Row(
        "volunteers:project_signup",
        personal(own=302),
        method="post",
        kwargs=lambda w, o: {"pk": o.project.pk},
        data=lambda w, o: {"volunteer": o.other_volunteer.pk},
    ),
    Row("volunteers:certificate_list", LIST),
    Row(
        "volunteers:certificate_detail",
        personal(),
        kwargs=lambda w, o: {"pk": o.certificate.pk},
    ),
    Row("admin:volunteers_volunteer_changelist", ADMIN_ONLY),
    Row("admin:volunteers_servicerecord_changelist", ADMIN_ONLY),
    Row("admin:volunteers_servicerecordchange_changelist", ADMIN_ONLY),
    Row("admin:volunteers_volunteerproject_changelist", ADMIN_ONLY),
    Row("admin:volunteers_projectsignup_changelist", ADMIN_ONLY),
    Row("admin:volunteers_certificate_changelist", ADMIN_ONLY),
    Row("admin:volunteers_volunteerevent_changelist", ADMIN_ONLY),
]


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
