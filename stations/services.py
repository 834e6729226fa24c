"""Writes about residents that span rows or carry rules. Views call these; nothing else writes.

Each runs in one transaction: nothing is half-saved. The audit trail of the rows themselves is
written by the database triggers (pghistory); reveals of full values write a `RevealLog` row here.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.access import can_see_personal_data, is_supervisor
from stations.concurrency import save_versioned
from stations.identity import document_hash
from stations.models import (
    Consent,
    KeyPopulationTag,
    Resident,
    RevealField,
    RevealLog,
)
from stations.models.residents import CHILD_AGE

PSEUDONYM_CHARACTERS = "华明乐安欣悦晨阳宁静雨佳文瑞和春秋冬月星朗清轩怡"


def propose_pseudonym(rng=None) -> str:
    """A 化名 like the station's own (华华): one friendly character doubled, unrelated to the name."""
    choice = rng.choice if rng is not None else secrets.choice
    character = choice(PSEUDONYM_CHARACTERS)
    return character * 2


# Duplicates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateCheck:
    visible: Resident | None = None  # same ID number, in a room the user may see
    elsewhere: bool = False  # same ID number, in a room the user may not see
    similar: list | None = None  # same name and birth date (visible ones only)


def resident_find_duplicates(*, id_number, real_name, birth_date, user, exclude_pk=None):
    """Who is already on file with this ID number, or with this name and birth date.

    A record in another room is reported only as a fact ("registered elsewhere"), never shown.
    """
    others = Resident.objects.all()
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    visible_others = others.visible_to(user)
    if id_number:
        same = others.filter(id_number_hash=document_hash(id_number))
        found = visible_others.filter(pk__in=same.values("pk")).first()
        if found is not None:
            return DuplicateCheck(visible=found)
        if same.exists():
            return DuplicateCheck(elsewhere=True)
    similar = []
    if real_name and birth_date:
        similar = list(
            visible_others.filter(real_name=real_name.strip(), birth_date=birth_date)
            .select_related("room")
            .order_by("pk")[:5]
        )
    return DuplicateCheck(similar=similar)


# Residents -----------------------------------------------------------------------------------


def resident_register(*, form, by) -> Resident:
    """Save a new resident from a valid ResidentForm; the registering user is recorded."""
    with transaction.atomic():
        resident = form.save(commit=False)
        if not resident.pseudonym:
            resident.pseudonym = propose_pseudonym()
        resident.created_by = by
        resident.save()
        return resident


def resident_archive(*, resident: Resident, reason: str, by) -> Resident:
    """Archive instead of delete: the file leaves the lists but stays on record (and restorable)."""
    if not can_see_personal_data(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.archived_at is None:
            locked.archived_at = timezone.now()
            locked.archive_reason = reason.strip()
            locked.save(update_fields=["archived_at", "archive_reason", "updated_at"])
        return locked


def resident_restore(*, resident: Resident, by) -> Resident:
    """Only supervisors restore an archived file."""
    if not is_supervisor(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.archived_at is not None:
            locked.archived_at = None
            locked.archive_reason = ""
            locked.save(update_fields=["archived_at", "archive_reason", "updated_at"])
        return locked


def resident_reveal(*, resident: Resident, field: str, reason: str, by) -> str:
    """The full ID number or phone, after writing who looked, at whose, when and why.

    The caller has already fetched `resident` through the user's scope.
    """
    if not can_see_personal_data(by):
        raise PermissionDenied
    if field not in RevealField.values:
        raise ValidationError(_("不支持查看该项信息。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写查看原因。")})
    with transaction.atomic():
        RevealLog.objects.create(resident=resident, field=field, reason=reason, revealed_by=by)
    return getattr(resident, field) or ""


# Consent and tags ----------------------------------------------------------------------------


def has_guardian_consent(resident: Resident, on: datetime.date | None = None) -> bool:
    return resident.consents.in_force(on).guardian_sensitive().exists()


def tag_needs_guardian_consent(resident: Resident, category: str) -> bool:
    """On a child under 14 every tag is sensitive (PIPL art. 28): the guardian must consent.

    On an adult, a sensitive category (SENSITIVE_CATEGORIES) calls for the person's own separate
    consent; the page flags it, but registering the tag is not blocked.
    """
    return resident.age < CHILD_AGE


def check_tag_allowed(resident: Resident, category: str) -> None:
    """ValidationError (on `category`) if the tag may not be saved for this resident yet."""
    if not tag_needs_guardian_consent(resident, category):
        return
    if resident.pk is None or not has_guardian_consent(resident):
        raise ValidationError(
            {
                "category": _(
                    "该服务对象未满十四周岁，登记重点人群标签前须先录入监护人对敏感个人信息的单独同意。"
                )
            }
        )


def tag_add(*, resident: Resident, form, by) -> KeyPopulationTag:
    with transaction.atomic():
        # Lock the resident so that a consent withdrawn meanwhile cannot slip past the check.
        Resident.objects.select_for_update().filter(pk=resident.pk).first()
        check_tag_allowed(resident, form.cleaned_data["category"])
        tag = form.save(commit=False)
        tag.resident = resident
        tag.save()
        return tag


def tag_update(*, tag: KeyPopulationTag, form, by) -> KeyPopulationTag:
    """Save an edited tag; raises EditConflict if someone else saved it since the form was loaded."""
    with transaction.atomic():
        if form.has_changed() and "category" in form.changed_data:
            check_tag_allowed(tag.resident, form.cleaned_data["category"])
        return save_versioned(form)


def consent_record(*, resident: Resident, form, by) -> Consent:
    with transaction.atomic():
        consent = form.save(commit=False)
        consent.resident = resident
        consent.created_by = by
        consent.save()
        return consent


def consent_withdraw(*, consent: Consent, on: datetime.date, note: str, by) -> Consent:
    """Withdrawal (PIPL art. 15) stops further processing; past records stay lawful."""
    if on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("撤回日期不能早于同意日期。")})
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        locked.withdrawn_on = on
        locked.withdrawal_note = note.strip()
        locked.save(update_fields=["withdrawn_on", "withdrawal_note"])
        return locked
