"""The edit-conflict notice: what the other person changed, with encrypted values masked once for
every form (a new model with an encrypted column needs nothing of its own) and internal columns left out."""

from django import forms

from stations.concurrency import VersionedFormMixin, changed_fields
from stations.models import Resident
from stations.privacy import mask_id_number, mask_phone
from tests.factories import ResidentFactory


class _ResidentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["real_name", "id_number", "phone"]


def _changes(current, **submitted):
    form = _ResidentForm(instance=current)
    form.cleaned_data = {"real_name": current.real_name, "version": 1, **submitted}
    return {str(label): value for label, value in changed_fields(current, form)}


def test_the_notice_masks_another_persons_id_number_and_phone(db):
    current = ResidentFactory()

    changes = _changes(current, id_number="", phone="")

    assert changes[str(Resident._meta.get_field("id_number").verbose_name)] == mask_id_number(
        current.id_number
    )
    assert changes[str(Resident._meta.get_field("phone").verbose_name)] == mask_phone(current.phone)
    assert current.id_number not in str(changes.values())
    assert current.phone not in str(changes.values())


def test_the_notice_leaves_out_the_version(db):
    current = ResidentFactory()
    current.version = 3

    changes = _changes(current, id_number=current.id_number, phone=current.phone, version=1)

    assert changes == {}
