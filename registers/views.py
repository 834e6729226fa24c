"""Downloads of the list pages: the rows the list shows under its filters, as .xlsx or .csv.

Masked by default (GET). A full export (POST with a reason) is for station staff and supervisors
only (`stations.exports.can_export_unmasked`); a room worker gets 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registers.forms import FullExportForm, RegisterForm
from registers.lists import LISTS
from registers.registers import REGISTERS
from stations.exports import (
    CHUNK_SIZE,
    ExportRequest,
    can_export_unmasked,
    check_unmasked,
    display_value,
    export_response,
    log_export,
)
from stations.models import ExportFormat
from stations.views_base import personal_data_required, user_station


def _spec(key):
    try:
        return LISTS[key]
    except KeyError as error:
        raise Http404 from error


def _labels(form):
    """The room and the period of the filters, for the sheet's title row."""
    data = getattr(form, "cleaned_data", None) or {}
    room = data.get("room")
    scope = room.name if room else _("全部可查看的社工室")
    start, end = data.get("date_from"), data.get("date_to")
    period = ""
    if start or end:
        period = _("%(start)s 至 %(end)s") % {
            "start": start.isoformat() if start else "…",
            "end": end.isoformat() if end else "…",
        }
    return scope, period


def _export(request, spec, fmt, *, unmasked=False, reason=""):
    form, rows = spec.rows(request)
    scope, period = _labels(form)
    export = ExportRequest(
        user=request.user,
        kind=f"list.{spec.key}",
        title=spec.title,
        columns=spec.columns,
        format=fmt,
        station=user_station(request.user),
        scope_label=scope,
        period_label=period,
        filters={name: value for name, value in request.GET.items() if name != "page"},
        unmasked=unmasked,
        reason=reason,
    )
    # A list computed in Python (overdue visits, workload) is already in memory; a queryset streams.
    if hasattr(rows, "iterator"):
        rows = rows.iterator(chunk_size=CHUNK_SIZE)
    return export_response(export, rows)


@require_GET
@personal_data_required
def list_export(request, key, fmt):
    spec = _spec(key)
    if fmt not in (ExportFormat.XLSX, ExportFormat.CSV):
        raise Http404
    return _export(request, spec, fmt)


@personal_data_required
def list_export_full(request, key):
    """GET asks for the reason; POST writes the log row and sends the unmasked download."""
    spec = _spec(key)
    if not can_export_unmasked(request.user):
        raise PermissionDenied
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reason = check_unmasked(request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _export(request, spec, form.cleaned_data["format"], unmasked=True, reason=reason)
    query = request.GET.urlencode()
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": _("完整导出：%(title)s") % {"title": spec.title},
            "help": _("按列表当前的筛选条件导出。"),
            "submit_label": _("导出"),
            "cancel_url": reverse(spec.list_url) + (f"?{query}" if query else ""),
        },
    )


# Registers -------------------------------------------------------------------------------------

PRINT_LIMIT = 3000


@require_GET
@personal_data_required
def register_index(request):
    return render(
        request,
        "registers/register_index.html",
        {"registers": REGISTERS.values(), "form": RegisterForm(user=request.user)},
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
    station = activity.station
    return render(
        request,
        "registers/activity_signin_sheet.html",
        {
            "activity": activity,
            "station_name": station.name if station else "",
            "rooms": [room.name for room in activity.rooms.all()],
            "organisers": [str(user) for user in activity.organisers.all()],
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
            "activity": activity,
            "station_name": activity.station.name,
            "rooms": [room.name for room in activity.rooms.all()],
            "organisers": [str(user) for user in activity.organisers.all()],
            "partners": [str(unit) for unit in activity.partner_units.all()],
            "signed": signed,
            "direct": activity.direct_participant_count + signed,
            "photos": list(activity.attachments.filter(kind=AttachmentKind.PHOTO)),
        },
    )


@require_GET
@personal_data_required
def needs_assessment_sheet(request, pk):
    from activities.models import NeedsAssessment
    from activities.views import get_needs_for_user

    assessment = get_needs_for_user(request.user, pk)
    dimensions = [
        (NeedsAssessment._meta.get_field(name).verbose_name, getattr(assessment, name))
        for name in NeedsAssessment.DIMENSIONS
    ]
    return render(
        request,
        "registers/needs_assessment_sheet.html",
        {
            "assessment": assessment,
            "station_name": assessment.station.name,
            "dimensions": dimensions,
            "activities": list(
                assessment.activities.visible_to(request.user).order_by("starts_at")
            ),
        },
    )
