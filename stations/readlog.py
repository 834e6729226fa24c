"""Who read what (PIPL art. 51): opening a resident's file, a case file or a print view of one
writes one `ReadLog` row; supervisors and station staff read the log of a record.

Call `log_read(request, record)` from the view that shows the file, after the access check.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from stations.access import can_see_history, get_visible_or_404
from stations.listing import paginate
from stations.models import ReadLog, ReadView
from stations.views_base import personal_data_required

# The files whose reading is logged; only these have a log page.
LOGGED = {"stations.resident", "cases.case"}


def log_read(request, record, *, view=ReadView.FILE, detail="") -> None:
    """One insert: `request.user` opened `record` (a resident or a case) now."""
    ReadLog.objects.create(
        user=request.user,
        record_type=record._meta.label_lower,
        record_id=record.pk,
        view=view,
        detail=str(detail)[:100],
    )


@personal_data_required
def read_log(request, model, pk):
    if model not in LOGGED:
        raise Http404
    from django.apps import apps

    record = get_visible_or_404(apps.get_model(model), request.user, pk=pk)
    if not can_see_history(request.user):
        raise PermissionDenied
    reads = ReadLog.objects.filter(record_type=model, record_id=record.pk).select_related("user")
    return render(
        request,
        "stations/read_log.html",
        {
            "record": record,
            "model_name": record._meta.verbose_name,
            "page_obj": paginate(request, reads, 50),
        },
    )
