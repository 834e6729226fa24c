"""Writes of group work: plan approval, stage, members and sign-ins. Each runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import (
    STAGE_ORDER,
    Attendance,
    Group,
    GroupMember,
    GroupSession,
    GroupStage,
    PlanStatus,
)
from stations.access import can_see_personal_data, is_supervisor, visible_rooms
from stations.models import Resident, Role
from volunteers.models import Volunteer


def can_edit_group(user, group: Group) -> bool:
    """Room groups: the room's workers and supervisors; station-level groups: station staff.
    Facilitators may always edit the group they lead. `group` must already be visible to `user`."""
    if not can_see_personal_data(user):
        return False
    if user.is_superuser:
        return True
    if user.role == Role.STATION_STAFF and user.station_id == group.station_id:
        return True
    if group.room_id and visible_rooms(user).filter(pk=group.room_id).exists():
        return True
    return group.facilitators.filter(pk=user.pk).exists()


def _require_edit(user, group):
    if not can_edit_group(user, group):
        raise PermissionDenied


REQUIRED_PLAN_FIELDS = ["goals", "target_members", "planned_sessions", "evaluation_method"]


@transaction.atomic
def group_submit_plan(*, group: Group, by) -> Group:
    _require_edit(by, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.plan_status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise ValidationError(_("只有草稿或已退回的计划书可以提交审核。"))
    missing = [
        str(Group._meta.get_field(name).verbose_name)
        for name in REQUIRED_PLAN_FIELDS
        if not getattr(group, name)
    ]
    if missing:
        raise ValidationError(
            _("计划书尚不完整，请先填写：%(fields)s") % {"fields": _("、").join(missing)}
        )
    group.plan_status = PlanStatus.SUBMITTED
    group.save(update_fields=["plan_status"])
    return group


@transaction.atomic
def group_review_plan(*, group: Group, approve: bool, comment: str, by) -> Group:
    """Only a supervisor approves or returns a submitted plan; a return needs a comment."""
    if not is_supervisor(by):
        raise PermissionDenied
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.plan_status != PlanStatus.SUBMITTED:
        raise ValidationError(_("这份计划书不在待审核状态。"))
    if not approve and not comment.strip():
        raise ValidationError(_("退回修改时请填写督导意见。"))
    group.plan_status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    group.review_comment = comment.strip()
    group.reviewed_by = by
    group.reviewed_at = timezone.now()
    group.save(update_fields=["plan_status", "review_comment", "reviewed_by", "reviewed_at"])
    return group


@transaction.atomic
def group_set_stage(*, group: Group, stage: str, by) -> Group:
    """Stages move forward one step at a time; only an approved group leaves 筹备."""
    _require_edit(by, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if stage not in STAGE_ORDER:
        raise ValidationError(_("未知的小组阶段。"))
    if STAGE_ORDER.index(stage) != STAGE_ORDER.index(group.stage) + 1:
        raise ValidationError(_("小组阶段只能依次推进到下一阶段。"))
    if stage != GroupStage.PREPARATION and group.plan_status != PlanStatus.APPROVED:
        raise ValidationError(_("计划书经督导批准后，小组才能进入形成阶段。"))
    group.stage = stage
    group.save(update_fields=["stage"])
    return group


@transaction.atomic
def member_add(
    *,
    group: Group,
    by,
    resident: Resident | None = None,
    user=None,
    volunteer: Volunteer | None = None,
    joined_on=None,
) -> GroupMember:
    _require_edit(by, group)
    if sum(x is not None for x in (resident, user, volunteer)) != 1:
        raise ValidationError(_("请选择一位服务对象、一位工作人员或一位志愿者（只能选一种）。"))
    if resident is not None and not Resident.objects.visible_to(by).filter(pk=resident.pk).exists():
        raise ValidationError(_("您无权添加这位服务对象。"))
    if (
        volunteer is not None
        and not Volunteer.objects.visible_to(by).filter(pk=volunteer.pk).exists()
    ):
        raise ValidationError(_("您无权添加这位志愿者。"))
    duplicate = GroupMember.objects.filter(group=group).filter(
        Q(resident=resident) if resident else Q(user=user) if user else Q(volunteer=volunteer)
    )
    if duplicate.exists():
        raise ValidationError(_("此人已经是本小组成员。"))
    return GroupMember.objects.create(
        group=group, resident=resident, user=user, volunteer=volunteer, joined_on=joined_on
    )


@transaction.atomic
def attendance_set(*, session: GroupSession, member_id, present, by) -> tuple[GroupMember, bool]:
    """Sign a member in (`present` true) or take the sign-in back (false). Setting the state the
    member already has changes nothing, so a second device or a stale screen tapping the same
    member never undoes a sign-in. Returns (member, signed_in).

    Raises ValidationError if the member does not belong to the session's group: nothing saved."""
    _require_edit(by, session.group)
    member = None
    if str(member_id).isdigit():
        member = (
            GroupMember.objects.select_related("resident", "user", "volunteer")
            .filter(pk=member_id, group_id=session.group_id)
            .first()
        )
    if member is None:
        raise ValidationError(_("签到失败：该人员不是本小组成员。"))
    if present:
        Attendance.objects.get_or_create(
            session=session, member=member, defaults={"recorded_by": by}
        )
    else:
        Attendance.objects.filter(session=session, member=member).delete()
    return member, bool(present)


def attendance_rate(group: Group) -> dict:
    """Sign-ins ÷ (members × sessions held so far), as a percentage. Two queries."""
    sessions_held = group.sessions.filter(starts_at__lte=timezone.now()).count()
    counts = GroupMember.objects.filter(group=group).aggregate(
        members=Count("pk", distinct=True),
        attendances=Count(
            "attendances",
            filter=Q(attendances__session__starts_at__lte=timezone.now()),
        ),
    )
    possible = counts["members"] * sessions_held
    rate = round(100 * counts["attendances"] / possible, 1) if possible else None
    return {
        "sessions_held": sessions_held,
        "members": counts["members"],
        "attendances": counts["attendances"],
        "rate": rate,
    }
