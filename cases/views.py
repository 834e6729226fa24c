"""Casework pages. Thin: fetch through the access helpers, bind the form, call the service."""

import datetime
import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases import services, visits
from cases.forms import (
    AddendumForm,
    AssessmentForm,
    CaseCreateForm,
    CaseFilterForm,
    CaseForm,
    ClosingForm,
    CommentForm,
    EvaluationForm,
    FollowUpForm,
    HappenedOnForm,
    IntakeForm,
    PaperApprovalForm,
    PlanForm,
    RecordForm,
    ReferralForm,
    SupervisionNoteForm,
    TaskForm,
    TransferForm,
    VisitForm,
)
from cases.models import (
    OPEN_STAGES,
    Approval,
    ApprovalStatus,
    Assessment,
    Case,
    Closing,
    Evaluation,
    Intake,
    PlanTask,
    RecordPhoto,
    Referral,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
)
from cases.review import review_details
from cases.services import CaseError
from cases.visit_forms import checklist_answers
from stations.access import get_visible_or_404, is_supervisor
from stations.concurrency import form_data
from stations.listing import paginate, sort_by
from stations.models import ReadView, Resident
from stations.readlog import log_read
from stations.views_base import (
    action_page,
    form_page,
    personal_data_required,
    save_versioned_form,
    supervisor_required,
    user_station,
)
from stations.workbench import approval_sections

SORTS = {
    "number": ["number", "-pk"],
    "-number": ["-number", "-pk"],
    "created": ["created_at", "-pk"],
    "-created": ["-created_at", "-pk"],
    "next": ["next_contact_date", "-pk"],
    "risk": ["risk_level", "-pk"],
}


def get_case_for_user(user, pk) -> Case:
    """The case if `user` may see it (else 404). Everyone who may see a case may write to it."""
    return get_visible_or_404(
        Case.objects.select_related("resident", "room", "worker"), user, pk=pk
    )


def _safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _document(
    request,
    case,
    form_class,
    instance,
    *,
    title,
    create=None,
    update=None,
    form_kwargs=None,
    extra=None,
):
    """Create (`create(data, form)`) or edit (`update(data, version, form)`, versioned) one stage
    document of `case`; both call a service."""
    if instance.pk:
        services.require_editable(case)
    posted = request.POST if request.method == "POST" else None
    form = form_class(posted, instance=instance, **(form_kwargs or {}))

    def act():
        if instance.pk:
            return save_versioned_form(form, lambda data, version: update(data, version, form))
        return create(form_data(form), form)

    return action_page(
        request,
        form,
        act,
        template="cases/document_form.html",
        saved_message=_("已保存：%(title)s") % {"title": title},
        done=lambda saved: redirect("cases:detail", pk=case.pk),
        context={"case": case, "title": title, **(extra or {})},
        refused=CaseError,
    )


@personal_data_required
def case_list(request):
    filters, cases, sort = case_list_queryset(request)
    page_obj = paginate(request, cases, 25)
    return render(
        request,
        "cases/case_list.html",
        {"page_obj": page_obj, "filters": filters, "sort": sort},
    )


