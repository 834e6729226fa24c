"""The volunteers admin shows a supervisor only the volunteers and projects of their rooms.

Every ModelAdmin of the app holds rows of a room: Volunteer and VolunteerProject (room),
ProjectSignup and Certificate (through the volunteer), ServiceRecord (its volunteer, or the
activity, session or project it was served at) and ServiceRecordChange (through its record).
"""

from tests.admin_scoping import (
    assert_rows_hidden,
    assert_rows_shown,
    assert_sent_away,
    room2_supervisor,
)
from tests.volunteers.factories import (
    CertificateFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)
from volunteers import services
from volunteers.models import ProjectSignup

ADMINS = [
    "volunteers_volunteer",
    "volunteers_volunteerproject",
    "volunteers_projectsignup",
    "volunteers_servicerecord",
    "volunteers_servicerecordchange",
    "volunteers_certificate",
]


def rows_of(world, room, prefix):
    volunteer = VolunteerFactory(room=room, real_name=f"{prefix}志愿者甲")
    project = ProjectFactory(room=room, name=f"{prefix}助老服务项目")
    signup = ProjectSignup.objects.create(project=project, volunteer=volunteer)
    record = ServiceRecordFactory(volunteer=volunteer, project=project)
    services.record_dispute(record=record, reason="时长待核对", by=world.staff)
    certificate = CertificateFactory(volunteer=volunteer)
    return [
        ("volunteers_volunteer", volunteer.pk, volunteer.real_name),
        ("volunteers_volunteerproject", project.pk, project.name),
        ("volunteers_projectsignup", signup.pk, (volunteer.real_name, project.name)),
        ("volunteers_servicerecord", record.pk, (volunteer.real_name, project.name)),
        ("volunteers_servicerecordchange", record.changes.get().pk, volunteer.real_name),
        ("volunteers_certificate", certificate.pk, (certificate.number, volunteer.real_name)),
    ]


def test_a_room2_supervisor_finds_only_room2s_volunteers_in_the_admin(client, world):
    room1, room2 = rows_of(world, world.room1, "一室"), rows_of(world, world.room2, "二室")
    supervisor = room2_supervisor(world)
    assert_rows_hidden(client, supervisor, room1)
    assert_rows_shown(client, supervisor, room2)


def test_the_station_staff_finds_room1s_volunteers_in_the_admin(client, world):
    assert_rows_shown(client, world.staff, rows_of(world, world.room1, "一室"))


def test_officials_and_room_workers_are_sent_away_from_the_volunteers_admin(client, world):
    assert_sent_away(client, [world.official, world.worker1], ADMINS)
