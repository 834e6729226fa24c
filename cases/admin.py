"""Casework in the admin: scoped like the views; records read-only; approvals by admin actions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases import services, visits
from cases.models import (
    Approval,
    ApprovalStatus,
    Assessment,
    Case,
    CaseNumberCounter,
    CaseTransition,
    ChecklistItem,
    Closing,
    Evaluation,
    FollowUp,
    Intake,
    PlanTask,
    RecordPhoto,
    Referral,
    ResidentRiskFlag,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
    SupervisionNote,
    VisitChecklist,
    VisitInterval,
)
from cases.services import CaseError
from stations.access import can_see_personal_data, can_use_admin, is_supervisor, visible_stations
from stations.admin_base import ReadOnlyInline, ScopedAdmin, ScopedInline


class TransitionInline(ReadOnlyInline):
    model = CaseTransition
    fields = ["at", "from_stage", "to_stage", "action", "by", "comment"]


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = ["kind", "status", "requested_by", "requested_at", "decided_by", "decision_comment"]


@admin.register(Case)
class CaseAdmin(ScopedAdmin):
    """Cases are opened and moved in the app (numbering, state machine); here they are read."""

    read_only = True
    list_display = [
        "number",
        "resident",
        "room",
        "worker",
        "stage",
        "risk_level",
        "opened_on",
        "closed_on",
        "next_contact_date",
    ]
    list_filter = [
        "stage",
        "risk_level",
        "source",
        ("room", admin.RelatedOnlyFieldListFilter),
        ("worker", admin.RelatedOnlyFieldListFilter),
        "opened_on",
    ]
    search_fields = ["number", "resident__real_name", "resident__pseudonym"]
    list_select_related = ["resident", "room", "worker"]
    date_hierarchy = "created_at"
    inlines = [ApprovalInline, TransitionInline]


@admin.register(CaseTransition)
class CaseTransitionAdmin(ScopedAdmin):
    read_only = True
    list_display = ["case", "at", "from_stage", "to_stage", "action", "by"]
    list_filter = ["to_stage", "action"]
    search_fields = ["case__number", "comment"]
    list_select_related = ["case", "by"]


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("审批意见"), widget=forms.Textarea, required=False)


def _decide(modeladmin, request, queryset, *, approve):
    if not is_supervisor(request.user):
        raise PermissionDenied
    if "apply" in request.POST:
        form = DecisionForm(request.POST)
        if form.is_valid():
            done = 0
            for approval in queryset.filter(status=ApprovalStatus.PENDING):
                try:
                    services.approval_decide(
                        approval=approval,
                        approve=approve,
                        by=request.user,
                        comment=form.cleaned_data["comment"],
                    )
                    done += 1
                except CaseError as error:
                    modeladmin.message_user(
                        request,
                        _("%(approval)s：%(errors)s")
                        % {"approval": approval, "errors": _("；").join(error.messages)},
                        messages.ERROR,
                    )
            if done:
                modeladmin.message_user(request, _("已处理 %(n)d 项。") % {"n": done})
            return None
    else:
        form = DecisionForm()
    return TemplateResponse(
        request,
        "admin/cases/approval_decide.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("批准") if approve else _("退回"),
            "approvals": queryset,
            "form": form,
            "action": request.POST["action"],
            "opts": modeladmin.model._meta,
        },
    )


@admin.action(description=_("批准所选申请"))
def approve_selected(modeladmin, request, queryset):
    return _decide(modeladmin, request, queryset, approve=True)


@admin.action(description=_("退回所选申请（需填写意见）"))
def return_selected(modeladmin, request, queryset):
    return _decide(modeladmin, request, queryset, approve=False)


@admin.register(Approval)
class ApprovalAdmin(ScopedAdmin):
    read_only = True
    list_display = ["case", "kind", "status", "requested_by", "requested_at", "decided_by"]
    list_filter = ["status", "kind"]
    search_fields = ["case__number", "case__resident__real_name", "case__resident__pseudonym"]
    list_select_related = ["case", "requested_by", "decided_by"]
    actions = [approve_selected, return_selected]

    def get_actions(self, request):
        if not is_supervisor(request.user):
            return {}
        return super().get_actions(request)


class DocumentAdmin(ScopedAdmin):
    """Stage documents are written in the app (versioned, state-checked); the admin reads them."""

    read_only = True
    list_select_related = ["case", "case__resident"]
    search_fields = ["case__number", "case__resident__pseudonym", "case__resident__real_name"]


@admin.register(Intake)
class IntakeAdmin(DocumentAdmin):
    list_display = ["case", "intake_date", "consent"]
    list_filter = ["consent", "intake_date"]


@admin.register(Assessment)
class AssessmentAdmin(DocumentAdmin):
    list_display = ["case", "sequence", "assessed_on", "created_by"]
    list_select_related = [*DocumentAdmin.list_select_related, "created_by"]
    list_filter = ["assessed_on"]


class GoalInline(ReadOnlyInline):
    model = ServiceGoal
    fields = ["description", "attainment", "attainment_note"]


class TaskInline(ReadOnlyInline):
    model = PlanTask
    fields = ["description", "owner", "due_date", "done_on"]


@admin.register(ServicePlan)
class ServicePlanAdmin(DocumentAdmin):
    list_display = ["case", "sequence", "planned_on", "intervention_model", "approved_at"]
    list_filter = ["intervention_model", "planned_on"]
    inlines = [GoalInline, TaskInline]


@admin.register(ServiceGoal)
class ServiceGoalAdmin(ScopedAdmin):
    read_only = True
    list_display = ["description", "plan", "attainment"]
    list_filter = ["attainment"]
    search_fields = ["description", "plan__case__number"]
    list_select_related = ["plan__case"]


@admin.register(PlanTask)
class PlanTaskAdmin(ScopedAdmin):
    read_only = True
    list_display = ["description", "plan", "owner", "due_date", "done_on"]
    list_filter = ["due_date", "done_on"]
    search_fields = ["description", "plan__case__number"]
    list_select_related = ["plan__case", "owner"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedAdmin):
    read_only = True
    list_display = ["start_at", "form", "resident", "case", "room", "worker", "duration_minutes"]
    list_filter = ["form", ("room", admin.RelatedOnlyFieldListFilter), "start_at"]
    search_fields = ["resident__real_name", "resident__pseudonym", "case__number", "content"]
    list_select_related = ["resident", "case", "room", "worker"]
    date_hierarchy = "start_at"


@admin.register(Evaluation)
class EvaluationAdmin(DocumentAdmin):
    list_display = ["case", "evaluated_on", "method", "created_by"]
    list_select_related = [*DocumentAdmin.list_select_related, "created_by"]
    list_filter = ["evaluated_on"]


@admin.register(Referral)
class ReferralAdmin(DocumentAdmin):
    list_display = ["case", "referred_on", "receiving_agency", "consent"]
    list_filter = ["consent", "referred_on"]
    search_fields = [*DocumentAdmin.search_fields, "receiving_agency"]


@admin.register(Closing)
class ClosingAdmin(DocumentAdmin):
    list_display = ["case", "closed_on", "reason"]
    list_filter = ["reason", "closed_on"]


@admin.register(FollowUp)
class FollowUpAdmin(DocumentAdmin):
    list_display = ["case", "followed_on", "form", "worker"]
    list_filter = ["form", "followed_on"]
    list_select_related = ["case", "case__resident", "worker"]


@admin.register(SupervisionNote)
class SupervisionNoteAdmin(ScopedAdmin):
    """督导记录: supervisors write them here or on the case page; the author is the writer."""

    list_display = ["case", "noted_on", "supervisor"]
    list_filter = ["noted_on"]
    search_fields = ["case__number", "content"]
    list_select_related = ["case", "supervisor"]
    fields = ["case", "noted_on", "content", "suggestions"]

    def has_add_permission(self, request):
        return is_supervisor(request.user)

    def has_change_permission(self, request, obj=None):
        return is_supervisor(request.user) and (obj is None or obj.supervisor_id == request.user.pk)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.supervisor = request.user
        super().save_model(request, obj, form, change)


@admin.register(VisitInterval)
class VisitIntervalAdmin(ScopedAdmin):
    list_display = ["category", "days", "station"]
    list_filter = ["station", "category"]
    search_fields = ["category"]
    list_select_related = ["station"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CaseNumberCounter)
class CaseNumberCounterAdmin(ScopedAdmin):
    read_only = True
    list_display = ["station", "year", "last_serial"]
    list_filter = ["year"]
    search_fields = ["station__name"]
    list_select_related = ["station"]

    def get_queryset(self, request):
        queryset = CaseNumberCounter.objects.select_related("station")
        if not can_see_personal_data(request.user):
            return queryset.none()
        return queryset.filter(station__in=visible_stations(request.user))


class ChecklistItemInline(ScopedInline):
    model = ChecklistItem
    fields = [
        "order", "topic", "question", "answer_type", "choices", "raises_risk_on", "risk_level",
        "risk_visit_days", "active",
    ]  # fmt: skip
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(VisitChecklist)
class VisitChecklistAdmin(ScopedAdmin):
    """The home-visit checklist of each key population (走访清单): questions on safety, health,
    living conditions, needs and risk; an answer listed under 触发风险的回答 flags the resident.
    A question no longer asked is switched off (启用), so that old visits keep their answers."""

    list_display = ["title", "category", "active", "station"]
    list_filter = ["category", "active"]
    search_fields = ["title", "items__question"]
    list_select_related = ["station"]
    inlines = [ChecklistItemInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "station":
            kwargs["queryset"] = visible_stations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ResidentRiskFlag)
class ResidentRiskFlagAdmin(ScopedAdmin):
    """Residents flagged at risk by a visit. A supervisor lowers the level or lifts the shorter
    visit interval here once the risk has passed (a visit only ever raises them)."""

    list_display = ["resident", "level", "visit_days", "reason", "raised_by", "raised_at"]
    list_filter = ["level"]
    search_fields = ["resident__real_name", "resident__pseudonym", "reason"]
    list_select_related = ["resident", "raised_by"]
    fields = ["resident", "level", "visit_days", "reason", "record", "raised_by", "raised_at"]
    readonly_fields = ["resident", "record", "raised_by", "raised_at"]

    def has_add_permission(self, request):
        return False  # raised by a visit's answer (cases.visits)

    def has_delete_permission(self, request, obj=None):
        return can_use_admin(request.user)  # lifting a flag once the risk has passed

    def save_model(self, request, obj, form, change):
        obj.raised_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RecordPhoto)
class RecordPhotoAdmin(ScopedAdmin):
    """Photos of visits and service records, read-only; station staff and supervisors delete one
    taken by mistake, and its stored file goes with it."""

    read_only = True
    list_display = ["original_name", "record", "uploaded_by", "uploaded_at"]
    list_filter = ["uploaded_at"]
    search_fields = ["original_name", "record__resident__real_name"]
    list_select_related = ["record", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    fields = ["record", "original_name", "view", "uploaded_by", "uploaded_at"]
    readonly_fields = ["view"]

    @admin.display(description=_("照片"))
    def view(self, obj):
        # Through the access-checked view: photos have no public URL.
        return format_html('<a href="{}">{}</a>', reverse("cases:photo", args=[obj.pk]), _("查看"))

    def has_delete_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def delete_model(self, request, obj):
        visits.record_photo_delete(photo=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for photo in queryset.select_related("record"):
            visits.record_photo_delete(photo=photo, by=request.user)
