"""Guards for views that show personal data. Officials and users without a role get 403."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _

from stations.access import can_see_personal_data, is_supervisor
from stations.concurrency import EditConflict, form_data, show_conflict
from stations.listing import paginate
from stations.models import Station


def user_station(user):
    """The station whose registry the user writes to (the superuser: the first one)."""
    if user.station_id:
        return user.station
    return Station.objects.order_by("pk").first()


def personal_data_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_personal_data(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def supervisor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_supervisor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def add_refusal(form, refusal: ValidationError) -> None:
    """A service's refusal on `form`: each message on its field where the form has that field,
    the others above the form."""
    if hasattr(refusal, "error_dict"):
        for field, field_messages in refusal.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, refusal.messages)


def action_page(
    request,
    form,
    act,
    *,
    template,
    saved_message,
    done,
    context=None,
    refused=ValidationError,
    conflict_status=200,
):
    """The page of a form whose valid submission runs `act()`, one service call.

    What `act` returns is `saved`: the page then says `saved_message` (or `saved_message(saved)`)
    and returns `done(saved)` (a redirect). An exception of a class in `refused` (a service's
    refusal) is shown on the form (`add_refusal`), the input kept; an `EditConflict` re-renders
    `template` with `conflict` (answered with `conflict_status`). `context`: the template's other
    variables, or a function returning them (called only when the page is rendered, for values
    that cost a query)."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = act()
        except refused as refusal:
            add_refusal(form, refusal)
        except EditConflict as error:
            conflict = error
        else:
            messages.success(
                request, saved_message(saved) if callable(saved_message) else saved_message
            )
            return done(saved)
    if callable(context):
        context = context()
    return render(
        request,
        template,
        {"form": form, "conflict": conflict, **(context or {})},
        status=conflict_status if conflict is not None else 200,
    )


def save_versioned_form(form, save):
    """The one way a view saves a valid versioned form: `save(data, version)` calls the service.

    `data` holds the cleaned model fields (see `stations.concurrency.form_data`), `version` the
    version the user started from. When someone else saved meanwhile, the form gets the conflict
    message and the current version, and the `EditConflict` is raised on (its `changed_fields`
    are shown above the re-rendered form)."""
    try:
        return save(form_data(form), form.cleaned_data.get("version"))
    except EditConflict as conflict:
        show_conflict(form, conflict)
        raise


def form_page(request, form, save, *, refused=ValidationError, **page):
    """`action_page` of a versioned form saved through `save(data, version)` (see
    `save_versioned_form`)."""
    return action_page(
        request, form, lambda: save_versioned_form(form, save), refused=refused, **page
    )


def record_edit_page(request, form, record, update, *, name, detail_url, context=None, **page):
    """`form_page` of an edit of `record` through its service, `update(<name>=record, version=,
    data=, by=)`, then back to `detail_url` (a URL name taking the record's pk). The template sees
    the record as `name`, with `context`; `page`: form_page's other arguments."""
    return form_page(
        request,
        form,
        lambda data, version: update(**{name: record}, version=version, data=data, by=request.user),
        done=lambda saved: redirect(detail_url, pk=record.pk),
        context={name: record, **(context or {})},
        **page,
    )


def record_form_page(
    request,
    form,
    *,
    instance,
    create,
    update,
    titles,
    saved_message,
    detail_url,
    refused=ValidationError,
    conflict_status=200,
    extra=None,
):
    """The page of a form that registers a record or edits `instance` (includes/form_page.html).

    A valid submission calls `create(data)` (no instance) or `update(data, version)` through
    `form_page`, then says `saved_message` and goes to `detail_url` (a URL name taking the pk).
    `titles`: (edit title, create title)."""

    def save(data, version):
        return create(data) if instance is None else update(data, version)

    return form_page(
        request,
        form,
        save,
        template="includes/form_page.html",
        saved_message=saved_message,
        done=lambda saved: redirect(detail_url, pk=saved.pk),
        context={"title": titles[0] if instance is not None else titles[1], **(extra or {})},
        refused=refused,
        conflict_status=conflict_status,
    )


