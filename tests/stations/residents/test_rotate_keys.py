from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from stations import privacy
from stations.models import Resident
from tests.factories import ResidentFactory


def raw_values(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM stations_resident WHERE id = %s", [pk])
        return cursor.fetchone()


def test_rotate_field_keys_re_encrypts_everything_under_the_first_key(world, settings):
    resident = ResidentFactory(
        room=world.room1, id_number="11010519491231002X", phone="13812345678"
    )
    no_phone = ResidentFactory(room=world.room1, phone="")
    old_key = settings.FIELD_ENCRYPTION_KEY
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    call_command("rotate_field_keys", verbosity=0)

    # The old key alone no longer opens the values; the new key alone does.
    settings.FIELD_ENCRYPTION_KEY = new_key
    raw_id, raw_phone = raw_values(resident.pk)
    assert privacy.decrypt(raw_id) == "11010519491231002X"
    assert privacy.decrypt(raw_phone) == "13812345678"
    assert Resident.objects.get(pk=resident.pk).phone == "13812345678"
    assert raw_values(no_phone.pk)[1] == ""
    settings.FIELD_ENCRYPTION_KEY = old_key
    import pytest

    with pytest.raises(privacy.InvalidToken):
        privacy.decrypt(raw_id)
