"""Run a whole batch as the import page does (jobs run in-process in tests): upload, check,
confirm, import."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ledger.services import batch_confirm, batch_upload


def checked_batch(world, kind, rows, *, by=None):
    """A file of `rows` uploaded and checked, not confirmed (the batch, refreshed)."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile(f"{kind}.xlsx", buffer.getvalue())
    batch = batch_upload(
        kind=kind, upload=upload, station=world.station, room=None, by=by or world.staff
    )
    batch.refresh_from_db()
    return batch


def imported_batch(world, kind, rows, *, by=None):
    by = by or world.staff
    batch = checked_batch(world, kind, rows, by=by)
    batch_confirm(batch=batch, by=by)
    batch.refresh_from_db()
    return batch


def exported_and_imported_again(world, kind, folder):
    """`export_ledger KIND` for the test station as its staff, then that file imported again
    (the Outcome: a station's own export must come back unchanged)."""
    from django.core.management import call_command

    from ledger.services import ledger_import, make_kind

    out = folder / f"export-{kind}.xlsx"
    call_command("export_ledger", kind, "--station", "TST", "--user", "staff", "-o", str(out))
    return ledger_import(make_kind(kind, station=world.station, user=world.staff), out, out.name)


def import_refused_saving_nothing(world, kind, rows, models, folder) -> bool:
    """Import `rows` (a header, good rows, then one bad row) as station staff: the import stops at
    the bad row, naming it, and none of `models` has a row (the good rows were rolled back)."""
    import pytest

    from ledger.services import ImportAborted, ledger_import, make_kind
    from tests.ledger.conftest import xlsx_file

    path = xlsx_file(folder / f"{kind}-bad.xlsx", rows)
    with pytest.raises(ImportAborted, match=f"第 {len(rows)} 行"):
        ledger_import(make_kind(kind, station=world.station, user=world.staff), path, path.name)
    return [model.objects.exists() for model in models] == [False] * len(models)
