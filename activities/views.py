import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities import services
from activities.figures import unrecorded_forces
from activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    ExchangeVisitForm,
    MediaReportForm,
    NeedsAssessmentForm,
    SeriesForm,
)
from activities.models import (
    Activity,
    ActivityAttachment,
    ActivitySeries,
    AttachmentKind,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from stations.access import get_visible_or_404, is_station_staff, visible_rooms
from stations.aggregates import day_range
from stations.concurrency import form_data
from stations.forms import ServedTagsFilter
from stations.listing import paginate, search
from stations.views_base import (
    action_page,
    filter_rows,
    filtered_list_page,
    form_page,
    personal_data_required,
    record_edit_page,
    signin_tap,
)


def get_activity_for_user(user, pk, *, write=False) -> Activity:
    """The activity if `user` may see it, else Http404; PermissionDenied if `write` and read-only."""
    activity = get_visible_or_404(Activity.objects.select_related("series"), user, pk=pk)
    if write and not services.can_edit_activity(user, activity):
        raise PermissionDenied
    return activity


def filter_activities(activities, data):
    activities = search(activities, data.get("q"), "title", "place", "content")
    if data.get("room"):
        activities = activities.in_rooms([data["room"]])
    if data.get("activity_type"):
        activities = activities.filter(activity_type=data["activity_type"])
    activities = ServedTagsFilter.apply(activities, data)
    if data.get("series"):
        activities = activities.filter(series=data["series"])
    # Local days as a range of date-times (day_range), which the index on starts_at serves.
    if data.get("date_from"):
        start, _end = day_range(data["date_from"], data["date_from"])
        activities = activities.filter(starts_at__gte=start)
    if data.get("date_to"):
        _start, end = day_range(data["date_to"], data["date_to"])
        activities = activities.filter(starts_at__lt=end)
    return activities


@personal_data_required
def activity_list(request):
    form, activities = activity_list_queryset(request)
    return filtered_list_page(
        request, "activities/activity_list.html", form, activities, "activities", 20
    )


def activity_list_queryset(request):
    """The list's filter form and its ordered rows (shared with the list's export)."""
    form = ActivityFilterForm(request.GET or None, user=request.user)
    activities = Activity.objects.visible_to(request.user).for_list()
    activities = filter_rows(form, activities, filter_activities)
    return form, activities.order_by("-starts_at", "-pk")


@personal_data_required
def activity_create(request):
    initial = {"organisers": [request.user.pk]}
    if request.GET.get("series"):
        initial["series"] = request.GET["series"]
    own_rooms = list(visible_rooms(request.user).values_list("pk", flat=True)[:2])
    if len(own_rooms) == 1:
        initial["rooms"] = own_rooms
    form = ActivityForm(request.POST or None, user=request.user, initial=initial)
    return action_page(
        request,
        form,
        lambda: services.activity_create(data=form_data(form), by=request.user),
        template="activities/activity_form.html",
        saved_message=_("活动已保存。"),
        done=lambda activity: redirect("activities:detail", pk=activity.pk),
    )


@personal_data_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    participants = list(activity_signins_queryset(request, activity))
    signed_total = activity.participants.count()
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "rooms": list(activity.rooms.all()),
            "partner_units": list(activity.partner_units.all()),
            "organisers": list(activity.organisers.all()),
            "participants": participants,
            "signed_total": signed_total,
            "direct_total": activity.direct_participant_count + signed_total,
            "attachments": list(activity.attachments.all()),
            "needs": list(activity.needs_assessments.visible_to(request.user)),
            "can_edit": services.can_edit_activity(request.user, activity),
            "attachment_form": AttachmentForm(),
            "unrecorded_forces": [force.label for force in unrecorded_forces(activity)],
        },
    )


def activity_signins_queryset(request, activity):
    """The residents signed in at the activity whom the user may see (shared with the export)."""
    return (
        activity.participants.filter(pk__in=visible_residents_ids(request.user))
        .select_related("room")
        .order_by("real_name", "pk")
    )


