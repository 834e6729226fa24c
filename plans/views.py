import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.forms import (
    AnnualTargetForm,
    CertificationRecordForm,
    OverdueFilterForm,
    SupervisionSessionForm,
    TrainingRecordForm,
    supervised_staff,
)
from plans.models import AnnualTarget
from plans.overdue import days_overdue, overdue_visits_filtered, sort_rows
from plans.services import (
    certification_record,
    supervision_record,
    target_progress,
    target_save,
    training_record,
)
from plans.staff import staff_year
from plans.workload import Month, workload_rows
from stations.access import can_see_reports, is_station_staff, is_supervisor
from stations.concurrency import EditConflict
from stations.listing import paginate
from stations.models import KeyPopulationTag
from stations.views_base import action_page, personal_data_required, user_station

PRINT_ROWS = 500  # a visit round list on paper; the page says when the list is longer


def _interval_labels():
    return dict(KeyPopulationTag._meta.get_field("category").choices)


def overdue_list_rows(request):
    """The filter form and every overdue resident the page lists under `request`'s filters, in
    its order, each with `interval_label` and `days_overdue` (for the page and its export)."""
    today = timezone.localdate()
    filters = OverdueFilterForm(request.GET or None, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    residents = overdue_visits_filtered(
        user=request.user,
        room=data.get("room"),
        worker=data.get("worker"),
        category=data.get("category", ""),
        min_days=data.get("min_days"),
        today=today,
    )
    residents, sort = sort_rows(residents, request.GET.get("sort", ""))
    labels = _interval_labels()
    for resident in residents:
        resident.interval_label = labels.get(resident.interval_category, "")
        resident.days_overdue = days_overdue(resident, today)
    return filters, residents, sort


@personal_data_required
def overdue_visits(request):
    """Every resident past their visit interval, filtered and sorted; `?print=1` for the A4 list."""
    today = timezone.localdate()
    filters, residents, sort = overdue_list_rows(request)
    printing = request.GET.get("print") == "1"
    if printing:
        rows = residents[:PRINT_ROWS]
        count = len(residents)
        page_obj = None
    else:
        page_obj = paginate(request, residents, 50)
        rows = list(page_obj.object_list)
        count = page_obj.paginator.count
    return render(
        request,
        "plans/overdue_print.html" if printing else "plans/overdue_list.html",
        {
            "rows": rows,
            "count": count,
            "page_obj": page_obj,
            "filters": filters,
            "sort": sort,
            "today": today,
            "station": user_station(request.user) if printing else None,
            "truncated": printing and count > len(rows),
        },
    )


def _year(request) -> int:
    """`?year=` if it is a sensible year, else this year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def target_list(request):
    """The year's targets with their progress: everyone with a role reads them (aggregates);
    station staff set them."""
    if not can_see_reports(request.user):
        raise PermissionDenied
    year = _year(request)
    today = timezone.localdate()
    targets = (
        AnnualTarget.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("station", "room")
        .order_by("room__order", "room__pk", "pk")
    )
    return render(
        request,
        "plans/target_list.html",
        {
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1],
            "rows": target_progress(targets=targets, as_of=today),
            "can_edit": is_station_staff(request.user),
            "as_of": min(today, datetime.date(year, 12, 31)),
        },
    )


def _target_form(request, instance=None):
    if not is_station_staff(request.user):
        raise PermissionDenied
    station = user_station(request.user)
    conflict = None
    form_kwargs = {"user": request.user, "station": station, "instance": instance}
    if request.method == "POST":
        form = AnnualTargetForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                target = target_save(form=form, by=request.user)
            except EditConflict as error:
                conflict = error
            else:
                messages.success(request, _("年度指标已保存。"))
                return redirect(f"{reverse('plans:targets')}?year={target.year}")
    else:
        form = AnnualTargetForm(**form_kwargs)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": _("修改年度指标") if instance else _("设定年度指标"),
            "help": _("报表指标的完成数按全年记录自动计算，口径与统计报表一致。"),
            "conflict": conflict,
            "cancel_url": reverse("plans:targets"),
        },
    )


def target_new(request):
    return _target_form(request)


def target_edit(request, pk):
    if not is_station_staff(request.user):
        raise PermissionDenied
    target = get_object_or_404(AnnualTarget.objects.visible_to(request.user), pk=pk)
    return _target_form(request, target)


def _month(request) -> Month:
    """`?month=YYYY-MM`, else this month."""
    try:
        day = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        day = timezone.localdate()
    if not 2000 <= day.year <= 2100:
        day = timezone.localdate()
    return Month.of(day)


def workload_table(request) -> tuple:
    """The month, the sort key and {"workers": [...], "rows": [...]} of the workload page for
    `request` (403 for anyone but supervisors and station staff): the page and its export."""
    if not (is_supervisor(request.user) or is_station_staff(request.user)):
        raise PermissionDenied
    month = _month(request)
    sort = request.GET.get("sort", "")
    return month, sort, workload_rows(user=request.user, month=month, sort=sort)


def workload(request):
    """Per worker and per room: open cases, this month's visits, overdue visits, service hours,
    group sessions and activities. For supervisors and station staff."""
    month, sort, rows = workload_table(request)
    return render(
        request,
        "plans/workload.html",
        {
            "month": month,
            "sort": sort,
            "previous": Month.of(month.first - datetime.timedelta(days=1)),
            "next": Month.of(month.next_first),
            **rows,
        },
    )


def _staff_for(request, pk):
    """The worker whose development page `request.user` may read: station staff and the
    supervisors of the worker's rooms (a 404 for anyone else's worker)."""
    if not (is_supervisor(request.user) or is_station_staff(request.user)):
        raise PermissionDenied
    return get_object_or_404(supervised_staff(request.user), pk=pk)


def staff_detail(request, pk):
    worker = _staff_for(request, pk)
    year = _year(request)
    return render(
        request,
        "plans/staff_detail.html",
        {
            "worker": worker,
            "year": year,
            "can_supervise": is_supervisor(request.user),
            **staff_year(worker=worker, year=year),
        },
    )


def supervision_new(request):
    if not is_supervisor(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("worker", "").isdigit():
        worker = get_object_or_404(supervised_staff(request.user), pk=request.GET["worker"])
        initial = {"attendees": [worker.pk], "kind": "individual"}
    if request.method == "POST":
        form = SupervisionSessionForm(request.POST, user=request.user)
        if form.is_valid():
            session = supervision_record(form=form, by=request.user)
            messages.success(request, _("督导记录已保存。"))
            first = session.attendees.order_by("username").first()
            return redirect("plans:staff_detail", pk=first.pk)
    else:
        form = SupervisionSessionForm(initial=initial, user=request.user)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "title": _("记录督导"), "cancel_url": reverse("plans:workload")},
    )


def _staff_record_view(form_class, save, *, saved_message, title):
    """The page of a training or certification record of one staff member: `save(form=,
    worker=)` calls the service, then back to their file. `title` is a message with %(name)s."""

    def view(request, pk):
        worker = _staff_for(request, pk)
        form = form_class(request.POST) if request.method == "POST" else form_class()
        return action_page(
            request,
            form,
            lambda: save(form=form, worker=worker),
            template="includes/form_page.html",
            saved_message=saved_message,
            done=lambda saved: redirect("plans:staff_detail", pk=worker.pk),
            context={
                "title": title % {"name": worker.get_full_name() or worker.username},
                "cancel_url": reverse("plans:staff_detail", args=[worker.pk]),
            },
        )

    return view


training_new = _staff_record_view(
    TrainingRecordForm,
    training_record,
    saved_message=gettext_lazy("培训记录已保存。"),
    title=gettext_lazy("登记培训：%(name)s"),
)
# Station staff and the worker's supervisors record a certificate (level, number, dates).
certification_new = _staff_record_view(
    CertificationRecordForm,
    certification_record,
    saved_message=gettext_lazy("职业资格记录已保存。"),
    title=gettext_lazy("登记职业资格：%(name)s"),
)
