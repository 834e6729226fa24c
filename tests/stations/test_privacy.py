import datetime

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ValidationError
from django.db import connection

from stations import privacy
from tests.factories import ResidentFactory


def test_valid_id_number_from_the_domain_notes():
    assert privacy.normalize_ric("11010519491231002X") == "11010519491231002X"


def test_lowercase_x_is_normalised():
    assert privacy.normalize_ric("11010519491231002x") == "11010519491231002X"


def test_wrong_check_character_is_refused_in_chinese():
    with pytest.raises(ValidationError) as error:
        privacy.normalize_ric("360426199101010072")
    assert "校验码" in error.value.messages[0]


def test_legacy_15_digit_number_is_converted():
    assert privacy.normalize_ric("110105491231002") == "11010519491231002X"


def test_birth_date_and_sex_come_from_the_number():
    assert privacy.ric_birth_date("11010519491231002X") == datetime.date(1949, 12, 31)
    assert privacy.ric_sex("11010519491231002X") == "female"


def test_masks():
    assert privacy.mask_id_number("11010519491231002X") == "110105********002X"
    assert privacy.mask_phone("13812345678") == "138****5678"


def test_bad_phone_is_refused():
    with pytest.raises(ValidationError):
        privacy.normalize_phone("12345")
    assert privacy.normalize_phone("+86 138 1234 5678") == "13812345678"


def test_decrypting_with_the_wrong_key_raises_instead_of_returning_ciphertext(settings):
    token = privacy.encrypt("11010519491231002X")
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(InvalidToken):
        privacy.decrypt(token)


def test_key_rotation_old_tokens_still_open_and_rotate_to_the_new_key(settings):
    old_key = settings.FIELD_ENCRYPTION_KEY
    token = privacy.encrypt("13812345678")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    assert privacy.decrypt(token) == "13812345678"
    rotated = privacy.rotate(token)
    settings.FIELD_ENCRYPTION_KEY = new_key
    assert privacy.decrypt(rotated) == "13812345678"


@pytest.mark.django_db
def test_raw_column_holds_no_plaintext_id_number_or_phone():
    resident = ResidentFactory(id_number="11010519491231002X", phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM stations_resident WHERE id = %s", [resident.pk]
        )
        raw_id, raw_phone = cursor.fetchone()
    assert "11010519491231002X" not in raw_id and "13812345678" not in raw_phone
    resident.refresh_from_db()
    assert resident.id_number == "11010519491231002X"
