"""Downloads of the list pages: the rows the list shows under its filters, as .xlsx or .csv.

Masked by default (GET). A full export (POST with a reason) is for station staff and supervisors
only (`stations.exports.can_export_unmasked`); a room worker gets 403.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registers.forms import FullExportForm, RegisterForm
from registers.lists import LISTS, filter_labels, iterate_rows, list_rows
from registers.models import ExportJob, ExportJobStatus
from registers.registers import REGISTERS
from registers.services import export_job_start, export_jobs_purge
from stations.access import (
    can_see_history,
    can_see_personal_data,
    can_see_reports,
    is_district_official,
)
from stations.exports import (
    CHUNK_SIZE,
    XLSX_CONTENT_TYPE,
    ExportRequest,
    can_export_unmasked,
    check_unmasked,
    display_value,
    export_response,
    log_export,
)
from stations.models import ExportFormat
from stations.views_base import personal_data_required, user_station


def _spec(key, pk=None):
    """The list's export; a list of one record needs its pk, any other none."""
    spec = LISTS.get(key)
    if spec is None or (spec.parent is None) != (pk is None):
        raise Http404
    return spec


def _list_url(spec, pk, request):
    url = reverse(spec.list_url, args=[pk] if pk is not None else [])
    query = request.GET.urlencode()
    return url + (f"?{query}" if query else "")


def _export(request, spec, fmt, pk=None, *, unmasked=False, reason=""):
    form, rows, record = list_rows(request, spec, pk)
    scope, period = filter_labels(form)
    filters = {name: value for name, value in request.GET.items() if name != "page"}
    title = spec.title
    if record is not None:
        filters["pk"] = pk
        title = _("%(title)s：%(record)s") % {"title": spec.title, "record": record}
    export = ExportRequest(
        user=request.user,
        kind=f"list.{spec.key}",
        title=title,
        columns=spec.columns,
        format=fmt,
        station=user_station(request.user),
        scope_label=scope,
        period_label=period,
        filters=filters,
        unmasked=unmasked,
        reason=reason,
    )
    if fmt == ExportFormat.XLSX:
        count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
        if count > settings.EXPORT_BACKGROUND_ROWS:
            job = export_job_start(
                spec=spec,
                request=request,
                pk=pk,
                unmasked=unmasked,
                reason=reason,
                expected_rows=count,
                title=title,
            )
            return redirect("registers:export_job", pk=job.pk)
    return export_response(export, iterate_rows(rows))


@require_GET
def list_export(request, key, fmt, pk=None):
    spec = _spec(key, pk)
    if not (
        can_see_personal_data(request.user)
        # A station's own figures: the township official reads them; a district official reads
        # the district's roll-up, not one station's lists.
        or (
            spec.aggregates
            and can_see_reports(request.user)
            and not is_district_official(request.user)
        )
    ):
        raise PermissionDenied
    if fmt not in (ExportFormat.XLSX, ExportFormat.CSV):
        raise Http404
    return _export(request, spec, fmt, pk)


@personal_data_required
def list_export_full(request, key, pk=None):
    """GET asks for the reason; POST writes the log row and sends the unmasked download."""
    spec = _spec(key, pk)
    if not can_export_unmasked(request.user):
        raise PermissionDenied
    if spec.parent is not None:
        spec.parent(request.user, pk)  # another room's record is a 404 before any form
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reason = check_unmasked(request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _export(
                request, spec, form.cleaned_data["format"], pk, unmasked=True, reason=reason
            )
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": _("完整导出：%(title)s") % {"title": spec.title},
            "help": _("按列表当前的筛选条件导出。"),
            "submit_label": _("导出"),
            "cancel_url": _list_url(spec, pk, request),
        },
    )


# Background exports ----------------------------------------------------------------------------


def _job_for(request, pk):
    """The job if `request.user` asked for it; anyone else's job is a 404 (an official's export of
    figures can be a job too, so the job's owner is the whole check)."""
    return get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)


@require_GET
def export_job(request, pk):
    """The page of a large export: it polls (htmx) until the file is ready, then links it."""
    job = _job_for(request, pk)
    template = "registers/_export_job.html" if request.htmx else "registers/export_job.html"
    return render(request, template, {"job": job, "statuses": ExportJobStatus})


@require_GET
def export_job_download(request, pk):
    job = _job_for(request, pk)
    if job.expires_at <= timezone.now() and job.status != ExportJobStatus.EXPIRED:
        # No job has run since it expired: its file goes now, not at the next job.
        export_jobs_purge()
        job.refresh_from_db()
    if job.status != ExportJobStatus.DONE or not job.file:
        return render(
            request,
            "registers/export_job.html",
            {"job": job, "statuses": ExportJobStatus},
            status=410 if job.status == ExportJobStatus.EXPIRED else 404,
        )
    response = FileResponse(job.file.open("rb"), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(job.title)}-{job.created_at:%Y%m%d-%H%M}.xlsx"
    )
    response["Cache-Control"] = "no-store"
    return response


# Export log ------------------------------------------------------------------------------------


