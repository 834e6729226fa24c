from django.contrib import admin
from django.db import models

from activities.models import (
    Activity,
    ActivityAttachment,
    ActivitySeries,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
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
