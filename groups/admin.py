from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from groups.models import Attendance, Group, GroupEvaluation, GroupMember, GroupSession
from stations.admin_base import ScopedAdmin, ScopedInline


class GroupMemberInline(ScopedInline):
    model = GroupMember
    fields = [
        "resident", "user", "volunteer", "volunteer_name", "joined_on", "left_on", "left_reason",
        "pre_score", "post_score",
    ]  # fmt: skip
    autocomplete_fields = []
    raw_id_fields = ["resident", "volunteer"]


class GroupSessionInline(ScopedInline):
    model = GroupSession
    fields = ["number", "starts_at", "ends_at", "theme", "facilitator"]
    show_change_link = True


@admin.register(Group)
class GroupAdmin(ScopedAdmin):
    list_display = ["name", "group_type", "room", "stage", "plan_status", "start_date", "end_date"]
    list_filter = ["plan_status", "stage", "group_type", "room"]
    search_fields = ["name", "goals", "target_members"]
    list_select_related = ["room", "station"]
    date_hierarchy = "start_date"
    filter_horizontal = ["facilitators"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_by", "created_at"]
    inlines = [GroupMemberInline, GroupSessionInline]


class AttendanceInline(ScopedInline):
    model = Attendance
    fields = ["member", "signed_at", "created_by"]
    readonly_fields = ["signed_at", "created_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["queryset"] = GroupMember.objects.visible_to(request.user).select_related(
                "resident", "user", "volunteer"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(GroupSession)
class GroupSessionAdmin(ScopedAdmin):
    list_display = ["__str__", "starts_at", "theme", "facilitator", "observer"]
    list_filter = ["group__room", "group__group_type"]
    search_fields = ["group__name", "theme", "process"]
    list_select_related = ["group", "facilitator", "observer"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(GroupMember)
class GroupMemberAdmin(ScopedAdmin):
    list_display = ["__str__", "group", "kind_label", "joined_on"]
    list_filter = ["group__room", ("group", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "resident__real_name",
        "user__last_name",
        "user__first_name",
        "volunteer__real_name",
        "volunteer_name",
    ]
    list_select_related = ["group", "resident", "user", "volunteer"]
    raw_id_fields = ["resident", "volunteer"]

    @admin.display(description=_("成员类型"))
    def kind_label(self, obj):
        return obj.get_kind_label()


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["session", "member", "signed_at", "created_by"]
    list_filter = [
        "session__group__room",
        ("session__group", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "session__group__name",
        "member__resident__real_name",
        "member__volunteer__real_name",
        "member__volunteer_name",
    ]
    list_select_related = [
        "session__group",
        "member__resident",
        "member__user",
        "member__volunteer",
        "created_by",
    ]
    read_only = True


@admin.register(GroupEvaluation)
class GroupEvaluationAdmin(ScopedAdmin):
    list_display = [
        "group",
        "goal_attainment",
        "satisfaction",
        "pre_score_average",
        "post_score_average",
        "evaluated_on",
    ]
    list_filter = ["goal_attainment", "group__room"]
    search_fields = ["group__name", "summary"]
    list_select_related = ["group"]