def case_list_queryset(request):
    """The case list's filter form, its filtered and sorted rows, and the sort key (the export of
    the list reads the same rows)."""
    cases = Case.objects.visible_to(request.user).for_list()
    filters = CaseFilterForm(request.GET or None, user=request.user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            cases = cases.filter(
                Q(number__icontains=q)
                | Q(resident__pseudonym__icontains=q)
                | Q(resident__real_name__icontains=q)
            )
        if data["stage"] == "open":
            cases = cases.filter(stage__in=OPEN_STAGES)
        elif data["stage"]:
            cases = cases.filter(stage=data["stage"])
        if data["room"]:
            cases = cases.filter(room=data["room"])
        if data["worker"]:
            cases = cases.filter(worker=data["worker"])
        if data["risk"]:
            cases = cases.filter(risk_level=data["risk"])
        if data["area"]:
            cases = cases.filter(service_areas__contains=[data["area"]])
    cases, sort = sort_by(request, cases, SORTS, default="-created")
    return filters, cases, sort


@personal_data_required
def case_create(request):
    resident = None
    if request.GET.get("resident"):
        resident = get_visible_or_404(Resident, request.user, pk=request.GET["resident"])
    if request.method == "POST":
        form = CaseCreateForm(request.POST, user=request.user)
    else:
        form = CaseCreateForm(
            user=request.user, initial={"resident": resident.pk} if resident else None
        )

    def create():
        data = form.cleaned_data
        return services.case_create(
            resident=data["resident"],
            worker=data["worker"],
            source=data["source"],
            referring_unit=data["referring_unit"],
            presenting_problem=data["presenting_problem"],
            service_areas=data["service_areas"],
            target_populations=data["target_populations"] or None,
            risk_level=data["risk_level"],
            intake_date=data["intake_date"],
            consent=data["consent"],
            consent_date=data["consent_date"],
            background=data["background"],
            needs=data["needs"],
            by=request.user,
        )

    return action_page(
        request,
        form,
        create,
        template="cases/document_form.html",
        saved_message=lambda case: _("已登记个案 %(number)s。") % {"number": case.number},
        done=lambda case: redirect("cases:detail", pk=case.pk),
        context={"title": _("登记新个案"), "case": None},
        refused=CaseError,
    )


@personal_data_required
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    log_read(request, case)
    plans = list(
        case.plans.prefetch_related(
            "goals", Prefetch("tasks", queryset=PlanTask.objects.select_related("owner", "goal"))
        ).select_related("approved_by")
    )
    records = list(case.records.select_related("worker"))
    transitions = list(case.transitions.select_related("by"))
    timeline = sorted(
        [("transition", t.at, t) for t in transitions]
        + [("record", r.start_at, r) for r in records],
        key=lambda item: item[1],
        reverse=True,
    )
    context = {
        "case": case,
        "intake": Intake.objects.filter(case=case).first(),
        "assessments": list(case.assessments.all()),
        "plans": plans,
        "records": records,
        "evaluations": list(case.evaluations.all()),
        "referrals": list(case.referrals.all()),
        "closing": Closing.objects.filter(case=case).first(),
        "follow_ups": list(case.follow_ups.select_related("worker")),
        "supervision_notes": list(case.supervision_notes.select_related("supervisor")),
        "approvals": list(case.approvals.select_related("requested_by", "decided_by")),
        "addenda": list(case.addenda.select_related("created_by")),
        "timeline": timeline,
        "actions": services.available_actions(case, request.user),
        "comment_form": CommentForm(),
        "is_supervisor": is_supervisor(request.user),
        "read_only": case.stage in services.READ_ONLY_STAGES,
        "today": services.local_today(),
    }
    pending = [a for a in context["approvals"] if a.status == "pending"]
    context["reviews"] = review_details(pending) if context["is_supervisor"] else []
    return render(request, "cases/case_detail.html", context)


@personal_data_required
def case_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    return _document(
        request,
        case,
        CaseForm,
        case,
        title=_("编辑个案基本信息"),
        update=lambda data, version, form: services.case_update(
            case=case, version=version, data=data, by=request.user
        ),
        form_kwargs={"user": request.user},
    )


def _happened_on(request):
    """The date entered with an action (empty: today); CaseError for an unreadable one."""
    form = HappenedOnForm(request.POST)
    if not form.is_valid():
        raise CaseError(_("发生日期格式不正确。"))
    return form.cleaned_data["happened_on"]


@personal_data_required
@require_POST
def case_action(request, pk, action):
    case = get_case_for_user(request.user, pk)
    comment = request.POST.get("comment", "")
    try:
        on = _happened_on(request)
        if action == "request_opening":
            services.case_request_opening(case=case, by=request.user, comment=comment)
            messages.success(request, _("已提交开案申请，等待督导审批。"))
        elif action in services.WORKER_ACTIONS:
            case = services.case_transition(
                case=case, action=action, by=request.user, comment=comment, on=on
            )
            messages.success(
                request, _("个案已进入“%(stage)s”阶段。") % {"stage": case.get_stage_display()}
            )
        else:
            raise Http404
    except CaseError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("cases:detail", pk=case.pk)


@personal_data_required
def intake_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    intake = get_object_or_404(Intake, case=case)
    return _document(
        request,
        case,
        IntakeForm,
        intake,
        title=_("接案登记表"),
        update=lambda data, version, form: services.intake_update(
            intake=intake, version=version, data=data, by=request.user
        ),
    )


def _stage_document_views(model, form_class, title, *, create, update, with_user=False):
    """The "new" and "edit" views of one kind of stage document (assessment, service plan,
    evaluation, referral): the case in the user's scope, the document of that case, and the kind's
    services, `create(case=, by=, **data, **extra)` and `update(document, version=, data=, by=)`."""

    def form_kwargs(request):
        return {"form_kwargs": {"user": request.user}} if with_user else {}

    @personal_data_required
    def new(request, pk):
        case = get_case_for_user(request.user, pk)
        return _document(
            request,
            case,
            form_class,
            model(case=case),
            title=title,
            create=lambda data, form: create(form, case=case, by=request.user, **data),
            **form_kwargs(request),
        )

    @personal_data_required
    def edit(request, pk, doc):
        case = get_case_for_user(request.user, pk)
        document = get_object_or_404(model, case=case, pk=doc)
        return _document(
            request,
            case,
            form_class,
            document,
            title=title,
            update=lambda data, version, form: update(
                document, version=version, data=data, by=request.user
            ),
            **form_kwargs(request),
        )

    return new, edit


assessment_new, assessment_edit = _stage_document_views(
    Assessment,
    AssessmentForm,
    gettext_lazy("预估表"),
    create=lambda form, **kwargs: services.assessment_create(**kwargs),
    update=lambda document, **kwargs: services.assessment_update(assessment=document, **kwargs),
)
plan_new, plan_edit = _stage_document_views(
    ServicePlan,
    PlanForm,
    gettext_lazy("服务计划"),
    create=lambda form, **kwargs: services.plan_create(goals=form.goals(), **kwargs),
    update=lambda document, **kwargs: services.plan_update(plan=document, **kwargs),
)
evaluation_new, evaluation_edit = _stage_document_views(
    Evaluation,
    EvaluationForm,
    gettext_lazy("评估表"),
    create=lambda form, **kwargs: services.evaluation_create(**kwargs),
    update=lambda document, **kwargs: services.evaluation_update(evaluation=document, **kwargs),
)
referral_new, referral_edit = _stage_document_views(
    Referral,
    ReferralForm,
    gettext_lazy("转介表"),
    create=lambda form, **kwargs: services.referral_create(**kwargs),
    update=lambda document, **kwargs: services.referral_update(referral=document, **kwargs),
    with_user=True,
)


@personal_data_required
@require_POST
def plan_request(request, pk, doc):
    case = get_case_for_user(request.user, pk)
    plan = get_object_or_404(ServicePlan, case=case, pk=doc)
    try:
        services.plan_request_approval(
            plan=plan, by=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("已提交服务计划，等待督导审批。"))
    except CaseError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("cases:detail", pk=case.pk)


@personal_data_required
def task_add(request, pk, doc):
    case = get_case_for_user(request.user, pk)
    plan = get_object_or_404(ServicePlan, case=case, pk=doc)
    form = TaskForm(request.POST or None, plan=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_add(plan=plan, by=request.user, **form.cleaned_data)
        except CaseError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已添加计划任务。"))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/document_form.html",
        {"case": case, "form": form, "title": _("添加计划任务"), "conflict": None},
    )


@personal_data_required
@require_POST
def task_done(request, pk):
    task = get_visible_or_404(PlanTask.objects.select_related("plan"), request.user, pk=pk)
    services.task_complete(task=task, by=request.user)
    messages.success(request, _("任务已标记完成。"))
    return redirect(_safe_next(request, reverse("cases:detail", args=[task.plan.case_id])))


@personal_data_required
def record_new(request, pk):
    case = get_case_for_user(request.user, pk)
    record = ServiceRecord(case=case, resident=case.resident)

    def create(data, form):
        return visits.record_create_with_details(
            photos=form.cleaned_data.get("photos", ()),
            case=case,
            resident=case.resident,
            worker=request.user,
            by=request.user,
            next_contact_date=form.cleaned_data.get("next_contact_date"),
            **data,
        )

    return _document(
        request,
        case,
        RecordForm,
        record,
        title=_("服务记录"),
        create=create,
        form_kwargs={"files": request.FILES or None},
        # Works without a connection: a draft on the phone, saved to the outbox (offline.js).
        extra={"offline_form": True},
    )


@personal_data_required
def record_edit(request, pk):
    record = get_visible_or_404(ServiceRecord.objects.select_related("case"), request.user, pk=pk)
    services.require_editable(record.case)
    form = RecordForm(request.POST or None, instance=record)
    return form_page(
        request,
        form,
        lambda data, version: services.record_update(
            record=record, version=version, data=data, by=request.user
        ),
        template="cases/document_form.html",
        saved_message=_("已保存服务记录。"),
        done=lambda saved: (
            redirect("cases:detail", pk=record.case_id) if record.case_id else redirect("home")
        ),
        context={"case": record.case, "title": _("服务记录")},
        refused=CaseError,
    )


@personal_data_required
def visit_new(request):
    """入户走访 from the workbench or the resident's page (?resident=)."""
    resident = None
    if request.GET.get("resident"):
        resident = get_visible_or_404(Resident, request.user, pk=request.GET["resident"])
    initial = {}
    if resident is not None and request.GET.get("case", "").isdigit():
        initial["case"] = int(request.GET["case"])  # only offered if it is the resident's case
    station_id = resident.room.station_id if resident else user_station(request.user).pk
    checklists = visits.checklists_for(
        station_id=station_id,
        categories=visits.resident_categories(resident) if resident else None,
    )
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        resident=resident,
        initial=initial,
        checklists=checklists,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = data["start_at"]
        try:
            visits.record_create_with_details(
                answers=checklist_answers(form, visits.resident_categories(data["resident"])),
                photos=data["photos"],
                case=data["case"],
                resident=data["resident"],
                worker=request.user,
                form="home_visit",
                start_at=start,
                end_at=start + datetime.timedelta(minutes=data["minutes"]),
                content=data["content"],
                place=data["place"],
                next_steps=data["next_steps"],
                by=request.user,
            )
        except CaseError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("已记录对 %(name)s 的入户走访。") % {"name": data["resident"].real_name},
            )
            if data["case"]:
                return redirect("cases:detail", pk=data["case"].pk)
            return redirect("home")
    return render(
        request,
        "cases/visit_form.html",
        {
            "form": form,
            "resident": resident,
            # Which checklists the chosen resident gets (static/js/visits.js; offline too).
            "resident_categories": (
                visits.visible_resident_categories(request.user)
                if resident is None and form.checklist_items
                else None
            ),
        },
    )


