"""The write rules of case documents, at the service level (issue 11: one write path)."""

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import Evaluation, FollowUp, Referral, ServiceRecord, SupervisionNote
from cases.services import CaseClosedError, CaseError
from stations.concurrency import EditConflict
from tests.cases.factories import ServiceRecordFactory, complete_case
from tests.factories import ResidentFactory

DAY = datetime.date(2022, 9, 1)


def _case(world, stage):
    return complete_case(
        stage=stage, resident=ResidentFactory(room=world.room1), worker=world.worker1
    )


@pytest.mark.parametrize("stage", ["intervention", "plan", "closed"])
def test_an_evaluation_is_written_only_in_the_evaluation_stages(world, stage):
    case = _case(world, stage)
    with pytest.raises(CaseError, match="尚未进入评估阶段"):
        services.evaluation_create(case=case, by=world.worker1, evaluated_on=DAY, findings="好")


def test_an_evaluation_records_its_author(world):
    case = _case(world, "evaluation")
    evaluation = services.evaluation_create(
        case=case, by=world.worker1, evaluated_on=DAY, findings="好"
    )
    assert evaluation.created_by == world.worker1
    assert Evaluation.objects.filter(case=case).count() == 2


def test_a_closing_form_needs_the_evaluation_stage(world):
    case = _case(world, "intervention")
    case.closing.delete()
    with pytest.raises(CaseError, match="尚未完成评估"):
        services.closing_create(
            case=case,
            attainments={},
            by=world.worker1,
            closed_on=DAY,
            reason="goals_met",
            summary="结束",
        )


def test_a_closing_form_sets_the_attainment_of_each_goal(world):
    case = _case(world, "evaluation")
    case.closing.delete()
    goal = case.plans.get().goals.get()
    services.closing_create(
        case=case,
        attainments={goal: ("achieved", "")},
        by=world.worker1,
        closed_on=DAY,
        reason="goals_met",
        summary="结束",
    )
    goal.refresh_from_db()
    assert goal.attainment == "achieved"


@pytest.mark.parametrize("stage", ["intervention", "evaluation"])
def test_a_follow_up_comes_only_after_closing(world, stage):
    case = _case(world, stage)
    with pytest.raises(CaseError, match="结案后才能"):
        services.followup_create(
            case=case, by=world.worker1, followed_on=DAY, form="phone", content="电话回访"
        )
    assert not FollowUp.objects.filter(case=case).exists()


def test_a_follow_up_of_a_closed_case_names_its_worker(world):
    case = _case(world, "closed")
    followup = services.followup_create(
        case=case, by=world.worker1, followed_on=DAY, form="phone", content="电话回访"
    )
    assert followup.worker == world.worker1


def test_only_a_supervisor_writes_a_supervision_note(world):
    case = _case(world, "intervention")
    with pytest.raises(services.PermissionDenied):
        services.supervision_note_create(case=case, by=world.worker1, noted_on=DAY, content="x")
    note = services.supervision_note_create(
        case=case, by=world.supervisor, noted_on=DAY, content="督导"
    )
    assert SupervisionNote.objects.get(pk=note.pk).supervisor == world.supervisor


def test_a_referral_of_a_closed_case_is_refused(world):
    case = _case(world, "closed")
    with pytest.raises(CaseClosedError):
        services.referral_create(
            case=case, by=world.worker1, referred_on=DAY, receiving_agency="医院", reason="诊疗"
        )
    assert Referral.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("stage", ["closed", "follow_up", "referred"])
def test_documents_of_a_closed_case_are_read_only(world, stage):
    case = _case(world, stage)
    evaluation = case.evaluations.get()
    with pytest.raises(CaseClosedError, match="已结案"):
        services.evaluation_update(
            evaluation=evaluation,
            version=evaluation.version,
            data={"findings": "改写"},
            by=world.worker1,
        )
    evaluation.refresh_from_db()
    assert evaluation.findings == "目标基本达成"


def test_a_stale_edit_raises_a_conflict_and_saves_nothing(world):
    case = _case(world, "evaluation")
    evaluation = case.evaluations.get()
    services.evaluation_update(
        evaluation=evaluation, version=1, data={"findings": "第一次"}, by=world.worker1
    )
    with pytest.raises(EditConflict) as conflict:
        services.evaluation_update(
            evaluation=evaluation, version=1, data={"findings": "第二次"}, by=world.worker2
        )
    evaluation.refresh_from_db()
    assert (evaluation.findings, evaluation.version) == ("第一次", 2)
    assert [str(value) for _label, value in conflict.value.changed_fields] == ["第一次"]


