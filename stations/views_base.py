"""Guards for views that show personal data. Officials and users without a role get 403."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from stations.access import can_see_personal_data, is_supervisor
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


class PersonalDataRequiredMixin(AccessMixin):
    def dispatch(self, request, *args, **kwargs):
        if not can_see_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SupervisorRequiredMixin(AccessMixin):
    def dispatch(self, request, *args, **kwargs):
        if not is_supervisor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
