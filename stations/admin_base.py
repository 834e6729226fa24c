"""Admin classes go through the same scoping as the views (stations.access)."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.utils import flatten_fieldsets, get_fields_from_path
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from stations.access import can_use_admin, scope_to_rooms
from stations.concurrency import CONFLICT_MESSAGE, changed_fields, is_versioned
from stations.history import LABELS
from stations.models import User


class VersionCheckForm(forms.ModelForm):
    """An admin form of a versioned record (stations.concurrency): it carries the version the
    supervisor started from, and refuses the save if someone saved the record meanwhile, naming
    the other person's values. The supervisor's input stays on the form; the hidden version moves
    on, so that submitting again after reading the notice saves deliberately."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("edit_version")
        if self.instance.pk and expected is not None:
            with transaction.atomic():  # the admin's own transaction keeps the row locked
                current = (
                    type(self.instance)
                    ._default_manager.select_for_update()
                    .get(pk=self.instance.pk)
                )
            if current.version != expected:
                self.data = self.data.copy()
                self.data[self.add_prefix("edit_version")] = current.version
                raise ValidationError(
                    [CONFLICT_MESSAGE]
                    + [
                        _("%(field)s：%(value)s")
                        % {"field": label, "value": _("（空）") if value in (None, "") else value}
                        for label, value in changed_fields(current, self)
                    ]
                )
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            self.instance.version = F("version") + 1
        obj = super().save(commit=commit)
        if commit and obj.pk:
            obj.refresh_from_db(fields=["version"])
        return obj


def versioned_form(model, form):
    """`form`, with the version check when `model` is versioned."""
    if not is_versioned(model) or issubclass(form, VersionCheckForm):
        return form
    return type(form.__name__, (VersionCheckForm, form), {})


def with_version_field(fieldsets):
    """Fieldsets that render the hidden version (admins that name their fields leave it out)."""
    if "edit_version" in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], "edit_version"]}), *rest]


class VersionCheckMixin:
    """The hidden version is rendered wherever a versioned record can be changed."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if is_versioned(self.model) and self.has_change_permission(request, obj):
            return with_version_field(fieldsets)
        return fieldsets


class ScopedRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """The raw-id box, which names the record whose id it holds only if the user may see it.

    Django's widget reads the label with the model's default manager: `?resident=206` on an add
    page, or counting up the ids, would show every resident's name to any admin user."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            self.queryset.get(**{key: value})
        except (
            ValueError,
            TypeError,
            ValidationError,
            ObjectDoesNotExist,
            MultipleObjectsReturned,
        ):
            return "", ""
        return super().label_and_url_for_value(value)


class ScopedLookupsMixin:
    """Foreign-key and many-to-many choices, raw-id labels and autocomplete options limited to the
    related model's `visible_to(user)` (for the models that have one)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if hasattr(queryset, "visible_to"):
            kwargs.setdefault("queryset", queryset.visible_to(request.user))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, widgets.ForeignKeyRawIdWidget):
            field.widget = ScopedRawIdWidget(
                db_field.remote_field,
                self.admin_site,
                queryset=field.queryset,
                attrs=field.widget.attrs,
                using=field.widget.db,
            )
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if hasattr(queryset, "visible_to"):
            kwargs.setdefault("queryset", queryset.visible_to(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedLookupsMixin, VersionCheckMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows and foreign-key choices are limited to what the user may see.

    Rows: the model's `QuerySet.visible_to(user)` if it has one, else `scope_to_rooms` on
    `room_field`. Access is by role (supervisors and station staff), not by Django permissions,
    so a new model needs no permission set-up. `read_only` admins allow viewing only;
    deletion is for the technical superuser only (records are archived, not deleted).
    """

    room_field = "room"
    read_only = False
    list_per_page = 50

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), request.user)

    def get_form(self, request, obj=None, **kwargs):
        # An admin with an `add_form` (UserAdmin) creates with it, as Django's own does.
        form = self.form if obj is not None else getattr(self, "add_form", self.form)
        return super().get_form(request, obj, form=versioned_form(self.model, form), **kwargs)

    def scope(self, queryset, user):
        """The rows `user` may see; override for rows scoped some other way than by room."""
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(user)
        return scope_to_rooms(queryset, user, self.room_field)

    def get_list_filter(self, request):
        """A sidebar filter on a relation lists only the related records of the visible rows:
        a plain relation filter would list every group, project or series of every room."""
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and self._is_relation(entry):
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def _is_relation(self, path):
        try:
            fields = get_fields_from_path(self.model, path)
        except Exception:  # not a model field path (a custom filter name)
            return False
        return bool(fields) and fields[-1].is_relation

    def save_model(self, request, obj, form, change):
        """An admin edit moves a versioned record on (VersionCheckForm.save set the version to
        version + 1), so that an edit started earlier in the app is refused, not overwritten."""
        super().save_model(request, obj, form, change)
        if change and is_versioned(type(obj)):
            obj.refresh_from_db(fields=["version"])

    def has_module_permission(self, request):
        return can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request):
        return can_use_admin(request.user) and not self.read_only

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user) and not self.read_only

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not self.read_only


# The most rows one inline takes in one request: Django's default (max_num 1000, absolute_max
# 2000) let `tags-TOTAL_FORMS=99999` build 2000 forms for 22 seconds.
INLINE_MAX_ROWS = 100


class ScopedInline(ScopedLookupsMixin, VersionCheckMixin, admin.TabularInline):
    extra = 0
    read_only = False
    max_num = INLINE_MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", INLINE_MAX_ROWS)
        kwargs.setdefault("validate_max", True)
        return super().get_formset(
            request, obj, form=versioned_form(self.model, self.form), **kwargs
        )

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return can_use_admin(request.user) and not self.read_only

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user) and not self.read_only

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not self.read_only


class ReadOnlyInline(ScopedInline):
    """An inline that shows a record's log rows (transitions, approvals, changes …) and lets no
    one add, change or delete them there: its `fields` are all read-only."""

    read_only = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class AuditEventAdmin(ScopedAdmin):
    """The database-written change records: read-only for everyone, like the triggers demand."""

    read_only = True
    list_display = ["when", "action", "pgh_obj", "changed_by"]
    # Not select_related() in get_queryset: the changelist then ignores list_select_related.
    # Extend it (["pgh_obj__disbursement"]) where the tracked record's name follows a relation.
    list_select_related = ["pgh_obj"]
    list_filter = ["pgh_label"]
    date_hierarchy = "pgh_created_at"

    def get_queryset(self, request):
        changed_by = User.objects.filter(pk=OuterRef("changed_by_id")).values("username")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(changed_by_id=Cast("pgh_context__metadata__user", BigIntegerField()))
            .annotate(changed_by_username=Subquery(changed_by))
        )

    @admin.display(description=_("时间"), ordering="pgh_created_at")
    def when(self, obj):
        return obj.pgh_created_at

    @admin.display(description=_("操作"), ordering="pgh_label")
    def action(self, obj):
        return LABELS.get(obj.pgh_label, obj.pgh_label)

    @admin.display(description=_("操作人"))
    def changed_by(self, obj):
        return obj.changed_by_username or _("系统")
