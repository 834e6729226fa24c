"""Writes and reads of structured home visits and record photos (issue 19).

A visit's checklist answers and photos are saved in the transaction that makes the record, so an
outbox retry (one-time token) or a refusal never leaves half a visit. A risk answer raises the
resident's `ResidentRiskFlag`: the level only goes up, the visit interval only gets shorter.
"""

import os

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.services import delete_stored_files
from cases.models import (
    ChecklistItem,
    RecordPhoto,
    ResidentRiskFlag,
    RiskLevel,
    ServiceRecord,
    VisitAnswer,
    VisitChecklist,
)
from cases.services import record_create
from stations.access import visible_rooms
from stations.models import KeyPopulationTag, Resident

RISK_ORDER = list(RiskLevel.values)  # low → crisis


def resident_categories(resident, on=None) -> set[str]:
    """The key populations `resident` belongs to on `on` (today): tags in force."""
    on = on or timezone.localdate()
    return set(
        KeyPopulationTag.objects.in_force(on)
        .filter(resident=resident)
        .values_list("category", flat=True)
    )


def visible_resident_categories(user, on=None) -> dict[int, list[str]]:
    """{resident pk: [key populations]} of the active residents `user` may see (one query): the
    visit form shows the checklists of the resident chosen on the phone, offline too."""
    on = on or timezone.localdate()
    categories = {}
    for resident_id, category in (
        KeyPopulationTag.objects.in_force(on)
        .filter(resident__in=Resident.objects.visible_to(user).active().values("pk"))
        .values_list("resident_id", "category")
        .order_by("resident_id", "category")
    ):
        categories.setdefault(resident_id, []).append(category)
    return categories


def checklists_for(*, station_id, categories=None) -> list[VisitChecklist]:
    """The active checklists of a station with their active items preloaded (`active_items`),
    only those of `categories` when given. Two queries."""
    checklists = VisitChecklist.objects.filter(station_id=station_id, active=True)
    if categories is not None:
        checklists = checklists.filter(category__in=categories)
    return list(
        checklists.prefetch_related(
            Prefetch(
                "items",
                queryset=ChecklistItem.objects.filter(active=True).order_by("order", "pk"),
                to_attr="active_items",
            )
        ).order_by("category")
    )


def record_create_with_details(*, answers=(), photos=(), by, **fields) -> ServiceRecord:
    """`cases.services.record_create` (same arguments, same refusals) plus the checklist
    `answers` [(ChecklistItem, text)] and the `photos` (uploaded images) of the contact, in one
    transaction. A risk answer raises the resident's risk flag (see `risk_flag_raise`)."""
    stored = []
    try:
        with transaction.atomic():
            record = record_create(by=by, **fields)
            _save_answers(record, answers, by)
            for upload in photos:
                stored.append(record_photo_add(record=record, upload=upload, by=by).file)
    except BaseException:
        for file in stored:  # the rows are gone with the rollback: the files must go too
            file.storage.delete(file.name)
        raise
    return record


def _save_answers(record, answers, by) -> None:
    rows, raised = [], []
    for item, text in answers:
        text = (text or "").strip()
        if not text:
            continue
        risky = item.raises_risk(text)
        rows.append(
            VisitAnswer(
                record=record,
                item=item,
                topic=item.topic,
                question=item.question,
                answer=text[:500],
                raised_risk=risky,
            )
        )
        if risky:
            raised.append((item, text))
    VisitAnswer.objects.bulk_create(rows)
    if raised:
        level = max((item.risk_level for item, _text in raised), key=RISK_ORDER.index)
        days = [item.risk_visit_days for item, _text in raised if item.risk_visit_days]
        reason = _("、").join(
            _("%(question)s：%(answer)s") % {"question": item.question, "answer": text}
            for item, text in raised
        )
        risk_flag_raise(
            resident=record.resident,
            level=level,
            visit_days=min(days) if days else None,
            reason=reason,
            record=record,
            by=by,
        )


def risk_flag_raise(*, resident, level, visit_days, reason, record=None, by) -> ResidentRiskFlag:
    """Flag `resident` at risk: a higher level replaces a lower one, a shorter visit interval a
    longer one; a lower level or a longer interval leaves the flag as it is (lowering is a
    supervisor's decision in the admin, not a side effect of one visit)."""
    with transaction.atomic():
        flag = ResidentRiskFlag.objects.select_for_update().filter(resident=resident).first()
        if flag is None:
            return ResidentRiskFlag.objects.create(
                resident=resident,
                level=level,
                visit_days=visit_days,
                reason=reason[:300],
                record=record,
                raised_by=by,
            )
        if RISK_ORDER.index(level) > RISK_ORDER.index(flag.level):
            flag.level = level
        if visit_days and (flag.visit_days is None or visit_days < flag.visit_days):
            flag.visit_days = visit_days
        flag.reason, flag.record, flag.raised_by = reason[:300], record, by
        flag.save()
        return flag


def record_photo_add(*, record, upload, by) -> RecordPhoto:
    """Store one photo of `record` (validated by the form: a picture Pillow reads, size limit)."""
    if record.room_id not in {room.pk for room in visible_rooms(by)}:
        raise PermissionDenied
    name = os.path.basename(upload.name or "")[:200] or "photo.jpg"
    photo = RecordPhoto(record=record, original_name=name, uploaded_by=by)
    photo.file.save(name, upload, save=False)
    photo.save()
    return photo


def record_photo_delete(*, photo, by) -> None:
    """Delete a photo taken by mistake (a face that should not be kept) and its stored file once
    the deletion is committed. Whoever may write to the record's room may delete it
    (PermissionDenied otherwise), also on a closed case: keeping the photo would be the harm."""
    if photo.record.room_id not in {room.pk for room in visible_rooms(by)}:
        raise PermissionDenied
    with transaction.atomic():
        photo.delete()
        delete_stored_files([photo.file])
