"""The one place that says who may see what. Deny by default.

- Station staff (驻站社工/站长) see every room of their station.
- A room worker sees only the rooms they serve (none if they have none).
- A supervisor sees the rooms they supervise.
- An official sees aggregate pages only: no room's personal data, ever.
- A district official (区/县民政) reads the aggregate figures of every station of their district,
  side by side, and nothing else: no station's pages, no personal data.
- A superuser (the technical administrator) sees everything.
- Staff accounts: the superuser manages all; station staff the room workers and officials of
  their own station (`can_manage_account`).

Every list, detail page, form choice and admin page that shows personal data goes through
`scope_to_rooms()` or `scope_to_station()` (usually via a model's `QuerySet.visible_to(user)`; a
room-scoped QuerySet subclasses `stations.querysets.RoomScopedQuerySet` and names its room paths)
and, for one object, `get_visible_or_404()`. No model writes its own scope.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from stations.models.station import District, Role, Room, Station

PERSONAL_DATA_ROLES = {Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR}
ADMIN_ROLES = {Role.STATION_STAFF, Role.SUPERVISOR}


def can_see_personal_data(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.role in PERSONAL_DATA_ROLES


def can_use_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.role in ADMIN_ROLES


# The roles a station head may give and manage. Supervisor and station staff accounts stay with
# the technical superuser: a supervisor's approval (opening and closing a case, a group plan,
# restoring a resident) is the check on the station's own work, and a station head who could create
# or reset a supervisor's or another station head's account could sign off their own work.
STAFF_MANAGED_ROLES = (Role.ROOM_WORKER, Role.OFFICIAL)


def can_manage_staff(user) -> bool:
    """Add and change staff accounts: the superuser, and station staff for their own station."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (user.role == Role.STATION_STAFF and user.station_id is not None)


def can_manage_account(user, account) -> bool:
    """Change `account` (details, rooms, password, active or not). Station staff change the room
    workers and officials of their own station; never themselves, a superuser or another station's."""
    if not can_manage_staff(user):
        return False
    if user.is_superuser:
        return True
    return (
        not account.is_superuser
        and account.pk != user.pk
        and account.station_id == user.station_id
        and account.role in STAFF_MANAGED_ROLES
    )


def is_station_staff(user) -> bool:
    """Station staff (and the superuser) keep records that belong to the whole station."""
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user.role == Role.STATION_STAFF
    )


def can_manage_terms(user) -> bool:
    """The shared code lists (stations.models.Term) serve every station of the deployment: only
    station staff and the superuser change them, not supervisors."""
    return bool(getattr(user, "is_active", False)) and is_station_staff(user)


def is_supervisor(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user.role == Role.SUPERVISOR
    )


def can_see_history(user) -> bool:
    """The change history and the read log of a record: supervisors and station staff (of the
    rooms they see), never room workers or officials."""
    return is_supervisor(user) or is_station_staff(user)


def can_see_reports(user) -> bool:
    """Aggregate figures: everyone with a role. Room workers see their rooms' figures only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(user.role)


def is_district_official(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.DISTRICT_OFFICIAL
        and user.district_id is not None
    )


def visible_districts(user) -> QuerySet:
    """Districts whose stations' figures `user` may read side by side: a district official their
    own, the superuser every one. Station staff, supervisors and officials of one station: none
    (a station head sees only their own station)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return District.objects.none()
    if user.is_superuser:
        return District.objects.all()
    if is_district_official(user):
        return District.objects.filter(pk=user.district_id)
    return District.objects.none()


def visible_stations(user) -> QuerySet:
    """Stations whose aggregate figures `user` may read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Station.objects.none()
    if user.is_superuser:
        return Station.objects.all()
    if not user.role or user.station_id is None:
        return Station.objects.none()
    return Station.objects.filter(pk=user.station_id)


def visible_rooms(user) -> QuerySet:
    """Rooms whose records (and people) `user` may see. Lazy: usable as a subquery."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Room.objects.none()
    if user.is_superuser:
        return Room.objects.all()
    if user.role == Role.STATION_STAFF and user.station_id:
        return Room.objects.filter(station_id=user.station_id)
    if user.role in (Role.ROOM_WORKER, Role.SUPERVISOR):
        return Room.objects.filter(staff=user, station_id=user.station_id)
    return Room.objects.none()


def report_rooms(user) -> QuerySet:
    """Rooms whose aggregate figures `user` may read: officials read the whole station."""
    if getattr(user, "is_authenticated", False) and user.role == Role.OFFICIAL and user.station_id:
        return Room.objects.filter(station_id=user.station_id)
    return visible_rooms(user)


def scope_to_rooms(
    queryset: QuerySet, user, *room_fields: str, station_field=None, distinct: bool = False
):
    """Filter `queryset` to rows that reach a room `user` may see through any of `room_fields`
    (default `"room"`; several paths for rows that point at a room in more than one way, such as
    `"resident__room", "household__room"`).

    With `station_field`, rows that belong to a whole station (first room path empty, station
    set) are visible to every personal-data user of that station. With `distinct`, for a path that
    crosses a many-to-many relation, the rows are chosen by primary key in a subquery, so that a
    row of two rooms appears once and the queryset stays usable with annotations and aggregates.
    Officials and users without rooms get nothing.
    """
    if not can_see_personal_data(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    room_fields = room_fields or ("room",)
    rooms = visible_rooms(user).values("pk")
    condition = Q()
    for room_field in room_fields:
        condition |= Q(**{f"{room_field}__in": rooms})
    if station_field:
        condition |= Q(**{f"{room_fields[0]}__isnull": True, station_field: user.station_id})
    if distinct:
        return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def scope_to_station(
    queryset: QuerySet, user, station_field: str = "station", *, aggregates: bool = False
):
    """Filter `queryset` to rows of the user's station, for personal-data users only (officials
    get nothing): records that belong to the whole station rather than to a room (visit intervals,
    activity series, outreach, a fund's donations), or that name people without a room.

    With `aggregates`, for rows that hold no personal data (funds, ledger entries), rows of every
    station whose figures the user may read (`visible_stations`): officials included."""
    if aggregates:
        return queryset.filter(**{f"{station_field}__in": visible_stations(user)})
    if not can_see_personal_data(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(**{station_field: user.station_id})


def get_visible_or_404(queryset, user, **lookup):
    """The object if `user` may see it, else Http404 (a stranger must not learn it exists).

    `queryset` is a model or queryset whose QuerySet has `visible_to(user)`; the scoping is applied
    here so that a view cannot fetch personal data without it. Applying it twice is harmless.
    """
    if hasattr(queryset, "_default_manager"):
        queryset = queryset._default_manager.all()
    if not hasattr(queryset, "visible_to"):
        raise TypeError(f"{queryset.model.__name__} has no visible_to(user): scope it first")
    try:
        return get_object_or_404(queryset.visible_to(user), **lookup)
    except (ValueError, ValidationError) as error:
        # A malformed key from a URL parameter (?resident=abc) names no record: 404, not 500.
        raise Http404 from error
