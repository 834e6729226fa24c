"""Volunteer pages. Everything here is personal data: officials get 403, other rooms 404."""

import contextlib
import datetime
from decimal import Decimal
from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import DecimalField, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stations.access import can_see_history, get_visible_or_404, is_station_staff
from stations.aggregates import per_row
from stations.exports import CHUNK_SIZE, ExportRequest, check_unmasked, export_response
from stations.identity import search_redirect, token_hashes
from stations.listing import (
    PAGE_SIZE,
    among_ids,
    filter_equal,
    paginate,
    search,
    sort_by,
)
from stations.models import ExportFormat
from stations.privacy import blind_index, normalize_phone
from stations.views_base import (
    action_page,
    add_refusal,
    personal_data_required,
    run_service,
    station_record_views,
    user_station,
)
from volunteers import services
from volunteers.export import RECORD_COLUMNS
from volunteers.forms import (
    MAX_BULK_ROWS,
    BulkHeaderForm,
    CertificateForm,
    ConfirmForm,
    CorrectForm,
    ExportForm,
    ProjectForm,
    ReasonForm,
    ServiceRecordFilterForm,
    ServiceRecordForm,
    SignupForm,
    VolunteerFilterForm,
    VolunteerForm,
    bulk_row_formset,
)
from volunteers.models import (
    COUNTED_STATUSES,
    Certificate,
    RecordStatus,
    ServiceRecord,
    Skill,
    Volunteer,
    VolunteerProject,
    VolunteerStatus,
    served_activities,
)

# ---------------------------------------------------------------- volunteers


@personal_data_required
def volunteer_list(request):
    # The search form posts: a phone number is replaced by its hashes before it reaches a URL.
    redirect_to = search_redirect(request)
    if redirect_to:
        return redirect(redirect_to)
    form, volunteers, sort = volunteer_list_queryset(request)
    page = paginate(request, volunteers)
    return render(
        request,
        "volunteers/volunteer_list.html",
        {
            "form": form,
            "page_obj": page,
            "sort": sort,
            "can_export_national": is_station_staff(request.user),
        },
    )


def volunteer_list_queryset(request):
    """The list's filter form, its rows and sort key (shared with the list's export)."""
    form = VolunteerFilterForm(request.GET or None, user=request.user)
    volunteers = Volunteer.objects.visible_to(request.user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            if token_hashes(q) is None:
                condition = Q(real_name__icontains=q) | Q(skills_text__icontains=q)
                codes = [code for code, label in Skill.choices if q in str(label)]
                for code in codes:
                    condition |= Q(skills__contains=[code])
                with contextlib.suppress(ValidationError):
                    condition |= Q(phone_hash=blind_index(normalize_phone(q)))
            else:
                condition = Q(phone_hash__in=token_hashes(q))
            volunteers = volunteers.filter(condition)
        if data["room"]:
            volunteers = volunteers.filter(room=data["room"])
        if data["status"]:
            volunteers = volunteers.filter(status=data["status"])
        if data["skill"]:
            volunteers = volunteers.filter(skills__contains=[data["skill"]])
        if token_hashes(data["q"] or "") is not None:  # the box shows no hash
            form.data = form.data.copy()
            form.data["q"] = ""
    volunteers = volunteers.annotate(
        confirmed_hours=per_row(
            ServiceRecord.objects.filter(status__in=COUNTED_STATUSES),
            "volunteer",
            Sum("hours"),
            Decimal("0"),
            output_field=DecimalField(),
        )
    )
    orderings = {
        "": ["room__order", "real_name", "pk"],
        "hours": ["-confirmed_hours", "pk"],
        "registered": ["-registered_on", "pk"],
        "name": ["real_name", "pk"],
    }
    volunteers, sort = sort_by(request, volunteers, orderings)
    return form, volunteers, sort


@personal_data_required
def volunteer_detail(request, pk):
    volunteer = get_visible_or_404(
        Volunteer.objects.select_related("room", "resident", "created_by"), request.user, pk=pk
    )
    records = ServiceRecord.objects.filter(volunteer=volunteer).for_list()
    totals = records.filter(status__in=COUNTED_STATUSES).aggregate(hours=Sum("hours"))
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "records": records[:50],
            "confirmed_hours": totals["hours"] or 0,
            "certificates": volunteer.certificates.order_by("-issued_at"),
            "signups": volunteer.signups.select_related("project"),
            "is_minor": volunteer.is_minor_on(timezone.localdate()),
            "can_see_history": can_see_history(request.user),
        },
    )


