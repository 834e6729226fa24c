"""Writes for casework: the stage machine, approvals, numbering, documents and home visits.

Every function is keyword-only, runs in one transaction and raises `CaseError` (a ValidationError
with a Chinese message) when a rule refuses the change; nothing is saved then.

The stage machine (MZ/T 094-2017):

    inquiry ──request opening (督导批准)──▶ intake ─▶ assessment ─▶ plan ─▶ intervention ─▶ evaluation
    evaluation ──request closing──▶ closing ──督导批准──▶ closed ─▶ follow_up ─▶ closed
    closing ──督导退回──▶ evaluation;  closed / follow_up ──reopen──▶ assessment
    inquiry ─▶ not_accepted;  inquiry … evaluation ──refer──▶ referred
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Addendum,
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Assessment,
    Case,
    CaseNumberCounter,
    CaseTransition,
    Closing,
    ConsentBy,
    ContactForm,
    Evaluation,
    FollowUp,
    Intake,
    PlanTask,
    Referral,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
    Source,
    Stage,
    SupervisionNote,
)
from stations.access import is_supervisor, visible_rooms
from stations.concurrency import update_versioned
from stations.models import KeyPopulationTag, Resident
from stations.vocabulary import target_populations_for


class CaseError(ValidationError):
    """A rule of casework refused the change; the message is for the user."""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple
    target: str
    supervisor_only: bool = False
    comment_required: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "approve_opening", gettext_lazy("批准开案"), (Stage.INQUIRY,), Stage.INTAKE, True
        ),
        Transition(
            "not_accept",
            gettext_lazy("不予接案"),
            (Stage.INQUIRY,),
            Stage.NOT_ACCEPTED,
            False,
            True,
        ),
        Transition("start_assessment", gettext_lazy("开始预估"), (Stage.INTAKE,), Stage.ASSESSMENT),
        Transition("start_plan", gettext_lazy("进入计划阶段"), (Stage.ASSESSMENT,), Stage.PLAN),
        Transition(
            "start_intervention", gettext_lazy("开始介入"), (Stage.PLAN,), Stage.INTERVENTION
        ),
        Transition(
            "start_evaluation",
            gettext_lazy("进入评估阶段"),
            (Stage.INTERVENTION,),
            Stage.EVALUATION,
        ),
        Transition("request_closing", gettext_lazy("申请结案"), (Stage.EVALUATION,), Stage.CLOSING),
        Transition(
            "approve_closing", gettext_lazy("批准结案"), (Stage.CLOSING,), Stage.CLOSED, True
        ),
        Transition(
            "return_closing",
            gettext_lazy("退回结案申请"),
            (Stage.CLOSING,),
            Stage.EVALUATION,
            True,
            True,
        ),
        Transition(
            "start_follow_up", gettext_lazy("开始跟进回访"), (Stage.CLOSED,), Stage.FOLLOW_UP
        ),
        Transition("end_follow_up", gettext_lazy("结束跟进"), (Stage.FOLLOW_UP,), Stage.CLOSED),
        Transition(
            "reopen",
            gettext_lazy("重新开案"),
            (Stage.CLOSED, Stage.FOLLOW_UP),
            Stage.ASSESSMENT,
            True,  # closed is closed: only a supervisor reopens (a worker adds an addendum)
            True,
        ),
        Transition(
            "refer",
            gettext_lazy("转介结案"),
            (
                Stage.INQUIRY,
                Stage.INTAKE,
                Stage.ASSESSMENT,
                Stage.PLAN,
                Stage.INTERVENTION,
                Stage.EVALUATION,
            ),
            Stage.REFERRED,
        ),
    ]
}

# Actions a worker starts from the case page (the approvals are taken from the approval queue).
WORKER_ACTIONS = [
    "start_assessment",
    "start_plan",
    "start_intervention",
    "start_evaluation",
    "request_closing",
    "start_follow_up",
    "end_follow_up",
    "reopen",
    "refer",
    "not_accept",
]


def local_today() -> datetime.date:
    return timezone.localdate()


def allocate_case_number(*, station, year: int) -> tuple[str, int]:
    """The next case number of `station` in `year`, e.g. CCZ-2022-0007.

    The counter row is created if missing (ON CONFLICT DO NOTHING, so two first cases of a year do
    not collide) and then locked: concurrent openings wait for each other and never share a serial.
    """
    with transaction.atomic():
        CaseNumberCounter.objects.bulk_create(
            [CaseNumberCounter(station=station, year=year, last_serial=0)], ignore_conflicts=True
        )
        counter = CaseNumberCounter.objects.select_for_update().get(station=station, year=year)
        counter.last_serial += 1
        counter.save(update_fields=["last_serial"])
    return f"{station.code.upper()}-{year}-{counter.last_serial:04d}", counter.last_serial


def can_edit_case(user, case) -> bool:
    """Workers, station staff and supervisors who can see the case may write to it."""
    return case.room_id in {room.pk for room in visible_rooms(user)}


def _log(case, action, from_stage, to_stage, by, comment="", on=None):
    return CaseTransition.objects.create(
        case=case,
        action=action,
        from_stage=from_stage,
        to_stage=to_stage,
        by=by,
        comment=comment,
        happened_on=on or local_today(),
    )


def happened_on(on) -> datetime.date:
    """The day a step happened: entered by the user (back-entry), today by default, never later."""
    today = local_today()
    if on is None:
        return today
    if on > today:
        raise CaseError(_("发生日期不能晚于今天。"))
    return on


def _populations(chosen, resident, on) -> list[str]:
    """The target populations chosen, or (None) those of the resident's tags in force on `on`."""
    if chosen is not None:
        return list(chosen)
    categories = KeyPopulationTag.objects.filter(resident=resident).in_force(on)
    return target_populations_for(categories.values_list("category", flat=True))


