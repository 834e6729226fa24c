"""Guards for views that show personal data. Officials and users without a role get 403."""

from functools import wraps

from django.core.exceptions import PermissionDenied

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
