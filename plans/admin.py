from django.contrib import admin
from django.db.models import Q

from plans.models import (
    AnnualTarget,
    CertificationRecord,
    ReminderRun,
    SupervisionSession,
    TrainingRecord,
    WorkPlan,
    WorkPlanItem,
)
from stations.access import visible_rooms, visible_stations
from stations.admin_base import ScopedAdmin, ScopedInline
from stations.models import Role, User


def staff_choices(user):
    """Staff the admin user may record development for: their station's room workers, station
    staff and supervisors (the superuser: everyone with a role)."""
    people = User.objects.filter(is_active=True).exclude(role="").exclude(role=Role.OFFICIAL)
    if user.is_superuser:
        return people
    if user.role == Role.SUPERVISOR:
        served = User.objects.filter(rooms__in=visible_rooms(user).values("pk")).values("pk")
        return people.filter(Q(pk__in=served) | Q(pk=user.pk))
    return people.filter(station_id=user.station_id)


class StaffChoicesMixin:
    staff_fields = ("worker", "supervisor")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.staff_fields:
            kwargs["queryset"] = staff_choices(request.user)
        elif db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            kwargs["queryset"] = staff_choices(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(AnnualTarget)
class AnnualTargetAdmin(StaffChoicesMixin, ScopedAdmin):
    list_display = ["year", "figure", "name", "room", "target", "station"]
    list_filter = ["year", "room"]
    search_fields = ["figure", "name"]
    list_select_related = ["room", "station"]
    readonly_fields = ["created_by"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(StaffChoicesMixin, ScopedAdmin):
    list_display = ["worker", "course", "started_on", "hours", "certificate"]
    list_filter = ["started_on"]
    search_fields = ["course", "worker__username", "worker__first_name", "worker__last_name"]
    list_select_related = ["worker"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(StaffChoicesMixin, ScopedAdmin):
    list_display = ["held_on", "kind", "supervisor", "hours"]
    list_filter = ["kind", "held_on"]
    search_fields = ["topics"]
    list_select_related = ["supervisor"]
    filter_horizontal = ["attendees"]


@admin.register(CertificationRecord)
class CertificationRecordAdmin(StaffChoicesMixin, ScopedAdmin):
    list_display = ["worker", "level", "number", "obtained_on", "expires_on"]
    list_filter = ["level"]
    search_fields = ["number", "worker__username"]
    list_select_related = ["worker"]


class WorkPlanItemInline(ScopedInline):
    model = WorkPlanItem
    fields = ["kind", "resident", "planned_count", "description", "done"]


@admin.register(WorkPlan)
class WorkPlanAdmin(StaffChoicesMixin, ScopedAdmin):
    list_display = ["starts_on", "ends_on", "period", "room", "worker", "status"]
    list_filter = ["period", "status", "room"]
    search_fields = ["notes", "worker__username", "worker__first_name", "worker__last_name"]
    list_select_related = ["room", "worker"]
    readonly_fields = ["submitted_at", "reviewed_by", "reviewed_at", "created_by"]
    inlines = [WorkPlanItemInline]


@admin.register(ReminderRun)
class ReminderRunAdmin(ScopedAdmin):
    read_only = True
    list_display = ["day", "started_at", "finished_at", "users", "digests", "sent"]
    list_filter = ["day"]
    search_fields = ["day"]