@personal_data_required
def closing_edit(request, pk):
    case = get_case_for_user(request.user, pk)
    closing = Closing.objects.filter(case=case).first() or Closing(case=case)
    goals = list(ServiceGoal.objects.filter(plan__case=case).select_related("plan"))
    return _document(
        request,
        case,
        ClosingForm,
        closing,
        title=_("结案表"),
        create=lambda data, form: services.closing_create(
            case=case, attainments=form.attainments(), by=request.user, **data
        ),
        update=lambda data, version, form: services.closing_update(
            closing=closing,
            version=version,
            data=data,
            attainments=form.attainments(),
            by=request.user,
        ),
        form_kwargs={"goals": goals},
    )


@personal_data_required
def followup_new(request, pk):
    case = get_case_for_user(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_create(case=case, by=request.user, **form_data(form))
        except CaseError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已登记回访。"))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/document_form.html", {"case": case, "form": form, "title": _("跟进回访")}
    )


@supervisor_required
def supervision_new(request, pk):
    case = get_case_for_user(request.user, pk)
    form = SupervisionNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.supervision_note_create(case=case, by=request.user, **form_data(form))
        messages.success(request, _("已保存督导记录。"))
        return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/document_form.html", {"case": case, "form": form, "title": _("督导记录")}
    )


