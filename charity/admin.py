"""Admin for charity. Ledger entries, donations and disbursements are read-only here: money moves
only through the services (with the fund locked and the committee's approval)."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from charity.forms import ProjectAdminForm
from charity.models import (
    Beneficiary,
    CharityProject,
    Disbursement,
    Disclosure,
    Donation,
    Fund,
    LedgerEntry,
)
from stations.access import visible_rooms, visible_stations
from stations.admin_base import AuditEventAdmin, ScopedAdmin, ScopedInline
from stations.models import PartnerKind, PartnerUnit, User


class StationUsersMixin:
    """Choices of people and rooms limited to the admin user's station."""

    user_fields = ("committee_members", "supervisor", "responsible")

    def _users(self, request):
        return User.objects.filter(station__in=visible_stations(request.user), is_active=True)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.user_fields:
            kwargs["queryset"] = self._users(request)
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        if db_field.name == "host_partner":
            kwargs["queryset"] = PartnerUnit.objects.visible_to(request.user).filter(
                kind=PartnerKind.SOCIAL_ORGANIZATION
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.user_fields:
            kwargs["queryset"] = self._users(request)
        if db_field.name == "rooms":
            kwargs["queryset"] = visible_rooms(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Fund)
class FundAdmin(StationUsersMixin, ScopedAdmin):
    list_display = ["name", "host", "supervisor", "station"]
    list_filter = ["station", "rooms"]
    search_fields = ["name", "host_name", "host_partner__name", "committee_other_members"]
    list_select_related = ["host_partner", "supervisor", "station"]
    filter_horizontal = ["committee_members", "rooms"]

    @admin.display(description=_("托管慈善组织"))
    def host(self, obj):
        return obj.host_display


@admin.register(CharityProject)
class CharityProjectAdmin(StationUsersMixin, ScopedAdmin):
    form = ProjectAdminForm
    list_display = ["title", "fund", "start_date", "end_date", "target_amount", "status"]
    list_filter = ["status", "fund", "rooms"]
    search_fields = ["title", "purpose"]
    list_select_related = ["fund"]
    filter_horizontal = ["rooms"]
    autocomplete_fields = ["activities"]
    date_hierarchy = "start_date"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "fund":
            kwargs["queryset"] = Fund.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(ScopedAdmin):
    read_only = True


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ["donated_on", "fund", "project", "form", "amount", "donor_type", "name_consent"]
    list_filter = ["form", "donor_type", "name_consent", "fund"]
    search_fields = ["receipt_number", "donor_name", "donor_partner__name", "items"]
    list_select_related = ["fund", "project"]
    date_hierarchy = "donated_on"


class BeneficiaryInline(ScopedInline):
    model = Beneficiary
    read_only = True
    fields = ["resident", "household", "amount", "items", "received_on", "signed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["number", "fund", "project", "form", "amount", "status", "approved_by"]
    list_filter = ["status", "form", "fund"]
    search_fields = ["number", "purpose", "items", "project__title"]
    list_select_related = ["fund", "project", "approved_by"]
    inlines = [BeneficiaryInline]


@admin.register(Beneficiary)
class BeneficiaryAdmin(ReadOnlyAdmin):
    list_display = ["disbursement", "resident", "household", "amount", "received_on"]
    list_filter = ["receipt_method", "disbursement__fund"]
    search_fields = ["disbursement__number", "resident__real_name", "household__name"]
    list_select_related = ["disbursement", "resident", "household"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    """Append-only: no add, no change, no delete, whoever asks (superuser included)."""

    list_display = [
        "pk",
        "entry_date",
        "fund",
        "project",
        "source",
        "form",
        "direction",
        "amount",
        "reverses",
    ]
    list_filter = ["source", "form", "direction", "fund"]
    search_fields = ["reason", "project__title", "donation__receipt_number", "disbursement__number"]
    list_select_related = ["fund", "project", "reverses"]
    date_hierarchy = "entry_date"

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Disclosure)
class DisclosureAdmin(StationUsersMixin, ScopedAdmin):
    list_display = ["project", "kind", "published_on", "place", "raised", "spent"]
    list_filter = ["kind", "project__fund"]
    search_fields = ["project__title", "place"]
    list_select_related = ["project"]
    readonly_fields = ["raised", "spent", "published_by"]
    date_hierarchy = "published_on"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = CharityProject.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            from charity.balances import project_totals

            totals = project_totals([obj.project])[obj.project_id]
            obj.raised, obj.spent, obj.published_by = (
                totals["raised"],
                totals["spent"],
                request.user,
            )
        super().save_model(request, obj, form, change)


@admin.register(apps.get_model("charity", "DisbursementEvent"))
class DisbursementEventAdmin(AuditEventAdmin):
    """Who drafted, approved and paid out each disbursement (written by database triggers)."""

    search_fields = ["purpose", "project__title"]

    def scope(self, queryset, user):
        return queryset.filter(pgh_obj__in=Disbursement.objects.visible_to(user))


@admin.register(apps.get_model("charity", "BeneficiaryEvent"))
class BeneficiaryEventAdmin(AuditEventAdmin):
    # The receipt's name is its disbursement's number.
    list_select_related = ["pgh_obj__disbursement"]
    search_fields = ["resident__real_name", "household__name"]

    def scope(self, queryset, user):
        return queryset.filter(pgh_obj__in=Beneficiary.objects.visible_to(user))
