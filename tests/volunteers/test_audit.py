"""The audit trail of volunteers and organizations: database triggers record every change with
the user who made it; the encrypted ID number and phone never reach the event tables; the admin
shows the ID number and phone masked, never in full."""

import pytest
from django.db import InternalError, ProgrammingError, connection, transaction
from django.urls import reverse

from organizations.models import OrganizationEvent
from tests.admin_scoping import room2_supervisor
from tests.organizations.factories import OrganizationFactory
from tests.volunteers.factories import VolunteerFactory
from volunteers.models import VolunteerEvent

PHONE = "13912345678"


def raw_dump(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return " ".join(" ".join(map(str, row)) for row in cursor.fetchall())


def admin_edit(client, volunteer, **changes):
    data = {
        "station": volunteer.station_id,
        "room": volunteer.room_id,
        "real_name": volunteer.real_name,
        "sex": volunteer.sex,
        "birth_date": volunteer.birth_date.isoformat(),
        "id_type": volunteer.id_type,
        "skills": "[]",
        "registered_on": volunteer.registered_on.isoformat(),
        "status": "active",
        "edit_version": volunteer.version,
        **changes,
    }
    url = reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])
    return client.post(url, data)


def test_an_admin_edit_records_who_changed_what(client, world):
    volunteer = VolunteerFactory(room=world.room1, availability="周末")
    client.force_login(world.supervisor)
    response = admin_edit(client, volunteer, availability="工作日晚上")
    assert response.status_code == 302
    event = VolunteerEvent.objects.get(pgh_obj=volunteer, pgh_label="update")
    assert event.availability == "工作日晚上"
    assert event.pgh_context.metadata["user"] == world.supervisor.pk


def test_an_id_or_phone_change_is_recorded_without_the_value(world):
    volunteer = VolunteerFactory(room=world.room1, phone=PHONE)
    old_id = volunteer.id_number
    volunteer.phone = "13700001111"
    volunteer.save()
    event = VolunteerEvent.objects.get(pgh_obj=volunteer, pgh_label="update")
    assert event.phone_hash != VolunteerEvent.objects.get(pgh_label="insert").phone_hash
    assert not hasattr(event, "phone") and not hasattr(event, "id_number")
    dump = raw_dump("volunteers_volunteerevent")
    for plaintext in (old_id, old_id[:6] + old_id[-4:], PHONE, "13700001111"):
        assert plaintext not in dump


def test_organization_contact_phone_never_reaches_the_event_table(world):
    organization = OrganizationFactory(room=world.room1, contact_phone=PHONE)
    organization.contact_phone = "13700001111"
    organization.save()
    assert OrganizationEvent.objects.filter(pgh_obj=organization).count() == 2
    dump = raw_dump("organizations_organizationevent")
    assert PHONE not in dump and "13700001111" not in dump


def test_volunteer_events_cannot_be_changed_or_deleted(world):
    VolunteerFactory(room=world.room1)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        VolunteerEvent.objects.update(real_name="篡改")
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        VolunteerEvent.objects.all().delete()


def test_event_admins_list_only_the_supervisors_rooms(client, world):
    VolunteerFactory(room=world.room1, real_name="一室志愿者甲")
    VolunteerFactory(room=world.room2, real_name="二室志愿者乙")
    OrganizationFactory(room=world.room1, name="一室舞蹈队")
    OrganizationFactory(room=None, station=world.station, name="全站志愿者协会")
    client.force_login(room2_supervisor(world))
    page = client.get(reverse("admin:volunteers_volunteerevent_changelist")).content.decode()
    assert "二室志愿者乙" in page and "一室志愿者甲" not in page
    page = client.get(reverse("admin:organizations_organizationevent_changelist")).content.decode()
    assert "全站志愿者协会" in page and "一室舞蹈队" not in page


def test_admin_shows_the_id_number_and_phone_masked_never_in_full(client, world):
    volunteer = VolunteerFactory(room=world.room1, phone=PHONE)
    client.force_login(world.supervisor)
    masked_id = volunteer.id_number[:6] + "********" + volunteer.id_number[-4:]
    pages = [
        reverse("admin:volunteers_volunteer_changelist"),
        reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert masked_id in page and volunteer.masked_phone in page, url
        assert volunteer.id_number not in page and PHONE not in page, url
    history = VolunteerEvent.objects.get(pgh_obj=volunteer)
    for url in (
        reverse("admin:volunteers_volunteerevent_changelist"),
        reverse("admin:volunteers_volunteerevent_change", args=[history.pk]),
    ):
        page = client.get(url).content.decode()
        assert page.count(volunteer.real_name) >= 1, url
        assert volunteer.id_number not in page and PHONE not in page, url
        assert history.id_number_hash not in page and history.phone_hash not in page, url


def test_supervisor_reads_who_changed_the_volunteer_without_the_numbers(client, world):
    volunteer = VolunteerFactory(room=world.room1, phone=PHONE, availability="周末")
    client.force_login(world.supervisor)
    assert admin_edit(client, volunteer, availability="工作日晚上").status_code == 302
    volunteer.refresh_from_db()
    volunteer.phone = "13700001111"
    volunteer.save()
    detail = client.get(reverse("volunteers:detail", args=[volunteer.pk])).content.decode()
    history_url = reverse("volunteers:history", args=[volunteer.pk])
    assert history_url in detail
    page = client.get(history_url).content.decode()
    assert "周末" in page and "工作日晚上" in page and str(world.supervisor) in page
    assert "已更改" in page
    assert volunteer.id_number not in page and PHONE not in page and "13700001111" not in page
    client.force_login(world.worker1)
    detail = client.get(reverse("volunteers:detail", args=[volunteer.pk])).content.decode()
    assert history_url not in detail
