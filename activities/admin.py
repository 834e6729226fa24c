from django.contrib import admin
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    ActivityAttachment,
    ActivitySeries,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from activities.services import delete_stored_files
from stations.access import can_use_admin
from stations.admin_base import ScopedAdmin, ScopedInline


class AttachmentInline(ScopedInline):
    model = ActivityAttachment
    fields = ["kind", "file", "original_name", "caption", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = [
        "title", "activity_type", "starts_at", "series", "direct_participant_count",
        "indirect_beneficiaries",
    ]  # fmt: skip
    list_filter = ["activity_type", ("series", admin.RelatedOnlyFieldListFilter), "rooms"]
    search_fields = ["title", "place", "content"]
    list_select_related = ["series"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["rooms", "partner_units", "organisers"]
    raw_id_fields = ["participants"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [AttachmentInline]


@admin.register(ActivityAttachment)
class ActivityAttachmentAdmin(ScopedAdmin):
    """Photos and files of the activities, read-only; station staff and supervisors delete one
    uploaded by mistake (a child's face), and its stored file goes with it. Unlike other records
    an attachment is not archived: keeping a photo that should not exist is the harm."""

    read_only = True
    list_display = ["original_name", "activity", "kind", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "uploaded_at", "activity__rooms"]
    search_fields = ["original_name", "caption", "activity__title"]
    list_select_related = ["activity", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    fields = [
        "activity", "kind", "original_name", "download", "caption", "uploaded_by", "uploaded_at",
    ]  # fmt: skip
    readonly_fields = ["download"]

    @admin.display(description=_("文件"))
    def download(self, obj):
        # Through the access-checked view: files have no public URL.
        url = reverse("activities:attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("查看"))

    def has_delete_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            delete_stored_files([obj.file])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            files = [attachment.file for attachment in queryset]
            super().delete_queryset(request, queryset)
            delete_stored_files(files)


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(ScopedAdmin):
    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name", "description"]
    list_filter = ["station"]
    list_select_related = ["station"]


@admin.register(NeedsAssessment)
class NeedsAssessmentAdmin(ScopedAdmin):
    list_display = ["title", "room", "assessed_on", "method"]
    list_filter = ["room"]
    search_fields = ["title", "findings"]
    list_select_related = ["room"]
    date_hierarchy = "assessed_on"
    filter_horizontal = ["activities"]
    readonly_fields = ["created_by"]


@admin.register(MediaReport)
class MediaReportAdmin(ScopedAdmin):
    list_display = ["title", "outlet", "published_on", "room"]
    list_filter = ["outlet", "room"]
    search_fields = ["title", "outlet"]
    list_select_related = ["room"]
    date_hierarchy = "published_on"
    raw_id_fields = ["activity"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ExchangeVisit)
class ExchangeVisitAdmin(ScopedAdmin):
    list_display = ["counterpart", "direction", "visited_on", "room"]
    list_filter = ["direction", "room"]
    search_fields = ["counterpart", "topics"]
    list_select_related = ["room"]
    date_hierarchy = "visited_on"
