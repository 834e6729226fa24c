"""Writes of community work that span more than one row, each in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityAttachment, ActivitySeries, NeedsAssessment
from stations.access import can_see_personal_data, visible_rooms
from stations.concurrency import create_versioned, update_versioned
from stations.models import Resident, Role


def can_edit_activity(user, activity: Activity) -> bool:
    """Station staff edit every activity of their station; other users edit activities linked to
    one of their rooms. A station-wide activity (no room) is edited by station staff only."""
    if not can_see_personal_data(user):
        return False
    if user.is_superuser:
        return True
    if user.role == Role.STATION_STAFF:
        return user.station_id == activity.station_id
    return activity.rooms.filter(pk__in=visible_rooms(user).values("pk")).exists()


def attachment_delete(*, attachment: ActivityAttachment, by) -> None:
    """Delete a photo or file of an activity `by` may edit (PermissionDenied otherwise), and its
    stored file once the deletion is committed: a photo uploaded by mistake must not stay on disk.
    """
    if not can_edit_activity(by, attachment.activity):
        raise PermissionDenied
    with transaction.atomic():
        attachment.delete()
        delete_stored_files([attachment.file])


def delete_stored_files(files) -> None:
    """Remove the stored `files` after the surrounding transaction commits (never on rollback:
    the row would point at a missing file)."""
    stored = [(file.storage, file.name) for file in files if file.name]

    def remove():
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(remove)


def activity_create(*, data: dict, by, station=None) -> Activity:
    """A new activity of `station` (an import names it), else of the user's station (or of its
    first room's station for a superuser)."""
    if station is not None:
        station_id = station.pk
    elif not data.get("rooms") and by.station_id is None:
        raise ValidationError({"rooms": _("请至少选择一个社工室。")})
    else:
        station_id = by.station_id or data["rooms"][0].station_id
    return create_versioned(Activity, data=data, station_id=station_id, created_by=by)


@transaction.atomic
def activity_update(*, activity: Activity, version, data: dict, by) -> Activity:
    """Edit an activity. Its rooms that `by` cannot see are kept (a worker editing a joint
    activity of two rooms must not drop the other room)."""
    if not can_edit_activity(by, activity):
        raise PermissionDenied
    hidden_rooms = list(
        activity.rooms.exclude(pk__in=visible_rooms(by).values("pk")).values_list("pk", flat=True)
    )
    activity = update_versioned(activity, version=version, data=data)
    if hidden_rooms:
        activity.rooms.add(*hidden_rooms)
    return activity


def attachment_add(*, activity: Activity, data: dict, by) -> ActivityAttachment:
    if not can_edit_activity(by, activity):
        raise PermissionDenied
    return ActivityAttachment.objects.create(
        activity=activity, original_name=data["file"].name[:200], uploaded_by=by, **data
    )


def series_create(*, data: dict, by, station=None) -> ActivitySeries:
    station_id = station.pk if station is not None else by.station_id
    if station_id is None:
        raise PermissionDenied
    return ActivitySeries.objects.create(station_id=station_id, **data)


def needs_create(*, data: dict, by) -> NeedsAssessment:
    if by.station_id is None and not data.get("room"):
        raise ValidationError({"room": _("请选择社工室。")})
    station_id = by.station_id or data["room"].station_id
    return create_versioned(NeedsAssessment, data=data, station_id=station_id, created_by=by)


def needs_update(*, assessment: NeedsAssessment, version, data: dict, by) -> NeedsAssessment:
    return update_versioned(assessment, version=version, data=data)


def outreach_save(*, model, record=None, version=None, data: dict, by, station=None):
    """Create (`record` None) or edit a media report or exchange visit (versioned). A new one
    belongs to `station` (an import names it), else to the user's or its room's station."""
    if record is not None:
        return update_versioned(record, version=version, data=data)
    if station is not None:
        return create_versioned(model, data=data, station_id=station.pk)
    if by.station_id is None and not data.get("room"):
        raise ValidationError({"room": _("请选择社工室。")})
    return create_versioned(model, data=data, station_id=by.station_id or data["room"].station_id)


@transaction.atomic
def activity_attendance_set(*, activity: Activity, resident_id, present: bool, by):
    """Sign a resident in (`present` true) or take the sign-in back (false), one tap at a time,
    like a group session's sign-in. Setting the state the resident already has changes nothing,
    so a colleague's phone or a stale page tapping the same person never undoes a sign-in.
    Returns (resident, signed_in).

    Raises ValidationError (nothing saved) if the id is not a resident `by` may sign in."""
    # Anyone who sees the activity may sign in the residents they see (a room worker signs in
    # their own residents at a station-wide event); others' sign-ins are left untouched.
    if not can_see_personal_data(by):
        raise PermissionDenied
    resident = None
    if str(resident_id).isdigit():
        resident = (
            candidate_residents(activity, by).select_related("room").filter(pk=resident_id).first()
        )
    if resident is None:
        raise ValidationError(_("签到失败：该服务对象不在您可签到的名单中。"))
    if present:
        activity.participants.add(resident)
    else:
        activity.participants.remove(resident)
    return resident, bool(present)


def candidate_residents(activity: Activity, user):
    """Residents `user` may sign in: visible, active, and of the activity's rooms (any visible
    room for a station-wide activity)."""
    residents = Resident.objects.visible_to(user).active()
    room_ids = list(activity.rooms.values_list("pk", flat=True))
    if room_ids:
        residents = residents.filter(room_id__in=room_ids)
    return residents
