"""Writes that span rows or carry rules: service records and their history, sign-ups, certificates.

Every function is keyword-only, runs in one transaction and raises ValidationError (Chinese message)
or PermissionDenied; nothing is half-saved.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from stations.access import can_see_personal_data, visible_rooms
from stations.bounds import HOURS_IN_A_DAY, day_done, plain_number
from stations.concurrency import create_versioned, update_versioned
from stations.models import Role, Station
from stations.privacy import mask_id_number
from volunteers.models import (
    COUNTED_STATUSES,
    Certificate,
    ProjectSignup,
    ProjectStatus,
    RecordChangeAction,
    RecordStatus,
    ServiceRecord,
    ServiceRecordChange,
    Volunteer,
    VolunteerProject,
    VolunteerStatus,
)

HOURS_QUANTUM = Decimal("0.01")


def _hours_between(start, end) -> Decimal:
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(HOURS_QUANTUM)


def _local_date(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def service_title(record) -> str:
    if record.activity_id:
        return record.activity.title
    if record.group_session_id:
        session = record.group_session
        return _("%(group)s 第%(number)s节") % {
            "group": session.group.name,
            "number": session.number,
        }
    return record.project.name


def service_limit(*, activity=None, group_session=None, project=None, date=None, end_date=None):
    """(maximum hours, first allowed date, last allowed date) for one record of this service.

    An activity or a session lasts from its start to its end; a project allows at most its daily
    limit times the days the record covers.
    """
    event = activity if activity is not None else group_session
    if event is not None:
        return (
            _hours_between(event.starts_at, event.ends_at),
            _local_date(event.starts_at),
            _local_date(event.ends_at),
        )
    days = ((end_date or date) - date).days + 1 if date else 1
    return (project.max_daily_hours * days, project.starts_on, project.ends_on)


def validate_record(record: ServiceRecord) -> None:
    """Raise ValidationError with field messages for hours or dates that the service cannot hold."""
    errors = {}
    services = [s for s in (record.activity, record.group_session, record.project) if s is not None]
    if len(services) != 1:
        raise ValidationError(_("服务记录必须对应且只对应一项活动、小组节次或志愿服务项目。"))
    if record.end_date and record.project is None:
        errors["end_date"] = _("只有志愿服务项目的记录可以跨日填写。")
    if record.end_date and record.date and record.end_date < record.date:
        errors["end_date"] = _("截止日期不能早于服务日期。")
    if record.start_time and record.end_time:
        if record.end_time <= record.start_time:
            errors["end_time"] = _("结束时间应晚于开始时间。")
        elif record.hours is None:
            start = datetime.datetime.combine(datetime.date.min, record.start_time)
            end = datetime.datetime.combine(datetime.date.min, record.end_time)
            record.hours = _hours_between(start, end)
    if record.hours is None:
        errors["hours"] = _("请填写服务时长，或填写开始和结束时间。")
    elif record.hours <= 0:
        errors["hours"] = _("服务时长必须大于0小时。")
    if errors:
        raise ValidationError(errors)
    limit, first, last = service_limit(
        activity=record.activity,
        group_session=record.group_session,
        project=record.project,
        date=record.date,
        end_date=record.end_date,
    )
    days = ((record.end_date or record.date) - record.date).days + 1 if record.date else 1
    limit = min(limit, Decimal(HOURS_IN_A_DAY * max(days, 1)))
    if record.hours > limit:
        errors["hours"] = _(
            "服务时长 %(hours)s 小时超过了该活动/项目可服务的时长 %(limit)s 小时（不含路途时间）。"
        ) % {"hours": plain_number(record.hours), "limit": plain_number(limit)}
    if record.date and not first <= record.date <= last:
        errors["date"] = _("服务日期应在 %(first)s 至 %(last)s 之间。") % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
    if record.end_date and record.end_date > last:
        errors["end_date"] = _("截止日期不能晚于 %(last)s。") % {"last": last.isoformat()}
    duplicate = ServiceRecord.objects.filter(volunteer=record.volunteer).exclude(pk=record.pk)
    if record.activity is not None and duplicate.filter(activity=record.activity).exists():
        errors["volunteer"] = _(
            "%(name)s 在这次活动已有服务记录，不能重复登记；如有错误请更正原记录。"
        ) % {"name": record.volunteer.real_name}
    if (
        record.group_session is not None
        and duplicate.filter(group_session=record.group_session).exists()
    ):
        errors["volunteer"] = _("%(name)s 在这一节小组活动已有服务记录，不能重复登记。") % {
            "name": record.volunteer.real_name
        }
    if (
        record.project is not None
        and duplicate.filter(project=record.project, date=record.date).exists()
    ):
        errors["volunteer"] = _("%(name)s 在该项目这一天已有服务记录。") % {
            "name": record.volunteer.real_name
        }
    if errors:
        raise ValidationError(errors)


def can_confirm_service(user, *, activity=None, group_session=None, project=None) -> bool:
    """Staff of the organiser's room: for an activity, a user who may edit it (one of its rooms is
    theirs); station-wide services are confirmed by station staff and supervisors of the station."""
    if not can_see_personal_data(user):
        return False
    if user.is_superuser:
        return True
    if activity is not None:
        station_id = activity.station_id
        room_ids = [room.pk for room in activity.rooms.all()]
    elif group_session is not None:
        station_id = group_session.group.station_id
        room_ids = [group_session.group.room_id] if group_session.group.room_id else []
    else:
        station_id = project.station_id
        room_ids = [project.room_id] if project.room_id else []
    if station_id != user.station_id:
        return False
    if not room_ids:
        return user.role in (Role.STATION_STAFF, Role.SUPERVISOR)
    return visible_rooms(user).filter(pk__in=room_ids).exists()


def can_confirm_record(user, record) -> bool:
    return can_confirm_service(
        user, activity=record.activity, group_session=record.group_session, project=record.project
    )


def _log(record, action, *, by, old_hours=None, new_hours=None, reason=""):
    ServiceRecordChange.objects.create(
        record=record,
        action=action,
        old_hours=old_hours,
        new_hours=new_hours,
        reason=reason,
        changed_by=by,
    )


def record_create(
    *,
    volunteer: Volunteer,
    date: datetime.date,
    content: str,
    hours: Decimal | None = None,
    activity=None,
    group_session=None,
    project=None,
    end_date=None,
    place: str = "",
    start_time=None,
    end_time=None,
    by,
) -> ServiceRecord:
    record = ServiceRecord(
        volunteer=volunteer,
        activity=activity,
        group_session=group_session,
        project=project,
        date=date,
        end_date=end_date,
        place=place,
        content=content,
        start_time=start_time,
        end_time=end_time,
        hours=hours,
        created_by=by,
    )
    validate_record(record)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError(
                {"volunteer": _("该志愿者在这项服务中已有记录，不能重复登记。")}
            ) from None
        _log(record, RecordChangeAction.RECORD, by=by, new_hours=record.hours)
    return record


def records_bulk_create(*, activity, rows: list[dict], date, by) -> list[ServiceRecord]:
    """All volunteers at one activity in one go: every row is saved, or none (errors by row index).

    `rows`: dicts with volunteer, hours, content and optional place. Raises ValidationError whose
    `error_dict` maps "row-<i>" to the messages of row i.
    """
    records, errors = [], {}
    seen = set()
    for index, row in enumerate(rows):
        volunteer = row["volunteer"]
        if volunteer.pk in seen:
            errors[f"row-{index}"] = [_("同一名志愿者在表中出现了两次。")]
            continue
        seen.add(volunteer.pk)
        record = ServiceRecord(
            volunteer=volunteer,
            activity=activity,
            date=date,
            place=row.get("place") or activity.place,
            content=row["content"],
            hours=row["hours"],
            created_by=by,
        )
        try:
            validate_record(record)
        except ValidationError as error:
            errors[f"row-{index}"] = [
                m for messages in error.message_dict.values() for m in messages
            ]
            continue
        records.append(record)
    if errors:
        raise ValidationError(errors)
    if not records:
        raise ValidationError(_("请至少填写一名志愿者的服务时长。"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                ServiceRecord.objects.bulk_create(records)
        except IntegrityError:
            raise ValidationError(_("有志愿者在这次活动已有服务记录，未保存任何记录。")) from None
        ServiceRecordChange.objects.bulk_create(
            ServiceRecordChange(
                record=record,
                action=RecordChangeAction.RECORD,
                new_hours=record.hours,
                changed_by=by,
            )
            for record in records
        )
    return records


def _locked(record) -> ServiceRecord:
    return ServiceRecord.objects.select_for_update().get(pk=record.pk)


def record_confirm(*, record: ServiceRecord, by, on=None) -> ServiceRecord:
    """Confirm pending hours on the day `on` (default today; a confirmation signed on paper is
    entered with its own day): never in the future, never before the service ended."""
    if not can_confirm_record(by, record):
        raise PermissionDenied
    on = day_done(on, _("确认日期不能晚于今天。"))
    served = record.end_date or record.date
    if on < served:
        raise ValidationError(_("确认日期不能早于服务日期 %(day)s。") % {"day": served.isoformat()})
    with transaction.atomic():
        current = _locked(record)
        if current.status != RecordStatus.RECORDED:
            raise ValidationError(_("只有待确认的记录可以确认。"))
        current.status = RecordStatus.CONFIRMED
        current.confirmed_by = by
        current.confirmed_at = timezone.now()
        current.confirmed_on = on
        current.save(update_fields=["status", "confirmed_by", "confirmed_at", "confirmed_on"])
        _log(
            current,
            RecordChangeAction.CONFIRM,
            by=by,
            old_hours=current.hours,
            new_hours=current.hours,
        )
    return current


def records_confirm_all(*, records, by) -> int:
    """Confirm every pending record in `records` that `by` may confirm; returns how many."""
    count = 0
    with transaction.atomic():
        for record in records:
            if record.status == RecordStatus.RECORDED and can_confirm_record(by, record):
                record_confirm(record=record, by=by)
                count += 1
    return count


def record_dispute(*, record: ServiceRecord, reason: str, by) -> ServiceRecord:
    """A volunteer (through a worker) disputes the hours: they stop counting until corrected."""
    if not reason.strip():
        raise ValidationError({"reason": _("请写明异议理由。")})
    with transaction.atomic():
        current = _locked(record)
        if current.status == RecordStatus.DISPUTED:
            raise ValidationError(_("这条记录已有未处理的异议。"))
        current.status = RecordStatus.DISPUTED
        current.save(update_fields=["status"])
        _log(current, RecordChangeAction.DISPUTE, by=by, old_hours=current.hours, reason=reason)
    return current


def record_correct(*, record: ServiceRecord, hours: Decimal, reason: str, by) -> ServiceRecord:
    """The organiser settles a dispute with the corrected hours; the old value stays in the log."""
    if not can_confirm_record(by, record):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("请写明更正理由。")})
    with transaction.atomic():
        current = _locked(record)
        if current.status != RecordStatus.DISPUTED:
            raise ValidationError(_("只有有异议的记录可以更正。"))
        old_hours = current.hours
        current.hours = hours
        validate_record(current)
        current.status = RecordStatus.CORRECTED
        current.confirmed_by = by
        current.confirmed_at = timezone.now()
        current.save(update_fields=["hours", "status", "confirmed_by", "confirmed_at"])
        _log(
            current,
            RecordChangeAction.CORRECT,
            by=by,
            old_hours=old_hours,
            new_hours=hours,
            reason=reason,
        )
    return current


def project_signup(*, project: VolunteerProject, volunteer: Volunteer, by) -> ProjectSignup:
    """Staff sign a volunteer up on their behalf; refused when the project is full or closed."""
    with transaction.atomic():
        project = VolunteerProject.objects.select_for_update().get(pk=project.pk)
        if project.status == ProjectStatus.CLOSED:
            raise ValidationError(_("该项目已结束，不能报名。"))
        if volunteer.status != VolunteerStatus.ACTIVE:
            raise ValidationError(_("只有在册的志愿者可以报名。"))
        if project.signups.filter(volunteer=volunteer).exists():
            raise ValidationError(
                _("%(name)s 已经报名了这个项目。") % {"name": volunteer.real_name}
            )
        if project.signups.count() >= project.slots:
            raise ValidationError(
                _("名额已满（%(slots)s 人），不能再报名。") % {"slots": project.slots}
            )
        return ProjectSignup.objects.create(project=project, volunteer=volunteer, signed_up_by=by)


def _format_hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".") or "0"


def certificate_issue(
    *,
    volunteer: Volunteer,
    period_from: datetime.date,
    period_to: datetime.date,
    person_in_charge: str,
    by,
    issued_on: datetime.date | None = None,
) -> Certificate:
    """Number and store a 志愿服务记录证明 with a snapshot of every line printed on it.

    Only confirmed (or corrected) hours count. Numbers run per station and year:
    `<station code>-ZYZ-<year>-<0001>`; the station row is locked so two issues never share one.
    """
    if period_to < period_from:
        raise ValidationError({"period_to": _("截止日期不能早于起始日期。")})
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        station = Station.objects.select_for_update().get(pk=volunteer.station_id)
        records = list(
            ServiceRecord.objects.filter(
                volunteer=volunteer,
                status__in=COUNTED_STATUSES,
                date__gte=period_from,
                date__lte=period_to,
            )
            .select_related("activity", "group_session__group", "project")
            .order_by("date", "pk")
        )
        if not records:
            raise ValidationError(_("该时段内没有已确认的服务记录，无法出具证明。"))
        total = sum((record.hours for record in records), Decimal("0"))
        sequence = (
            Certificate.objects.filter(station=station, year=issued_on.year).aggregate(
                last=Max("sequence")
            )["last"]
            or 0
        ) + 1
        number = f"{station.code.upper()}-ZYZ-{issued_on.year}-{sequence:04d}"
        snapshot = {
            "number": number,
            "issuer": station.name,
            "person_in_charge": person_in_charge,
            "issued_on": issued_on.isoformat(),
            "period_from": period_from.isoformat(),
            "period_to": period_to.isoformat(),
            "volunteer": {
                "name": volunteer.real_name,
                "sex": str(volunteer.get_sex_display()),
                "id_type": str(volunteer.get_id_type_display()),
                "id_number": mask_id_number(volunteer.id_number),
                "registered_on": volunteer.registered_on.isoformat(),
            },
            "lines": [
                {
                    "date": record.date.isoformat(),
                    "end_date": record.end_date.isoformat() if record.end_date else "",
                    "service": service_title(record),
                    "content": record.content,
                    "hours": _format_hours(record.hours),
                }
                for record in records
            ],
            "record_count": len(records),
            "total_hours": _format_hours(total),
        }
        return Certificate.objects.create(
            station=station,
            volunteer=volunteer,
            year=issued_on.year,
            sequence=sequence,
            number=number,
            period_from=period_from,
            period_to=period_to,
            issued_on=issued_on,
            person_in_charge=person_in_charge,
            total_hours=total,
            snapshot=snapshot,
            issued_by=by,
        )


def volunteer_create(*, station, data: dict, by) -> Volunteer:
    """Register a volunteer in `station`'s registry (the hashes of number and phone follow)."""
    return create_versioned(Volunteer, data=data, station=station, created_by=by)


def volunteer_update(*, volunteer: Volunteer, version, data: dict, by) -> Volunteer:
    return update_versioned(volunteer, version=version, data=data)


def _require_room_unless_station_staff(data, by):
    """A station-wide project (no room) is created by station staff or a supervisor."""
    if (
        not data.get("room")
        and by.role not in (Role.STATION_STAFF, Role.SUPERVISOR)
        and not by.is_superuser
    ):
        raise ValidationError({"room": _("全站项目只能由驻站社工或督导创建，请选择社工室。")})


def project_create(*, station, data: dict, by) -> VolunteerProject:
    _require_room_unless_station_staff(data, by)
    return create_versioned(VolunteerProject, data=data, station=station, organiser=by)


def project_update(*, project: VolunteerProject, version, data: dict, by) -> VolunteerProject:
    _require_room_unless_station_staff(data, by)
    return update_versioned(project, version=version, data=data)
