import datetime

from django.urls import reverse

from tests.organizations.factories import IncubationRecordFactory, ParticipationFactory
from tests.volunteers.factories import (
    CertificateFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)
from volunteers import services
from volunteers.models import ProjectSignup


def test_supervisor_opens_every_change_page_and_the_history_is_read_only(client, world):
    volunteer = VolunteerFactory(room=world.room1)
    record = ServiceRecordFactory(volunteer=volunteer)
    services.record_dispute(record=record, reason="核对", by=world.worker1)
    project = ProjectFactory(room=world.room1)
    signup = ProjectSignup.objects.create(project=project, volunteer=volunteer)
    certificate = CertificateFactory(volunteer=volunteer)
    link = ParticipationFactory(organization__room=world.room1)
    incubation = IncubationRecordFactory(organization=link.organization)
    client.force_login(world.supervisor)
    pages = [
        ("volunteers_volunteer", volunteer.pk),
        ("volunteers_servicerecord", record.pk),
        ("volunteers_servicerecordchange", record.changes.get().pk),
        ("volunteers_volunteerproject", project.pk),
        ("volunteers_projectsignup", signup.pk),
        ("volunteers_certificate", certificate.pk),
        ("organizations_organization", link.organization.pk),
        ("organizations_incubationrecord", incubation.pk),
        ("organizations_organizationactivity", link.pk),
    ]
    for name, pk in pages:
        response = client.get(reverse(f"admin:{name}_change", args=[pk]))
        assert response.status_code == 200, name
    response = client.post(
        reverse("admin:volunteers_servicerecord_change", args=[record.pk]), {"hours": "1"}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.hours != 1
    assert client.get(reverse("admin:volunteers_certificate_add")).status_code == 403


def test_admin_refuses_a_minor_without_guardian_consent(client, world):
    volunteer = VolunteerFactory(
        room=world.room1,
        birth_date=datetime.date(2010, 1, 1),
        registered_on=datetime.date(2022, 1, 1),
        guardian_name="张父",
        guardian_relation="父亲",
        guardian_consent_on=datetime.date(2021, 12, 1),
    )
    client.force_login(world.supervisor)
    url = reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])
    data = {
        "station": world.station.pk,
        "room": world.room1.pk,
        "real_name": volunteer.real_name,
        "sex": "female",
        "birth_date": "2010-01-01",
        "id_type": "resident_id",
        "skills": "[]",
        "registered_on": "2022-01-01",
        "status": "active",
        "guardian_name": "",
        "guardian_relation": "",
        "guardian_consent_on": "",
    }
    response = client.post(url, data)
    assert "未满18周岁的志愿者须经监护人同意" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.guardian_name == "张父"
