"""Guards for views that show personal data. Officials and users without a role get 403."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from stations.access import can_see_personal_data, is_supervisor
from stations.concurrency import EditConflict, form_data, show_conflict
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


def save_form(form, save):
    """The one way a view saves a valid versioned form: `save(data, version)` calls the service.

    `data` holds the cleaned model fields (see `stations.concurrency.form_data`), `version` the
    version the user started from. Returns `(saved, None)`, or `(None, conflict)` when someone else
    saved meanwhile: the form then carries the conflict message and the current version, and the
    view re-renders it with `conflict` (its `changed_fields` are shown above the form).
    """
    try:
        return save(form_data(form), form.cleaned_data.get("version")), None
    except EditConflict as conflict:
        show_conflict(form, conflict)
        return None, conflict


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
    refused=(),
    conflict_status=200,
    extra=None,
):
    """The page of a form that registers a record or edits `instance` (includes/form_page.html).

    A valid submission calls `create(data)` (no instance) or `update(data, version)` through
    `save_form`, then says `saved_message` and goes to `detail_url` (a URL name taking the pk).
    An edit conflict re-renders the form with the notice (answered with `conflict_status`); an
    exception of a class in `refused` (a service's refusal) becomes the form's error. `titles`:
    (edit title, create title)."""
    conflict = None
    if request.method == "POST" and form.is_valid():

        def save(data, version):
            return create(data) if instance is None else update(data, version)

        try:
            saved, conflict = save_form(form, save)
        except refused as refusal:
            form.add_error(None, refusal)
        else:
            if saved is not None:
                messages.success(request, saved_message)
                return redirect(detail_url, pk=saved.pk)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "conflict": conflict,
            "title": titles[0] if instance is not None else titles[1],
            **(extra or {}),
        },
        status=conflict_status if conflict is not None else 200,
    )
