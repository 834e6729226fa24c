"""The permission table: URL × persona → expected status.

Each app lists its rows in tests/<app>/test_permissions.py as `ROWS = [Row(...), ...]` and runs
them with `run_row`. `tests/test_url_coverage.py` fails when a named URL has no row anywhere, so a
new view cannot ship without its access being pinned.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from tests.conftest import PERSONAS

# Short names for the personas, for compact tables.
ANON, STAFF, W1, W2, SUP, OFF, DIST = PERSONAS

# The Django admin: station staff and supervisors; everyone else is sent to the login page.
ADMIN_ONLY = {ANON: 302, STAFF: 200, W1: 302, W2: 302, SUP: 200, OFF: 302, DIST: 302}


def everyone(status, anonymous=302):
    return {
        ANON: anonymous,
        STAFF: status,
        W1: status,
        W2: status,
        SUP: status,
        OFF: status,
        DIST: status,
    }


def personal(own=200, other=404, official=403, anonymous=302):
    """A page about a record of room 1: staff, room 1's worker and the supervisor see it;
    room 2's worker gets `other` (404: it must not learn it exists); the officials `official`."""
    return {
        ANON: anonymous,
        STAFF: own,
        W1: own,
        W2: other,
        SUP: own,
        OFF: official,
        DIST: official,
    }


def district_default(expect: dict) -> int:
    """The district official where a row does not name them: they belong to no station, so they
    are refused (403) a page the township official may open, and otherwise get what the
    township official gets (403 for personal data, 404 for another station's record)."""
    official = expect[OFF]
    return 403 if official == 200 else official


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict  # persona → status; every persona must be named
    kwargs: Callable | None = None  # (world, objects) → URL kwargs
    method: str = "get"
    data: Callable | None = None  # (world, objects) → POST data
    query: str = ""
    note: str = ""
    login_redirect: bool = True  # anonymous 302 must lead to the login page
    setup: Callable | None = field(default=None, compare=False)

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expect) - {DIST}
        if missing:
            raise ValueError(f"{self.url_name}: no expected status for {sorted(missing)}")
        if DIST not in self.expect:
            object.__setattr__(self, "expect", {**self.expect, DIST: district_default(self.expect)})

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{' ' + self.note if self.note else ''}"


def expand(rows):
    """pytest parameters: one per row and persona."""
    return [(row, persona) for row in rows for persona in PERSONAS]


def param_ids(value):
    if isinstance(value, Row):
        return value.id
    return str(value)


def run_row(client, world, row: Row, persona: str, objects=None):
    """Request the row's URL as `persona` and return the response (no redirects followed)."""
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    kwargs = row.kwargs(world, objects) if row.kwargs else {}
    url = reverse(row.url_name, kwargs=kwargs) + (f"?{row.query}" if row.query else "")
    data = row.data(world, objects) if row.data else {}
    return getattr(client, row.method)(url, data)


def assert_status(response, row: Row, persona: str):
    expected = row.expect[persona]
    assert response.status_code == expected, (
        f"{row.id} as {persona}: expected {expected}, got {response.status_code}"
    )
    if persona == "anonymous" and expected == 302 and row.login_redirect:
        assert "login" in response["Location"]
