from django.shortcuts import render
from django.utils import timezone

from plans.forms import OverdueFilterForm
from plans.overdue import SORTS, days_overdue, overdue_visits_filtered
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
