import datetime

import pytest
from django.utils import timezone

from registers.lists import LISTS
from registers.models import ExportJob
from tests.activities.factories import ActivityFactory, NeedsAssessmentFactory, SeriesFactory
from tests.charity.factories import FundFactory
from tests.groups.factories import GroupFactory
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

# Lists whose page is narrower than the personal-data roles: their export is as narrow.
EXPORTS = {
    "workload": {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 200, OFF: 403},
    # Figures every role reads on the page, officials too.
    "funds": {**EXPORT, OFF: 200},
    "charity-projects": {**EXPORT, OFF: 200},
    "fund-ledger": {**EXPORT, OFF: 200},
}

# The lists of one record: the record (of room 1 where it has a room) and what room 2's worker
# gets (404 for a record of another room; station-wide records are the station's).
PARENTS = {
    "fund-ledger": (lambda w: FundFactory(station=w.station, rooms=[w.room1]), 200),
    "series-activities": (lambda w: SeriesFactory(station=w.station), 200),
    "activity-signins": (
        lambda w: ActivityFactory(station=w.station, rooms=[w.room1]),
        404,
    ),
    "group-attendance": (lambda w: GroupFactory(room=w.room1), 404),
}

# A background export is its requester's (room 1's worker) alone.
OWN_JOB = {ANON: 302, STAFF: 404, W1: 200, W2: 404, SUP: 404, OFF: 404}


def job_of(world, status="queued"):
    return ExportJob.objects.create(
        requested_by=world.worker1,
        key="residents",
        title="服务对象名单",
        status=status,
        expires_at=timezone.now() + datetime.timedelta(hours=24),
    )


ROWS = (
    [
        Row("registers:index", PERSONAL),
        Row("registers:export_log", {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 200, OFF: 403}),
        Row(
            "registers:export_job",
            OWN_JOB,
            kwargs=lambda w, o: {"pk": job_of(w).pk},
            note="room 1 worker's job",
        ),
        Row(
            "registers:export_job_download",
            {**OWN_JOB, W1: 410},
            kwargs=lambda w, o: {"pk": job_of(w, status="expired").pk},
            note="expired",
        ),
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
            kwargs=lambda w, o: {
                "pk": ActivityFactory(station=w.station, rooms=[w.room1, w.room2]).pk
            },
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
    ]
    + [
        row
        for key, spec in LISTS.items()
        if spec.parent is None
        for row in (
            Row(
                "registers:list_export",
                EXPORTS.get(key, EXPORT),
                kwargs=lambda w, o, k=key: {"key": k, "fmt": "xlsx"},
                note=key,
            ),
            Row(
                "registers:list_export",
                EXPORTS.get(key, EXPORT),
                kwargs=lambda w, o, k=key: {"key": k, "fmt": "csv"},
                note=f"{key} csv",
            ),
            Row(
                "registers:list_export_full", FULL, kwargs=lambda w, o, k=key: {"key": k}, note=key
            ),
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
    + [
        row
        for key, (make, room2) in PARENTS.items()
        for row in (
            Row(
                "registers:record_list_export",
                {**EXPORTS.get(key, EXPORT), W2: room2},
                kwargs=lambda w, o, k=key, m=make: {"key": k, "pk": m(w).pk, "fmt": "xlsx"},
                note=key,
            ),
            Row(
                "registers:record_list_export",
                {**EXPORTS.get(key, EXPORT), W2: room2},
                kwargs=lambda w, o, k=key, m=make: {"key": k, "pk": m(w).pk, "fmt": "csv"},
                note=f"{key} csv",
            ),
            Row(
                "registers:record_list_export_full",
                FULL,
                kwargs=lambda w, o, k=key, m=make: {"key": k, "pk": m(w).pk},
                note=key,
            ),
            Row(
                "registers:record_list_export_full",
                FULL,
                kwargs=lambda w, o, k=key, m=make: {"key": k, "pk": m(w).pk},
                method="post",
                data=lambda w, o: {"format": "xlsx", "reason": "区民政局年度检查"},
                note=key,
            ),
        )
    ]
)


def test_every_list_of_one_record_has_permission_rows():
    assert set(PARENTS) == {key for key, spec in LISTS.items() if spec.parent is not None}


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, row, persona):
    assert_status(run_row(client, world, row, persona), row, persona)
