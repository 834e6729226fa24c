import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Approval, Case, CaseTransition, Stage
from cases.services import TRANSITIONS, CaseError
from tests.cases.factories import CaseFactory, IntakeFactory, complete_case
from tests.factories import ResidentFactory

LEGAL = [(action, stage) for action, t in TRANSITIONS.items() for stage in t.sources]
ILLEGAL = [
    (action, stage)
    for action, t in TRANSITIONS.items()
    for stage in Stage.values
    if stage not in t.sources
]


def _actor(world, action):
    return world.supervisor if TRANSITIONS[action].supervisor_only else world.worker1


@pytest.mark.parametrize(("action", "stage"), LEGAL)
def test_every_legal_transition_moves_the_case_and_is_logged(world, action, stage):
    resident = ResidentFactory(room=world.room1)
    case = complete_case(stage=stage, resident=resident, worker=world.worker1)
    by = _actor(world, action)

    moved = services.case_transition(case=case, action=action, by=by, comment="说明")

    assert moved.stage == TRANSITIONS[action].target
    log = CaseTransition.objects.get(case=case, action=action)
    assert (log.from_stage, log.to_stage, log.by, log.comment) == (
        stage,
        TRANSITIONS[action].target,
        by,
        "说明",
    )


@pytest.mark.parametrize(("action", "stage"), ILLEGAL)
def test_every_illegal_transition_is_refused_with_a_chinese_message(world, action, stage):
    resident = ResidentFactory(room=world.room1)
    case = complete_case(stage=stage, resident=resident, worker=world.worker1)

    with pytest.raises(CaseError) as error:
        services.case_transition(case=case, action=action, by=_actor(world, action), comment="x")

    assert "阶段，不能" in error.value.messages[0]
    case.refresh_from_db()
    assert case.stage == stage
    assert not CaseTransition.objects.filter(case=case).exists()


@pytest.mark.parametrize("action", [a for a, t in TRANSITIONS.items() if t.supervisor_only])
def test_only_supervisors_approve(world, action):
    stage = TRANSITIONS[action].sources[0]
    case = complete_case(stage=stage, resident=ResidentFactory(room=world.room1))
    for user in (world.worker1, world.staff):
        with pytest.raises(PermissionDenied):
            services.case_transition(case=case, action=action, by=user, comment="好")
    case.refresh_from_db()
    assert case.stage == stage


@pytest.mark.parametrize(
    ("action", "stage", "missing", "message"),
    [
        ("start_plan", "assessment", "assessments", "尚未填写预估"),
        ("start_evaluation", "intervention", "records", "尚无服务记录"),
        ("request_closing", "evaluation", "evaluations", "尚未完成评估"),
        ("refer", "intervention", "referrals", "请先填写转介表"),
    ],
)
def test_guards_refuse_a_stage_without_its_document(world, action, stage, missing, message):
    case = complete_case(stage=stage, resident=ResidentFactory(room=world.room1))
    getattr(case, missing).all().delete()
    with pytest.raises(CaseError, match=message):
        services.case_transition(case=case, action=action, by=world.worker1)
    case.refresh_from_db()
    assert case.stage == stage


def test_no_intervention_without_a_plan_with_goals(world):
    case = complete_case(stage="plan", resident=ResidentFactory(room=world.room1))
    case.plans.all().delete()
    with pytest.raises(CaseError, match="服务计划"):
        services.case_transition(case=case, action="start_intervention", by=world.worker1)


def test_closing_request_needs_the_closing_form(world):
    case = complete_case(stage="evaluation", resident=ResidentFactory(room=world.room1))
    case.closing.delete()
    with pytest.raises(CaseError, match="结案表"):
        services.case_transition(case=case, action="request_closing", by=world.worker1)


def test_only_a_supervisor_reopens_a_closed_case(client, world):
    """Closed is closed: the worker corrects with an addendum; reopening is the supervisor's."""
    case = complete_case(
        stage="closed", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, action="reopen", by=world.worker1, comment="复发")
    client.force_login(world.worker1)
    assert "重新开案" not in client.get(reverse("cases:detail", args=[case.pk])).text
    client.force_login(world.supervisor)
    assert "重新开案" in client.get(reverse("cases:detail", args=[case.pk])).text
    case = services.case_transition(case=case, action="reopen", by=world.supervisor, comment="复发")
    assert case.stage == "assessment"


def test_not_accepting_and_reopening_need_a_comment(world):
    case = complete_case(stage="inquiry", resident=ResidentFactory(room=world.room1))
    with pytest.raises(CaseError, match="需要填写说明"):
        services.case_transition(case=case, action="not_accept", by=world.worker1, comment=" ")


def test_opening_needs_consent_then_supervisor_approval(world):
    case = CaseFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    IntakeFactory(case=case, consent="none", consent_date=None)
    with pytest.raises(CaseError, match="知情同意"):
        services.case_request_opening(case=case, by=world.worker1)

    case.intake.consent, case.intake.consent_date = "self", datetime.date(2022, 3, 1)
    case.intake.save()
    approval = services.case_request_opening(case=case, by=world.worker1)
    case.refresh_from_db()
    assert case.stage == Stage.INQUIRY  # nothing opens before the supervisor says so
    with pytest.raises(CaseError, match="已在等待"):
        services.case_request_opening(case=case, by=world.worker1)
    with pytest.raises(PermissionDenied):
        services.approval_decide(approval=approval, approve=True, by=world.worker1)

    services.approval_decide(approval=approval, approve=True, by=world.supervisor, comment="同意")
    case.refresh_from_db()
    approval.refresh_from_db()
    assert case.stage == Stage.INTAKE
    assert case.opened_on is not None
    assert (approval.status, approval.decided_by) == ("approved", world.supervisor)


