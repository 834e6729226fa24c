"""Every admin changelist runs a fixed number of queries, whatever the number of rows shown.

One generic check over admin.site._registry: the same changelist is rendered with one row per page
and with five, and the query counts must be equal. A column that follows a relation without
`list_select_related` (or a `__str__` that does) costs a query per row and fails here.
"""

import datetime
from decimal import Decimal

from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.checklists import ensure_default_checklists
from cases.models import (
    DEFAULT_VISIT_INTERVALS,
    Approval,
    CaseNumberCounter,
    CaseTransition,
    ChecklistItem,
    FollowUp,
    PlanTask,
    RecordPhoto,
    ResidentRiskFlag,
    SupervisionNote,
    VisitChecklist,
    VisitInterval,
)
from charity.models import Disclosure
from groups.models import GroupEvaluation
from plans.models import ReminderRun
from registers.models import ExportJob
from stations.models import ExportLog, RevealLog, TwoFactorEvent
from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    NeedsAssessmentFactory,
    SeriesFactory,
    photo_of,
)
from tests.cases.factories import ServiceRecordFactory as CaseRecordFactory
from tests.cases.factories import complete_case
from tests.charity.factories import CharityProjectFactory, FundFactory, donate, pay
from tests.factories import HouseholdFactory, KeyPopulationTagFactory, ResidentFactory
from tests.groups.factories import AttendanceFactory, GroupFactory, GroupSessionFactory
from tests.organizations.factories import (
    IncubationRecordFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnerUnitFactory,
)
from tests.plans.test_workplans import make_plan
from tests.stations.residents.factories import ConsentFactory
from tests.volunteers.factories import CertificateFactory, ServiceRecordFactory, VolunteerFactory
from volunteers.models import ProjectSignup, ServiceRecordChange

ROWS = 5
UNMEASURED = {
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "stations.Station",
    "stations.District",
    # The reminder job's one row a day, read by station staff only.
    "plans.ReminderRun",
}


def fill(world):
    """At least ROWS visible rows of (nearly) every model with an admin, in room 1."""
    room, worker = world.room1, world.worker1
    ensure_default_checklists(world.station, VisitChecklist, ChecklistItem)
    for index in range(ROWS):
        monday = datetime.date(2022, 5, 2) + datetime.timedelta(weeks=index)
        make_plan(world, worker=worker, day=monday)
        ReminderRun.objects.create(day=monday)
        case = complete_case(
            stage="plan", resident=ResidentFactory(room=room), worker=worker, room=room
        )
        plan = case.plans.get()
        PlanTask.objects.create(
            plan=plan, description="联系", owner=worker, due_date=datetime.date(2022, 1, 1)
        )
        Approval.objects.create(case=case, kind="plan", plan=plan, requested_by=worker)
        TwoFactorEvent.objects.create(user=worker, kind="reset", by=world.staff)
        SupervisionNote.objects.create(
            case=case, supervisor=world.supervisor, noted_on=datetime.date(2022, 4, 1), content="好"
        )
        KeyPopulationTagFactory(resident=case.resident, category="elderly_alone")
        visit = CaseRecordFactory(resident=case.resident, worker=worker)
        photo = RecordPhoto(record=visit, original_name="门口.jpg", uploaded_by=worker)
        photo.file.save("photo.jpg", ContentFile(b"\xff\xd8\xff fake jpeg"), save=True)
        ResidentRiskFlag.objects.create(
            resident=case.resident, level="high", reason="独居", record=visit, raised_by=worker
        )
        ConsentFactory(resident=case.resident)
        RevealLog.objects.create(
            resident=case.resident, field="phone", reason="核对", revealed_by=worker
        )
        ExportLog.objects.create(
            exported_by=worker, station=world.station, kind="list.cases", title="个案名单"
        )
        ExportJob.objects.create(
            requested_by=world.supervisor,
            key="cases",
            title="个案名单",
            expires_at=timezone.now(),
        )
        CaseTransition.objects.create(
            case=case, action="plan", from_stage="assessment", to_stage="plan", by=worker
        )
        FollowUp.objects.create(
            case=case,
            followed_on=datetime.date(2022, 10, 1),
            form="phone",
            content="回访",
            worker=worker,
        )
    for category in list(DEFAULT_VISIT_INTERVALS)[:ROWS]:
        VisitInterval.objects.create(station=world.station, category=category, days=7)
    for year in range(2020, 2020 + ROWS):
        CaseNumberCounter.objects.create(station=world.station, year=year, last_serial=1)
    fund = FundFactory(station=world.station, committee=[world.supervisor], rooms=[room])
    project = CharityProjectFactory(fund=fund, rooms=[room], responsible=world.staff)
    donate(fund, world.staff, "5000.00", project=project)
    for _ in range(ROWS):
        Disclosure.objects.create(
            project=CharityProjectFactory(fund=FundFactory(station=world.station), rooms=[room]),
            kind="periodic",
            published_on=datetime.date(2022, 5, 20),
            raised=Decimal("0"),
            spent=Decimal("0"),
            published_by=world.staff,
        )
        donate(fund, world.staff, "10.00", project=project)
        pay(
            project,
            world.staff,
            world.supervisor,
            "20.00",
            beneficiaries=[{"household": HouseholdFactory(room=room), "amount": Decimal("20.00")}],
        )
    for _ in range(ROWS):
        session = GroupSessionFactory(group=GroupFactory(room=room), facilitator=worker)
        AttendanceFactory(session=session, created_by=worker)
        GroupEvaluation.objects.create(
            group=session.group, goal_attainment="mostly", evaluated_on=datetime.date(2022, 12, 20)
        )
        series = SeriesFactory(station=world.station)
        activity = ActivityFactory(station=world.station, rooms=[room], series=series)
        photo_of(activity)
        NeedsAssessmentFactory(station=world.station, room=room)
        MediaReportFactory(station=world.station, room=room)
        ExchangeVisitFactory(station=world.station, room=room)
        organization = OrganizationFactory(room=room)
        IncubationRecordFactory(organization=organization, worker=worker)
        ParticipationFactory(organization=organization, activity=activity)
        PartnerUnitFactory(station=world.station)
        volunteer = VolunteerFactory(room=room)
        record = ServiceRecordFactory(volunteer=volunteer, created_by=worker)
        ProjectSignup.objects.create(project=record.project, volunteer=volunteer)
        ServiceRecordChange.objects.create(
            record=record, action="record", new_hours=record.hours, changed_by=worker
        )
        CertificateFactory(volunteer=volunteer)
        add_staff_development(world, room)
        add_api_tokens(world)


