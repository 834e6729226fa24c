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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Case,
    CaseNumberCounter,
    CaseTransition,
    Closing,
    ConsentBy,
    ContactForm,
    Intake,
    PlanTask,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
    Source,
    Stage,
)
from stations.access import is_supervisor, visible_rooms


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
            False,
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


def _log(case, action, from_stage, to_stage, by, comment=""):
    return CaseTransition.objects.create(
        case=case, action=action, from_stage=from_stage, to_stage=to_stage, by=by, comment=comment
    )


def case_create(
    *,
    resident,
    worker,
    source,
    presenting_problem,
    by,
    referring_unit="",
    service_areas=(),
    risk_level="low",
    supervisor=None,
    household=None,
    intake_date=None,
    consent=ConsentBy.NONE,
    consent_date=None,
    background="",
    needs="",
) -> Case:
    """Register an inquiry (咨询受理) with its intake form and a fresh case number."""
    if source == Source.REFERRAL and not referring_unit:
        raise CaseError(_("来源为转介时，请填写转介单位。"))
    today = local_today()
    intake_date = intake_date or today
    with transaction.atomic():
        number, _serial = allocate_case_number(station=resident.room.station, year=today.year)
        case = Case.objects.create(
            station=resident.room.station,
            number=number,
            resident=resident,
            household=household or resident.household,
            room=resident.room,
            worker=worker,
            supervisor=supervisor,
            source=source,
            referring_unit=referring_unit,
            presenting_problem=presenting_problem,
            service_areas=list(service_areas),
            risk_level=risk_level,
            created_by=by,
        )
        Intake.objects.create(
            case=case,
            intake_date=intake_date,
            consent=consent,
            consent_date=consent_date if consent != ConsentBy.NONE else None,
            background=background,
            needs=needs,
        )
        _log(case, "create", "", Stage.INQUIRY, by, _("登记咨询"))
    return case


def _lock(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _guard(case, action) -> None:
    """Raise CaseError when the documents that `action` needs are missing."""
    if action == "start_plan" and not case.assessments.exists():
        raise CaseError(_("尚未填写预估，不能进入计划阶段。"))
    if action == "start_intervention" and not ServiceGoal.objects.filter(plan__case=case).exists():
        raise CaseError(_("尚未制定含服务目标的服务计划，不能开始介入。"))
    if action == "start_evaluation" and not case.records.exists():
        raise CaseError(_("尚无服务记录，不能进入评估阶段。"))
    if action == "request_closing":
        if not case.evaluations.exists():
            raise CaseError(_("尚未完成评估，不能申请结案。"))
        if not Closing.objects.filter(case=case).exists():
            raise CaseError(_("请先填写结案表，再申请结案。"))
    if action == "refer" and not case.referrals.exists():
        raise CaseError(_("请先填写转介表，再办理转介。"))


def case_transition(*, case, action, by, comment="") -> Case:
    """Move `case` by `action`; refuse illegal moves with a Chinese message.

    Raises CaseError (illegal move, missing document, missing comment) or PermissionDenied
    (an approval by someone who is not a supervisor).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise CaseError(_("未知的操作。"))
    if transition.supervisor_only and not is_supervisor(by):
        raise PermissionDenied(_("只有督导可以审批。"))
    with transaction.atomic():
        case = _lock(case)
        if case.stage not in transition.sources:
            raise CaseError(
                _("个案处于“%(stage)s”阶段，不能“%(action)s”。")
                % {"stage": case.get_stage_display(), "action": transition.label}
            )
        if transition.comment_required and not comment.strip():
            raise CaseError(_("“%(action)s”需要填写说明。") % {"action": transition.label})
        _guard(case, action)
        from_stage = case.stage
        case.stage = transition.target
        today = local_today()
        if transition.target == Stage.INTAKE:
            case.opened_on = today
        ending = transition.target in (Stage.CLOSED, Stage.REFERRED, Stage.NOT_ACCEPTED)
        if ending and case.closed_on is None:
            case.closed_on = max(today, case.opened_on or today)
        if action == "reopen":
            case.closed_on = None
        case.version = F("version") + 1
        case.save(update_fields=["stage", "opened_on", "closed_on", "version"])
        case.refresh_from_db()
        _log(case, action, from_stage, transition.target, by, comment)
        if action == "request_closing":
            _request(case, ApprovalKind.CLOSING, by, comment)
        if action in ("approve_closing", "return_closing"):
            _settle(case, ApprovalKind.CLOSING, by, comment, approved=action == "approve_closing")
    return case


def available_actions(case) -> list[Transition]:
    return [
        TRANSITIONS[action]
        for action in WORKER_ACTIONS
        if case.stage in TRANSITIONS[action].sources
    ]


def _request(case, kind, by, comment, plan=None) -> Approval:
    if Approval.objects.filter(case=case, kind=kind, status=ApprovalStatus.PENDING).exists():
        raise CaseError(_("该事项已在等待督导审批。"))
    return Approval.objects.create(
        case=case, kind=kind, plan=plan, requested_by=by, request_comment=comment
    )


def _settle(case, kind, by, comment, *, approved) -> None:
    Approval.objects.filter(case=case, kind=kind, status=ApprovalStatus.PENDING).update(
        status=ApprovalStatus.APPROVED if approved else ApprovalStatus.RETURNED,
        decided_by=by,
        decided_at=timezone.now(),
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


def approval_decide(*, approval, approve: bool, by, comment="") -> Approval:
    """Approve or return a pending request. Only supervisors; a return needs a comment.
    The worker is notified (cases.review.approval_notify)."""
    from cases.review import approval_notify

    if not is_supervisor(by):
        raise PermissionDenied(_("只有督导可以审批。"))
    if not approve and not comment.strip():
        raise CaseError(_("退回时请填写意见。"))
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
            )
            approval.refresh_from_db()
            approval_notify(approval)
            return approval
        if approval.kind == ApprovalKind.OPENING and approve:
            case_transition(case=case, action="approve_opening", by=by, comment=comment)
        elif approval.kind == ApprovalKind.OPENING:
            _log(case, "return_opening", case.stage, case.stage, by, comment)
        elif approval.kind == ApprovalKind.PLAN:
            if approve:
                ServicePlan.objects.filter(pk=approval.plan_id).update(
                    approved_by=by, approved_at=timezone.now()
                )
            _log(
                case,
                "approve_plan" if approve else "return_plan",
                case.stage,
                case.stage,
                by,
                comment,
            )
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
        approval.decided_by = by
        approval.decided_at = timezone.now()
        approval.decision_comment = comment
        approval.save()
        approval_notify(approval)
    return approval


def assessment_create(*, case, by, **fields):
    from cases.models import Assessment

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
    """A service record (一次服务/走访). Without a case it must be a home visit (入户)."""
    _check_times(start_at, end_at)
    if case is None and form != ContactForm.HOME_VISIT:
        raise CaseError(_("未关联个案的服务记录只能是入户走访。"))
    if case is not None and case.resident_id != resident.pk:
        raise CaseError(_("服务对象与个案不一致。"))
    if case is not None and case.stage in (Stage.INQUIRY, Stage.NOT_ACCEPTED):
        raise CaseError(_("个案尚未开案，不能登记服务记录。"))
    minutes = int((end_at - start_at).total_seconds() // 60)
    with transaction.atomic():
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
