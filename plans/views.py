import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.forms import AnnualTargetForm, OverdueFilterForm
from plans.models import AnnualTarget
from plans.overdue import SORTS, days_overdue, overdue_visits_filtered
from plans.services import target_progress, target_save
from stations.access import can_see_reports, is_station_staff
from stations.concurrency import EditConflict
from stations.listing import paginate, sort_by
from stations.models import KeyPopulationTag
from stations.views_base import personal_data_required, user_station

PRINT_ROWS = 500  # a visit round list on paper; the page says when the list is longer


def _interval_labels():
    return dict(KeyPopulationTag._meta.get_field("category").choices)


@personal_data_required
def overdue_visits(request):
    """Every resident past their visit interval, filtered and sorted; `?print=1` for the A4 list."""
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
    residents, sort = sort_by(request, residents, SORTS)
    printing = request.GET.get("print") == "1"
    if printing:
        rows = list(residents[:PRINT_ROWS])
        count = residents.count() if len(rows) == PRINT_ROWS else len(rows)
        page_obj = None
    else:
        page_obj = paginate(request, residents, 50)
        rows = list(page_obj.object_list)
        count = page_obj.paginator.count
    labels = _interval_labels()
    for resident in rows:
        resident.interval_label = labels.get(resident.interval_category, "")
        resident.days_overdue = days_overdue(resident, today)
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
            "conflict": conflict.changed_fields if conflict else None,
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
