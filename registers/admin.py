from django.contrib import admin

from registers.models import ExportJob
from stations.admin_base import ScopedAdmin


@admin.register(ExportJob)
class ExportJobAdmin(ScopedAdmin):
    """Background exports: each user sees their own; the files are downloaded from the app."""

    read_only = True
    list_display = ["created_at", "requested_by", "title", "status", "row_count", "expires_at"]
    list_filter = ["status", "unmasked"]
    search_fields = ["title", "key"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created_at"
    exclude = ["file"]
    readonly_fields = [
        "requested_by",
        "station",
        "key",
        "parent_pk",
        "query",
        "title",
        "unmasked",
        "reason",
        "status",
        "expected_rows",
        "row_count",
        "error",
        "created_at",
        "finished_at",
        "expires_at",
    ]
