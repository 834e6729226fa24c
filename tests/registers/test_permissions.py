import pytest

from registers.lists import LISTS
from tests.activities.factories import ActivityFactory, NeedsAssessmentFactory
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

# A list's export is its list: every personal-data role gets its own rows, officials 403.
EXPORT = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}
# A full (unmasked) export: station staff and supervisors only.
FULL = {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 200, OFF: 403}

PERSONAL = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}

ROWS = [
    Row("registers:index", PERSONAL),
    Row("registers:register", PERSONAL, kwargs=lambda w, o: {"key": "cases"}, note="form"),
    Row(
        "registers:register",
        PERSONAL,
        kwargs=lambda w, o: {"key": "home-visits"},
        query="month=2022-06&format=print",
        note="print",
    ),
    Row(
        "registers:activity_signin_sheet",
        {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403},
        kwargs=lambda w, o: {"pk": ActivityFactory(station=w.station, rooms=[w.room1, w.room2]).pk},
        note="activity of both rooms",
    ),
    Row(
        "registers:activity_signin_sheet",
        {ANON: 302, STAFF: 200, W1: 200, W2: 404, SUP: 200, OFF: 403},
        kwargs=lambda w, o: {"pk": ActivityFactory(station=w.station, rooms=[w.room1]).pk},
        note="room 1 activity",
    ),
    Row(
        "registers:activity_record_sheet",
        {ANON: 302, STAFF: 200, W1: 200, W2: 404, SUP: 200, OFF: 403},
        kwargs=lambda w, o: {"pk": ActivityFactory(station=w.station, rooms=[w.room1]).pk},
    ),
    Row(
        "registers:needs_assessment_sheet",
        {ANON: 302, STAFF: 200, W1: 200, W2: 404, SUP: 200, OFF: 403},
        kwargs=lambda w, o: {"pk": NeedsAssessmentFactory(station=w.station, room=w.room1).pk},
    ),
] + [
    row
    for key in LISTS
    for row in (
        Row(
            "registers:list_export",
            EXPORT,
            kwargs=lambda w, o, k=key: {"key": k, "fmt": "xlsx"},
            note=key,
        ),
        Row(
            "registers:list_export",
            EXPORT,
            kwargs=lambda w, o, k=key: {"key": k, "fmt": "csv"},
            note=f"{key} csv",
        ),
        Row("registers:list_export_full", FULL, kwargs=lambda w, o, k=key: {"key": k}, note=key),
        Row(
            "registers:list_export_full",
            FULL,
            kwargs=lambda w, o, k=key: {"key": k},
            method="post",
            data=lambda w, o: {"format": "xlsx", "reason": "区民政局年度检查"},
            note=key,
        ),
    )
]


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, row, persona):
    assert_status(run_row(client, world, row, persona), row, persona)
