"""Admin classes go through the same scoping as the views (stations.access)."""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import BigIntegerField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from stations.access import can_use_admin, scope_to_rooms
from stations.history import LABELS
from stations.models import User


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
        return self.scope(super().get_queryset(request), request.user)

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
        """An admin edit moves a versioned record on, so that an edit started earlier in the app
        is refused instead of overwriting it (stations.concurrency)."""
        if change and any(field.name == "version" for field in obj._meta.concrete_fields):
            obj.version = F("version") + 1
            super().save_model(request, obj, form, change)
            obj.refresh_from_db(fields=["version"])
            return
        super().save_model(request, obj, form, change)

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


class AuditEventAdmin(ScopedAdmin):
    """The database-written change records: read-only for everyone, like the triggers demand."""

    read_only = True
    list_display = ["when", "action", "pgh_obj", "changed_by"]
    list_filter = ["pgh_label"]
    date_hierarchy = "pgh_created_at"

    def get_queryset(self, request):
        changed_by = User.objects.filter(pk=OuterRef("changed_by_id")).values("username")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("pgh_obj")
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
