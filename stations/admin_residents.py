"""Admin for residents: masked identity columns, scoped rows, read-only audit rows."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from stations.admin_base import AuditEventAdmin, ScopedAdmin, ScopedInline
from stations.identity import IdType
from stations.models import (
    Consent,
    ConsentEvent,
    Household,
    HouseholdEvent,
    KeyPopulationTag,
    KeyPopulationTagEvent,
    Resident,
    ResidentEvent,
    RevealLog,
)
from stations.privacy import ric_birth_date, ric_sex
from stations.resident_forms import ConsentForm


class TagAdminForm(forms.ModelForm):
    """The same rule as the site's form: a child's tag needs the guardian's consent on file."""

    def clean(self):
        from stations.services import check_tag_allowed

        cleaned = super().clean()
        resident = cleaned.get("resident") or getattr(self.instance, "resident", None)
        category = cleaned.get("category")
        if (
            resident is not None
            and category
            and (not self.instance.pk or "category" in self.changed_data)
        ):
            try:
                check_tag_allowed(resident, category)
            except ValidationError as error:
                self.add_error(None, error.message_dict.get("category", error.messages))
        return cleaned


class ResidentAdminForm(forms.ModelForm):
    """The ID number is not on this form; birth date and sex must still agree with it."""

    def clean(self):
        cleaned = super().clean()
        number = self.instance.id_number if self.instance.pk else ""
        if number and self.instance.id_type == IdType.RESIDENT_ID and len(number) == 18:
            if cleaned.get("birth_date") and cleaned["birth_date"] != ric_birth_date(number):
                self.add_error("birth_date", _("出生日期与身份证号不一致。"))
            if cleaned.get("sex") and cleaned["sex"] != ric_sex(number):
                self.add_error("sex", _("性别与身份证号不一致。"))
        return cleaned


class TagInline(ScopedInline):
    model = KeyPopulationTag
    form = TagAdminForm
    fields = [
        "category",
        "start_date",
        "end_date",
        "source",
        "disability_category",
        "disability_grade",
    ]


class ConsentInline(ScopedInline):
    model = Consent
    fields = [*ConsentForm.Meta.fields, "withdrawn_on"]
    readonly_fields = ["created_by"]


class ResidentArchivedFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("在册")), ("archived", _("已归档"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "archived":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Resident)
class ResidentAdmin(ScopedAdmin):
    """The ID number and phone never appear in full here: they are changed on the site's form
    (which validates them) and revealed only through the audited reveal page."""

    list_display = [
        "real_name",
        "pseudonym",
        "sex",
        "birth_date",
        "room",
        "masked_id_number",
        "masked_phone",
        "archived_at",
    ]
    form = ResidentAdminForm
    list_filter = [ResidentArchivedFilter, "room", "sex", "id_type", "tags__category"]
    search_fields = ["real_name", "pseudonym"]
    list_select_related = ["room"]
    exclude = ["id_number", "phone"]
    readonly_fields = [
        "masked_id_number",
        "masked_phone",
        "archived_at",
        "archive_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [TagInline, ConsentInline]
    date_hierarchy = "registered_on"

    @admin.display(description=_("证件号码"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("电话"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def changelist_view(self, request, extra_context=None):
        """The search box posts (admin/stations/resident/search_form.html): an ID number or
        phone is replaced by its lookup hashes before the changelist URL is built, so that no
        access log or browser history holds it. A number typed into the URL is redirected too."""
        from stations.identity import search_redirect

        if request.method == "GET" or "_search" in request.POST:  # not an action's POST
            redirect_to = search_redirect(request, drop=("csrfmiddlewaretoken", "_search"))
            if redirect_to:
                return redirect(redirect_to)
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        from stations.identity import searched_hashes, token_hashes

        if token_hashes(search_term) is not None:  # only the hashes: the token is no name
            results, duplicates = queryset.none(), False
        else:
            results, duplicates = super().get_search_results(request, queryset, search_term)
        hashes = searched_hashes(search_term)
        if hashes:
            results |= queryset.filter(id_number_hash__in=hashes) | queryset.filter(
                phone_hash__in=hashes
            )
        return results, duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Consent) and not instance.created_by_id:
                instance.created_by = request.user
            instance.save()
        formset.save_m2m()


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ["name", "room", "address", "created_at"]
    list_filter = ["room"]
    search_fields = ["name", "address"]
    list_select_related = ["room"]


@admin.register(KeyPopulationTag)
class KeyPopulationTagAdmin(ScopedAdmin):
    room_field = "resident__room"
    list_display = ["resident", "category", "start_date", "end_date", "source", "disability_grade"]
    form = TagAdminForm
    list_filter = ["category", "resident__room", "disability_category", "disability_grade"]
    search_fields = ["resident__real_name", "resident__pseudonym", "source"]
    list_select_related = ["resident"]
    autocomplete_fields = ["resident"]


@admin.register(Consent)
class ConsentAdmin(ScopedAdmin):
    room_field = "resident__room"
    list_display = [
        "resident",
        "purpose",
        "given_by",
        "guardian_name",
        "covers_sensitive",
        "given_on",
        "withdrawn_on",
    ]
    list_filter = ["given_by", "covers_sensitive", "resident__room"]
    search_fields = ["resident__real_name", "purpose", "guardian_name"]
    list_select_related = ["resident"]
    autocomplete_fields = ["resident"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(RevealLog)
class RevealLogAdmin(ScopedAdmin):
    """Audit rows: nobody changes them (a database trigger refuses it as well)."""

    read_only = True
    room_field = "resident__room"
    list_display = ["revealed_at", "revealed_by", "resident", "field", "reason"]
    list_filter = ["field", "resident__room"]
    search_fields = ["resident__real_name", "revealed_by__username", "reason"]
    list_select_related = ["resident", "revealed_by"]
    date_hierarchy = "revealed_at"


@admin.register(ResidentEvent)
class ResidentEventAdmin(AuditEventAdmin):
    room_field = "room"
    search_fields = ["real_name", "pseudonym"]
    exclude = ["id_number_hash", "phone_hash"]


@admin.register(KeyPopulationTagEvent)
class KeyPopulationTagEventAdmin(AuditEventAdmin):
    room_field = "resident__room"
    list_display = [*AuditEventAdmin.list_display, "category"]
    search_fields = ["resident__real_name", "resident__pseudonym"]


@admin.register(ConsentEvent)
class ConsentEventAdmin(AuditEventAdmin):
    room_field = "resident__room"
    search_fields = ["resident__real_name", "resident__pseudonym"]


@admin.register(HouseholdEvent)
class HouseholdEventAdmin(AuditEventAdmin):
    room_field = "room"
    search_fields = ["name"]
