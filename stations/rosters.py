"""Writing the roster over time (issue 16): `roster_record` keeps a person's `StaffTerm`s in step
with their role, rooms and certificate. The admin calls it after saving a staff account, the demo
after seeding one; reports read the terms (stations.staff_figures)."""

import datetime

from django.db import transaction

from stations.models import ROSTER_ROLES, Role, StaffTerm, User


def _places(user: User) -> set[tuple]:
    """(station, role, room, certification) of each term the person's current state calls for."""
    if not user.is_active or user.role not in ROSTER_ROLES or user.station_id is None:
        return set()
    room_ids = list(user.rooms.filter(station_id=user.station_id).values_list("pk", flat=True))
    if user.role == Role.STATION_STAFF or not room_ids:
        room_ids = [None]
    return {(user.station_id, user.role, room_id, user.certification) for room_id in room_ids}


def roster_record(*, user: User, effective_on: datetime.date | None) -> list[StaffTerm]:
    """Bring `user`'s terms in step with their role, rooms, certificate and activity from
    `effective_on` (None: from before the records began). Open terms that no longer hold end the
    day before; new ones begin on that day; terms that still hold are kept as they are, so a
    second call changes nothing. A term begun on `effective_on` itself that no longer holds was a
    same-day correction and is dropped. Returns the open terms."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        wanted = _places(user)
        open_terms = list(StaffTerm.objects.open().filter(user=user))
        kept = set()
        for term in open_terms:
            place = (term.station_id, term.role, term.room_id, term.certification)
            if place in wanted and place not in kept:
                kept.add(place)
                continue
            if effective_on is None or (term.started_on and term.started_on >= effective_on):
                term.delete()
            else:
                term.ended_on = effective_on - datetime.timedelta(days=1)
                term.save(update_fields=["ended_on"])
        StaffTerm.objects.bulk_create(
            StaffTerm(
                user=user,
                station_id=station_id,
                role=role,
                room_id=room_id,
                certification=certification,
                started_on=effective_on,
            )
            for station_id, role, room_id, certification in sorted(
                wanted - kept, key=lambda place: (place[2] is not None, place[2] or 0)
            )
        )
        return list(StaffTerm.objects.open().filter(user=user))
