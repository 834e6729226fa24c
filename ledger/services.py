"""Import a ledger file: upload → check (nothing saved) → confirm → import (all rows or none) →
undo while nothing else points at the rows. Checking and importing run as background jobs
(ledger/tasks.py); `ledger_check` and `ledger_import` are the same work without a batch, for the
`import_ledger` command and the tests.
"""

import hashlib
import logging
import shutil
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.models import BatchStatus, ImportBatch, ImportedRow, RowAction
from ledger.reader import BadFile, cell_text, read_rows
from ledger.registry import kind_class
from ledger.spec import LedgerKind, Outcome, Problem, RowError, normalise_header
from stations.access import can_see_personal_data, is_station_staff, visible_rooms
from stations.models import Role, Room
from stations.privacy import mask_id_number, mask_phone

logger = logging.getLogger(__name__)

# Problems kept on the batch (and marked in the Excel report); the count covers all of them.
MAX_PROBLEMS = 1000
MASKS = {
    "id_number": mask_id_number,
    "beneficiary_id": mask_id_number,
    "phone": mask_phone,
    "guardian_phone": mask_phone,
}


class ImportAborted(Exception):
    """The file had problems when it was imported (it changed after the check): nothing saved."""


@dataclass
class CheckResult:
    total_rows: int = 0
    error_count: int = 0
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.total_rows > 0


# The user's scope -----------------------------------------------------------------------------


def import_rooms(user, station):
    """The rooms of `station` that `user` may import into: a room worker their rooms, the station
    staff every room of the station."""
    if not can_see_personal_data(user):
        return Room.objects.none()
    rooms = Room.objects.filter(station=station)
    if user.is_superuser:
        return rooms.order_by("order", "pk")
    return rooms.filter(pk__in=visible_rooms(user).values("pk")).order_by("order", "pk")


def can_import(user) -> bool:
    return can_see_personal_data(user) and (is_station_staff(user) or user.role == Role.ROOM_WORKER)


def make_kind(kind: str, *, station, user, default_room=None) -> LedgerKind:
    cls = kind_class(kind)
    if cls is None:
        raise ValidationError(_("暂不支持导入该类台账。"))
    rooms = list(import_rooms(user, station))
    if default_room is not None and default_room not in rooms:
        raise PermissionDenied
    return cls(station=station, user=user, default_room=default_room, rooms=rooms)


# Reading a file -------------------------------------------------------------------------------


def map_header(kind: LedgerKind, header: list) -> dict[int, str]:
    """Column index → column key; BadFile naming the missing or repeated columns."""
    names = {}
    for column in kind.columns:
        for name in column.names:
            names[normalise_header(name)] = column.key
    mapping, seen = {}, {}
    for index, cell in enumerate(header):
        text = normalise_header(cell)
        key = names.get(text)
        if key is None:
            continue
        if key in seen:
            raise BadFile(
                _("表头中“%(first)s”和“%(second)s”是同一列，请只保留一个。")
                % {"first": seen[key], "second": cell_text(cell)}
            )
        seen[key] = cell_text(cell)
        mapping[index] = key
    if not mapping:
        raise BadFile(
            _("第一行不是“%(kind)s”模板的表头：请下载模板，按模板的列填写。") % {"kind": kind.title}
        )
    missing = [
        str(column.header) for column in kind.columns if column.required and column.key not in seen
    ]
    if missing:
        raise BadFile(_("缺少必填列：%(columns)s。") % {"columns": "、".join(missing)})
    return mapping


def iter_records(kind: LedgerKind, path: Path, name: str) -> Iterator[tuple[int, dict]]:
    """(Excel row number, {column key: raw cell}) for every non-empty row after the header."""
    rows = read_rows(path, name)
    mapping = None
    for number, row in enumerate(rows, start=1):
        if not any(cell_text(cell) for cell in row):
            continue
        if mapping is None:
            mapping = map_header(kind, row)
            continue
        yield number, {key: row[index] for index, key in mapping.items() if index < len(row)}
    if mapping is None:
        raise BadFile(_("文件是空的。"))


def _problems_of(kind, number, raw, problems) -> Iterator[Problem]:
    headers = {column.key: str(column.header) for column in kind.columns}
    for key, message in problems:
        value = cell_text(raw.get(key)) if key else ""
        if key in MASKS and value:
            value = MASKS[key](value)
        yield Problem(number, headers.get(key, ""), value, str(message))


