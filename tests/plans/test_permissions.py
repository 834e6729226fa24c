"""Every plans URL × persona."""

import pytest

from tests.permissions import (
    ANON,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    expand,
    param_ids,
    run_row,
)

ANY_PERSONAL = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}

ROWS = [
    Row("plans:overdue_visits", ANY_PERSONAL),
    Row("plans:overdue_visits", ANY_PERSONAL, query="min_days=3&sort=days", note="filtered"),
    Row("plans:overdue_visits", ANY_PERSONAL, query="print=1", note="print"),
]


@pytest.fixture
def objects(world):
    return {}


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
