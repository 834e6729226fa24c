"""Writes of group work: plan approval, stage, members and sign-ins. Each runs in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from groups.models import (
    STAGE_ORDER,
    Attendance,
    Group,
    GroupEvaluation,
    GroupMember,
    GroupSession,
    GroupStage,
    PlanStatus,
)
from stations.access import can_see_personal_data, is_supervisor, visible_rooms
from stations.bounds import day_done
from stations.concurrency import create_versioned, update_versioned
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
def group_review_plan(*, group: Group, approve: bool, comment: str, by, on=None) -> Group:
    """Only a supervisor approves or returns a submitted plan; a return needs a comment. `on` is
    the day of the review (default today; a review signed on paper keeps its day), never in the
    future (a plan is reviewed before the group starts, so no earlier bound is kept)."""
    if not is_supervisor(by):
        raise PermissionDenied
    on = day_done(on, _("审核日期不能晚于今天。"))
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.plan_status != PlanStatus.SUBMITTED:
        raise ValidationError(_("这份计划书不在待审核状态。"))
    if not approve and not comment.strip():
        raise ValidationError(_("退回修改时请填写督导意见。"))
    group.plan_status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    group.review_comment = comment.strip()
    group.reviewed_by = by
    group.reviewed_at = timezone.now()
    group.reviewed_on = on
    group.save(
        update_fields=["plan_status", "review_comment", "reviewed_by", "reviewed_at", "reviewed_on"]
    )
    return group


@transaction.atomic
def next_stage(group: Group) -> GroupStage | None:
    """The stage `group` may move on to, one step at a time; None after the last one."""
    index = STAGE_ORDER.index(group.stage)
    return GroupStage(STAGE_ORDER[index + 1]) if index + 1 < len(STAGE_ORDER) else None


def can_review_plan(user, group: Group) -> bool:
    """A supervisor reviews a plan that was submitted for review."""
    return is_supervisor(user) and group.plan_status == PlanStatus.SUBMITTED


def group_set_stage(*, group: Group, stage: str, by) -> Group:
    """Stages move forward one step at a time; only an approved group leaves 筹备."""
    _require_edit(by, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if stage not in STAGE_ORDER:
        raise ValidationError(_("未知的小组阶段。"))
    if stage != next_stage(group):
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
    if present and not member.is_member_on(timezone.localdate(session.starts_at)):
        raise ValidationError(
            _("签到失败：%(name)s 已于 %(date)s 退出小组，不能在之后的节次签到。")
            % {"name": member.display_name, "date": date_format(member.left_on)}
        )
    if present:
        Attendance.objects.get_or_create(
            session=session, member=member, defaults={"created_by": by}
        )
    else:
        Attendance.objects.filter(session=session, member=member).delete()
    return member, bool(present)


@transaction.atomic
def member_leave(*, member: GroupMember, left_on, reason: str = "", by) -> GroupMember:
    """Record that a member left the group (退出小组) on `left_on`. The row and its sign-ins stay.

    Raises ValidationError (nothing saved) if the member already left, `left_on` is before they
    joined, or they signed in at a session after `left_on`."""
    _require_edit(by, member.group)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(_("该成员已经退出小组。"))
    if member.joined_on and left_on < member.joined_on:
        raise ValidationError(_("退出日期不能早于入组日期。"))
    later = [
        session
        for session in GroupSession.objects.filter(attendances__member=member)
        if timezone.localdate(session.starts_at) > left_on
    ]
    if later:
        raise ValidationError(
            _("该成员在退出日期之后的第 %(numbers)s 节有签到记录，请先核对签到或改选退出日期。")
            % {
                "numbers": _("、").join(
                    str(s.number) for s in sorted(later, key=lambda s: s.number)
                )
            }
        )
    member.left_on = left_on
    member.left_reason = reason.strip()
    member.save(update_fields=["left_on", "left_reason"])
    return member


@transaction.atomic
def member_remove(*, member: GroupMember, by) -> None:
    """Delete a member added by mistake. Only a member with no sign-ins may be deleted; anyone who
    took part leaves the group instead (member_leave), so the history stays."""
    _require_edit(by, member.group)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    if member.attendances.exists():
        raise ValidationError(_("该成员已有签到记录，不能删除；如已不再参加，请办理“退出小组”。"))
    member.delete()


@transaction.atomic
def member_scores_save(*, group: Group, scores: dict, by) -> int:
    """Save pre/post scores: `scores` maps member pk → (pre, post), Decimal or None. Members of
    other groups are ignored. All rows in one transaction; returns how many rows changed."""
    _require_edit(by, group)
    members = list(GroupMember.objects.select_for_update().filter(group=group, pk__in=list(scores)))
    changed = []
    for member in members:
        pre, post = scores[member.pk]
        if (member.pre_score, member.post_score) != (pre, post):
            member.pre_score, member.post_score = pre, post
            changed.append(member)
    GroupMember.objects.bulk_update(changed, ["pre_score", "post_score"])
    return len(changed)


def score_averages(group: Group) -> dict:
    """Average pre and post scores over the members who have that score (a member with only a
    pre-test still counts for the pre average), rounded to one decimal; None when nobody has one.
    One query."""
    figures = GroupMember.objects.filter(group=group).aggregate(
        pre=Avg("pre_score"),
        post=Avg("post_score"),
        pre_count=Count("pre_score"),
        post_count=Count("post_score"),
    )
    for name in ("pre", "post"):
        if figures[name] is not None:
            figures[name] = round(figures[name], 1)
    return figures


def attendance_rate(group: Group) -> dict:
    """Sign-ins ÷ expected sign-ins at the sessions held so far, as a percentage. Three queries.

    A member is expected at a held session when the session's local date falls while they were a
    member: on or after `joined_on` (no date: from the start) and on or before `left_on` (no date:
    to the end; the day they left still counts). A sign-in before `joined_on` shows they were
    there already, so it counts both as a sign-in and as an expected one. Sign-ins after
    `left_on` are refused by attendance_set, so every sign-in falls inside its member's window
    and the rate never exceeds 100%."""
    now = timezone.now()
    days = {
        pk: timezone.localdate(starts_at)
        for pk, starts_at in group.sessions.filter(starts_at__lte=now).values_list(
            "pk", "starts_at"
        )
    }
    members = list(GroupMember.objects.filter(group=group).values("pk", "joined_on", "left_on"))
    signed = set(
        Attendance.objects.filter(session__group=group, session__in=list(days)).values_list(
            "member_id", "session_id"
        )
    )
    expected = 0
    for member in members:
        for session_pk, day in days.items():
            joined = member["joined_on"] is None or day >= member["joined_on"]
            stayed = member["left_on"] is None or day <= member["left_on"]
            if stayed and (joined or (member["pk"], session_pk) in signed):
                expected += 1
    rate = round(100 * len(signed) / expected, 1) if expected else None
    return {
        "sessions_held": len(days),
        "members": len(members),
        "current_members": sum(1 for m in members if m["left_on"] is None),
        "attendances": len(signed),
        "expected": expected,
        "rate": rate,
    }


def group_create(*, data: dict, by) -> Group:
    """A new group (plan draft) of the user's station, or of the chosen room's station."""
    station_id = by.station_id or (data["room"].station_id if data.get("room") else None)
    if station_id is None:
        raise ValidationError({"room": _("请选择社工室。")})
    return create_versioned(Group, data=data, station_id=station_id, created_by=by)


def group_update(*, group: Group, version, data: dict, by) -> Group:
    _require_edit(by, group)
    return update_versioned(group, version=version, data=data)


def session_next_number(group: Group) -> int:
    last = group.sessions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def require_approved_plan(group: Group) -> None:
    if group.plan_status != PlanStatus.APPROVED:
        raise ValidationError(_("计划书经督导批准后才能记录小组节次。"))


@transaction.atomic
def session_create(*, group: Group, data: dict, by) -> GroupSession:
    """A session of a group whose plan the supervisor approved; numbers are unique per group
    (the group row is locked, so two sessions saved at once cannot take the same number)."""
    _require_edit(by, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    require_approved_plan(group)
    number = data.get("number") or session_next_number(group)
    if group.sessions.filter(number=number).exists():
        raise ValidationError(_("本小组已有第 %(number)s 节。") % {"number": number})
    return create_versioned(GroupSession, data={**data, "number": number}, group=group)


@transaction.atomic
def session_update(*, session: GroupSession, version, data: dict, by) -> GroupSession:
    _require_edit(by, session.group)
    number = data.get("number", session.number)
    if session.group.sessions.filter(number=number).exclude(pk=session.pk).exists():
        raise ValidationError(_("本小组已有第 %(number)s 节。") % {"number": number})
    return update_versioned(session, version=version, data=data)


@transaction.atomic
def group_evaluation_save(*, group: Group, version, data: dict, by) -> GroupEvaluation:
    """The final evaluation. Averages computed from the members' scores replace typed ones; they
    stay typed by hand only for groups without per-member scores (older paper records)."""
    _require_edit(by, group)
    scores = score_averages(group)
    computed = {
        f"{name}_score_average": scores[name]
        for name in ("pre", "post")
        if scores[name] is not None
    }
    data = {**data, **computed}
    current = GroupEvaluation.objects.filter(group=group).first()
    if current is None:
        return create_versioned(GroupEvaluation, data=data, group=group, evaluated_by=by)
    return update_versioned(current, version=version, data=data, evaluated_by=by)


# Back-entry of a group kept on paper (the `groups` ledger) -----------------------------------


@transaction.atomic
def group_back_enter(
    *,
    station,
    room,
    name,
    group_type,
    start_date,
    end_date,
    by,
    service_areas=(),
    target_populations=(),
) -> Group:
    """A group run before the site, its plan approved on paper: created approved (the review
    comment says so, `by` and now record who entered it), at its ending stage once it ended,
    tagged with its service areas and target populations (the X block counts them)."""
    if end_date is not None and end_date < start_date:
        raise ValidationError(_("结束日期不能早于开始日期。"))
    return Group.objects.create(
        station=station,
        room=room,
        name=name,
        group_type=group_type,
        start_date=start_date,
        end_date=end_date,
        service_areas=list(service_areas),
        target_populations=list(target_populations),
        stage=GroupStage.ENDING if end_date else GroupStage.FORMATION,
        plan_status=PlanStatus.APPROVED,
        review_comment=_("台账补录：计划书已经督导纸质批准。"),
        reviewed_at=timezone.now(),
        reviewed_on=start_date,
        created_by=by,
    )


@transaction.atomic
def session_back_enter(
    *, group, number, starts_at, ends_at, theme, place, facilitator, attendees, by
) -> tuple[GroupSession, list, list]:
    """A past session with the members who attended: `attendees` are {"resident" | "user" |
    "volunteer": …}; a person not yet a member joins on the group's start date. Returns the
    session, the new members and the sign-ins. The session is not before the group started; a session
    ahead of today (scheduled) has no sign-ins."""
    day = timezone.localtime(starts_at).date()
    if day < group.start_date:
        raise ValidationError(_("节次日期不能早于小组的开始日期。"))
    if attendees and starts_at > timezone.now():
        raise ValidationError(_("尚未开始的节次不能有出席组员。"))
    if ends_at <= starts_at:
        raise ValidationError(_("结束时间必须晚于开始时间。"))
    if group.sessions.filter(number=number).exists():
        raise ValidationError(_("本小组已有第 %(number)s 节。") % {"number": number})
    session = GroupSession.objects.create(
        group=group,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        theme=theme,
        place=place,
        facilitator=facilitator,
    )
    members = {
        (member.resident_id, member.user_id, member.volunteer_id): member
        for member in GroupMember.objects.filter(group=group)
    }
    joined, signed = [], []
    for person in attendees:
        key = (
            getattr(person.get("resident"), "pk", None),
            getattr(person.get("user"), "pk", None),
            getattr(person.get("volunteer"), "pk", None),
        )
        member = members.get(key)
        if member is None:
            member = GroupMember.objects.create(group=group, joined_on=group.start_date, **person)
            members[key] = member
            joined.append(member)
        signed.append(Attendance(session=session, member=member, created_by=by))
    Attendance.objects.bulk_create(signed)
    return session, joined, signed
