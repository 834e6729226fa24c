"""The seam between the residents list and casework's visit cadence (issue 19, item 5).

A resident's card on a phone shows the last home visit, the risk flag and the next contact (the
last visit plus the shortest visit interval of the resident's key populations, or the risk flag's
when shorter). Home visits and risk flags belong to casework, which the base app does not import:
casework hands its reader over here when the apps start (`cases/panels.py: register()` calls
`provide(...)`), and the residents list reads it only through `attach_visit_facts()`.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class VisitFacts:
    last_visit_at: datetime.datetime | None = None
    risk_level: str = ""  # the flag's level, already a label ("高"); empty when not flagged
    interval_days: int | None = None  # None: no cadence (no key population, no shorter flag)
    next_contact: datetime.date | None = None  # None with a cadence: never visited
    due: bool = False  # a cadence, and never visited or the next contact is today or past


# (resident ids) → {resident id: VisitFacts}, for the given residents only: one query whatever
# their number.
Reader = Callable[[list[int]], Mapping[int, VisitFacts]]

_reader: Reader | None = None
NO_FACTS = VisitFacts()


def provide(reader: Reader) -> None:
    global _reader
    _reader = reader


def attach_visit_facts(residents: Iterable) -> None:
    """Set `visit` (a `VisitFacts`) on each resident: one query for all of them, none when there
    are no residents or no casework app to ask."""
    residents = list(residents)
    facts = _reader([resident.pk for resident in residents]) if residents and _reader else {}
    for resident in residents:
        resident.visit = facts.get(resident.pk, NO_FACTS)
