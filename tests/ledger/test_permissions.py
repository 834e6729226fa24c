"""Who may open each import page: station staff and room workers; a batch is its importer's
(and the station staff's); supervisors and officials do not import."""

import pytest

from ledger.models import BatchStatus, ImportBatch
from ledger.services import copy_into_uploads
from tests.ledger.conftest import HEADER, xlsx_file
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

IMPORTERS = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 403, OFF: 403}


def own_batch(status=200, post=False):
    """A batch uploaded by room 1's worker: they and the station staff reach it."""
    return {ANON: 302, STAFF: status, W1: status, W2: 404, SUP: 403, OFF: 403}


@pytest.fixture
def objects(world, tmp_path):
    source = xlsx_file(
        tmp_path / "r.xlsx", [HEADER, [world.room1.name, "张三", "", "", "", "", "", ""]]
    )
    stored = copy_into_uploads(source)

    def batch(status):
        return ImportBatch.objects.create(
            station=world.station,
            room=world.room1,
            kind="residents",
            file_name="r.xlsx",
            stored_file=stored.name,
            file_sha256="0" * 64,
            status=status,
            total_rows=1,
            error_count=1,
            problems=[[2, "身份证号", "", "必填"]],
            created_by=world.worker1,
        )

    return {status: batch(status) for status in BatchStatus.values}


def pk(status):
    return lambda world, objects: {"pk": objects[status].pk}


ROWS = [
    Row("ledger:index", IMPORTERS),
    Row("ledger:import", IMPORTERS, kwargs=lambda w, o: {"kind": "residents"}),
    Row(
        "ledger:import",
        {**IMPORTERS, STAFF: 404, W1: 404, W2: 404},
        kwargs=lambda w, o: {"kind": "nonsense"},
        note="unknown kind",
    ),
    Row("ledger:template", IMPORTERS, kwargs=lambda w, o: {"kind": "residents"}),
    Row("ledger:batch", own_batch(), kwargs=pk("invalid")),
    Row("ledger:batch_progress", own_batch(), kwargs=pk("checking")),
    Row("ledger:batch_report", own_batch(), kwargs=pk("invalid")),
    Row("ledger:batch_confirm", {**own_batch(302), ANON: 302}, kwargs=pk("checked"), method="post"),
    Row("ledger:batch_undo", {**own_batch(302), ANON: 302}, kwargs=pk("done"), method="post"),
]


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
