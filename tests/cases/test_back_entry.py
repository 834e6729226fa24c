"""Back-entry of a paper case file (issue 13 item 1): the dates are the days things happened."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases import services
from cases.figures import casework_figures
from cases.models import Approval, Case, ServicePlan
from cases.services import CaseError
from tests.factories import ResidentFactory

D = datetime.date


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _approve(case, kind, world, on):
    approval = Approval.objects.get(case=case, kind=kind, status="pending")
    services.approval_decide(approval=approval, approve=True, by=world.supervisor, on=on)


def _move(case, action, world, on):
    return services.case_transition(case=case, action=action, by=world.worker1, on=on)


def enter_2022_case(world) -> Case:
    """A case opened on 2022-03-01 and closed on 2022-09-20, entered today from its paper file."""
    resident = ResidentFactory(room=world.room1)
    case = services.case_create(
        resident=resident,
        worker=world.worker1,
        source="self",
        presenting_problem="独居",
        intake_date=D(2022, 2, 25),
        consent="self",
        consent_date=D(2022, 2, 25),
        by=world.worker1,
    )
    services.case_request_opening(case=case, by=world.worker1)
    _approve(case, "opening", world, D(2022, 3, 1))
    _move(case, "start_assessment", world, D(2022, 3, 2))
    services.assessment_create(case=case, by=world.worker1, assessed_on=D(2022, 3, 5))
    _move(case, "start_plan", world, D(2022, 3, 8))
    plan = services.plan_create(
        case=case, goals=["每周助餐"], by=world.worker1, planned_on=D(2022, 3, 10)
    )
    services.plan_request_approval(plan=plan, by=world.worker1)
    _approve(case, "plan", world, D(2022, 3, 12))
    _move(case, "start_intervention", world, D(2022, 3, 15))
    case.refresh_from_db()
    services.record_create(
        case=case,
        resident=resident,
        worker=world.worker1,
        form="home_visit",
        start_at=_at(D(2022, 4, 1)),
        end_at=_at(D(2022, 4, 1), 11),
        content="入户",
        by=world.worker1,
    )
    _move(case, "start_evaluation", world, D(2022, 9, 1))
    services.evaluation_create(
        case=case, by=world.worker1, evaluated_on=D(2022, 9, 5), findings="达成"
    )
    services.closing_create(
        case=case,
        attainments={},
        by=world.worker1,
        closed_on=D(2022, 9, 20),
        reason="goals_met",
        summary="结束",
    )
    _move(case, "request_closing", world, D(2022, 9, 20))
    _approve(case, "closing", world, D(2022, 9, 22))
    case.refresh_from_db()
    return case


def test_a_2022_case_entered_today_counts_in_2022_and_carries_2022(world):
    case = enter_2022_case(world)

    assert (case.opened_on, case.closed_on) == (D(2022, 3, 1), D(2022, 9, 20))
    assert "-2022-" in case.number
    in_2022 = casework_figures(
        station=world.station, date_from=D(2022, 1, 1), date_to=D(2022, 12, 31)
    )
    assert (in_2022["cases_opened"], in_2022["cases_closed"]) == (1, 1)
    this_year = timezone.localdate().year
    now = casework_figures(
        station=world.station, date_from=D(this_year, 1, 1), date_to=D(this_year, 12, 31)
    )
    assert (now["cases_opened"], now["cases_closed"]) == (0, 0)
    # When each step happened and when it was recorded are both kept.
    opening = case.transitions.get(action="approve_opening")
    assert opening.happened_on == D(2022, 3, 1)
    assert opening.at.date() >= timezone.localdate() - datetime.timedelta(days=1)


def test_no_step_in_the_future(world):
    case = enter_2022_case(world)
    with pytest.raises(CaseError, match="不能晚于今天"):
        _move(case, "start_follow_up", world, timezone.localdate() + datetime.timedelta(days=1))


def test_a_case_does_not_close_before_it_opened(world):
    case = enter_2022_case(world)
    services.case_transition(case=case, action="reopen", by=world.supervisor, comment="复发")
    with pytest.raises(CaseError, match="早于个案的开案"):
        _move(case, "refer", world, D(2022, 2, 1))


def test_a_back_entered_approval_names_the_paper_supervisor_and_who_entered_it(world):
    resident = ResidentFactory(room=world.room1)
    case = services.case_create(
        resident=resident,
        worker=world.worker1,
        source="self",
        presenting_problem="独居",
        intake_date=D(2022, 2, 25),
        consent="self",
        consent_date=D(2022, 2, 25),
        by=world.worker1,
    )
    approval = services.case_request_opening(case=case, by=world.worker1)
    with pytest.raises(PermissionDenied):
        services.approval_decide(approval=approval, approve=True, by=world.worker1)
    with pytest.raises(CaseError, match="不是督导"):
        services.approval_decide(
            approval=approval,
            approve=True,
            by=world.worker1,
            on=D(2022, 3, 1),
            paper_supervisor=world.worker2,
        )
    services.approval_decide(
        approval=approval,
        approve=True,
        by=world.worker1,
        on=D(2022, 3, 1),
        paper_supervisor=world.supervisor,
    )
    approval.refresh_from_db()
    case.refresh_from_db()
    assert (approval.paper_supervisor, approval.decided_by, approval.decided_on) == (
        world.supervisor,
        world.worker1,
        D(2022, 3, 1),
    )
    assert approval.decided_at is not None
    assert case.opened_on == D(2022, 3, 1)
    assert str(world.supervisor) in case.transitions.get(action="approve_opening").comment


def test_the_plan_approved_on_paper_names_its_supervisor(world):
    case = enter_2022_case(world)
    assert ServicePlan.objects.get(case=case).approved_by == world.supervisor
