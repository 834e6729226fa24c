"""The base (一个阵地) block of the station report: rooms, coverage and the people who work there.

The people are the roster of the period (issue 16): the staff terms (`StaffTerm`) in force on
the period's last day, with the role, room and certificate they held then, so a later change of
room or certificate leaves an earlier period's report as it was, and a period before anyone was
on the roster shows nobody. With `rooms`, only rooms and people linked to those rooms count:
resident station workers (驻站社工) belong to the station as a whole and count only for the whole
station.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from stations.aggregates import grouped, per_room
from stations.models import Certification, Role, Room, StaffTerm

SOCIAL_WORKER_ROLES = (Role.STATION_STAFF, Role.ROOM_WORKER)


def room_ids(rooms):
    """A subquery or list of primary keys for `rooms` (a queryset or an iterable of Room)."""
    if isinstance(rooms, QuerySet):
        return rooms.values("pk")
    return [room.pk for room in rooms]


def _terms(station, day) -> QuerySet:
    return StaffTerm.objects.filter(station=station).in_force_on(day)


def _room_counts(station, day) -> dict:
    has_active_worker = Exists(
        _terms(station, day).filter(room=OuterRef("pk"), role=Role.ROOM_WORKER)
    )
    return {
        "rooms": Count("pk"),
        "rooms_covered": Count("pk", filter=Q(has_active_worker)),
        "pilot_rooms": Count("pk", filter=Q(is_pilot=True)),
    }


def _rooms(station, rooms) -> QuerySet:
    room_rows = Room.objects.filter(station=station)
    if rooms is not None:
        room_rows = room_rows.filter(pk__in=room_ids(rooms))
    return room_rows


def _people(station, rooms, day) -> QuerySet:
    """The station's staff terms in force on `day`; with `rooms`, the room workers' and
    supervisors' terms in those rooms."""
    terms = _terms(station, day)
    if rooms is None:
        return terms.filter(role__in=[Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR])
    return terms.filter(
        role__in=[Role.ROOM_WORKER, Role.SUPERVISOR], room__in=_rooms(station, rooms).values("pk")
    )


CERTIFICATE_LEVELS = {
    "junior": Certification.JUNIOR,
    "intermediate": Certification.INTERMEDIATE,
    "senior": Certification.SENIOR,
}


def _people_counts() -> dict:
    """Distinct people: a room worker of two rooms holds two terms and counts once."""

    def people(condition):
        return Count("user", distinct=True, filter=condition)

    counts = {
        "station_workers": people(Q(role=Role.STATION_STAFF)),
        "room_workers": people(Q(role=Role.ROOM_WORKER)),
        "supervisors": people(Q(role=Role.SUPERVISOR)),
    }
    for key, level in CERTIFICATE_LEVELS.items():
        counts[key] = people(Q(role__in=SOCIAL_WORKER_ROLES, certification=level))
        counts[f"room_{key}"] = people(Q(role=Role.ROOM_WORKER, certification=level))
        counts[f"station_{key}"] = people(Q(role=Role.STATION_STAFF, certification=level))
    return counts


def _base(room_counts: dict, people_counts: dict) -> dict:
    total = room_counts["rooms"]
    return {
        "rooms": total,
        "rooms_covered": room_counts["rooms_covered"],
        "coverage_percent": round(100 * room_counts["rooms_covered"] / total, 1) if total else 0.0,
        "pilot_rooms": room_counts["pilot_rooms"],
        "station_workers": people_counts["station_workers"],
        "room_workers": people_counts["room_workers"],
        "supervisors": people_counts["supervisors"],
        "certified": {
            **{key: people_counts[key] for key in CERTIFICATE_LEVELS},
            # Added after the contract's keys (issue 16): the two parts of the counts above.
            "room_workers": {key: people_counts[f"room_{key}"] for key in CERTIFICATE_LEVELS},
            "station_staff": {key: people_counts[f"station_{key}"] for key in CERTIFICATE_LEVELS},
        },
    }


def base_figures(*, station, date_from, date_to, rooms=None) -> dict:
    """Rooms, coverage (rooms with a room worker on the roster ÷ rooms), staff by role,
    certificates: the roster on `date_to`. Two queries, whatever the number of rooms and users.
    """
    return _base(
        _rooms(station, rooms).aggregate(**_room_counts(station, date_to)),
        _people(station, rooms, date_to).aggregate(**_people_counts()),
    )


def base_figures_by_room(*, station, date_from, date_to, rooms) -> dict:
    """{room pk: base_figures(rooms=[room])} for each of `rooms`, in two queries. A person linked
    to several rooms counts in each of them."""
    room_counts = per_room(_rooms(station, rooms), "pk", _room_counts(station, date_to), rooms)
    people_counts = per_room(_people(station, rooms, date_to), "room", _people_counts(), rooms)
    return {pk: _base(room_counts[pk], people_counts[pk]) for pk in room_counts}


def base_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: base_figures(station=station)} for each of `stations`, in two queries (the
    district page, issue 16)."""
    keys = [station.pk for station in stations]
    terms = StaffTerm.objects.in_force_on(date_to)
    has_active_worker = Exists(
        terms.filter(room=OuterRef("pk"), role=Role.ROOM_WORKER, station=OuterRef("station"))
    )
    room_counts = grouped(
        Room.objects.filter(station__in=keys),
        "station",
        {
            "rooms": Count("pk"),
            "rooms_covered": Count("pk", filter=Q(has_active_worker)),
            "pilot_rooms": Count("pk", filter=Q(is_pilot=True)),
        },
        keys,
    )
    people = terms.filter(
        station__in=keys, role__in=[Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR]
    )
    people_counts = grouped(people, "station", _people_counts(), keys)
    return {pk: _base(room_counts[pk], people_counts[pk]) for pk in keys}