@personal_data_required
def volunteer_history(request, pk):
    """Every change to the volunteer and their records (written by database triggers)."""
    from stations.history_views import record_history

    return record_history(request, model="volunteers.volunteer", pk=pk)


volunteer_create, volunteer_edit = station_record_views(
    VolunteerForm,
    get=lambda request, pk: get_visible_or_404(Volunteer, request.user, pk=pk),
    create=services.volunteer_create,
    update=services.volunteer_update,
    record="volunteer",
    titles=(gettext_lazy("编辑志愿者"), gettext_lazy("登记志愿者")),
    saved_message=gettext_lazy("志愿者信息已保存。"),
    detail_url="volunteers:detail",
    extra=lambda request: {"cancel_url": request.META.get("HTTP_REFERER") or ""},
)


# ---------------------------------------------------------------- service records


@personal_data_required
def record_list(request):
    """The records the user may see, newest first, with their count and confirmed hours.

    Two queries whatever the number of visible records (issue 15): one over the union of the
    visible records' (id, date, hours, status) gives the count, the hours and the dates the
    asked page spans; the page then reads only the records of those dates, joined and sorted by
    the full order (date, the volunteer's room and name). Sorting every visible record by the
    volunteer's room and name joined them all to three tables (0.3 s at tier M, 0.5 s at L)."""
    form = ServiceRecordFilterForm(request.GET or None, user=request.user)
    paginator = Paginator(ServiceRecord.objects.none(), PAGE_SIZE)
    guess = _page_number(request.GET.get("page"))
    window = _record_window(request.user, form, offset=(guess - 1) * PAGE_SIZE)
    paginator.count = window.count  # a cached_property: this is its value
    page = paginator.get_page(request.GET.get("page"))
    if page.number != guess:  # a page past the end: the last one, as everywhere else
        window = _record_window(request.user, form, offset=page.start_index() - 1)
    page.object_list = _records_of_window(request.user, form, window, page.start_index() - 1)
    return render(
        request,
        "volunteers/record_list.html",
        {"form": form, "page_obj": page, "confirmed_hours": window.hours or 0},
    )


def _page_number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class RecordWindow(NamedTuple):
    count: int
    hours: Decimal | None
    first_date: datetime.date | None  # the dates of the page's records
    last_date: datetime.date | None
    before: int  # records dated after the page's first date: they sort before the page


WINDOW_SQL = (
    "WITH visible AS ({union}), "
    "page AS (SELECT date FROM visible ORDER BY date DESC LIMIT %s OFFSET %s) "
    "SELECT (SELECT COUNT(*) FROM visible), "
    "(SELECT SUM(hours) FROM visible WHERE status = ANY(%s)), "
    "(SELECT MAX(date) FROM page), (SELECT MIN(date) FROM page), "
    "(SELECT COUNT(*) FROM visible WHERE date > (SELECT MAX(date) FROM page))"
)


def _record_window(user, form, *, offset: int) -> RecordWindow:
    """How many records the list shows, their confirmed hours, and the dates of the page that
    starts at `offset`: one query over the union of the visible records with their date, hours
    and status (`visible_union`), not joined back to the table."""
    union = ServiceRecord.objects.visible_union(
        user, "date", "hours", "status", narrow=lambda records: _filter_records(records, form)
    )
    try:
        sql, params = union.query.sql_with_params()
    except EmptyResultSet:
        return RecordWindow(0, None, None, None, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            WINDOW_SQL.format(union=sql),
            [*params, PAGE_SIZE, offset, list(COUNTED_STATUSES)],
        )
        return RecordWindow(*cursor.fetchone())


def _records_of_window(user, form, window: RecordWindow, offset: int):
    """The page's records: those of the page's dates, in the list's order, cut where the page
    starts among them."""
    if window.first_date is None:
        return ServiceRecord.objects.none()
    ids = ServiceRecord.objects.visible_union(
        user,
        narrow=lambda records: _filter_records(records, form).filter(
            date__gte=window.last_date, date__lte=window.first_date
        ),
    )
    start = offset - window.before
    return among_ids(ServiceRecord.objects.for_list(), ids)[start : start + PAGE_SIZE]