@personal_data_required
def addendum_new(request, pk):
    """补充说明: the way to correct a closed case's file."""
    case = get_case_for_user(request.user, pk)
    return _case_form_page(
        request,
        case,
        AddendumForm(request.POST or None),
        lambda data: services.addendum_add(case=case, by=request.user, **data),
        success=_("已添加补充说明。"),
        title=_("补充说明"),
    )


@personal_data_required
def transfer_request(request, pk):
    """转案: ask a supervisor to move the case to another worker or room."""
    case = get_case_for_user(request.user, pk)
    services.require_editable(case)
    return _case_form_page(
        request,
        case,
        TransferForm(request.POST or None, case=case),
        lambda data: services.case_request_transfer(case=case, by=request.user, **data),
        success=_("已提交转案申请，等待督导审批。"),
        title=_("转案申请"),
    )


def _case_form_page(request, case, form, save, *, success, title):
    """A one-form page of a case: on a valid post, `save(cleaned_data)` (one service call) and
    back to the case; a refused save shows the service's message on the form, input kept."""
    return action_page(
        request,
        form,
        lambda: save(form.cleaned_data),
        template="cases/document_form.html",
        saved_message=success,
        done=lambda saved: redirect("cases:detail", pk=case.pk),
        context={"case": case, "title": title},
        refused=CaseError,
    )


@supervisor_required
def approval_list(request):
    approvals = Approval.objects.visible_to(request.user).pending().for_list()
    page_obj = paginate(request, approvals, 25)
    return render(
        request,
        "cases/approval_list.html",
        {
            "page_obj": page_obj,
            "reviews": review_details(page_obj),
            "comment_form": CommentForm(),
            "sections": approval_sections(request),
            "today": services.local_today(),
        },
    )


