"""ID numbers and phones through the reusable IdentityFormMixin (DOMAIN.md vectors)."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from stations.identity import IdentityFormMixin, document_hash, normalize_document, search_hashes
from stations.privacy import normalize_ric


class PersonForm(IdentityFormMixin, forms.Form):
    """What a volunteer registry would declare: the same roles, its own form."""

    id_type = forms.CharField(required=False)
    id_number = forms.CharField(required=False)
    birth_date = forms.DateField(required=False)
    sex = forms.CharField(required=False)
    phone = forms.CharField(required=False)


def clean(**data):
    form = PersonForm(data={"id_type": "resident_id", **data})
    form.is_valid()
    return form


def test_the_valid_vector_gives_birth_date_and_sex():
    form = clean(id_number="11010519491231002X")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == datetime.date(1949, 12, 31)
    assert form.cleaned_data["sex"] == "female"


def test_the_invalid_vector_is_refused_on_its_field_in_chinese():
    form = clean(id_number="360426199101010072", birth_date="1991-01-01", sex="male")
    assert "居民身份证号校验码不正确，请核对号码。" in form.errors["id_number"]


def test_lowercase_x_and_legacy_15_digits_are_normalised():
    assert clean(id_number="11010519491231002x").cleaned_data["id_number"] == "11010519491231002X"
    assert clean(id_number="110105491231002").cleaned_data["id_number"] == "11010519491231002X"


def test_birth_date_mismatch_is_an_error_on_the_birth_date():
    form = clean(id_number="11010519491231002X", birth_date="1949-12-30")
    assert "出生日期与身份证号不一致" in form.errors["birth_date"][0]


def test_sex_mismatch_is_an_error_on_the_sex():
    form = clean(id_number="11010519491231002X", sex="male")
    assert "性别与身份证号不一致" in form.errors["sex"][0]


def test_future_birth_date_is_refused():
    # in the future, yet inside the plausible range (stations.bounds): the identity rule speaks
    tomorrow = timezone.localdate() + datetime.timedelta(days=30)
    form = clean(id_type="none", birth_date=tomorrow.isoformat(), sex="male")
    assert form.errors["birth_date"] == ["出生日期不能晚于今天。"]


def test_malformed_phone_is_refused_and_a_good_one_normalised():
    assert (
        "电话号码格式不正确"
        in clean(id_type="none", birth_date="1980-01-01", sex="male", phone="1381234").errors[
            "phone"
        ][0]
    )
    form = clean(
        id_type="none",
        birth_date="1980-01-01",
        sex="male",
        phone="+86 139-1234-5678".replace("-", " "),
    )
    assert form.cleaned_data["phone"] == "13912345678"


def test_a_number_with_document_type_none_is_refused():
    form = clean(id_type="none", id_number="E12345678", birth_date="1980-01-01", sex="male")
    assert "证件类型为“无”" in form.errors["id_number"][0]


def test_passports_are_kept_as_typed_in_capitals():
    assert normalize_document("passport", " e1234 5678 ") == "E12345678"


def test_an_elderly_persons_number_from_a_county_created_later_is_valid():
    # 610303 (金台区) dates from 1983; people born before then hold such numbers.
    from stdnum.cn import ric

    body = "61030319500314002"
    number = body + ric.calc_check_digit(body + "0")
    assert normalize_ric(number) == number


def test_an_unknown_area_code_is_refused():
    from stdnum.cn import ric

    body = "99999919500314002"
    number = body + ric.calc_check_digit(body + "0")
    with pytest.raises(forms.ValidationError):
        normalize_ric(number)


def test_search_hashes_match_the_stored_hash_of_a_typed_number():
    assert document_hash("11010519491231002X") in search_hashes("11010519491231002x")


def test_hong_kong_macao_taiwan_permits_use_the_id_layout_with_their_area_codes():
    from stdnum.cn import ric

    body = "83000019900101001"
    permit = body + ric.calc_check_digit(body + "0")
    assert normalize_document("hk_mo_tw_permit", permit) == permit
    with pytest.raises(forms.ValidationError):
        normalize_document("hk_mo_tw_permit", "11010519491231002X")


@pytest.mark.django_db
def test_saving_a_resident_fills_the_lookup_hashes_and_a_pseudonym(world):
    from stations.models import Resident

    resident = Resident.objects.create(
        room=world.room1,
        real_name="无化名",
        sex="female",
        birth_date=datetime.date(1949, 12, 31),
        id_number="11010519491231002X",
        phone="13812345678",
    )
    assert resident.pseudonym
    assert resident.id_number_hash == document_hash("11010519491231002X")
    assert (
        Resident.objects.filter(id_number_hash__in=search_hashes("110105 19491231 002x")).get()
        == resident
    )
