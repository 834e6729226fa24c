from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stations.access import scope_to_rooms
from stations.admin_base import AuditEventAdmin, ReadOnlyInline, ScopedAdmin, ScopedInline
from volunteers.models import (
    Certificate,
    ProjectSignup,
    ServiceRecord,
    ServiceRecordChange,
    Volunteer,
    VolunteerEvent,
    VolunteerProject,
)


@admin.register(Volunteer)
class VolunteerAdmin(ScopedAdmin):
    """The ID number and phone never appear in full here: they are changed on the site's form
    (masked, validated); the admin shows them masked, like the resident admin."""

    list_display = [
        "real_name",
        "room",
        "sex",
        "status",
        "masked_id_number",
        "masked_phone",
        "registered_on",
        "has_accident_insurance",
    ]
    list_filter = ["status", "room", "sex", "has_accident_insurance", "id_type"]
    search_fields = ["real_name", "skills_text", "availability"]
    list_select_related = ["room"]
    exclude = ["id_number", "phone"]
    readonly_fields = [
        "masked_id_number",
        "masked_phone",
        "created_at",
        "updated_at",
        "created_by",
    ]

    @admin.display(description=_("证件号码"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request):
        return False  # registration needs the ID checks of the site's form


class SignupInline(ScopedInline):
    model = ProjectSignup
    fields = ["volunteer", "signed_up_by", "signed_up_at"]
    readonly_fields = ["signed_up_at"]
    autocomplete_fields = ["volunteer"]


@admin.register(VolunteerProject)
class VolunteerProjectAdmin(ScopedAdmin):
    list_display = ["name", "room", "starts_on", "ends_on", "slots", "status"]
    list_filter = ["status", "room"]
    search_fields = ["name", "place"]
    list_select_related = ["room"]
    inlines = [SignupInline]


@admin.register(ProjectSignup)
class ProjectSignupAdmin(ScopedAdmin):
    list_display = ["volunteer", "project", "signed_up_at", "signed_up_by"]
    list_filter = [("project", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["volunteer__real_name", "project__name"]
    list_select_related = ["volunteer", "project", "signed_up_by"]


class ChangeInline(ReadOnlyInline):
    model = ServiceRecordChange
    fields = ["changed_at", "action", "old_hours", "new_hours", "reason", "changed_by"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedAdmin):
    """Hours change only through confirm / dispute / correct on the site, where the log is kept."""

    read_only = True
    list_display = ["volunteer", "date", "hours", "status", "activity", "project", "created_by"]
    list_filter = [
        "status",
        "volunteer__room",
        ("project", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["volunteer__real_name", "content"]
    list_select_related = ["volunteer", "activity", "project", "created_by"]
    date_hierarchy = "date"
    inlines = [ChangeInline]


@admin.register(ServiceRecordChange)
class ServiceRecordChangeAdmin(ScopedAdmin):
    read_only = True
    list_display = ["record", "action", "old_hours", "new_hours", "changed_by", "changed_at"]
    list_filter = ["action"]
    search_fields = ["record__volunteer__real_name", "reason"]
    list_select_related = ["record__volunteer", "changed_by"]

    def get_queryset(self, request):
        records = ServiceRecord.objects.visible_to(request.user).values("pk")
        return super(ScopedAdmin, self).get_queryset(request).filter(record__in=records)


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    read_only = True
    list_display = ["number", "volunteer", "period_from", "period_to", "total_hours", "issued_on"]
    list_filter = ["year", "station"]
    search_fields = ["number", "volunteer__real_name"]
    list_select_related = ["volunteer"]
    exclude = ["snapshot"]


@admin.register(VolunteerEvent)
class VolunteerEventAdmin(AuditEventAdmin):
    """Every change to a volunteer, written by database triggers. The ID number and phone are
    not in the event table; the lookup hashes that stand for them are not shown either."""

    search_fields = ["real_name"]
    exclude = ["id_number_hash", "phone_hash"]

    def scope(self, queryset, user):
        return scope_to_rooms(queryset, user, "room")