def visible_residents_ids(user):
    from stations.models import Resident

    return Resident.objects.visible_to(user).values("pk")


@personal_data_required
def activity_edit(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    hidden_rooms = list(
        activity.rooms.exclude(pk__in=visible_rooms(request.user).values("pk")).values_list(
            "pk", flat=True
        )
    )
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if hidden_rooms:
        form.fields["rooms"].required = False
    return record_edit_page(
        request,
        form,
        activity,
        services.activity_update,
        name="activity",
        detail_url="activities:detail",
        template="activities/activity_form.html",
        saved_message=_("活动已保存。"),
    )


SIGNIN_PAGE_SIZE = 50


def _signin_back(request, activity) -> str:
    """The sign-in page on the search and page the tap came from."""
    back = reverse("activities:signin", args=[activity.pk])
    params = {
        name: request.POST[name] for name in ("q", "page") if request.POST.get(name, "").strip()
    }
    return f"{back}?{urlencode(params)}" if params else back


@personal_data_required
def activity_signin(request, pk):
    """The residents' sign-in of an activity, the way a group session signs in: one tap per
    resident, saved at once (`present=1` signs in, `present=0` takes it back, so a repeated tap is
    harmless), with a search by name, pseudonym or room and pages of 50 that lose nothing when
    the page changes. With htmx the tapped button is swapped in place; without, the page reloads
    on the same search and page."""
    activity = get_activity_for_user(request.user, pk)
    if request.method == "POST":
        return signin_tap(
            request,
            lambda present: services.activity_attendance_set(
                activity=activity,
                resident_id=request.POST.get("resident"),
                present=present,
                by=request.user,
            ),
            button=lambda resident, signed_in: render(
                request,
                "activities/_signin_button.html",
                {
                    "activity": activity,
                    "resident": resident,
                    "signed_ids": {resident.pk} if signed_in else set(),
                    "signed_total": activity.participants.count(),
                    "can_edit": True,
                    "oob": True,
                },
            ),
            back=_signin_back(request, activity),
        )
    query = request.GET.get("q", "").strip()
    candidates = services.candidate_residents(activity, request.user).select_related("room")
    candidates = search(candidates, query, "real_name", "pseudonym", "room__name")
    page_obj = paginate(
        request, candidates.order_by("room__order", "real_name", "pk"), SIGNIN_PAGE_SIZE
    )
    page_ids = [resident.pk for resident in page_obj.object_list]
    signed_ids = set(activity.participants.filter(pk__in=page_ids).values_list("pk", flat=True))
    return render(
        request,
        "activities/activity_signin.html",
        {
            "activity": activity,
            "page_obj": page_obj,
            "candidates": page_obj.object_list,
            "signed_ids": signed_ids,
            "signed_total": activity.participants.count(),
            "query": query,
            "can_edit": True,
        },
    )


@require_POST
@personal_data_required
def attachment_upload(request, pk):
    activity = get_activity_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(activity=activity, data=form_data(form), by=request.user)
        messages.success(request, _("已上传。"))
    else:
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, _("上传失败：%(errors)s") % {"errors": " ".join(errors)})
    return redirect("activities:detail", pk=activity.pk)