def _times(hours_ago, minutes):
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    return start, start + datetime.timedelta(minutes=minutes)


def test_a_record_edit_recomputes_its_duration_once(world):
    record = ServiceRecordFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    start, end = _times(3, 45)
    saved = services.record_update(
        record=record,
        version=record.version,
        data={"start_at": start, "end_at": end},
        by=world.worker1,
    )
    assert ServiceRecord.objects.get(pk=saved.pk).duration_minutes == 45


def test_a_record_without_a_case_stays_a_home_visit_when_edited(world):
    record = ServiceRecordFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    with pytest.raises(CaseError, match="只能是入户走访"):
        services.record_update(
            record=record, version=record.version, data={"form": "phone"}, by=world.worker1
        )
    record.refresh_from_db()
    assert record.form == "home_visit"


def test_a_record_edit_keeps_the_time_rules(world):
    record = ServiceRecordFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    start, _end = _times(3, 45)
    with pytest.raises(CaseError, match="结束时间必须晚于开始时间"):
        services.record_update(
            record=record,
            version=record.version,
            data={"start_at": start, "end_at": start},
            by=world.worker1,
        )


def test_a_service_record_of_a_closed_case_is_read_only(world):
    case = _case(world, "closed")
    record = case.records.get()
    with pytest.raises(CaseClosedError):
        services.record_update(
            record=record, version=record.version, data={"content": "改写"}, by=world.worker1
        )


def test_intervention_waits_for_the_supervisors_approval_of_the_plan(world):
    case = _case(world, "plan")
    case.plans.update(approved_at=None)
    with pytest.raises(CaseError, match="尚未经督导批准"):
        services.case_transition(case=case, action="start_intervention", by=world.worker1)
    case.refresh_from_db()
    assert case.stage == "plan"


def test_a_station_may_switch_off_the_approved_plan_rule(world, settings):
    settings.CASE_REQUIRE_APPROVED_PLAN = False
    case = _case(world, "plan")
    case.plans.update(approved_at=None)
    moved = services.case_transition(case=case, action="start_intervention", by=world.worker1)
    assert moved.stage == "intervention"


def test_an_addendum_needs_text_and_reason(world):
    case = _case(world, "closed")
    with pytest.raises(CaseError, match="补充原因"):
        services.addendum_add(case=case, text="漏记一次电话回访", reason=" ", by=world.worker1)
    addendum = services.addendum_add(
        case=case, text="漏记一次电话回访", reason="整理档案时发现", by=world.worker1
    )
    assert (addendum.case, addendum.created_by) == (case, world.worker1)


def test_a_transfer_waits_for_the_supervisor_and_is_on_the_timeline(world):
    case = _case(world, "intervention")
    approval = services.case_request_transfer(
        case=case, worker=world.worker2, room=world.room2, reason="搬迁至二组", by=world.worker1
    )
    case.refresh_from_db()
    assert (case.worker, case.room) == (world.worker1, world.room1)

    services.approval_decide(approval=approval, approve=True, by=world.supervisor, comment="同意")

    case.refresh_from_db()
    assert (case.worker, case.room) == (world.worker2, world.room2)
    log = case.transitions.get(action="transfer")
    assert log.by == world.supervisor and world.room2.name in log.comment


def test_a_returned_transfer_changes_nothing(world):
    case = _case(world, "intervention")
    approval = services.case_request_transfer(
        case=case, worker=world.worker2, room=world.room2, reason="搬迁", by=world.worker1
    )
    services.approval_decide(approval=approval, approve=False, by=world.supervisor, comment="再议")
    case.refresh_from_db()
    assert (case.worker, case.room) == (world.worker1, world.room1)
    assert case.transitions.filter(action="return_transfer").exists()


def test_a_transfer_needs_a_reason_and_a_change(world):
    case = _case(world, "intervention")
    with pytest.raises(CaseError, match="原因"):
        services.case_request_transfer(
            case=case, worker=world.worker2, room=world.room2, reason="", by=world.worker1
        )
    with pytest.raises(CaseError, match="更换"):
        services.case_request_transfer(
            case=case, worker=world.worker1, room=world.room1, reason="无", by=world.worker1
        )


def test_a_closed_case_is_not_transferred(world):
    case = _case(world, "closed")
    with pytest.raises(CaseClosedError):
        services.case_request_transfer(
            case=case, worker=world.worker2, room=world.room2, reason="搬迁", by=world.worker1
        )
