"""Work plans: list, write (a head form and a formset of items), detail with progress, submit,
review, and ticking off free items."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import services
from plans.forms import (
    WorkPlanFilterForm,
    WorkPlanForm,
    WorkPlanItemFormSet,
    WorkPlanReviewForm,
)
from plans.models import WorkPlan, WorkPlanItem, WorkPlanStatus
from plans.workplans import plan_progress
from stations.access import get_visible_or_404, is_supervisor
from stations.concurrency import EditConflict
from stations.listing import filter_equal, paginate, search
from stations.views_base import (
    personal_data_required,
    plan_review,
    run_service,
    user_station,
)

PAGE_SIZE = 25


def workplan_list_queryset(request):
    """The plans the list shows for `request`'s filters (with the filter form)."""
    filters = WorkPlanFilterForm(request.GET or None, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    plans = WorkPlan.objects.visible_to(request.user).for_list()
    plans = filter_equal(plans, data, "period", "room", "worker", "status")
    if data.get("day"):
        plans = plans.filter(starts_on__lte=data["day"], ends_on__gte=data["day"])
    plans = search(
        plans,
        data.get("q"),
        "worker__username",
        "worker__first_name",
        "worker__last_name",
        "room__name",
        "notes",
    )
    return plans.order_by("-starts_on", "room__order", "worker__username", "pk"), filters


@personal_data_required
def workplan_list(request):
    plans, filters = workplan_list_queryset(request)
    return render(
        request,
        "plans/workplan_list.html",
        {
            "page_obj": paginate(request, plans, PAGE_SIZE),
            "filters": filters,
            "awaiting": is_supervisor(request.user),
        },
    )


def _plan_for(request, pk, *, write=False) -> WorkPlan:
    """The plan if the user sees its room (else 404); with `write`, a 403 unless they may edit."""
    plan = get_visible_or_404(
        WorkPlan.objects.select_related("room", "worker", "reviewed_by", "created_by"),
        request.user,
        pk=pk,
    )
    if write and not services.can_edit_workplan(request.user, plan):
        raise PermissionDenied
    return plan


def _edit(request, plan=None):
    station = plan.station if plan else user_station(request.user)
    form_kwargs = {"user": request.user, "station": station, "instance": plan}
    items_kwargs = {"user": request.user, "instance": plan or WorkPlan()}
    conflict = None
    if request.method == "POST":
        form = WorkPlanForm(request.POST, **form_kwargs)
        items = WorkPlanItemFormSet(request.POST, **items_kwargs)
        if form.is_valid() and items.is_valid():
            try:
                saved = services.workplan_save(form=form, items=items, by=request.user)
            except EditConflict as error:
                conflict = error
            else:
                messages.success(request, _("工作计划已保存。"))
                return redirect("plans:workplan_detail", pk=saved.pk)
    else:
        form = WorkPlanForm(**form_kwargs)
        items = WorkPlanItemFormSet(**items_kwargs)
    return render(
        request,
        "plans/workplan_form.html",
        {
            "form": form,
            "items": items,
            "plan": plan,
            "conflict": conflict,
            "title": _("修改工作计划") if plan else _("制定工作计划"),
            "cancel_url": (
                reverse("plans:workplan_detail", args=[plan.pk])
                if plan
                else reverse("plans:workplans")
            ),
        },
    )


@personal_data_required
def workplan_new(request):
    return _edit(request)


@personal_data_required
def workplan_edit(request, pk):
    return _edit(request, _plan_for(request, pk, write=True))


@personal_data_required
def workplan_detail(request, pk):
    plan = _plan_for(request, pk)
    user = request.user
    return render(
        request,
        "plans/workplan_detail.html",
        {
            "plan": plan,
            **plan_progress(plan),
            "can_edit": services.can_edit_workplan(user, plan),
            "can_mark": services.can_mark_workplan(user, plan),
            "review_form": (
                WorkPlanReviewForm()
                if is_supervisor(user) and plan.status == WorkPlanStatus.SUBMITTED
                else None
            ),
        },
    )


@require_POST
@personal_data_required
def workplan_submit(request, pk):
    plan = _plan_for(request, pk, write=True)
    run_service(
        request,
        lambda: services.workplan_submit(plan=plan, by=request.user),
        _("工作计划已提交督导审核。"),
    )
    return redirect("plans:workplan_detail", pk=plan.pk)


@require_POST
@personal_data_required
def workplan_review(request, pk):
    plan = _plan_for(request, pk)
    return plan_review(
        request,
        WorkPlanReviewForm(request.POST),
        lambda approve, data: services.workplan_review(
            plan=plan, approve=approve, comment=data["comment"], by=request.user
        ),
        back=reverse("plans:workplan_detail", args=[plan.pk]),
    )


@require_POST
@personal_data_required
def workplan_item_mark(request, pk, item_pk):
    plan = _plan_for(request, pk)
    item = get_visible_or_404(WorkPlanItem.objects.filter(plan=plan), request.user, pk=item_pk)
    run_service(
        request,
        lambda: services.workplan_item_mark(
            item=item, done=request.POST.get("done") == "1", by=request.user
        ),
    )
    return redirect("plans:workplan_detail", pk=plan.pk)
