"""Identity documents and phones on forms: one mixin for every registry of people.

`IdentityFormMixin` normalises the document number by its type (居民身份证 through GB 11643),
derives the birth date and sex from a 居民身份证号 (a mismatch with what was typed is an error on
that field), refuses a birth date in the future and a malformed phone. On an edit form the stored
number and phone are never sent to the browser: they are shown masked and kept when left empty.
`duplicate_of(id_hash)` lets a registry refuse a number it already holds. Residents and volunteers
use it; another registry names its own fields in `identity_fields`.

`document_hash()` / `phone_hash()` give the blind-index values that models store beside the
encrypted columns (see `stations.privacy`).
"""

import contextlib
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.privacy import (
    PERMIT_AREAS,
    blind_index,
    mask_id_number,
    mask_phone,
    normalize_phone,
    normalize_ric,
    ric_birth_date,
    ric_sex,
)
from stations.vocabulary import IdType


def normalize_document(id_type: str, number: str) -> str:
    """The stored form of a document number; ValidationError (Chinese) if it cannot be valid.

    居民身份证 and 港澳台居民居住证 (same 18-character layout since 2018) are checked with GB 11643.
    """
    number = (number or "").strip()
    if id_type == IdType.NONE:
        return ""
    if not number:
        return ""
    if id_type == IdType.RESIDENT_ID:
        return normalize_ric(number)
    if id_type == IdType.HK_MO_TW_PERMIT:
        number = normalize_ric(number)
        if number[:6] not in PERMIT_AREAS:
            raise ValidationError(
                _("港澳台居民居住证号码应以 810000、820000 或 830000 开头。"), code="permit"
            )
        return number
    return "".join(number.split()).upper()


def document_hash(number: str) -> str:
    return blind_index(number) if number else ""


def phone_hash(phone: str) -> str:
    return blind_index(phone) if phone else ""


def search_hashes(text: str) -> list[str]:
    """Hashes to look for when a user types something that may be an ID number or a phone."""
    text = "".join((text or "").split())
    if not text:
        return []
    candidates = {text.upper()}
    with contextlib.suppress(ValidationError):
        candidates.add(normalize_ric(text))
    with contextlib.suppress(ValidationError):
        candidates.add(normalize_phone(text))
    return [blind_index(value) for value in candidates]


# A search for an ID number or a phone travels as its lookup hashes ("h:<hash>.<hash>"), never as
# the number: URLs end up in access logs, proxies and browser histories.
SEARCH_TOKEN_PREFIX = "h:"
IDENTIFIER_DIGITS = 6


def looks_like_identifier(text: str) -> bool:
    """Whether a search text may hold an ID number or a phone (six digits or more)."""
    return sum(character.isdigit() for character in text or "") >= IDENTIFIER_DIGITS


def search_token(text: str) -> str:
    """The URL-safe stand-in for a searched ID number or phone: its lookup hashes."""
    return SEARCH_TOKEN_PREFIX + ".".join(sorted(search_hashes(text)))


def token_hashes(text: str) -> list[str] | None:
    """The lookup hashes a search token carries; None if `text` is not a token."""
    if not (text or "").startswith(SEARCH_TOKEN_PREFIX):
        return None
    hashes = text[len(SEARCH_TOKEN_PREFIX) :].split(".")
    return [value for value in hashes if re.fullmatch(r"[0-9a-f]{64}", value)]


def search_redirect(request, *, drop=("csrfmiddlewaretoken",)) -> str | None:
    """Where a list whose search form posts should send the browser, or None to answer as is.

    A POSTed search becomes a GET of the same list; an ID number or phone in the search box `q`
    (posted, or typed into a URL) is replaced by its token first."""
    params = (request.POST if request.method == "POST" else request.GET).copy()
    for name in drop:
        params.pop(name, None)
    query = (params.get("q") or "").strip()
    hide = looks_like_identifier(query) and token_hashes(query) is None
    if hide:
        params["q"] = search_token(query)
        params.pop("page", None)
    if hide or request.method == "POST":
        return f"{request.path}?{params.urlencode()}"
    return None


def searched_hashes(text: str) -> list[str]:
    """The lookup hashes to match for a search box's text (a token or typed text)."""
    hashes = token_hashes(text)
    return search_hashes(text) if hashes is None else hashes


