"""One history page for every tracked record (`stations.tracking.tracked`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from stations.access import can_see_history, get_visible_or_404
from stations.history import history_entries, record_events, tracked_model
from stations.views_base import personal_data_required


def safe_next(request) -> str:
    """The page to go back to (`?next=`), if it is a path of this site."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


@personal_data_required
def record_history(request, model, pk):
    """Who changed the record, when, and what (old → new), with its dependent records.

    The record is fetched through its `visible_to(user)` (another room's record is a 404); the
    page is for supervisors and station staff.
    """
    tracked = tracked_model(model)
    if tracked is None:
        raise Http404
    record = get_visible_or_404(tracked, request.user, pk=pk)
    if not can_see_history(request.user):
        raise PermissionDenied
    return render(
        request,
        "stations/record_history.html",
        {
            "record": record,
            "model_name": tracked._meta.verbose_name,
            "entries": history_entries(record, record_events(record)),
            "back_url": safe_next(request)
            or (record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""),
        },
    )