def _require_referring_unit(source, referring_unit) -> None:
    if source == Source.REFERRAL and not referring_unit:
        raise CaseError(_("来源为转介时，请填写转介单位。"))


def _case_with_intake(
    *,
    resident,
    number,
    fields: dict,
    service_areas,
    target_populations,
    intake: dict,
    note,
    by,
    room=None,
    household=None,
    on=None,
) -> Case:
    """A new case numbered `number` with its intake form (`intake`: the form's fields) and the
    first entry of its stage log (`note`, on the day `on`). `fields`: the case's other fields. Its
    station is the resident's, its room and household default to the resident's, and with
    `target_populations` None it takes those of the resident's tags in force on the intake date."""
    case = Case.objects.create(
        station=resident.room.station,
        number=number,
        resident=resident,
        household=household or resident.household,
        room=room or resident.room,
        service_areas=list(service_areas),
        target_populations=_populations(target_populations, resident, intake["intake_date"]),
        created_by=by,
        **fields,
    )
    Intake.objects.create(case=case, **intake)
    _log(case, "create", "", Stage.INQUIRY, by, note, on)
    return case


def case_create(
    *,
    resident,
    worker,
    source,
    presenting_problem,
    by,
    referring_unit="",
    service_areas=(),
    target_populations=None,
    risk_level="low",
    supervisor=None,
    household=None,
    intake_date=None,
    consent=ConsentBy.NONE,
    consent_date=None,
    background="",
    needs="",
) -> Case:
    """Register an inquiry (咨询受理) with its intake form and a fresh case number.

    `target_populations` None: the populations of the resident's key-population tags in force on
    the intake date (stations.vocabulary.KEY_POPULATION_TARGETS)."""
    _require_referring_unit(source, referring_unit)
    intake_date = happened_on(intake_date)
    with transaction.atomic():
        # The number carries the year the case came in (a case of 2022 entered now is a 2022 case).
        number, _serial = allocate_case_number(station=resident.room.station, year=intake_date.year)
        return _case_with_intake(
            resident=resident,
            number=number,
            fields={
                "worker": worker,
                "source": source,
                "presenting_problem": presenting_problem,
                "referring_unit": referring_unit,
                "risk_level": risk_level,
                "supervisor": supervisor,
            },
            service_areas=service_areas,
            target_populations=target_populations,
            intake={
                "intake_date": intake_date,
                "consent": consent,
                "consent_date": consent_date if consent != ConsentBy.NONE else None,
                "background": background,
                "needs": needs,
            },
            note=_("登记咨询"),
            by=by,
            household=household,
        )