def record_list_queryset(request):
    """The list's filter form and its rows (shared with the list's export)."""
    form = ServiceRecordFilterForm(request.GET or None, user=request.user)
    records = ServiceRecord.objects.visible_to(request.user).for_list()
    return form, _filter_records(records, form)


def _filter_records(records, form):
    """`records` narrowed by the list's filter form (a row filter: usable inside each part of
    `visible_union`)."""
    if form.is_valid():
        data = form.cleaned_data
        records = search(records, data["q"], "volunteer__real_name", "content")
        if data["room"]:
            records = records.filter(volunteer__room=data["room"])
        records = filter_equal(records, data, "status")
        if data["date_from"]:
            records = records.filter(date__gte=data["date_from"])
        if data["date_to"]:
            records = records.filter(date__lte=data["date_to"])
    return records


@personal_data_required
def record_create(request):
    initial = {"date": timezone.localdate()}
    if request.GET.get("volunteer"):
        initial["volunteer"] = request.GET["volunteer"]
    if request.GET.get("project"):
        initial["project"] = request.GET["project"]
    form = ServiceRecordForm(request.POST or None, initial=initial, user=request.user)
    return action_page(
        request,
        form,
        lambda: services.record_create(**form.cleaned_data, by=request.user),
        template="includes/form_page.html",
        saved_message=_("服务记录已保存，待组织方确认后计入时长。"),
        done=lambda record: redirect("volunteers:record_detail", pk=record.pk),
        context={"title": _("登记志愿服务记录"), "cancel_url": ""},
    )


def _get_record(user, pk):
    return get_visible_or_404(
        ServiceRecord.objects.select_related(
            "volunteer",
            "volunteer__room",
            "activity",
            "group_session__group",
            "project",
            "created_by",
            "confirmed_by",
        ),
        user,
        pk=pk,
    )


@personal_data_required
def record_detail(request, pk):
    record = _get_record(request.user, pk)
    return render(
        request,
        "volunteers/record_detail.html",
        {
            "record": record,
            "service_title": services.service_title(record),
            "changes": record.changes.select_related("changed_by"),
            "can_confirm": services.can_confirm_record(request.user, record),
            "dispute_form": ReasonForm(),
            "correct_form": CorrectForm(initial={"hours": record.hours}),
            "today": timezone.localdate(),
        },
    )


@require_POST
@personal_data_required
def record_confirm(request, pk):
    record = _get_record(request.user, pk)
    form = ConfirmForm(request.POST)
    run_service(
        request,
        lambda: services.record_confirm(
            record=record, by=request.user, on=form.cleaned_data["confirmed_on"]
        ),
        _("已确认该服务记录。"),
        form=form,
        invalid_message=_("确认日期格式不正确。"),
    )
    return redirect("volunteers:record_detail", pk=record.pk)


@require_POST
@personal_data_required
def record_dispute(request, pk):
    record = _get_record(request.user, pk)
    form = ReasonForm(request.POST)
    run_service(
        request,
        lambda: services.record_dispute(
            record=record, reason=form.cleaned_data["reason"], by=request.user
        ),
        _("已登记异议：该记录在更正前不计入时长。"),
        form=form,
        invalid_message=_("请写明异议理由。"),
    )
    return redirect("volunteers:record_detail", pk=record.pk)


@personal_data_required
def record_correct(request, pk):
    record = _get_record(request.user, pk)
    if not services.can_confirm_record(request.user, record):
        raise PermissionDenied
    form = CorrectForm(request.POST or None, initial={"hours": record.hours})
    return action_page(
        request,
        form,
        lambda: services.record_correct(record=record, **form.cleaned_data, by=request.user),
        template="includes/form_page.html",
        saved_message=_("已更正服务时长，原记录保留在变更历史中。"),
        done=lambda saved: redirect("volunteers:record_detail", pk=record.pk),
        context={"title": _("更正服务时长：%(name)s") % {"name": record.volunteer.real_name}},
    )


