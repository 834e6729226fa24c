"""Identity checks for a real-name registration form, shaped to be shared with other registries.

Same rules as residents (stations.privacy): a 居民身份证号 is normalised and validated (GB 11643),
and the birth date and sex typed on the form must agree with the number; other documents are kept
as typed. The phone is normalised. The caller supplies the duplicate check, because only it knows
which registry must not hold the number twice.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from stations.privacy import (
    blind_index,
    mask_id_number,
    mask_phone,
    normalize_phone,
    normalize_ric,
    ric_birth_date,
    ric_sex,
)

RESIDENT_ID = "resident_id"


class IdentityFormMixin(forms.Form):
    """Cleans `id_type`, `id_number`, `birth_date`, `sex` and `phone` of a ModelForm.

    Subclasses may define `duplicate_of(id_hash) -> bool` to refuse a number already registered.
    """

    duplicate_message = _("该证件号码已经登记过，不能重复登记。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            # The stored number and phone are never sent to the browser: the edit form shows them
            # masked and keeps them when left empty.
            for name, masked in (
                ("id_number", mask_id_number(instance.id_number)),
                ("phone", mask_phone(instance.phone)),
            ):
                if name in self.fields:
                    self.initial[name] = ""
                    self.fields[name].required = False
                    self.fields[name].widget.attrs["placeholder"] = masked
                    self.fields[name].help_text = _("当前：%(masked)s；留空则不修改") % {
                        "masked": masked
                    }

    def _stored(self, name):
        instance = getattr(self, "instance", None)
        return getattr(instance, name, "") if instance is not None and instance.pk else ""

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if not value:
            return self._stored("phone")
        return normalize_phone(value)

    def clean(self):
        cleaned = super().clean()
        id_type = cleaned.get("id_type")
        number = (cleaned.get("id_number") or "").strip() or self._stored("id_number")
        if not number:
            if "id_number" not in self.errors:
                self.add_error("id_number", _("请填写证件号码。"))
            return cleaned
        if id_type == RESIDENT_ID:
            try:
                number = normalize_ric(number)
            except forms.ValidationError as error:
                self.add_error("id_number", error)
                return cleaned
            except KeyError:
                # python-stdnum 2.2 raises KeyError for an area code known only at province level.
                self.add_error("id_number", _("居民身份证号中的地区码无效，请核对号码。"))
                return cleaned
            birth_date, sex = ric_birth_date(number), ric_sex(number)
            if cleaned.get("birth_date") and cleaned["birth_date"] != birth_date:
                self.add_error(
                    "birth_date",
                    _("出生日期与居民身份证号不一致（证件号显示为 %(date)s）。")
                    % {"date": birth_date.isoformat()},
                )
            elif not cleaned.get("birth_date") and "birth_date" not in self.errors:
                cleaned["birth_date"] = birth_date
            if cleaned.get("sex") and cleaned["sex"] != sex:
                self.add_error("sex", _("性别与居民身份证号不一致。"))
            elif not cleaned.get("sex") and "sex" not in self.errors:
                cleaned["sex"] = sex
        else:
            number = number.upper()
        cleaned["id_number"] = number
        if self.duplicate_of(blind_index(number)):
            self.add_error("id_number", self.duplicate_message)
        return cleaned

    def duplicate_of(self, id_hash: str) -> bool:
        return False