@supervisor_required
@require_POST
def approval_decide(request, pk):
    approval = get_visible_or_404(Approval.objects.select_related("case"), request.user, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.approval_decide(
            approval=approval,
            approve=approve,
            by=request.user,
            comment=request.POST.get("comment", ""),
            on=_happened_on(request),
        )
    except CaseError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            (_("已批准：%(item)s") if approve else _("已退回：%(item)s"))
            % {"item": f"{approval.case.number} {approval.get_kind_display()}"},
        )
    return redirect(_safe_next(request, reverse("cases:approvals")))


@personal_data_required
def approval_paper(request, pk):
    """Enter an approval a supervisor gave on paper (back-entry): any worker who may write to
    the case; the supervisor is named, the entry records who made it and when."""
    approval = get_visible_or_404(
        Approval.objects.select_related("case__station"), request.user, pk=pk
    )
    if not services.can_edit_case(request.user, approval.case):
        raise PermissionDenied
    if approval.status != ApprovalStatus.PENDING:
        raise Http404
    form = PaperApprovalForm(request.POST or None, case=approval.case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.approval_decide(
                approval=approval,
                approve=data["decision"] == "approve",
                by=request.user,
                comment=data["comment"],
                on=data["decided_on"],
                paper_supervisor=data["supervisor"],
            )
        except CaseError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("已补录纸质审批：%(item)s") % {"item": approval.get_kind_display()},
            )
            return redirect("cases:detail", pk=approval.case_id)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": _("补录纸质审批：%(case)s %(kind)s")
            % {"case": approval.case.number, "kind": approval.get_kind_display()},
            "help": _(
                "督导已在纸质材料上签批：请选择签批的督导和日期。补录人和补录时间会一并记录。"
            ),
            "submit_label": _("保存"),
            "cancel_url": reverse("cases:detail", args=[approval.case_id]),
        },
    )


PRINT_PARTS = {"all", "intake", "assessment", "plan", "records", "referral", "closing"}


def _print_name(request, resident) -> tuple[str, bool]:
    """The pseudonym, or the real name when asked for by someone who may see the resident."""
    if request.GET.get("real_name") == "1":
        if not Resident.objects.visible_to(request.user).filter(pk=resident.pk).exists():
            raise PermissionDenied
        return resident.real_name, True
    return resident.pseudonym, False


@personal_data_required
def case_print(request, pk, part):
    if part not in PRINT_PARTS:
        raise Http404
    case = get_case_for_user(request.user, pk)
    name, real = _print_name(request, case.resident)
    log_read(request, case, view=ReadView.PRINT, detail=part)
    context = {
        "case": case,
        "part": part,
        "name": name,
        "real_name": real,
        "intake": Intake.objects.filter(case=case).first(),
        "assessments": list(case.assessments.all()),
        "plans": list(
            case.plans.prefetch_related(
                "goals", Prefetch("tasks", queryset=PlanTask.objects.select_related("owner"))
            )
        ),
        "records": list(case.records.select_related("worker").order_by("start_at")),
        "evaluations": list(case.evaluations.all()),
        "referrals": list(case.referrals.all()),
        "closing": Closing.objects.filter(case=case).first(),
        "follow_ups": list(case.follow_ups.all()),
        "supervision_notes": list(case.supervision_notes.select_related("supervisor")),
        "approvals": list(case.approvals.select_related("decided_by")),
    }
    return render(request, "cases/print.html", context)


@personal_data_required
def record_print(request, pk):
    record = get_visible_or_404(
        ServiceRecord.objects.select_related("case", "resident", "worker", "room"),
        request.user,
        pk=pk,
    )
    name, real = _print_name(request, record.resident)
    log_read(request, record.case or record.resident, view=ReadView.PRINT, detail=record.pk)
    return render(
        request,
        "cases/print_record.html",
        {
            "record": record,
            "name": name,
            "real_name": real,
            "case": record.case,
            "answers": list(record.answers.all()),
            "photos": list(record.photos.all()),
        },
    )


@personal_data_required
def photo(request, pk):
    """Photos are never at a public URL: each request is checked against the record's room."""
    photo = get_visible_or_404(RecordPhoto, request.user, pk=pk)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(photo.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@personal_data_required
def photo_delete(request, pk):
    photo = get_visible_or_404(RecordPhoto.objects.select_related("record"), request.user, pk=pk)
    visits.record_photo_delete(photo=photo, by=request.user)
    messages.success(request, _("已删除照片。"))
    return redirect("cases:record_print", pk=photo.record_id)