@personal_data_required
def activity_pick(request):
    activities = served_activities().objects.visible_to(request.user).order_by("-starts_at", "pk")
    q = request.GET.get("q", "").strip()
    activities = search(activities, q, "title")
    return render(
        request,
        "volunteers/activity_pick.html",
        {"page_obj": paginate(request, activities), "q": q},
    )


@personal_data_required
def activity_records(request, activity_pk):
    """All volunteers at one activity: the records so far, bulk entry, and confirm-all."""
    activity = get_visible_or_404(
        served_activities().objects.prefetch_related("rooms"), request.user, pk=activity_pk
    )
    volunteers = (
        Volunteer.objects.visible_to(request.user)
        .filter(status=VolunteerStatus.ACTIVE)
        .exclude(records__activity=activity)
        .select_related("room")
    )
    header = BulkHeaderForm(
        request.POST or None,
        initial={"date": timezone.localtime(activity.starts_at).date(), "content": activity.title},
    )
    try:
        rows_wanted = int(request.GET.get("rows", 5))
    except ValueError:
        rows_wanted = 5
    formset = bulk_row_formset(rows_wanted)(
        request.POST or None, volunteers=volunteers, prefix="rows"
    )
    if request.method == "POST" and header.is_valid() and formset.is_valid():
        rows = [
            {
                "volunteer": row["volunteer"],
                "hours": row["hours"],
                "content": row.get("content") or header.cleaned_data["content"],
            }
            for row in formset.cleaned_data
            if row and row.get("volunteer")
        ]
        try:
            created = services.records_bulk_create(
                activity=activity, rows=rows, date=header.cleaned_data["date"], by=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                filled = [form for form in formset.forms if form.cleaned_data.get("volunteer")]
                for key, row_messages in error.message_dict.items():
                    index = int(key.split("-")[1])
                    filled[index].add_error(None, row_messages)
            else:
                header.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("已录入 %(count)s 名志愿者的服务时长，待确认。") % {"count": len(created)},
            )
            return redirect("volunteers:activity_records", activity_pk=activity.pk)
    records = list(
        ServiceRecord.objects.visible_to(request.user).filter(activity=activity).for_list()
    )
    limit, _first, _last = services.service_limit(activity=activity)
    return render(
        request,
        "volunteers/activity_records.html",
        {
            "activity": activity,
            "records": records,
            "header": header,
            "formset": formset,
            "limit": limit,
            "can_confirm": services.can_confirm_service(request.user, activity=activity),
            "pending": sum(1 for r in records if r.status == RecordStatus.RECORDED),
            "more_rows": min(formset.total_form_count() + 5, MAX_BULK_ROWS),
        },
    )


@require_POST
@personal_data_required
def activity_confirm(request, activity_pk):
    activity = get_visible_or_404(served_activities(), request.user, pk=activity_pk)
    if not services.can_confirm_service(request.user, activity=activity):
        raise PermissionDenied
    records = ServiceRecord.objects.confirmable_by(request.user).filter(
        activity=activity, status=RecordStatus.RECORDED
    )
    count = services.records_confirm_all(
        records=records.select_related("activity"), by=request.user
    )
    messages.success(request, _("已确认 %(count)s 条服务记录。") % {"count": count})
    return redirect("volunteers:activity_records", activity_pk=activity.pk)