def _lock(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _guard(case, action) -> None:
    """Raise CaseError when the documents that `action` needs are missing."""
    if action == "start_plan" and not case.assessments.exists():
        raise CaseError(_("尚未填写预估，不能进入计划阶段。"))
    if action == "start_intervention":
        if not ServiceGoal.objects.filter(plan__case=case).exists():
            raise CaseError(_("尚未制定含服务目标的服务计划，不能开始介入。"))
        approved = case.plans.filter(approved_at__isnull=False)
        if settings.CASE_REQUIRE_APPROVED_PLAN and not approved.exists():
            raise CaseError(_("服务计划尚未经督导批准，不能开始介入。"))
    if action == "start_evaluation" and not case.records.exists():
        raise CaseError(_("尚无服务记录，不能进入评估阶段。"))
    if action == "request_closing":
        if not case.evaluations.exists():
            raise CaseError(_("尚未完成评估，不能申请结案。"))
        if not Closing.objects.filter(case=case).exists():
            raise CaseError(_("请先填写结案表，再申请结案。"))
    if action == "refer" and not case.referrals.exists():
        raise CaseError(_("请先填写转介表，再办理转介。"))


def case_transition(*, case, action, by, comment="", on=None, paper_supervisor=None) -> Case:
    """Move `case` by `action` on the day `on` (default today; back-entry of paper records);
    refuse illegal moves with a Chinese message.

    The opening date is the day the opening was approved; the closing date is the date on the
    closing form (结案表) when there is one, else `on`. Dates stay in order: nothing before the
    opening, nothing in the future.

    Raises CaseError (illegal move, missing document, missing comment, a date out of order) or
    PermissionDenied (an approval by someone who is not a supervisor; see `approval_decide` for
    a back-entered approval signed on paper by `paper_supervisor`).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise CaseError(_("未知的操作。"))
    if transition.supervisor_only and not is_supervisor(paper_supervisor or by):
        raise PermissionDenied(_("只有督导可以审批。"))
    on = happened_on(on)
    with transaction.atomic():
        case = _lock(case)
        if case.stage not in transition.sources:
            raise CaseError(
                _("个案处于“%(stage)s”阶段，不能“%(action)s”。")
                % {"stage": case.get_stage_display(), "action": transition.label}
            )
        if transition.comment_required and not comment.strip():
            raise CaseError(_("“%(action)s”需要填写说明。") % {"action": transition.label})
        _check_order(case, on)
        _guard(case, action)
        from_stage = case.stage
        case.stage = transition.target
        if transition.target == Stage.INTAKE:
            case.opened_on = on
        ending = transition.target in (Stage.CLOSED, Stage.REFERRED, Stage.NOT_ACCEPTED)
        if ending and case.closed_on is None:
            closing = Closing.objects.filter(case=case).first()
            use_form = action == "approve_closing" and closing is not None
            case.closed_on = closing.closed_on if use_form else on
            _check_order(case, case.closed_on)
        if action == "reopen":
            case.closed_on = None
        case.version = F("version") + 1
        case.save(update_fields=["stage", "opened_on", "closed_on", "version"])
        case.refresh_from_db()
        _log(case, action, from_stage, transition.target, by, comment, on)
        if action == "request_closing":
            _request(case, ApprovalKind.CLOSING, by, comment)
        if action in ("approve_closing", "return_closing"):
            _settle(
                case,
                ApprovalKind.CLOSING,
                by,
                comment,
                approved=action == "approve_closing",
                on=on,
                paper_supervisor=paper_supervisor,
            )
    return case


def _check_order(case, day) -> None:
    """Nothing happens to a case before it was opened (or, before opening, before it came in)."""
    start = case.opened_on
    if start is None:
        start = Intake.objects.filter(case=case).values_list("intake_date", flat=True).first()
    if start is not None and day < start:
        raise CaseError(
            _("日期 %(day)s 早于个案的开案（接案）日期 %(start)s。")
            % {"day": day.isoformat(), "start": start.isoformat()}
        )


def available_actions(case, user=None) -> list[Transition]:
    """The stage actions the case page offers; a supervisor-only one (reopening) only to a
    supervisor."""
    supervisor = user is not None and is_supervisor(user)
    return [
        TRANSITIONS[action]
        for action in WORKER_ACTIONS
        if case.stage in TRANSITIONS[action].sources
        and (supervisor or not TRANSITIONS[action].supervisor_only)
    ]


def _request(case, kind, by, comment, plan=None) -> Approval:
    if Approval.objects.filter(case=case, kind=kind, status=ApprovalStatus.PENDING).exists():
        raise CaseError(_("该事项已在等待督导审批。"))
    return Approval.objects.create(
        case=case, kind=kind, plan=plan, requested_by=by, request_comment=comment
    )


def _settle(case, kind, by, comment, *, approved, on=None, paper_supervisor=None) -> None:
    Approval.objects.filter(case=case, kind=kind, status=ApprovalStatus.PENDING).update(
        status=ApprovalStatus.APPROVED if approved else ApprovalStatus.RETURNED,
        decided_by=by,
        decided_at=timezone.now(),
        decided_on=on or local_today(),
        paper_supervisor=paper_supervisor,
        decision_comment=comment,
    )


def case_request_opening(*, case, by, comment="") -> Approval:
    """Ask the supervisor to open the case (开案). Needs informed consent on the intake form."""
    with transaction.atomic():
        case = _lock(case)
        if case.stage != Stage.INQUIRY:
            raise CaseError(
                _("个案处于“%(stage)s”阶段，不能申请开案。") % {"stage": case.get_stage_display()}
            )
        intake = Intake.objects.filter(case=case).first()
        if intake is None or intake.consent == ConsentBy.NONE:
            raise CaseError(_("接案登记尚未取得服务对象（或监护人）的知情同意，不能申请开案。"))
        approval = _request(case, ApprovalKind.OPENING, by, comment)
        _log(case, "request_opening", case.stage, case.stage, by, comment or _("申请开案"))
    return approval


def plan_request_approval(*, plan, by, comment="") -> Approval:
    with transaction.atomic():
        if plan.approved_at:
            raise CaseError(_("该服务计划已批准。"))
        if not plan.goals.exists():
            raise CaseError(_("服务计划至少需要一个服务目标。"))
        approval = _request(plan.case, ApprovalKind.PLAN, by, comment, plan=plan)
        _log(plan.case, "request_plan", plan.case.stage, plan.case.stage, by, comment)
    return approval


def approval_decide(
    *, approval, approve: bool, by, comment="", on=None, paper_supervisor=None
) -> Approval:
    """Approve or return a pending request on the day `on` (default today). Only supervisors;
    a return needs a comment.

    Back-entry of an approval given on paper: `paper_supervisor` names the supervisor who signed
    it and `on` the day (before today); `by`, who enters it, is recorded as well and need not be a
    supervisor, but must be able to write to the case. The worker is notified
    (cases.review.approval_notify).
    """
    from cases.review import approval_notify

    on = happened_on(on)
    if paper_supervisor is not None:
        if not is_supervisor(paper_supervisor):
            raise CaseError(_("纸质审批须由督导签批：所选人员不是督导。"))
        if on >= local_today():
            raise CaseError(_("补录纸质审批时，请填写督导签批的日期（早于今天）。"))
        if not can_edit_case(by, approval.case):
            raise PermissionDenied
    elif not is_supervisor(by):
        raise PermissionDenied(_("只有督导可以审批。"))
    if not approve and not comment.strip():
        raise CaseError(_("退回时请填写意见。"))
    if paper_supervisor is not None:
        comment = (
            _("纸质审批补录：督导 %(supervisor)s 于 %(day)s 签批。")
            % {"supervisor": paper_supervisor, "day": on.isoformat()}
            + comment
        )
    with transaction.atomic():
        approval = Approval.objects.select_for_update().get(pk=approval.pk)
        if approval.status != ApprovalStatus.PENDING:
            raise CaseError(_("该申请已处理。"))
        case = approval.case
        if approval.kind == ApprovalKind.CLOSING:
            case_transition(
                case=case,
                action="approve_closing" if approve else "return_closing",
                by=by,
                comment=comment,
                on=on,
                paper_supervisor=paper_supervisor,
            )
            approval.refresh_from_db()
            approval_notify(approval)
            return approval
        if approval.kind == ApprovalKind.OPENING and approve:
            case_transition(
                case=case,
                action="approve_opening",
                by=by,
                comment=comment,
                on=on,
                paper_supervisor=paper_supervisor,
            )
        elif approval.kind == ApprovalKind.OPENING:
            _log(case, "return_opening", case.stage, case.stage, by, comment, on)
        elif approval.kind == ApprovalKind.TRANSFER:
            _settle_transfer(approval, approve=approve, by=by, comment=comment, on=on)
        elif approval.kind == ApprovalKind.PLAN:
            if approve:
                ServicePlan.objects.filter(pk=approval.plan_id).update(
                    approved_by=paper_supervisor or by, approved_at=timezone.now()
                )
            _log(
                case,
                "approve_plan" if approve else "return_plan",
                case.stage,
                case.stage,
                by,
                comment,
                on,
            )
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
        approval.decided_by = by
        approval.decided_at = timezone.now()
        approval.decided_on = on
        approval.paper_supervisor = paper_supervisor
        approval.decision_comment = comment
        approval.save()
        approval_notify(approval)
    return approval


def assessment_create(*, case, by, **fields):
    with transaction.atomic():
        case = _lock(case)
        if case.stage not in (Stage.ASSESSMENT, Stage.PLAN, Stage.INTERVENTION, Stage.EVALUATION):
            raise CaseError(_("个案尚未进入预估阶段，不能填写预估。"))
        sequence = (case.assessments.aggregate(m=Max("sequence"))["m"] or 0) + 1
        return Assessment.objects.create(case=case, sequence=sequence, created_by=by, **fields)


def plan_create(*, case, goals: list[str], by, **fields) -> ServicePlan:
    """A new version of the service plan with its goals (one per non-empty line)."""
    goals = [goal.strip() for goal in goals if goal.strip()]
    if not goals:
        raise CaseError(_("服务计划至少需要一个服务目标。"))
    with transaction.atomic():
        case = _lock(case)
        if case.stage not in (Stage.PLAN, Stage.INTERVENTION, Stage.EVALUATION):
            raise CaseError(_("个案尚未进入计划阶段，不能制定服务计划。"))
        sequence = (case.plans.aggregate(m=Max("sequence"))["m"] or 0) + 1
        plan = ServicePlan.objects.create(case=case, sequence=sequence, created_by=by, **fields)
        ServiceGoal.objects.bulk_create(
            [ServiceGoal(plan=plan, description=text, order=i) for i, text in enumerate(goals)]
        )
        Case.objects.filter(pk=case.pk).update(intervention_model=plan.intervention_model)
    return plan


def task_add(*, plan, description, owner, due_date, by, goal=None) -> PlanTask:
    if goal is not None and goal.plan_id != plan.pk:
        raise CaseError(_("所选目标不属于该服务计划。"))
    return PlanTask.objects.create(
        plan=plan, goal=goal, description=description, owner=owner, due_date=due_date
    )


def task_complete(*, task, by) -> PlanTask:
    if task.done_on is None:
        task.done_on = local_today()
        task.save(update_fields=["done_on"])
    return task


def _check_times(start_at, end_at):
    if end_at <= start_at:
        raise CaseError(_("结束时间必须晚于开始时间。"))
    if start_at > timezone.now():
        raise CaseError(_("不能登记未来的服务：开始时间晚于当前时间。"))


def _duration_minutes(start_at, end_at) -> int:
    return int((end_at - start_at).total_seconds() // 60)


def _check_record(*, case, resident, form, start_at, end_at) -> None:
    """The rules every service record keeps, on creation and on each edit."""
    _check_times(start_at, end_at)
    if case is None and form != ContactForm.HOME_VISIT:
        raise CaseError(_("未关联个案的服务记录只能是入户走访。"))
    if case is not None and case.resident_id != resident.pk:
        raise CaseError(_("服务对象与个案不一致。"))
    if case is not None and case.stage in (Stage.INQUIRY, Stage.NOT_ACCEPTED):
        raise CaseError(_("个案尚未开案，不能登记服务记录。"))


def takes_records(case) -> bool:
    """A service record may be written to `case` now: it is opened and not closed."""
    return case.stage not in (Stage.INQUIRY, Stage.NOT_ACCEPTED, *READ_ONLY_STAGES)


def _check_still_open(*, resident, case) -> None:
    """The resident's file and the case still take records (locked against a concurrent close)."""
    archived_at = (
        Resident.objects.select_for_update()
        .filter(pk=resident.pk)
        .values_list("archived_at", flat=True)
        .first()
    )
    if archived_at is not None:
        raise CaseError(
            _(
                "%(name)s 的档案已于 %(day)s 归档，不能再登记服务记录或走访。"
                "如需继续服务，请督导先恢复档案。"
            )
            % {"name": resident.real_name, "day": timezone.localdate(archived_at).isoformat()}
        )
    if case is not None:
        locked = _lock(case)
        if locked.stage in READ_ONLY_STAGES:
            raise CaseError(
                _(
                    "个案 %(number)s 已结案（%(stage)s），不能再登记服务记录。"
                    "走访情况可以不关联个案另行登记，或在个案页添加补充说明。"
                )
                % {"number": locked.number, "stage": locked.get_stage_display()}
            )


def record_create(
    *,
    resident,
    worker,
    form,
    start_at,
    end_at,
    content,
    by,
    case=None,
    next_contact_date=None,
    **fields,
) -> ServiceRecord:
    """A service record (一次服务/走访). Without a case it must be a home visit (入户).

    Refused (CaseError) for a resident whose file was archived and for a case that was closed, also
    when that happened after the form was opened (a visit saved offline is sent hours later)."""
    _check_record(case=case, resident=resident, form=form, start_at=start_at, end_at=end_at)
    minutes = _duration_minutes(start_at, end_at)
    with transaction.atomic():
        _check_still_open(resident=resident, case=case)
        record = ServiceRecord.objects.create(
            case=case,
            resident=resident,
            room=resident.room,
            worker=worker,
            form=form,
            start_at=start_at,
            end_at=end_at,
            duration_minutes=minutes,
            content=content,
            **fields,
        )
        if case is not None and next_contact_date:
            Case.objects.filter(pk=case.pk).update(next_contact_date=next_contact_date)
    return record


def closing_goal_attainment(*, closing, attainments: dict, by) -> None:
    """attainments: {goal: (attainment, note)} for the goals of the case's plans."""
    with transaction.atomic():
        for goal, (attainment, note) in attainments.items():
            if goal.plan.case_id != closing.case_id:
                raise CaseError(_("所选目标不属于该个案。"))
            goal.attainment = attainment
            goal.attainment_note = note
            goal.save(update_fields=["attainment", "attainment_note"])


# Documents of a closed case are read-only: a correction is an addendum (补充说明) or a reopening.
READ_ONLY_STAGES = (Stage.CLOSED, Stage.FOLLOW_UP, Stage.REFERRED, Stage.NOT_ACCEPTED)


class CaseClosedError(PermissionDenied):
    """An edit of a closed case's document; the message is for the user (shown with the 403)."""


def require_editable(case) -> None:
    """Raise CaseClosedError when `case` is closed: its documents are kept as they were."""
    if case is not None and case.stage in READ_ONLY_STAGES:
        raise CaseClosedError(
            _(
                "个案已结案（%(stage)s），其文书不能再修改。如需更正，请在个案页添加补充说明，"
                "或经督导批准重新开案。"
            )
            % {"stage": case.get_stage_display()}
        )


def _document_update(document, *, case, version, data, by, **extra):
    with transaction.atomic():
        require_editable(_lock(case))
        return update_versioned(document, version=version, data=data, **extra)


def case_update(*, case, version, data, by) -> Case:
    """Edit the case's basic facts. The responsible worker changes only by a transfer (转案)."""
    return _document_update(case, case=case, version=version, data=data, by=by)


def intake_update(*, intake, version, data, by) -> Intake:
    return _document_update(intake, case=intake.case, version=version, data=data, by=by)


def assessment_update(*, assessment, version, data, by) -> Assessment:
    return _document_update(assessment, case=assessment.case, version=version, data=data, by=by)


def plan_update(*, plan, version, data, by) -> ServicePlan:
    return _document_update(plan, case=plan.case, version=version, data=data, by=by)


def evaluation_create(*, case, by, **fields) -> Evaluation:
    with transaction.atomic():
        case = _lock(case)
        if case.stage not in (Stage.EVALUATION, Stage.CLOSING):
            raise CaseError(_("个案尚未进入评估阶段，不能填写评估。"))
        return Evaluation.objects.create(case=case, created_by=by, **fields)


def evaluation_update(*, evaluation, version, data, by) -> Evaluation:
    return _document_update(evaluation, case=evaluation.case, version=version, data=data, by=by)


def referral_create(*, case, by, **fields) -> Referral:
    with transaction.atomic():
        require_editable(_lock(case))
        return Referral.objects.create(case=case, created_by=by, **fields)


def referral_update(*, referral, version, data, by) -> Referral:
    return _document_update(referral, case=referral.case, version=version, data=data, by=by)


def closing_create(*, case, attainments: dict, by, **fields) -> Closing:
    """The closing form (结案表) with the attainment of each goal; only in the evaluation stage."""
    with transaction.atomic():
        case = _lock(case)
        if case.stage != Stage.EVALUATION:
            raise CaseError(_("尚未完成评估，不能填写结案表。"))
        _check_order(case, happened_on(fields.get("closed_on")))
        closing = Closing.objects.create(case=case, created_by=by, **fields)
        closing_goal_attainment(closing=closing, attainments=attainments, by=by)
    return closing


def closing_update(*, closing, version, data, attainments: dict, by) -> Closing:
    if data.get("closed_on"):
        _check_order(closing.case, happened_on(data["closed_on"]))
    with transaction.atomic():
        closing = _document_update(closing, case=closing.case, version=version, data=data, by=by)
        closing_goal_attainment(closing=closing, attainments=attainments, by=by)
    return closing


def followup_create(*, case, by, **fields) -> FollowUp:
    """A follow-up visit (跟进回访): only after the case is closed."""
    with transaction.atomic():
        case = _lock(case)
        if case.stage not in (Stage.CLOSED, Stage.FOLLOW_UP):
            raise CaseError(_("个案结案后才能登记跟进回访。"))
        return FollowUp.objects.create(case=case, worker=by, **fields)


def supervision_note_create(*, case, by, **fields) -> SupervisionNote:
    if not is_supervisor(by):
        raise PermissionDenied(_("只有督导可以填写督导记录。"))
    return SupervisionNote.objects.create(case=case, supervisor=by, **fields)


def record_update(*, record, version, data, by) -> ServiceRecord:
    """Edit a service record under the rules of its creation; the duration follows the times."""
    values = {
        name: data.get(name, getattr(record, name))
        for name in ("case", "resident", "form", "start_at", "end_at")
    }
    with transaction.atomic():
        case = values["case"]
        if case is not None:
            case = _lock(case)
            require_editable(case)
        if record.case_id and (case is None or case.pk != record.case_id):
            require_editable(_lock(record.case))
        _check_record(**{**values, "case": case})
        return update_versioned(
            record,
            version=version,
            data=data,
            duration_minutes=_duration_minutes(values["start_at"], values["end_at"]),
        )


def addendum_add(*, case, text: str, reason: str, by) -> Addendum:
    """A correction (补充说明) of a case's file: the documents stay as they were; the addendum,
    its reason, author and time are shown beside them."""
    if not text.strip() or not reason.strip():
        raise CaseError(_("请填写补充内容和补充原因。"))
    return Addendum.objects.create(
        case=case, text=text.strip(), reason=reason.strip(), created_by=by
    )


def case_request_transfer(*, case, worker, room, reason: str, by) -> Approval:
    """Ask a supervisor to transfer (转案) the case to another worker and/or room, with a reason.
    Nothing changes until the supervisor approves."""
    if not reason.strip():
        raise CaseError(_("转案需要填写原因。"))
    with transaction.atomic():
        case = _lock(case)
        require_editable(case)
        if room.station_id != case.station_id:
            raise CaseError(_("只能转至本站的社工室。"))
        if worker.pk == case.worker_id and room.pk == case.room_id:
            raise CaseError(_("转案须更换负责社工或社工室。"))
        if Approval.objects.filter(
            case=case, kind=ApprovalKind.TRANSFER, status=ApprovalStatus.PENDING
        ).exists():
            raise CaseError(_("该事项已在等待督导审批。"))
        approval = Approval.objects.create(
            case=case,
            kind=ApprovalKind.TRANSFER,
            requested_by=by,
            request_comment=reason.strip(),
            transfer_worker=worker,
            transfer_room=room,
        )
        _log(case, "request_transfer", case.stage, case.stage, by, _transfer_text(approval))
    return approval


def _transfer_text(approval) -> str:
    return _("申请转案至 %(room)s %(worker)s：%(reason)s") % {
        "room": approval.transfer_room,
        "worker": approval.transfer_worker,
        "reason": approval.request_comment,
    }


def _settle_transfer(approval, *, approve: bool, by, comment: str, on=None) -> None:
    case = _lock(approval.case)
    if not approve:
        _log(case, "return_transfer", case.stage, case.stage, by, comment, on)
        return
    text = _("转案：%(old_room)s %(old_worker)s → %(room)s %(worker)s") % {
        "old_room": case.room,
        "old_worker": case.worker,
        "room": approval.transfer_room,
        "worker": approval.transfer_worker,
    }
    Case.objects.filter(pk=case.pk).update(
        worker=approval.transfer_worker, room=approval.transfer_room, version=F("version") + 1
    )
    _log(case, "transfer", case.stage, case.stage, by, f"{text} {comment}".strip(), on)


# Back-entry of a case kept on paper (the `cases` ledger) -------------------------------------

# The action that reaches each stage, for the stage log of a back-entered case.
STAGE_ACTIONS = {
    Stage.INTAKE: "approve_opening",
    Stage.ASSESSMENT: "start_assessment",
    Stage.PLAN: "start_plan",
    Stage.INTERVENTION: "start_intervention",
    Stage.EVALUATION: "start_evaluation",
    Stage.CLOSING: "request_closing",
    Stage.CLOSED: "approve_closing",
    Stage.FOLLOW_UP: "start_follow_up",
    Stage.REFERRED: "refer",
    Stage.NOT_ACCEPTED: "not_accept",
}
ENDED_STAGES = (Stage.CLOSED, Stage.FOLLOW_UP, Stage.REFERRED, Stage.NOT_ACCEPTED)


def case_number_parts(station, number: str) -> tuple[int, int] | None:
    """(year, serial) of a number in the station's own format (CCZ-2022-0007), else None."""
    prefix = f"{station.code.upper()}-"
    parts = number.strip().upper().removeprefix(prefix).split("-") if number else []
    if not number.strip().upper().startswith(prefix) or len(parts) != 2:
        return None
    year, serial = parts
    if not (len(year) == 4 and year.isdigit() and serial.isdigit() and len(serial) >= 4):
        return None
    if int(serial) < 1 or not 1900 <= int(year) <= 9999:
        return None
    return int(year), int(serial)


def check_back_entry_dates(*, stage, intake_date, opened_on, stage_on, closed_on) -> list:
    """The date rules of a back-entered case: (field, message) for each broken one.

    A case came in (intake), was opened (the opening approved), reached its stage and ended in
    that order; an open case has no closing date; a closed one has both."""
    problems = []
    opened_needed = stage not in (Stage.INQUIRY, Stage.NOT_ACCEPTED, Stage.REFERRED)
    if opened_needed and opened_on is None:
        problems.append(("opened_on", _("该阶段的个案已开案：请填写开案日期。")))
    if stage in (Stage.INQUIRY, Stage.NOT_ACCEPTED) and opened_on is not None:
        problems.append(("opened_on", _("未开案的个案不填开案日期。")))
    if stage in ENDED_STAGES and closed_on is None:
        problems.append(("closed_on", _("该阶段的个案已结束：请填写结案日期。")))
    if stage not in ENDED_STAGES and closed_on is not None:
        problems.append(("closed_on", _("未结案的个案不填结案日期。")))
    order = [("intake_date", intake_date), ("opened_on", opened_on)]
    if stage == Stage.FOLLOW_UP:  # the follow-up starts after the closing
        order += [("closed_on", closed_on), ("stage_on", stage_on)]
    else:
        order += [("stage_on", stage_on), ("closed_on", closed_on)]
    previous = None
    for name, day in order:
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            problems.append(
                (
                    name,
                    _("日期顺序不对：不能早于 %(day)s（接案、开案、阶段、结案依次发生）。")
                    % {"day": previous[1].isoformat()},
                )
            )
        previous = (name, day)
    today = local_today()
    for name, day in order:
        if day is not None and day > today:
            problems.append((name, _("发生日期不能晚于今天。")))
    return problems


def case_back_enter(
    *,
    resident,
    worker,
    source,
    presenting_problem,
    stage,
    intake_date,
    by,
    room=None,
    number="",
    opened_on=None,
    stage_on=None,
    closed_on=None,
    closing_reason="",
    closing_summary="",
    referring_unit="",
    risk_level="low",
    service_areas=(),
    target_populations=None,
    supervisor=None,
    comment="",
) -> Case:
    """Enter a case kept on paper with the dates it happened on: its intake, the stage log
    (`CaseTransition.happened_on`), its opening, closing (with the closing form) and, when the
    supervisor who signed on paper is named, the approvals with `paper_supervisor` (`by`, who
    enters it, and when, are recorded). The documents of the stages stay on paper.

    `number` is kept when it is in the station's format (the year's counter moves past it),
    otherwise the case is numbered in the year it was opened (or came in). Raises CaseError
    (dates out of order or in the future, a number already used, a referral without a unit)."""
    station = resident.room.station
    room = room or resident.room
    stage_on = stage_on or (
        closed_on if stage in ENDED_STAGES and stage != Stage.FOLLOW_UP else opened_on
    )
    stage_on = stage_on or intake_date
    problems = check_back_entry_dates(
        stage=stage,
        intake_date=intake_date,
        opened_on=opened_on,
        stage_on=stage_on,
        closed_on=closed_on,
    )
    if problems:
        raise CaseError(problems[0][1])
    _require_referring_unit(source, referring_unit)
    if supervisor is not None and not is_supervisor(supervisor):
        raise CaseError(_("纸质审批须由督导签批：所选人员不是督导。"))
    if stage in (Stage.CLOSED, Stage.FOLLOW_UP) and not closing_reason:
        raise CaseError(_("已结案的个案请填写结案原因。"))
    kept = case_number_parts(station, number)
    with transaction.atomic():
        if kept is not None:
            number = f"{station.code.upper()}-{kept[0]}-{kept[1]:04d}"
            if Case.objects.filter(number=number).exists():
                raise CaseError(_("个案编号 %(number)s 已被使用。") % {"number": number})
            CaseNumberCounter.objects.bulk_create(
                [CaseNumberCounter(station=station, year=kept[0], last_serial=0)],
                ignore_conflicts=True,
            )
            CaseNumberCounter.objects.filter(
                station=station, year=kept[0], last_serial__lt=kept[1]
            ).update(last_serial=kept[1])
        else:
            year = (opened_on or intake_date).year
            original, (number, _serial) = number, allocate_case_number(station=station, year=year)
            if original:
                comment = (
                    _("台账原编号：%(number)s。") % {"number": original} + " " + comment
                ).strip()
        case = _case_with_intake(
            resident=resident,
            number=number,
            fields={
                "worker": worker,
                "source": source,
                "presenting_problem": presenting_problem,
                "stage": stage,
                "opened_on": opened_on,
                "closed_on": closed_on,
                "referring_unit": referring_unit,
                "risk_level": risk_level,
                "supervisor": supervisor,
            },
            service_areas=service_areas,
            target_populations=target_populations,
            intake={
                "intake_date": intake_date,
                "consent": ConsentBy.SELF if opened_on else ConsentBy.NONE,
                "consent_date": intake_date if opened_on else None,
            },
            note=_("台账补录") + (f"：{comment}" if comment else ""),
            by=by,
            room=room,
            on=intake_date,
        )
        steps = _back_entry_steps(stage, opened_on, stage_on, closed_on)
        previous = Stage.INQUIRY
        for target, day in steps:
            _log(case, STAGE_ACTIONS[target], previous, target, by, _("台账补录"), day)
            previous = target
        if supervisor is not None and opened_on is not None:
            _paper_approval(case, ApprovalKind.OPENING, by, supervisor, opened_on)
        if supervisor is not None and stage in (Stage.CLOSED, Stage.FOLLOW_UP):
            _paper_approval(case, ApprovalKind.CLOSING, by, supervisor, closed_on)
        if stage == Stage.CLOSING:
            _request(case, ApprovalKind.CLOSING, by, _("台账补录"))
        # The closing form: of a closed case, and of one awaiting approval if the file has it.
        if stage in (Stage.CLOSED, Stage.FOLLOW_UP) or (stage == Stage.CLOSING and closing_reason):
            Closing.objects.create(
                case=case,
                closed_on=closed_on or stage_on,
                reason=closing_reason,
                summary=closing_summary or _("台账补录：结案材料见纸质档案。"),
                created_by=by,
            )
    return case


def _back_entry_steps(stage, opened_on, stage_on, closed_on) -> list:
    """(stage reached, day) of a back-entered case, in order."""
    steps = []
    if opened_on is not None:
        steps.append((Stage.INTAKE, opened_on))
    if stage in (Stage.INQUIRY, Stage.INTAKE):
        return steps
    if stage in (Stage.NOT_ACCEPTED, Stage.REFERRED):
        return [*steps, (stage, closed_on)]
    if stage in (Stage.CLOSED, Stage.FOLLOW_UP):
        steps.append((Stage.CLOSED, closed_on))
        if stage == Stage.FOLLOW_UP:
            steps.append((Stage.FOLLOW_UP, stage_on))
        return steps
    return [*steps, (stage, stage_on)]


def _paper_approval(case, kind, by, supervisor, day) -> Approval:
    return Approval.objects.create(
        case=case,
        kind=kind,
        status=ApprovalStatus.APPROVED,
        requested_by=by,
        decided_by=by,
        decided_at=timezone.now(),
        decided_on=day,
        paper_supervisor=supervisor,
        decision_comment=_("纸质审批补录：督导 %(supervisor)s 于 %(day)s 签批。")
        % {"supervisor": supervisor, "day": day.isoformat()},
    )
