"""Personal-data primitives shared by every registry that holds people (residents, volunteers…).

- 居民身份证号 (GB 11643): normalised, validated with the MOD 11-2 check character, legacy 15-digit
  numbers converted; birth date and sex are read from the number.
- Encryption at rest: `EncryptedTextField` stores Fernet tokens (AES + HMAC, `cryptography`).
  `FIELD_ENCRYPTION_KEY` may list several keys, comma-separated: the first encrypts, all decrypt,
  which is how keys are rotated (see README). A token that no key opens raises `InvalidToken`;
  ciphertext is never returned as if it were the value.
- Exact lookup without decrypting: `blind_index()` is an HMAC-SHA256 of the normalised value with
  `FIELD_HASH_KEY`, stored beside the ciphertext.
- Masking for the screen: `mask_id_number()`, `mask_phone()`.
"""

import datetime
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

__all__ = [
    "EncryptedTextField",
    "InvalidToken",
    "blind_index",
    "decrypt",
    "encrypt",
    "mask_id_number",
    "mask_phone",
    "normalize_phone",
    "normalize_ric",
    "ric_birth_date",
    "ric_sex",
]

# 港澳台居民居住证 (2018) use the 居民身份证 layout with these area codes.
PERMIT_AREAS = frozenset({"810000", "820000", "830000"})
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def normalize_ric(value: str) -> str:
    """Return the 18-character form of a 居民身份证号, or raise ValidationError (Chinese message).

    Lowercase x becomes X; a legacy 15-digit number (born 19xx, no check character) is converted.
    """
    number = re.sub(r"[\s-]", "", value or "").upper()
    if len(number) == 15 and number.isdigit():
        number = number[:6] + "19" + number[6:]
        number += ric.calc_check_digit(number + "0")  # it ignores the last character
    if len(number) != 18:
        raise ValidationError(_("居民身份证号应为18位（或旧版15位）。"), code="length")
    # Not ric.validate(): it also requires the area code to have existed in the birth year, which
    # refuses real numbers of everyone born before their county was (re)created (金台区 1983:
    # every elderly resident). The area code must exist; the period is not checked.
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("居民身份证号格式不正确。"), code="format")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(_("居民身份证号校验码不正确，请核对号码。"), code="checksum")
    try:
        ric.get_birth_date(number)
    except ric.InvalidComponent:
        raise ValidationError(_("居民身份证号中的出生日期无效。"), code="birth_date") from None
    if not _known_area(number[:6]):
        raise ValidationError(_("居民身份证号前六位（地区码）无效。"), code="area")
    if ric.get_birth_date(number) > timezone.localdate():
        raise ValidationError(_("居民身份证号中的出生日期在未来。"), code="birth_date")
    return number


@lru_cache(maxsize=1024)
def _known_area(code: str) -> bool:
    from stdnum import numdb

    if code in PERMIT_AREAS:
        return True
    info = {key for _part, props in numdb.get("cn/loc").info(code) for key in props}
    return "county" in info


def ric_birth_date(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def ric_sex(number: str) -> str:
    """'male' or 'female': the 17th character is odd for men (GB 11643)."""
    return "male" if int(number[16]) % 2 else "female"


def normalize_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE_RE.match(phone):
        raise ValidationError(
            _("电话号码格式不正确：手机号为11位，座机如 0917-1234567。"), code="phone"
        )
    return phone


def mask_id_number(number: str) -> str:
    """`11010519491231002X` → `110105********002X`; other documents keep their first and last 2."""
    if not number:
        return ""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def mask_phone(phone: str) -> str:
    """`13812345678` → `138****5678`."""
    if not phone:
        return ""
    if len(phone) == 11 and phone.isdigit():
        return phone[:3] + "****" + phone[-4:]
    return phone[:3] + "*" * max(len(phone) - 7, 1) + phone[-4:]


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Raises cryptography.fernet.InvalidToken if no configured key opens the token."""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt a token under the first (newest) key."""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    """Keyed hash for exact lookup and duplicate detection of an already normalised value."""
    if not value:
        return ""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token. Empty stays empty; lookups by value do not work
    (use the blind-index column beside it)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