@personal_data_required
def national_export(request):
    """The roster of volunteers in service in the batch-import layout of the national volunteer
    information system, with full ID numbers and phones: station staff only, with a reason, logged
    as a full export."""
    from volunteers.export import NATIONAL_COLUMNS, NATIONAL_EMPTY
    from volunteers.forms import NationalExportForm
    from volunteers.models import VolunteerStatus

    if not is_station_staff(request.user):
        raise PermissionDenied
    form = NationalExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            reason = check_unmasked(request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_refusal(form, error)
        else:
            room = form.cleaned_data["room"]
            volunteers = (
                Volunteer.objects.visible_to(request.user)
                .filter(status=VolunteerStatus.ACTIVE)
                .select_related("station", "room")
                .order_by("room__order", "real_name", "pk")
            )
            if room:
                volunteers = volunteers.filter(room=room)
            export = ExportRequest(
                user=request.user,
                kind="volunteers.national",
                title=_("全国志愿服务信息系统批量导入"),
                columns=NATIONAL_COLUMNS,
                format=ExportFormat.XLSX,
                station=user_station(request.user),
                scope_label=room.name if room else _("全部社工室"),
                filters={"room": room.pk if room else None},
                unmasked=True,
                reason=reason,
                import_layout=True,
                notes=[
                    _("第一张表按全国志愿服务信息系统批量导入模板的列顺序排列，第1行为表头。"),
                    _("本系统未登记以下各列，导入前请补填或在系统中补录：%(columns)s。")
                    % {"columns": _("、").join(str(header) for header in NATIONAL_EMPTY)},
                    _("只含在册志愿者；证件号码和手机号码为完整信息，用后请删除文件。"),
                ],
                filename=f"national-volunteers-{timezone.localdate():%Y%m%d}",
            )
            return export_response(export, volunteers.iterator(chunk_size=CHUNK_SIZE))
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": _("导出到全国志愿服务信息系统"),
            "method": "post",
            "submit_label": _("导出"),
            "help": _(
                "按全国志愿服务信息系统批量导入模板导出在册志愿者，含完整证件号码和手机号码；"
                "民族、政治面貌、最高学历、从业状况本系统未登记，导出后为空列，请在导入前补填。"
                "每次导出均记录导出人、时间和原因。"
            ),
            "cancel_url": reverse("volunteers:list"),
        },
    )


@personal_data_required
def record_export(request):
    """Confirmed service records for the national volunteer information system, masked by default;
    station staff may export full ID numbers by POST with a reason (logged like a reveal)."""
    data_source = request.POST if request.method == "POST" else request.GET
    form = ExportForm(data_source or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        full = bool(data.get("full"))
        reason = ""
        if full:
            try:
                if request.method != "POST":
                    raise ValidationError(_("完整导出须通过表单提交。"))
                reason = check_unmasked(request.user, data.get("reason"))
            except ValidationError as error:
                add_refusal(form, error)
        if not form.errors:
            return _record_export_response(request, data, full=full, reason=reason)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": _("导出志愿服务记录"),
            "method": "post",
            "submit_label": _("导出"),
            "help": _(
                "导出所选时段内已确认的服务记录（每条一行，证件号默认脱敏），"
                "用于录入全国志愿服务信息系统。"
            ),
        },
    )


def _record_export_response(request, data, *, full, reason):
    records = (
        ServiceRecord.objects.visible_to(request.user)
        .counted()
        .filter(date__gte=data["date_from"], date__lte=data["date_to"])
        .for_list()
        .select_related("group_session__group__room", "project__room", "volunteer__station")
        .prefetch_related("activity__rooms")
        .order_by("date", "volunteer__real_name", "pk")
    )
    if data["room"]:
        records = records.filter(volunteer__room=data["room"])
    period = f"{data['date_from']:%Y-%m-%d} - {data['date_to']:%Y-%m-%d}"
    export = ExportRequest(
        user=request.user,
        kind="volunteers.records",
        title=_("志愿服务记录"),
        columns=RECORD_COLUMNS,
        format=data.get("format") or ExportFormat.XLSX,
        station=user_station(request.user),
        scope_label=data["room"].name if data["room"] else _("全部社工室"),
        period_label=period,
        filters={
            "date_from": data["date_from"].isoformat(),
            "date_to": data["date_to"].isoformat(),
            "room": data["room"].pk if data["room"] else None,
        },
        unmasked=full,
        reason=reason,
        filename=f"volunteer-records-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}",
    )
    return export_response(export, records.iterator(chunk_size=CHUNK_SIZE))


# ---------------------------------------------------------------- projects


@personal_data_required
def project_list(request):
    projects = project_list_queryset(request)
    status = request.GET.get("status", "")
    return render(
        request,
        "volunteers/project_list.html",
        {"page_obj": paginate(request, projects), "status": status},
    )


def project_list_queryset(request):
    """The list's rows under its status filter (shared with the list's export)."""
    projects = (
        VolunteerProject.objects.visible_to(request.user)
        .select_related("room")
        .annotate_signups()
        .order_by("-starts_on", "pk")
    )
    status = request.GET.get("status", "")
    if status:
        projects = projects.filter(status=status)
    return projects


