"""Staff and partner-unit contact phones are encrypted at rest and shown masked (issue 14)."""

import importlib

from django.db import connection
from django.urls import reverse

from stations.models import PartnerUnit, User
from tests.factories import UserFactory
from tests.organizations.factories import PartnerUnitFactory

migration = importlib.import_module("stations.migrations.0009_encrypt_staff_and_partner_phones")


def stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_phones_are_stored_encrypted_and_read_back(world):
    user = UserFactory(station=world.station, phone="13912345678")
    partner = PartnerUnitFactory(station=world.station, contact_phone="0917-6200000")
    assert "13912345678" not in stored("stations_user", "phone", user.pk)
    assert "6200000" not in stored("stations_partnerunit", "contact_phone", partner.pk)
    assert User.objects.get(pk=user.pk).phone == "13912345678"
    assert PartnerUnit.objects.get(pk=partner.pk).contact_phone == "0917-6200000"


def test_the_migration_encrypts_plaintext_rows_written_before_it(world):
    user = UserFactory(station=world.station)
    partner = PartnerUnitFactory(station=world.station, contact_phone="")
    empty = UserFactory(station=world.station)
    with connection.cursor() as cursor:  # as the columns held them before the migration
        cursor.execute(
            "UPDATE stations_user SET phone = %s WHERE id = %s", ["13800001234", user.pk]
        )
        cursor.execute(
            "UPDATE stations_partnerunit SET contact_phone = %s WHERE id = %s",
            ["0917-1234567", partner.pk],
        )
    migration.encrypt_phones(None, connection.schema_editor())
    assert stored("stations_user", "phone", user.pk).startswith("gAAAA")  # a Fernet token
    assert User.objects.get(pk=user.pk).phone == "13800001234"
    assert PartnerUnit.objects.get(pk=partner.pk).contact_phone == "0917-1234567"
    assert User.objects.get(pk=empty.pk).phone == ""
    # run again (a half-finished deploy): nothing is encrypted twice
    token = stored("stations_user", "phone", user.pk)
    migration.encrypt_phones(None, connection.schema_editor())
    assert stored("stations_user", "phone", user.pk) == token
    # and backwards gives the plaintext back
    migration.decrypt_phones(None, connection.schema_editor())
    assert stored("stations_user", "phone", user.pk) == "13800001234"
    assert stored("stations_partnerunit", "contact_phone", partner.pk) == "0917-1234567"


def test_the_partner_page_and_its_edit_form_show_the_phone_masked(client, world):
    partner = PartnerUnitFactory(station=world.station, contact_phone="13912345678")
    client.force_login(world.worker1)
    detail = client.get(reverse("organizations:partner_detail", args=[partner.pk])).content
    assert "139****5678" in detail.decode() and b"13912345678" not in detail
    url = reverse("organizations:partner_edit", args=[partner.pk])
    form_page = client.get(url)
    assert b"13912345678" not in form_page.content
    assert "139****5678" in form_page.content.decode()
    form = form_page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    # an empty phone keeps the stored one; a new one is normalised
    assert client.post(url, {**data, "notes": "改"}).status_code == 302
    partner.refresh_from_db()
    assert partner.contact_phone == "13912345678"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    assert client.post(url, {**data, "contact_phone": "+86 139 0000 1111"}).status_code == 302
    partner.refresh_from_db()
    assert partner.contact_phone == "13900001111"


def test_the_admin_shows_staff_and_partner_phones_masked(client, world):
    world.worker1.phone = "13912345678"
    world.worker1.save()
    partner = PartnerUnitFactory(station=world.station, contact_phone="13700001111")
    client.force_login(world.staff)
    page = client.get(reverse("admin:stations_user_change", args=[world.worker1.pk]))
    assert page.status_code == 200
    assert b"13912345678" not in page.content and "139****5678" in page.content.decode()
    page = client.get(reverse("admin:stations_partnerunit_change", args=[partner.pk]))
    assert b"13700001111" not in page.content and "137****1111" in page.content.decode()
    # the user list's search no longer looks at the (encrypted) phone, and does not fail
    listing = client.get(reverse("admin:stations_user_changelist"), {"q": "13912345678"})
    assert listing.status_code == 200


def test_the_station_head_changes_a_workers_phone_in_the_admin(client, world):
    world.worker1.phone = "13912345678"
    world.worker1.save()
    client.force_login(world.staff)
    url = reverse("admin:stations_user_change", args=[world.worker1.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    data.pop("password", None)
    assert client.post(url, {**data, "phone": ""}).status_code == 302
    world.worker1.refresh_from_db()
    assert world.worker1.phone == "13912345678"
    client.post(url, {**data, "phone": "0917-7654321"})
    world.worker1.refresh_from_db()
    assert world.worker1.phone == "0917-7654321"
