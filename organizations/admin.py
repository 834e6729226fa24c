from django.contrib import admin

from organizations.models import (
    IncubationRecord,
    Organization,
    OrganizationActivity,
    OrganizationEvent,
)
from stations.access import scope_to_rooms
from stations.admin_base import AuditEventAdmin, ScopedAdmin, ScopedInline


class IncubationInline(ScopedInline):
    model = IncubationRecord
    fields = ["kind", "date", "content", "worker"]


class ParticipationInline(ScopedInline):
    model = OrganizationActivity
    fields = ["activity", "role", "people_served"]
    raw_id_fields = ["activity"]


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "category", "status", "room", "leader_name", "member_count"]
    list_filter = ["category", "status", "room"]
    search_fields = ["name", "leader_name", "service_area", "filing_number", "registration_number"]
    list_select_related = ["room"]
    exclude = ["contact_phone"]
    inlines = [IncubationInline, ParticipationInline]

    def get_queryset(self, request):
        return Organization.objects.visible_to(request.user)


@admin.register(IncubationRecord)
class IncubationRecordAdmin(ScopedAdmin):
    list_display = ["organization", "kind", "date", "worker"]
    list_filter = ["kind", "organization__category"]
    search_fields = ["organization__name", "content"]
    list_select_related = ["organization", "worker"]
    date_hierarchy = "date"


@admin.register(OrganizationActivity)
class OrganizationActivityAdmin(ScopedAdmin):
    list_display = ["organization", "activity", "people_served"]
    list_filter = ["organization__category"]
    search_fields = ["organization__name", "activity__title"]
    list_select_related = ["organization", "activity"]
    raw_id_fields = ["activity"]


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(AuditEventAdmin):
    """Every change to an organization, written by database triggers; the contact phone is not in
    the event table (its lookup hash is, and is not shown)."""

    search_fields = ["name", "leader_name"]
    exclude = ["contact_phone_hash"]

    def scope(self, queryset, user):
        return scope_to_rooms(queryset, user, "room", station_field="station")