def station_record_page(
    request, form_class, instance, *, create, update, record, with_user=True, **page
):
    """`record_form_page` for a record of a station's registry (an organization, a partner, a
    volunteer, a project): `form_class` is bound to the record's station (the user's for a new
    one) and, `with_user`, to the user; the services are `create(station=, data=, by=)` and
    `update(<record>=instance, version=, data=, by=)`. `page`: record_form_page's arguments."""
    station = instance.station if instance is not None else user_station(request.user)
    user = {"user": request.user} if with_user else {}
    form = form_class(request.POST or None, instance=instance, station=station, **user)
    return record_form_page(
        request,
        form,
        instance=instance,
        create=lambda data: create(station=station, data=data, by=request.user),
        update=lambda data, version: update(
            **{record: instance}, version=version, data=data, by=request.user
        ),
        **page,
    )


def run_service(request, call, success_message=None, *, form=None, invalid_message=""):
    """A button's service call, said in a message (the caller redirects): `call()` runs once
    `form` (if any) is valid, else `invalid_message` is the refusal; a refusal (ValidationError)
    is said as one error message, else `success_message` (if any). Returns whether it ran."""
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(invalid_message)
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if success_message:
        messages.success(request, success_message)
    return True


def plan_review(request, form, review, *, back):
    """A supervisor's decision on a submitted plan (a group's plan, a work plan), posted with
    `form` (`decision`: "approve" or "return"; `comment`): `review(approve, cleaned_data)` calls
    the service; the outcome is said in a message and the page goes back to the URL `back`.
    Anyone else gets 403."""
    if not is_supervisor(request.user):
        raise PermissionDenied
    run_service(
        request,
        lambda: review(form.cleaned_data["decision"] == "approve", form.cleaned_data),
        _("审核意见已保存。"),
        form=form,
        invalid_message=_("请选择审核结果。"),
    )
    return redirect(back)


def filter_rows(form, rows, apply):
    """`rows` under a list's filter `form` (bound to request.GET, or unbound for no filter):
    `apply(rows, cleaned_data)`. An invalid filter (a malformed date) shows its error and is
    dropped; the valid ones, the search text among them, still apply."""
    if form.is_bound:
        form.is_valid()
        rows = apply(rows, form.cleaned_data)
    return rows


def filtered_list_page(request, template, form, rows, name, per_page):
    """A list page: the filter form (`filter_form`) and the page of `rows`, also under `name`."""
    page_obj = paginate(request, rows, per_page)
    return render(
        request, template, {"filter_form": form, "page_obj": page_obj, name: page_obj.object_list}
    )


def signin_tap(request, mark, *, button, back):
    """A tap on a sign-in button, which posts the state it asks for (`present=1` signs in,
    `present=0` takes the sign-in back, so that a repeated tap is harmless): `mark(present)` calls
    the service. With htmx the answer is `button(*what_mark_returned)`, the tapped button swapped
    in place, or an alert (400) for a refusal; without, a refusal is said, and either way the page
    reloads at the URL `back`."""
    try:
        present = request.POST.get("present")
        if present not in ("0", "1"):
            raise ValidationError(_("签到数据无效，请刷新页面后重试。"))
        marked = mark(present == "1")
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(
                format_html('<div class="alert alert-danger">{}</div>', " ".join(error.messages)),
                status=400,
            )
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if request.htmx:
        return button(*marked)
    return redirect(back)


def station_record_views(form_class, *, get, extra=None, **page):
    """The create and edit views of a record of a station's registry, which differ only by form,
    services and wording (`station_record_page(**page)`): `get(request, pk)` reads the record to
    edit (Http404 or PermissionDenied as the user may), `extra(request)` the page's other
    variables."""

    def form_view(request, instance):
        context = extra(request) if extra else None
        return station_record_page(request, form_class, instance, extra=context, **page)

    @personal_data_required
    def create(request):
        return form_view(request, None)

    @personal_data_required
    def edit(request, pk):
        return form_view(request, get(request, pk))

    return create, edit