def _get_project(user, pk):
    return get_visible_or_404(
        VolunteerProject.objects.select_related("room", "station"), user, pk=pk
    )


@personal_data_required
def project_detail(request, pk):
    project = _get_project(request.user, pk)
    signups = project.signups.filter(
        volunteer__in=Volunteer.objects.visible_to(request.user).values("pk")
    ).select_related("volunteer", "volunteer__room", "signed_up_by")
    taken = project.signups.count()
    totals = project.records.filter(status__in=COUNTED_STATUSES).aggregate(hours=Sum("hours"))
    return render(
        request,
        "volunteers/project_detail.html",
        {
            "project": project,
            "signups": signups,
            "taken": taken,
            "free": max(project.slots - taken, 0),
            "signup_form": SignupForm(user=request.user, project=project),
            "confirmed_hours": totals["hours"] or 0,
            "can_edit": services.can_confirm_service(request.user, project=project),
        },
    )


def _project_to_edit(request, pk):
    project = _get_project(request.user, pk)
    if not services.can_confirm_service(request.user, project=project):
        raise PermissionDenied
    return project


project_create, project_edit = station_record_views(
    ProjectForm,
    get=_project_to_edit,
    create=services.project_create,
    update=services.project_update,
    record="project",
    titles=(gettext_lazy("编辑志愿服务项目"), gettext_lazy("新建志愿服务项目")),
    saved_message=gettext_lazy("志愿服务项目已保存。"),
    detail_url="volunteers:project_detail",
)


@require_POST
@personal_data_required
def project_signup(request, pk):
    project = _get_project(request.user, pk)
    form = SignupForm(request.POST, user=request.user, project=project)
    if form.is_valid():
        volunteer = form.cleaned_data["volunteer"]
        try:
            services.project_signup(project=project, volunteer=volunteer, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已为 %(name)s 报名。") % {"name": volunteer.real_name})
            if not volunteer.has_accident_insurance:
                messages.warning(
                    request,
                    _("%(name)s 尚未投保意外险：参加有风险的服务前请先为其投保。")
                    % {"name": volunteer.real_name},
                )
    else:
        messages.error(request, _("请选择一名在册的志愿者。"))
    return redirect("volunteers:project_detail", pk=project.pk)


# ---------------------------------------------------------------- certificates


@personal_data_required
def certificate_list(request):
    certificates = certificate_list_queryset(request)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "volunteers/certificate_list.html",
        {"page_obj": paginate(request, certificates), "q": q},
    )


def certificate_list_queryset(request):
    certificates = Certificate.objects.visible_to(request.user).for_list()
    return search(certificates, request.GET.get("q", "").strip(), "number", "volunteer__real_name")


@personal_data_required
def certificate_create(request, volunteer_pk):
    volunteer = get_visible_or_404(Volunteer, request.user, pk=volunteer_pk)
    today = timezone.localdate()
    form = CertificateForm(
        request.POST or None,
        initial={"period_from": datetime.date(today.year, 1, 1), "period_to": today},
    )
    return action_page(
        request,
        form,
        lambda: services.certificate_issue(
            volunteer=volunteer, by=request.user, **form.cleaned_data
        ),
        template="includes/form_page.html",
        saved_message=lambda certificate: (
            _("已出具证明 %(number)s。") % {"number": certificate.number}
        ),
        done=lambda certificate: redirect("volunteers:certificate_detail", pk=certificate.pk),
        context={
            "title": _("为 %(name)s 出具志愿服务记录证明") % {"name": volunteer.real_name},
            "help": _("只计入已确认的服务时长；待确认和有异议的记录不计入。证明免费出具。"),
            "submit_label": _("出具证明"),
        },
    )


@personal_data_required
def certificate_detail(request, pk):
    """The printable A4 page. It shows only the stored snapshot, so a reprint is identical."""
    certificate = get_visible_or_404(
        Certificate.objects.only("pk", "number", "snapshot", "volunteer_id"), request.user, pk=pk
    )
    return render(
        request,
        "volunteers/certificate_detail.html",
        {"certificate": certificate, "data": certificate.snapshot},
    )