@personal_data_required
def attachment_download(request, pk):
    """Photos and files are never at a public URL: each request is checked against the activity."""
    attachment = get_visible_or_404(ActivityAttachment, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(attachment.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        handle,
        as_attachment=attachment.kind != AttachmentKind.PHOTO,
        filename=attachment.original_name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@personal_data_required
def attachment_delete(request, pk):
    """Remove a photo or file uploaded by mistake (a child's face): whoever may edit the
    activity may delete it; the stored file goes too."""
    attachment = get_visible_or_404(
        ActivityAttachment.objects.select_related("activity"), request.user, pk=pk
    )
    services.attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("已删除“%(name)s”。") % {"name": attachment.original_name})
    return redirect("activities:detail", pk=attachment.activity_id)


@personal_data_required
def series_list(request):
    query = request.GET.get("q", "").strip()
    page_obj = paginate(request, series_list_queryset(request), 20)
    return render(
        request,
        "activities/series_list.html",
        {"page_obj": page_obj, "series_list": page_obj.object_list, "query": query},
    )


def series_list_queryset(request):
    """The list's rows with their totals (shared with the list's export)."""
    series = ActivitySeries.objects.visible_to(request.user).with_totals()
    series = search(series, request.GET.get("q", "").strip(), "name")
    return series.order_by("-start_date", "name")


@personal_data_required
def series_create(request):
    form = SeriesForm(request.POST or None, station_id=request.user.station_id)
    if request.method == "POST" and form.is_valid():
        series = services.series_create(data=form_data(form), by=request.user)
        messages.success(request, _("系列/项目已创建。"))
        return redirect("activities:series_detail", pk=series.pk)
    return render(request, "activities/series_form.html", {"form": form})


def get_series_for_user(user, pk) -> ActivitySeries:
    return get_visible_or_404(ActivitySeries.objects.with_totals(), user, pk=pk)


def series_activities_queryset(request, series):
    """The series' activities the user may see, in date order (shared with the export)."""
    return (
        Activity.objects.visible_to(request.user)
        .for_list()
        .filter(series=series)
        .order_by("starts_at", "pk")
    )


@personal_data_required
def series_detail(request, pk):
    series = get_series_for_user(request.user, pk)
    page_obj = paginate(request, series_activities_queryset(request, series), 30)
    return render(
        request,
        "activities/series_detail.html",
        {"series": series, "page_obj": page_obj, "activities": page_obj.object_list},
    )


@personal_data_required
def needs_list(request):
    query = request.GET.get("q", "").strip()
    room = request.GET.get("room")
    page_obj = paginate(request, needs_list_queryset(request), 20)
    return render(
        request,
        "activities/needs_list.html",
        {
            "page_obj": page_obj,
            "assessments": page_obj.object_list,
            "query": query,
            "rooms": list(visible_rooms(request.user).order_by("order", "pk")),
            "room": room,
        },
    )


def needs_list_queryset(request):
    """The list's rows under its search and room (shared with the list's export)."""
    assessments = NeedsAssessment.objects.visible_to(request.user).select_related("room")
    assessments = search(assessments, request.GET.get("q", "").strip(), "title", "findings")
    room = request.GET.get("room")
    if room and room.isdigit():
        assessments = assessments.filter(room_id=room)
    return assessments.order_by("-assessed_on", "pk")


@personal_data_required
def needs_create(request):
    form = NeedsAssessmentForm(request.POST or None, user=request.user)
    return action_page(
        request,
        form,
        lambda: services.needs_create(data=form_data(form), by=request.user),
        template="activities/needs_form.html",
        saved_message=_("需求评估已保存。"),
        done=lambda assessment: redirect("activities:needs_detail", pk=assessment.pk),
    )


def get_needs_for_user(user, pk, *, write=False):
    assessment = get_visible_or_404(NeedsAssessment.objects.select_related("room"), user, pk=pk)
    if write and assessment.room_id is None and not is_station_staff(user):
        raise PermissionDenied
    return assessment


@personal_data_required
def needs_detail(request, pk):
    assessment = get_needs_for_user(request.user, pk)
    return render(request, "activities/needs_detail.html", needs_context(request, assessment))


def needs_context(request, assessment) -> dict:
    """What the assessment's page and its printed sheet (registers) show: its dimensions, each
    with its label, and the activities it led to that the user may see. One query."""
    return {
        "assessment": assessment,
        "dimensions": [
            (NeedsAssessment._meta.get_field(name).verbose_name, getattr(assessment, name))
            for name in NeedsAssessment.DIMENSIONS
        ],
        "activities": list(assessment.activities.visible_to(request.user).order_by("starts_at")),
    }


@personal_data_required
def needs_edit(request, pk):
    assessment = get_needs_for_user(request.user, pk, write=True)
    form = NeedsAssessmentForm(request.POST or None, instance=assessment, user=request.user)
    return record_edit_page(
        request,
        form,
        assessment,
        services.needs_update,
        name="assessment",
        detail_url="activities:needs_detail",
        template="activities/needs_form.html",
        saved_message=_("需求评估已保存。"),
    )


@personal_data_required
def outreach(request):
    return _outreach_list(request, "activities/outreach.html", media_list_queryset, "reports")


def media_list_queryset(request):
    """The media reports under the page's search (shared with the list's export)."""
    reports = MediaReport.objects.visible_to(request.user).select_related("room", "activity")
    reports = search(reports, request.GET.get("q", "").strip(), "title", "outlet")
    return reports.order_by("-published_on", "pk")


@personal_data_required
def exchange_list(request):
    return _outreach_list(
        request, "activities/exchange_list.html", exchange_list_queryset, "exchanges"
    )


def _outreach_list(request, template, queryset, name):
    """A list of outreach records (media reports, exchange visits): the page of `queryset(request)`
    under the search `q`, its rows under `name`, each marked editable or not."""
    query = request.GET.get("q", "").strip()
    page_obj = paginate(request, queryset(request), 20)
    return render(
        request,
        template,
        {"page_obj": page_obj, name: mark_editable(request.user, page_obj), "query": query},
    )


def exchange_list_queryset(request):
    """The list's rows (shared with the list's export)."""
    visits = ExchangeVisit.objects.visible_to(request.user).select_related("room")
    visits = search(visits, request.GET.get("q", "").strip(), "counterpart", "topics")
    return visits.order_by("-visited_on", "-pk")


def mark_editable(user, page_obj) -> list:
    """The page's rows, each with `can_edit` (the rule of get_outreach_for_user), for the edit
    links: one query for the user's rooms, whatever the number of rows."""
    rows = list(page_obj.object_list)
    room_ids = set(visible_rooms(user).values_list("pk", flat=True)) if rows else set()
    for row in rows:
        row.can_edit = (row.room_id in room_ids) if row.room_id else is_station_staff(user)
    return rows


def get_outreach_for_user(user, model, pk, *, write=False):
    """A media report or exchange visit: every personal-data user of the station sees it, but
    only the people of its room change it (Http404 for another room's record, so an edit link
    cannot be guessed); a station-wide record (no room) is changed by station staff only."""
    record = get_visible_or_404(model, user, pk=pk)
    if write:
        if record.room_id is None:
            if not is_station_staff(user):
                raise PermissionDenied
        elif not visible_rooms(user).filter(pk=record.room_id).exists():
            raise Http404
    return record


def _outreach_views(model, form_class, titles, list_url):
    """The create and edit views of an outreach record (a media report, an exchange visit): they
    differ only by model, form, titles (create, edit) and the list they go back to."""

    @personal_data_required
    def create(request):
        form = form_class(request.POST or None, user=request.user)
        return _outreach_form(request, form, titles[0], list_url)

    @personal_data_required
    def edit(request, pk):
        record = get_outreach_for_user(request.user, model, pk, write=True)
        form = form_class(request.POST or None, instance=record, user=request.user)
        return _outreach_form(request, form, titles[1], list_url)

    return create, edit


media_create, media_edit = _outreach_views(
    MediaReport,
    MediaReportForm,
    (gettext_lazy("登记宣传报道"), gettext_lazy("修改宣传报道")),
    "activities:outreach",
)
exchange_create, exchange_edit = _outreach_views(
    ExchangeVisit,
    ExchangeVisitForm,
    (gettext_lazy("登记交流访问"), gettext_lazy("修改交流访问")),
    "activities:exchange_list",
)


def _outreach_form(request, form, title, list_url):
    editing = form.instance.pk is not None
    return form_page(
        request,
        form,
        lambda data, version: services.outreach_save(
            model=form._meta.model,
            record=form.instance if editing else None,
            version=version,
            data=data,
            by=request.user,
        ),
        template="activities/outreach_form.html",
        saved_message=_("已保存。") if editing else _("已登记。"),
        done=lambda saved: redirect(list_url),
        context={"title": title, "list_url": list_url},
    )
