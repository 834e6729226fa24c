"""Querysets shared by the models of every app."""

from django.db import models


class RoomScopedQuerySet(models.QuerySet):
    """Rows that reach a room: `visible_to(user)` keeps the rows in a room `user` may see (see
    `stations.access.scope_to_rooms`); none for officials or users without rooms.

    A subclass declares how its rows reach their room: `room_paths`, several for rows that point
    at a room in more than one way (a beneficiary's resident or household); `station_field` for
    rows that may belong to a whole station (no room), visible then to its personal-data users;
    `distinct_rows` for a path that crosses a many-to-many relation (an activity of two rooms).
    """

    room_paths: tuple[str, ...] = ("room",)
    station_field: str | None = None
    distinct_rows: bool = False

    def visible_to(self, user):
        # Imported here: stations.access imports the models that use this queryset.
        from stations.access import scope_to_rooms

        return scope_to_rooms(
            self,
            user,
            *self.room_paths,
            station_field=self.station_field,
            distinct=self.distinct_rows,
        )