def test_returned_opening_stays_an_inquiry_with_the_comment_logged(world):
    case = CaseFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    IntakeFactory(case=case)
    approval = services.case_request_opening(case=case, by=world.worker1)
    with pytest.raises(CaseError, match="退回时请填写意见"):
        services.approval_decide(approval=approval, approve=False, by=world.supervisor)
    services.approval_decide(
        approval=approval, approve=False, by=world.supervisor, comment="补充材料"
    )
    case.refresh_from_db()
    assert case.stage == Stage.INQUIRY
    assert CaseTransition.objects.filter(
        case=case, action="return_opening", comment="补充材料"
    ).exists()
    # After a return the worker may ask again.
    services.case_request_opening(case=case, by=world.worker1)


def test_closing_request_waits_for_the_supervisor(world):
    case = complete_case(stage="evaluation", resident=ResidentFactory(room=world.room1))
    services.case_transition(case=case, action="request_closing", by=world.worker1)
    approval = Approval.objects.get(case=case, kind="closing", status="pending")

    services.approval_decide(
        approval=approval, approve=True, by=world.supervisor, comment="同意结案"
    )

    case.refresh_from_db()
    approval.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert case.closed_on is not None
    assert approval.status == "approved"


def test_returned_closing_goes_back_to_evaluation(world):
    case = complete_case(stage="evaluation", resident=ResidentFactory(room=world.room1))
    services.case_transition(case=case, action="request_closing", by=world.worker1)
    approval = Approval.objects.get(case=case, kind="closing")
    services.approval_decide(
        approval=approval, approve=False, by=world.supervisor, comment="再评估"
    )
    case.refresh_from_db()
    approval.refresh_from_db()
    assert case.stage == Stage.EVALUATION
    assert approval.status == "returned"


def test_plan_approval_marks_the_plan_approved(world):
    case = complete_case(stage="plan", resident=ResidentFactory(room=world.room1))
    case.plans.update(approved_at=None)
    plan = case.plans.get()
    approval = services.plan_request_approval(plan=plan, by=world.worker1)
    services.approval_decide(approval=approval, approve=True, by=world.supervisor)
    plan.refresh_from_db()
    assert plan.approved_by == world.supervisor
    with pytest.raises(CaseError, match="已批准"):
        services.plan_request_approval(plan=plan, by=world.worker1)


def test_reopening_clears_the_closing_date(world):
    case = complete_case(stage="closed", resident=ResidentFactory(room=world.room1))
    case = services.case_transition(case=case, action="reopen", by=world.supervisor, comment="复发")
    assert (case.stage, case.closed_on) == (Stage.ASSESSMENT, None)


def test_case_numbers_are_station_year_serial(world):
    resident = ResidentFactory(room=world.room1)
    first = services.case_create(
        resident=resident,
        worker=world.worker1,
        source="self",
        presenting_problem="x",
        by=world.worker1,
    )
    second = services.case_create(
        resident=resident,
        worker=world.worker1,
        source="outreach",
        presenting_problem="y",
        by=world.worker1,
    )
    year = timezone.localdate().year
    assert first.number == f"TST-{year}-0001"
    assert second.number == f"TST-{year}-0002"
    assert first.stage == Stage.INQUIRY
    assert first.intake is not None


def test_a_referred_case_must_name_the_referring_unit(world):
    with pytest.raises(CaseError, match="转介单位"):
        services.case_create(
            resident=ResidentFactory(room=world.room1),
            worker=world.worker1,
            source="referral",
            presenting_problem="x",
            by=world.worker1,
        )
    assert not Case.objects.exists()


@pytest.mark.parametrize("stage", [s for s in Stage.values if s != "inquiry"])
def test_opening_can_only_be_requested_for_an_inquiry(world, stage):
    case = complete_case(stage=stage, resident=ResidentFactory(room=world.room1))
    with pytest.raises(CaseError, match="不能申请开案"):
        services.case_request_opening(case=case, by=world.worker1)
    assert not Approval.objects.filter(case=case, kind="opening").exists()


def test_a_service_record_without_a_case_must_be_a_home_visit(world):
    from django.utils import timezone

    resident = ResidentFactory(room=world.room1)
    start = timezone.now() - datetime.timedelta(hours=2)
    with pytest.raises(CaseError, match="只能是入户走访"):
        services.record_create(
            resident=resident,
            worker=world.worker1,
            form="phone",
            start_at=start,
            end_at=start + datetime.timedelta(minutes=10),
            content="电话",
            by=world.worker1,
        )


def test_an_unopened_case_takes_no_service_records(world):
    from django.utils import timezone

    case = complete_case(stage="inquiry", resident=ResidentFactory(room=world.room1))
    start = timezone.now() - datetime.timedelta(hours=2)
    with pytest.raises(CaseError, match="尚未开案"):
        services.record_create(
            case=case,
            resident=case.resident,
            worker=world.worker1,
            form="interview",
            start_at=start,
            end_at=start + datetime.timedelta(minutes=10),
            content="面谈",
            by=world.worker1,
        )


def test_a_closed_case_records_its_closing_date_and_a_referral_closes_too(world):
    case = complete_case(stage="intervention", resident=ResidentFactory(room=world.room1))
    from django.utils import timezone

    case = services.case_transition(case=case, action="refer", by=world.worker1)
    assert (case.stage, case.closed_on) == (Stage.REFERRED, timezone.localdate())