def ledger_check(kind: LedgerKind, path: Path, name: str, *, progress=None) -> CheckResult:
    """Check the whole file; nothing is saved. BadFile for a file that is not a ledger."""
    result = CheckResult()
    chunk, raws = [], {}

    def check(chunk):
        for number, key, message in kind.check_chunk(chunk):
            for problem in _problems_of(kind, number, raws.get(number, {}), [(key, message)]):
                result.add(problem)
        raws.clear()

    for number, raw in iter_records(kind, path, name):
        result.total_rows += 1
        try:
            values = kind.clean_row(kind.read_cells(raw))
        except RowError as error:
            for problem in _problems_of(kind, number, raw, error.problems):
                result.add(problem)
            continue
        chunk.append((number, values))
        raws[number] = raw
        if len(chunk) >= kind.chunk_size:
            check(chunk)
            chunk = []
            if progress:
                progress(result.total_rows)
    if chunk:
        check(chunk)
    if result.total_rows == 0:
        raise BadFile(_("文件只有表头，没有数据行。"))
    result.problems.sort(key=lambda problem: problem.row)
    return result


def ledger_import(kind: LedgerKind, path: Path, name: str, *, batch=None, progress=None) -> Outcome:
    """Save every row in one transaction; ImportAborted (nothing saved) if a row has a problem."""
    total = Outcome()
    with transaction.atomic():
        _constraints_immediate()
        chunk = []

        def write(chunk):
            problems = list(kind.check_chunk(chunk))
            if problems:
                number, _key, message = problems[0]
                raise ImportAborted(
                    _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
                )
            outcome = Outcome()
            kind.write_chunk(chunk, outcome)
            record(outcome)

        def record(outcome):
            total.created += outcome.created
            total.updated += outcome.updated
            total.unchanged += outcome.unchanged
            if batch is not None:
                _link_rows(batch, outcome.written)

        for done, (number, raw) in enumerate(iter_records(kind, path, name), start=1):
            try:
                values = kind.clean_row(kind.read_cells(raw))
            except RowError as error:
                _key, message = error.problems[0]
                raise ImportAborted(
                    _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
                ) from None
            chunk.append((number, values))
            if len(chunk) >= kind.chunk_size:
                write(chunk)
                chunk = []
                if progress:
                    progress(done)
        if chunk:
            write(chunk)
        outcome = Outcome()
        kind.finish(outcome)
        record(outcome)
        _constraints_deferred()
    return total


def _constraints_immediate() -> None:
    """Check the foreign keys (Django makes them DEFERRABLE INITIALLY DEFERRED) at each insert
    rather than all at the commit: a large import does not carry a queue of millions of pending
    checks to its end, and a row pointing nowhere fails on its own chunk. Lasts to the end of the
    transaction; a failed import rolls it back with its savepoint."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _constraints_deferred() -> None:
    """Back to the default for the rest of a larger transaction the import ran in (a dry run, a
    test): every deferrable constraint of the schema is a foreign key created INITIALLY DEFERRED."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _link_rows(batch, written) -> None:
    types = {}
    links = []
    for record, action, *previous in written:
        model = type(record)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        links.append(
            ImportedRow(
                batch=batch,
                content_type=types[model],
                object_id=record.pk,
                action=action,
                previous=previous[0] if previous else None,
            )
        )
    ImportedRow.objects.bulk_create(links, ignore_conflicts=True)


# Batches ----------------------------------------------------------------------------------------


def _upload_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def progress_path(batch) -> Path:
    return _upload_folder() / f"{batch.pk}.progress"


def batch_progress(batch) -> int:
    """Rows processed so far by the running job (a file: it is written inside the transaction)."""
    try:
        return int(progress_path(batch).read_text() or 0)
    except (OSError, ValueError):
        return 0


def _progress_writer(batch):
    target = progress_path(batch)

    def write(count):
        target.write_text(str(count))

    return write