def add_api_tokens(world):
    from django.utils import timezone

    from reports.models import ApiRequest
    from reports.tokens import api_token_create

    token, _raw = api_token_create(name="数据平台", station=world.station, by=world.staff)
    ApiRequest.objects.create(token=token, at=timezone.now(), status=200, query="period=2022")


def add_staff_development(world, room):
    from plans.models import AnnualTarget, CertificationRecord, SupervisionSession, TrainingRecord

    AnnualTarget.objects.create(
        station=world.station, room=room, year=2022, name="读书会", target=Decimal(10)
    )
    TrainingRecord.objects.create(
        worker=world.worker1, course="督导培训", started_on=datetime.date(2022, 3, 1), hours=6
    )
    CertificationRecord.objects.create(
        worker=world.worker1, level="junior", number="A1", obtained_on=datetime.date(2021, 6, 1)
    )
    session = SupervisionSession.objects.create(
        kind="individual",
        supervisor=world.supervisor,
        held_on=datetime.date(2022, 3, 1),
        hours=1,
        topics="个案进展",
    )
    session.attendees.set([world.worker1])


def changelist_queries(client, url, model_admin, per_page, monkeypatch):
    monkeypatch.setattr(model_admin, "list_per_page", per_page)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_every_admin_changelist_runs_the_same_queries_for_one_row_and_five(
    client, world, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the activity photos
    fill(world)
    measured, too_few_rows, growing = [], [], []
    for model, model_admin in admin.site._registry.items():
        user = (
            world.supervisor
            if model_admin.has_view_permission(_request(world.supervisor))
            else world.staff
        )
        request = _request(user)
        rows = model_admin.get_queryset(request).count()
        if rows < 2:
            too_few_rows.append(model._meta.label)
            continue
        client.force_login(user)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        changelist_queries(client, url, model_admin, ROWS, monkeypatch)  # warm caches
        one = changelist_queries(client, url, model_admin, 1, monkeypatch)
        many = changelist_queries(client, url, model_admin, ROWS, monkeypatch)
        measured.append(model._meta.label)
        if one != many:
            growing.append(
                f"{model._meta.label}: {one} queries with 1 row, {many} with {min(rows, ROWS)}"
            )
    assert not growing, "\n".join(growing)
    # The three the audit named are among those measured, and nearly every admin is.
    assert {"cases.Assessment", "cases.Evaluation", "charity.BeneficiaryEvent"} <= set(measured)
    # Not measured: third-party admins without relation columns, and the one station a user sees.
    assert set(too_few_rows) <= UNMEASURED, too_few_rows


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request
