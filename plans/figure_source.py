"""The seam between annual targets and the station report's figures (issue 12).

A target may name a figure of the station report ("casework.contacts"); its progress is that
figure's value so far this year. The report app reads every app, plans included, so plans does not
import it: the report hands its figures over here when the apps start (`reports/panels.py:
register()` calls `provide(...)`), and plans reads them only through `report_figures()`.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class FigureSource:
    # key → (label, definition) of every figure a target may name, in the report's order.
    definitions: Mapping[str, tuple[str, str]]
    # The figures the per-room table computes: the only ones a room's target may name.
    room_keys: Collection[str]
    # (*, stations, date_from, date_to, keys=None) → {station.pk: {key: value}}: the figures of
    # every station at once for the dates (a fixed number of queries, never one report per
    # station); with `keys`, only those, computed without the rest of the report.
    stations_values: Callable[..., dict]
    # (*, station, date_from, date_to, rooms, keys=None) → {room.pk: {key: value}}: the room
    # figures of every room at once (a fixed number of queries, never one report per room);
    # with `keys`, only those.
    room_values: Callable[..., dict]

    def label(self, key: str) -> str:
        return self.definitions[key][0]


_source: FigureSource | None = None


def provide(source: FigureSource) -> None:
    global _source
    _source = source


def report_figures() -> FigureSource:
    if _source is None:
        raise ImproperlyConfigured("no report figures provided: is the reports app installed?")
    return _source