def batch_upload(*, kind: str, upload, station, room, by) -> ImportBatch:
    """Store an uploaded file and queue its check. `upload` is a Django UploadedFile."""
    if not can_import(by):
        raise PermissionDenied
    make_kind(kind, station=station, user=by, default_room=room)  # scope and kind checks
    if upload.size > settings.LEDGER_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("文件太大（上限 %(size)d MB）：请分成几个文件导入。")
            % {"size": settings.LEDGER_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    suffix = Path(upload.name).suffix.lower()[:8]
    target = _upload_folder() / f"{uuid.uuid4().hex}{suffix}"
    digest = hashlib.sha256()
    with open(target, "wb") as handle:
        for piece in upload.chunks():
            digest.update(piece)
            handle.write(piece)
    batch = ImportBatch.objects.create(
        station=station,
        room=room,
        kind=kind,
        file_name=Path(upload.name).name[:200],
        stored_file=target.name,
        file_sha256=digest.hexdigest(),
        created_by=by,
    )
    from ledger.tasks import check_batch

    check_batch.enqueue(batch_id=batch.pk)
    return batch


def batch_file(batch) -> Path:
    return _upload_folder() / batch.stored_file


def batch_kind(batch) -> LedgerKind:
    return make_kind(
        batch.kind, station=batch.station, user=batch.created_by, default_room=batch.room
    )


def batch_run_check(*, batch_id: int) -> ImportBatch:
    """The check job: the whole file, into the batch's report."""
    batch = ImportBatch.objects.select_related("station", "room", "created_by").get(pk=batch_id)
    if batch.status != BatchStatus.CHECKING:
        return batch
    try:
        result = ledger_check(
            batch_kind(batch), batch_file(batch), batch.file_name, progress=_progress_writer(batch)
        )
    except (BadFile, ValidationError, PermissionDenied) as error:
        batch.status = BatchStatus.INVALID
        batch.message = _error_text(error)
        batch.error_count = 1
    except Exception:
        logger.exception("Checking import batch %s failed", batch.pk)
        batch.status = BatchStatus.INVALID
        batch.message = _("检查时出现意外错误，没有保存任何数据。请把文件发给系统管理员。")
        batch.error_count = 1
    else:
        batch.total_rows = result.total_rows
        batch.error_count = result.error_count
        batch.problems = [problem.as_list() for problem in result.problems]
        batch.status = BatchStatus.CHECKED if result.ok else BatchStatus.INVALID
    batch.save()
    return batch


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return "；".join(str(message) for message in error.messages)
    if isinstance(error, PermissionDenied):
        return _("您不能导入到所选社工室。")
    return str(error)


def batch_confirm(*, batch: ImportBatch, by) -> ImportBatch:
    """The user confirms a checked file: queue the import."""
    if batch.created_by_id != by.pk and not is_station_staff(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.CHECKED:
            raise ValidationError(_("该文件不在“待确认”状态，不能导入。"))
        locked.status = BatchStatus.IMPORTING
        locked.save(update_fields=["status"])
    from ledger.tasks import import_batch

    import_batch.enqueue(batch_id=batch.pk)
    return locked


def batch_run_import(*, batch_id: int) -> ImportBatch:
    """The import job: every row in one transaction, then the counts on the batch."""
    batch = ImportBatch.objects.select_related("station", "room", "created_by").get(pk=batch_id)
    if batch.status != BatchStatus.IMPORTING:
        return batch
    path = batch_file(batch)
    try:
        if hashlib.sha256(path.read_bytes()).hexdigest() != batch.file_sha256:
            raise ImportAborted(_("文件在检查后被改动。"))
        outcome = ledger_import(
            batch_kind(batch), path, batch.file_name, batch=batch, progress=_progress_writer(batch)
        )
    except (ImportAborted, BadFile, ValidationError, PermissionDenied, OSError) as error:
        batch.status = BatchStatus.FAILED
        batch.message = _("没有导入任何数据：%(reason)s") % {"reason": _error_text(error)}
    except Exception:
        logger.exception("Import batch %s failed", batch.pk)
        batch.status = BatchStatus.FAILED
        batch.message = _("导入时出现意外错误，没有导入任何数据。请把文件发给系统管理员。")
    else:
        batch.status = BatchStatus.DONE
        batch.created_count = outcome.created
        batch.updated_count = outcome.updated
        batch.unchanged_count = outcome.unchanged
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def batch_undo(*, batch: ImportBatch, by) -> ImportBatch:
    """Delete the rows the batch created, if nothing else (a case, a record of another batch, an
    edit) points at them, and put back the values of the rows it updated (where it kept them),
    unless they were changed since; ValidationError otherwise, and nothing is changed."""
    if batch.created_by_id != by.pk and not is_station_staff(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.DONE:
            raise ValidationError(_("只有已导入的批次可以撤销。"))
        targets = defaultdict(list)
        for row in locked.rows.filter(action=RowAction.CREATED).select_related("content_type"):
            targets[row.content_type.model_class()].append(row.object_id)
        _restore_updated(locked)
        cls = kind_class(locked.kind)
        if cls is None:
            _delete_own(targets)
        else:
            with cls.undoing():
                _delete_own(targets, links=cls.owned_links)
        locked.status = BatchStatus.UNDONE
        locked.save(update_fields=["status"])
    return locked


def _restore_updated(batch) -> None:
    """Put back the previous values of the rows `batch` updated; ValidationError when one was
    changed again since (its version moved on, or it no longer holds what the batch wrote) or
    is gone."""
    from ledger.spec import changed_since, restore_previous

    rows = batch.rows.filter(action=RowAction.UPDATED, previous__isnull=False)
    for row in rows.select_related("content_type").order_by("-pk"):
        model = row.content_type.model_class()
        locked = model._base_manager.select_for_update(of=("self",))
        record = locked.filter(pk=row.object_id).first()
        if record is None or changed_since(record, row.previous):
            raise ValidationError(
                _("本批更新过的记录此后又被修改（%(record)s），不能撤销。")
                % {"record": record or ""}
            )
        names = restore_previous(record, row.previous)
        # The keyed hash beside an encrypted column follows it (the model's save computes it).
        columns = {field.attname for field in model._meta.concrete_fields}
        names += [f"{name}_hash" for name in names if f"{name}_hash" in columns]
        version = row.previous.get("version")
        if version is not None:
            record.version = record.version + 1
            names.append("version")
        if names:
            record.save(update_fields=names)


def _delete_own(targets, *, links=()) -> None:
    """Delete the batch's rows model by model. A row another of the batch's rows protects (a
    project its imported service records point at) waits for a later round; anything outside
    the batch that would be deleted, changed or is protecting stops the undo."""
    refused = ValidationError(_("已有其他记录引用本批导入的数据，不能撤销。"))
    own = {(model, pk) for model, ids in targets.items() for pk in ids}

    def outside(item):
        return item not in own and item[0] not in links

    remaining = dict(targets)
    while remaining:
        progressed = False
        for model, ids in list(remaining.items()):
            records = list(model._base_manager.filter(pk__in=ids))
            if not records:
                del remaining[model]
                continue
            collector = Collector(using=router.db_for_write(model))
            try:
                collector.collect(records)
            except (ProtectedError, RestrictedError) as error:
                blockers = getattr(error, "protected_objects", None) or error.restricted_objects
                if all((type(item), item.pk) in own for item in blockers):
                    continue  # the batch's own rows point at these: delete those first
                raise refused from None
            # Deleting these would empty a column of the batch's own rows still to be deleted
            # (a resident's household, under a CHECK): delete those rows first.
            waiting = {
                (other, pk)
                for other, other_ids in remaining.items()
                if other is not model
                for pk in other_ids
            }
            if any(item in waiting for item in _updated(collector)):
                continue
            if any(outside(item) for item in _touched(collector)):
                raise refused
            collector.delete()
            del remaining[model]
            progressed = True
        if remaining and not progressed:
            raise refused


def _touched(collector):
    """(model, pk) of every row the deletion would delete or change."""
    for model, records in collector.data.items():
        for record in records:
            yield model, record.pk
    yield from _updated(collector)
    for queryset in collector.fast_deletes:
        for pk in queryset.values_list("pk", flat=True):
            yield queryset.model, pk


def _updated(collector):
    """(model, pk) of every row the deletion would change (a column set to null)."""
    for groups in collector.field_updates.values():
        for group in groups:
            for record in group:
                yield type(record), record.pk


def batch_discard_file(batch) -> None:
    for path in (batch_file(batch), progress_path(batch)):
        path.unlink(missing_ok=True)


def copy_into_uploads(source: Path) -> Path:
    target = _upload_folder() / f"{uuid.uuid4().hex}{source.suffix.lower()}"
    shutil.copyfile(source, target)
    return target