class IdentityFormMixin:
    """Mix into a (Model)Form that has a document type, number, birth date, sex and phone.

    `identity_fields` maps the roles to the form's field names; a role mapped to None is skipped.
    Birth date and sex may be left empty when a 居民身份证号 is given: they are read from it.
    On a ModelForm editing a saved row, the number and phone start empty, show the stored value
    masked, and an empty entry keeps the stored value (`kept_value_help` says so under the field).
    Override `duplicate_of(id_hash) -> bool` to refuse a number the registry already holds.
    """

    identity_fields = {
        "id_type": "id_type",
        "id_number": "id_number",
        "birth_date": "birth_date",
        "sex": "sex",
        "phone": "phone",
    }
    missing_number_message = _("请填写证件号码，或将证件类型选为“无”。")
    duplicate_message = _("该证件号码已经登记过，不能重复登记。")
    kept_value_help = _("留空则保持不变（%(masked)s）。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._stored_instance() is not None:
            self._mask_stored_values()

    def _identity_name(self, role):
        name = self.identity_fields.get(role)
        return name if name and name in self.fields else None

    def _stored_instance(self):
        instance = getattr(self, "instance", None)
        return instance if instance is not None and instance.pk else None

    def _mask_stored_values(self):
        instance = self._stored_instance()
        for role, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
            name = self._identity_name(role)
            if not name:
                continue
            field = self.fields[name]
            self.initial[name] = ""
            field.required = False
            stored = getattr(instance, name, "")
            if stored:
                masked = mask(stored)
                field.widget.attrs["placeholder"] = masked
                field.help_text = self.kept_value_help % {"masked": masked}

    def _keep_stored_values(self, cleaned, names, id_type):
        """Editing: an empty number or phone keeps the stored one (never sent to the browser)."""
        instance = self._stored_instance()
        if instance is None:
            return
        for role in ("id_number", "phone"):
            name = names[role]
            if not name or name in self._errors or (cleaned.get(name) or "").strip():
                continue
            if role == "id_number" and id_type == IdType.NONE:
                continue  # no document: the stored number goes
            cleaned[name] = getattr(instance, name, "") or ""

    def duplicate_of(self, id_hash: str) -> bool:
        return False

    def clean(self):
        cleaned = super().clean()
        names = {role: self._identity_name(role) for role in self.identity_fields}
        id_type = cleaned.get(names["id_type"]) if names["id_type"] else IdType.RESIDENT_ID
        self._keep_stored_values(cleaned, names, id_type)
        if names["id_number"] and names["id_number"] not in self._errors:
            raw = cleaned.get(names["id_number"], "")
            try:
                number = normalize_document(id_type, raw)
            except ValidationError as error:
                self.add_error(names["id_number"], error)
                number = None
            else:
                if id_type == IdType.NONE and (raw or "").strip():
                    self.add_error(names["id_number"], _("证件类型为“无”时不应填写证件号码。"))
                elif id_type not in (IdType.NONE, "") and not number:
                    self.add_error(names["id_number"], self.missing_number_message)
                elif number and self.duplicate_of(document_hash(number)):
                    self.add_error(names["id_number"], self.duplicate_message)
                cleaned[names["id_number"]] = number or ""
            if number and id_type in (IdType.RESIDENT_ID, IdType.HK_MO_TW_PERMIT):
                self._check_against_ric(cleaned, names, number)
        self._check_birth_date(cleaned, names)
        if names["phone"] and names["phone"] not in self._errors:
            raw_phone = cleaned.get(names["phone"], "")
            if raw_phone:
                try:
                    cleaned[names["phone"]] = normalize_phone(raw_phone)
                except ValidationError as error:
                    self.add_error(names["phone"], error)
        return cleaned

    def _check_against_ric(self, cleaned, names, number):
        birth_name, sex_name = names["birth_date"], names["sex"]
        if birth_name and birth_name not in self._errors:
            derived = ric_birth_date(number)
            entered = cleaned.get(birth_name)
            if entered is None:
                cleaned[birth_name] = derived
            elif entered != derived:
                self.add_error(
                    birth_name,
                    _("出生日期与身份证号不一致：身份证号中的出生日期为 %(date)s。")
                    % {"date": derived.isoformat()},
                )
        if sex_name and sex_name not in self._errors:
            derived_sex = ric_sex(number)
            entered_sex = cleaned.get(sex_name)
            if not entered_sex:
                cleaned[sex_name] = derived_sex
            elif entered_sex != derived_sex:
                label = _("男") if derived_sex == "male" else _("女")
                self.add_error(
                    sex_name, _("性别与身份证号不一致：身份证号显示为%(sex)s性。") % {"sex": label}
                )

    def _check_birth_date(self, cleaned, names):
        birth_name, sex_name = names["birth_date"], names["sex"]
        if birth_name and birth_name not in self._errors:
            birth_date = cleaned.get(birth_name)
            if birth_date is None:
                self.add_error(birth_name, _("请填写出生日期（填写身份证号时可自动识别）。"))
            elif birth_date > timezone.localdate():
                self.add_error(birth_name, _("出生日期不能晚于今天。"))
            elif birth_date < datetime.date(1900, 1, 1):
                self.add_error(birth_name, _("出生日期不合理，请核对。"))
        if sex_name and sex_name not in self._errors and not cleaned.get(sex_name):
            self.add_error(sex_name, _("请选择性别（填写身份证号时可自动识别）。"))


def optional_identity_widgets(form: forms.BaseForm, names=("birth_date", "sex")) -> None:
    """Birth date and sex become optional on the form: they can come from the ID number."""
    for name in names:
        if name in form.fields:
            form.fields[name].required = False
