from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from stations.access import visible_rooms, visible_stations
from stations.admin_base import ScopedAdmin
from stations.models import PartnerUnit, Room, Station, User


@admin.register(Station)
class StationAdmin(ScopedAdmin):
    list_display = ["name", "code", "township", "district"]
    list_filter = ["district", "township"]
    search_fields = ["name", "township", "district"]

    def get_queryset(self, request):
        return visible_stations(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    list_display = ["name", "community", "code", "station", "is_pilot", "order"]
    list_filter = ["station", "is_pilot"]
    search_fields = ["name", "community", "code"]
    list_select_related = ["station"]

    def get_queryset(self, request):
        return visible_rooms(request.user).select_related("station")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class StaffAdmin(ScopedAdmin, UserAdmin):
    """Staff accounts. Supervisors and station staff may look; only the superuser changes them."""

    list_display = ["username", "display_name", "role", "station", "certification", "is_active"]
    list_filter = ["role", "certification", "station", "is_active", "rooms"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    list_select_related = ["station"]
    filter_horizontal = ["rooms", "groups", "user_permissions"]
    fieldsets = UserAdmin.fieldsets + (
        (_("社工站"), {"fields": ("role", "station", "rooms", "certification", "phone")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("社工站"), {"fields": ("role", "station", "certification", "phone")}),
    )

    @admin.display(description=_("姓名"))
    def display_name(self, obj):
        return str(obj)

    def get_queryset(self, request):
        queryset = User.objects.select_related("station")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(station__in=visible_stations(request.user), is_superuser=False)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(PartnerUnit)
class PartnerUnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "contact_person", "station"]
    list_filter = ["kind", "station"]
    search_fields = ["name", "contact_person"]
    list_select_related = ["station"]


from stations import admin_residents  # noqa: E402,F401  residents, tags, consents, reveal log