@require_GET
def export_log(request):
    """Every download of the station's records: who, what, filters, rows, masked or full, why.
    For supervisors and station staff (`can_see_history`)."""
    from stations.listing import paginate, search
    from stations.models import ExportLog

    if not can_see_history(request.user):
        raise PermissionDenied
    logs = ExportLog.objects.visible_to(request.user).select_related("exported_by")
    query = request.GET.get("q", "").strip()
    logs = search(
        logs, query, "title", "reason", "exported_by__username", "exported_by__first_name"
    )
    unmasked = request.GET.get("unmasked") == "1"
    if unmasked:
        logs = logs.filter(unmasked=True)
    page_obj = paginate(request, logs.order_by("-exported_at", "-pk"), 50)
    return render(
        request,
        "registers/export_log.html",
        {"page_obj": page_obj, "logs": page_obj.object_list, "query": query, "unmasked": unmasked},
    )


# Registers -------------------------------------------------------------------------------------

PRINT_LIMIT = 3000


@require_GET
@personal_data_required
def register_index(request):
    return render(
        request,
        "registers/register_index.html",
        {
            "registers": REGISTERS.values(),
            "form": RegisterForm(user=request.user),
            "can_see_log": can_see_history(request.user),
        },
    )


@require_GET
@personal_data_required
def register(request, key):
    """A register for the chosen period and room: an A4 print page, .xlsx or .csv."""
    try:
        spec = REGISTERS[key]
    except KeyError as error:
        raise Http404 from error
    form = RegisterForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "registers/register_index.html",
            {"registers": REGISTERS.values(), "form": form, "chosen": spec},
        )
    data = form.cleaned_data
    room = data["room"] if spec.by_room else None
    rows = spec.rows(request.user, data["date_from"], data["date_to"], room)
    export = ExportRequest(
        user=request.user,
        kind=f"register.{spec.key}",
        title=spec.title,
        columns=spec.columns,
        format=data["format"],
        station=user_station(request.user),
        scope_label=room.name if room else _("全部可查看的社工室"),
        period_label=_("%(start)s 至 %(end)s")
        % {"start": data["date_from"].isoformat(), "end": data["date_to"].isoformat()},
        filters=request.GET.dict(),
    )
    if data["format"] != ExportFormat.PRINT:
        return export_response(export, rows.iterator(chunk_size=CHUNK_SIZE))
    rows = list(rows[: PRINT_LIMIT + 1])
    truncated = len(rows) > PRINT_LIMIT
    rows = rows[:PRINT_LIMIT]
    log_export(export, len(rows))
    table = [
        [display_value(column.read(row, unmasked=False), column.kind) for column in spec.columns]
        for row in rows
    ]
    return render(
        request,
        "registers/register_print.html",
        {
            "spec": spec,
            "export": export,
            "headers": [column.header for column in spec.columns],
            "table": table,
            "truncated": truncated,
            "limit": PRINT_LIMIT,
        },
    )


# Print views -------------------------------------------------------------------------------------

BLANK_ROWS = 10
MAX_BLANK_ROWS = 40


def _activity_heading(activity) -> dict:
    """The head of an activity's print sheets: the activity, its station, rooms and organisers."""
    return {
        "activity": activity,
        "station_name": activity.station.name if activity.station_id else "",
        "rooms": [room.name for room in activity.rooms.all()],
        "organisers": [str(user) for user in activity.organisers.all()],
    }


@require_GET
@personal_data_required
def activity_signin_sheet(request, pk):
    """The sign-in sheet people sign at an activity: real names by default (they must find their
    row), pseudonyms on request; 应到/实到, blank rows for walk-ins, the leader's signature."""
    from activities.views import get_activity_for_user
    from stations.models import Resident

    activity = get_activity_for_user(request.user, pk)
    pseudonyms = request.GET.get("pseudonyms") == "1"
    try:
        blank_count = min(max(int(request.GET.get("blank", BLANK_ROWS)), 0), MAX_BLANK_ROWS)
    except ValueError:
        blank_count = BLANK_ROWS
    residents = (
        activity.participants.filter(pk__in=Resident.objects.visible_to(request.user).values("pk"))
        .select_related("room")
        .order_by("room__order", "real_name", "pk")
    )
    people = [
        {
            "name": resident.pseudonym if pseudonyms else resident.real_name,
            "room": resident.room.name if resident.room_id else "",
        }
        for resident in residents
    ]
    return render(
        request,
        "registers/activity_signin_sheet.html",
        {
            **_activity_heading(activity),
            "people": people,
            "expected": len(people),
            "pseudonyms": pseudonyms,
            "blank_count": blank_count,
            "blank_rows": range(len(people) + 1, len(people) + blank_count + 1),
        },
    )


@require_GET
@personal_data_required
def activity_record_sheet(request, pk):
    """活动记录表: the activity's facts, content, outcome and photos on A4."""
    from activities.models import AttachmentKind
    from activities.views import get_activity_for_user

    activity = get_activity_for_user(request.user, pk)
    signed = activity.participants.count()
    return render(
        request,
        "registers/activity_record_sheet.html",
        {
            **_activity_heading(activity),
            "partners": [str(unit) for unit in activity.partner_units.all()],
            "signed": signed,
            "direct": activity.direct_participant_count + signed,
            "photos": list(activity.attachments.filter(kind=AttachmentKind.PHOTO)),
        },
    )


@require_GET
@personal_data_required
def needs_assessment_sheet(request, pk):
    from activities.views import get_needs_for_user, needs_context

    assessment = get_needs_for_user(request.user, pk)
    return render(
        request,
        "registers/needs_assessment_sheet.html",
        {"station_name": assessment.station.name, **needs_context(request, assessment)},
    )
