"""The import pages: choose a kind, download its template, upload, read the check report,
confirm, watch the progress, see the result (and undo it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ledger.forms import UploadForm
from ledger.models import BatchStatus, ImportBatch
from ledger.registry import KIND_NAMES, KIND_TITLES, kind_class
from ledger.services import (
    batch_confirm,
    batch_file,
    batch_kind,
    batch_progress,
    batch_undo,
    batch_upload,
    can_import,
    import_rooms,
    make_kind,
)
from ledger.workbooks import report_bytes, template_bytes
from stations.access import get_visible_or_404
from stations.exports import ExportRequest, log_export
from stations.views_base import user_station

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_ON_PAGE = 200
# Where the imported records are listed, per kind.
LIST_URLS = {
    "residents": "stations:resident_list",
    "volunteers": "volunteers:list",
    "organizations": "organizations:list",
}


def import_required(view):
    def wrapper(request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _kind_or_404(kind):
    if kind not in KIND_NAMES or kind_class(kind) is None:
        raise Http404
    return kind


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@import_required
def index(request):
    kinds = [
        {"name": name, "title": KIND_TITLES[name], "available": kind_class(name) is not None}
        for name in KIND_NAMES
    ]
    batches = ImportBatch.objects.visible_to(request.user).select_related("room", "created_by")[:20]
    return render(
        request,
        "ledger/index.html",
        {"kinds": kinds, "batches": batches, "titles": KIND_TITLES},
    )


@import_required
def kind_import(request, kind):
    kind = _kind_or_404(kind)
    station = user_station(request.user)
    form = UploadForm(
        request.POST or None, request.FILES or None, rooms=import_rooms(request.user, station)
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = batch_upload(
                kind=kind,
                upload=form.cleaned_data["file"],
                station=station,
                room=form.cleaned_data["room"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("ledger:batch", pk=batch.pk)
    ledger = make_kind(kind, station=station, user=request.user)
    return render(
        request,
        "ledger/import.html",
        {"kind": kind, "title": KIND_TITLES[kind], "form": form, "ledger": ledger},
    )


@import_required
def template_download(request, kind):
    kind = _kind_or_404(kind)
    ledger = make_kind(kind, station=user_station(request.user), user=request.user)
    return _xlsx(template_bytes(ledger), f"{kind}-template.xlsx")


def _batch_for_user(request, pk):
    if not can_import(request.user):
        raise PermissionDenied
    return get_visible_or_404(
        ImportBatch.objects.select_related("room", "station", "created_by"), request.user, pk=pk
    )


def batch_detail(request, pk):
    batch = _batch_for_user(request, pk)
    return render(
        request,
        "ledger/batch.html",
        {
            "batch": batch,
            "title": KIND_TITLES.get(batch.kind, batch.kind),
            "problems": batch.problems[:PROBLEMS_ON_PAGE],
            "more_problems": max(batch.error_count - PROBLEMS_ON_PAGE, 0),
            "list_url": LIST_URLS.get(batch.kind),
            "progress": batch_progress(batch) if batch.is_running else 0,
        },
    )


def batch_progress_view(request, pk):
    """The progress bar, polled by htmx while the job runs; a finished job reloads the page."""
    batch = _batch_for_user(request, pk)
    if not batch.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request, "ledger/_progress.html", {"batch": batch, "progress": batch_progress(batch)}
    )


def batch_report(request, pk):
    batch = _batch_for_user(request, pk)
    if batch.status not in (BatchStatus.INVALID, BatchStatus.CHECKED):
        raise Http404
    content = report_bytes(
        batch_kind(batch), batch_file(batch), batch.file_name, batch.problems, batch.error_count
    )
    # The uploaded rows go back out (ID numbers masked): a download of records, logged as one.
    log_export(
        ExportRequest(
            user=request.user,
            kind=f"ledger.report.{batch.kind}",
            title=_("导入检查报告：%(name)s") % {"name": batch.file_name},
            columns=[],
            station=batch.station,
            filters={"batch": batch.pk},
        ),
        batch.total_rows,
    )
    return _xlsx(content, f"report-{batch.pk}.xlsx")


@require_POST
def batch_confirm_view(request, pk):
    batch = _batch_for_user(request, pk)
    try:
        batch_confirm(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("ledger:batch", pk=batch.pk)


@require_POST
def batch_undo_view(request, pk):
    batch = _batch_for_user(request, pk)
    try:
        batch_undo(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已撤销本批导入新增的记录。"))
    return redirect("ledger:batch", pk=batch.pk)
