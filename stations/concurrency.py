"""Optimistic locking: concurrent edits never silently overwrite each other.

A model with a `version` integer column is edited through a form that carries the version it was
loaded at (`VersionedFormMixin`). `save_versioned()` locks the row, compares versions, and either
saves with version + 1 or raises `EditConflict` carrying the current row, so that the view can show
the other person's changes and keep the user's input on the form.
"""

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from stations.privacy import EncryptedTextField, mask_id_number, mask_phone

CONFLICT_MESSAGE = _(
    "保存失败：您编辑期间，其他人已修改了这条记录。请核对下方的最新内容后重新提交。"
)


class EditConflict(Exception):
    def __init__(self, current, changed_fields):
        super().__init__("the record was changed by someone else")
        self.current = current
        self.changed_fields = changed_fields


class VersionedFormMixin(forms.Form):
    """Adds a hidden `version` field holding the version the user started editing from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version


def save_versioned(form, **extra):
    """Save a ModelForm of a versioned model; raise EditConflict if the row moved on meanwhile.

    On conflict nothing is saved; the form gets a non-field error and now carries the current
    version, so that the user, having seen the other person's changes (`changed_fields`, shown
    above the form), may save their own on purpose. `extra` attributes are set on the instance
    before saving (e.g. updated_by).
    """
    instance = form.instance
    model = type(instance)
    with transaction.atomic():
        if instance.pk:
            current = model._default_manager.select_for_update().get(pk=instance.pk)
            expected = form.cleaned_data.get("version")
            if expected is not None and current.version != expected:
                form.add_error(None, CONFLICT_MESSAGE)
                changes = changed_fields(current, form)
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = current.version
                raise EditConflict(current, changes)
        obj = form.save(commit=False)
        for name, value in extra.items():
            setattr(obj, name, value)
        if instance.pk:
            obj.version = F("version") + 1
        obj.save()
        form.save_m2m()
        obj.refresh_from_db(fields=["version"])
        return obj


def update_versioned(instance, *, version, data, **extra):
    """Write `data` (field name -> value; many-to-many fields too) onto the saved row of `instance`
    if it is still at `version`, with version + 1, and return the saved row.

    The row is locked while it is compared and written. A row that moved on meanwhile raises
    `EditConflict` carrying the current row and the fields where it differs from `data`; nothing is
    saved then. `version=None` skips the comparison (a write that is not an edit of what the user
    saw). `extra` attributes are set too but not compared (e.g. updated_by).
    """
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if version is not None and current.version != version:
            raise EditConflict(current, data_changes(current, data))
        many = {}
        for name, value in {**data, **extra}.items():
            if model._meta.get_field(name).many_to_many:
                many[name] = value
            else:
                setattr(current, name, value)
        current.version = F("version") + 1
        current.save()
        for name, value in many.items():
            getattr(current, name).set(value)
        current.refresh_from_db(fields=["version"])
    return current


def create_versioned(model, *, data, **extra):
    """A new row of `model` from `data` (many-to-many fields too) and `extra` attributes."""
    many = {}
    fields = {}
    for name, value in {**data, **extra}.items():
        if model._meta.get_field(name).many_to_many:
            many[name] = value
        else:
            fields[name] = value
    with transaction.atomic():
        obj = model(**fields)
        obj.save()
        for name, value in many.items():
            getattr(obj, name).set(value)
    return obj


def form_data(form) -> dict:
    """The cleaned values of a ModelForm's model fields: what a service writes."""
    names = form._meta.fields
    if not names or names == "__all__":
        names = list(form.fields)
    return {
        name: form.cleaned_data[name]
        for name in names
        if name in form.cleaned_data and name != "version"
    }


def show_conflict(form, conflict: EditConflict) -> None:
    """Put an `EditConflict` on the form: the error above it, and the current version, so that
    a second submit saves the user's input on purpose."""
    form.add_error(None, CONFLICT_MESSAGE)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = conflict.current.version


def data_changes(current, data):
    """(label, value) of the fields in `data` whose saved value in `current` differs."""
    model_fields = {f.name: f for f in type(current)._meta.concrete_fields}
    return [
        (model_fields[name].verbose_name, _display(current, model_fields[name]))
        for name, value in data.items()
        if name in model_fields and name != "version" and getattr(current, name) != value
    ]


# Columns the user never edits: the conflict notice does not list them.
INTERNAL_FIELDS = {"version", "created_at", "updated_at"}


def changed_fields(current, form):
    """(label, value) of the fields on `form` whose saved value in `current` differs from what the
    user submitted: the other person's changes, as the conflict notice shows them. Encrypted
    columns (ID numbers, phones) are masked here, once for every view and the admin; internal
    columns (`version`, timestamps) are left out."""
    model_fields = {f.name: f for f in type(current)._meta.concrete_fields}
    return [
        (model_fields[name].verbose_name, _display(current, model_fields[name]))
        for name in form.fields
        if name in model_fields
        and name not in INTERNAL_FIELDS
        and getattr(current, name) != form.cleaned_data.get(name)
    ]


def is_versioned(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def _display(instance, field):
    """The value as a user reads it: the label of a choice, not its stored code; an encrypted
    value masked (an ID number or a phone as on every page, anything else not at all)."""
    value = getattr(instance, field.name)
    if isinstance(field, EncryptedTextField):
        if not value:
            return value
        if "phone" in field.name:
            return mask_phone(value)
        if "id_number" in field.name:
            return mask_id_number(value)
        return _("（已加密，不显示）")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value
