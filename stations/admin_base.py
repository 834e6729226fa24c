"""Admin classes go through the same scoping as the views (stations.access)."""

from django.contrib import admin

from stations.access import can_use_admin, scope_to_rooms


class ScopedAdmin(admin.ModelAdmin):
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
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return scope_to_rooms(queryset, request.user, self.room_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if hasattr(queryset, "visible_to"):
            kwargs.setdefault("queryset", queryset.visible_to(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager.all()
        if hasattr(queryset, "visible_to"):
            kwargs.setdefault("queryset", queryset.visible_to(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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


class ScopedInline(admin.TabularInline):
    extra = 0
    read_only = False

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return can_use_admin(request.user) and not self.read_only

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user) and not self.read_only

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not self.read_only
