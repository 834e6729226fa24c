"""Factories for casework. `complete_case` builds a case with every document its guards ask for."""

import datetime

import factory
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    Closing,
    Evaluation,
    Intake,
    Referral,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
)
from tests.factories import ResidentFactory, UserFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    resident = factory.SubFactory(ResidentFactory)
    room = factory.SelfAttribute("resident.room")
    station = factory.SelfAttribute("room.station")
    number = factory.Sequence(lambda n: f"TST-2022-{n + 1:04d}")
    worker = factory.SubFactory(UserFactory, station=factory.SelfAttribute("..station"))
    created_by = factory.SelfAttribute("worker")
    source = "self"
    presenting_problem = "独居，行动不便，需要生活照料"
    service_areas = ["elderly_care"]
    risk_level = "medium"


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    case = factory.SubFactory(CaseFactory)
    intake_date = datetime.date(2022, 3, 1)
    consent = "self"
    consent_date = datetime.date(2022, 3, 1)


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    resident = factory.SubFactory(ResidentFactory)
    room = factory.SelfAttribute("resident.room")
    worker = factory.SubFactory(UserFactory)
    form = "home_visit"
    start_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    end_at = factory.LazyAttribute(
        lambda o: o.start_at + datetime.timedelta(minutes=o.duration_minutes)
    )
    duration_minutes = 30
    content = "入户了解近况，身体尚可"


def complete_case(*, stage, resident=None, worker=None, **kwargs) -> Case:
    """A case at `stage` holding every document that any transition's guard asks for."""
    if resident is not None:
        kwargs["resident"] = resident
    if worker is not None:
        kwargs["worker"] = worker
    case = CaseFactory(stage=stage, **kwargs)
    if stage != "inquiry":
        case.opened_on = datetime.date(2022, 3, 2)
    if stage in ("closed", "follow_up", "referred", "not_accepted"):
        case.closed_on = datetime.date(2022, 9, 30)
    case.save()
    author = case.worker
    IntakeFactory(case=case)
    Assessment.objects.create(
        case=case, assessed_on=datetime.date(2022, 3, 5), summary="需要生活照料", created_by=author
    )
    plan = ServicePlan.objects.create(
        case=case,
        planned_on=datetime.date(2022, 3, 10),
        intervention_model="task_centred",
        created_by=author,
        approved_at=timezone.now(),
    )
    ServiceGoal.objects.create(plan=plan, description="每周至少两次助餐")
    ServiceRecordFactory(case=case, resident=case.resident, worker=author)
    Evaluation.objects.create(
        case=case,
        evaluated_on=datetime.date(2022, 9, 1),
        findings="目标基本达成",
        created_by=author,
    )
    Closing.objects.create(
        case=case,
        closed_on=datetime.date(2022, 9, 30),
        reason="goals_met",
        summary="服务结束",
        created_by=author,
    )
    Referral.objects.create(
        case=case,
        referred_on=datetime.date(2022, 6, 1),
        receiving_agency="区精神卫生中心",
        reason="需要专业诊疗",
        consent=True,
        created_by=author,
    )
    return case
