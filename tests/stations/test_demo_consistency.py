"""The demo tells a true story: `seed_demo` keeps the station's published 2022 figures, adds a
living present relative to the day it runs, and its people, dates and places fit together.

The demo is loaded once for this module (it takes a while) inside a transaction that is rolled
back at the end, so that the other tests still start from an empty database.

Simplified Chinese: every Chinese character of the demo text must be in GB 2312, the national
character set of simplified Chinese. GB 2312 has none of the traditional forms (窩, 鎮, 陳 …),
so a traditional character slipping in fails here without a conversion table to maintain; the
few rare simplified characters of local place names that GB 2312 lacks are listed by hand.
"""

import datetime
import io
import json
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from activities.models import Activity, ActivitySeries
from cases.models import Approval, Case, CaseTransition, ServiceGoal, ServiceRecord
from charity.models import Disbursement, Disclosure, Donation, LedgerEntry
from groups.models import Group, GroupMember, GroupSession
from organizations.models import IncubationRecord, Organization, OrganizationActivity
from plans.models import (
    AnnualTarget,
    CertificationRecord,
    SupervisionSession,
    TrainingRecord,
    WorkPlan,
    WorkPlanItem,
)
from stations.models import (
    Consent,
    Household,
    KeyPopulationTag,
    PartnerUnit,
    Resident,
    Room,
    StaffTerm,
    User,
)
from volunteers.models import ServiceRecord as VolunteerRecord
from volunteers.models import Volunteer, VolunteerProject

# `station_report --json --from 2022-01-01 --to 2022-12-31` on a fresh demo: the station's
# published 2022 figures. They never change, whatever the day the demo is loaded.
PUBLISHED_2022 = {
    "station": "陈仓镇社工站",
    "period": {"from": "2022-01-01", "to": "2022-12-31"},
    "room": None,
    "base": {
        "rooms": 13,
        "rooms_covered": 13,
        "coverage_percent": 100.0,
        "pilot_rooms": 6,
        "station_workers": 3,
        "room_workers": 41,
        "supervisors": 2,
        "certified": {
            "junior": 24,
            "intermediate": 17,
            "senior": 0,
            # The station's own count: its 41 room workers hold 17 中级 and 24 初级.
            "room_workers": {"junior": 24, "intermediate": 17, "senior": 0},
            "station_staff": {"junior": 0, "intermediate": 0, "senior": 0},
        },
    },
    "casework": {
        "cases_opened": 28,
        "cases_open_at_end": 19,
        "cases_closed": 9,
        "contacts": 1144,
        "home_visits": 1126,
        "service_hours": 587.2,
    },
    "groupwork": {"groups": 5, "sessions": 70, "members": 45, "attendances": 715},
    "community": {
        "activities": 79,
        "direct_participants": 7952,
        "indirect_beneficiaries": 1847,
        "needs_assessments": 6,
    },
    "volunteers": {"registered": 106, "active": 103, "person_times": 508, "hours": 22639.0},
    "organizations": {
        "total": 29,
        "by_category": {
            "charity": 8,
            "life_services": 7,
            "community_affairs": 6,
            "culture_sports": 8,
        },
        "activities": 36,
        "people_served": 1826,
    },
    "charity": {
        "projects": 6,
        "cash_raised": "58360.00",
        "in_kind_value": "17400.00",
        "disbursed": "49200.00",
        "partners": 5,
        "disbursed_cash": "34800.00",
        "disbursed_in_kind": "14400.00",
    },
    "totals": {
        "activities": 149,
        "person_times": 9811,
        "people_served": 319,
        "beneficiaries": 11658,
        "service_hours": 587.2,
    },
    "outreach": {"media_reports": 23, "exchanges": 6},
    # Issue 16: the five forces from records (the demo's activities tick 社区 and 志愿者 with no
    # record behind them: flagged, not counted), service hours by kind and 帮扶次数.
    "linkage": {
        "community": {"activities": 0, "units": 0},
        "social_workers": {"activities": 79, "person_times": 83, "hours": 166.0},
        "social_organizations": {"activities": 36, "person_times": 72, "people_served": 1826},
        "volunteers": {"activities": 0, "person_times": 0, "hours": 0.0},
        "charity": {"activities": 75, "units": 12, "projects": 5},
        "ticked_without_record": {
            "community": 79,
            "social_workers": 0,
            "social_organizations": 26,
            "volunteers": 60,
            "charity": 1,
        },
    },
    "service_hours": {
        "casework": 587.2,
        "groupwork": 105.0,
        "activities": 158.0,
        "volunteers": 22639.0,
        "total": 23489.2,
    },
    "help_given": {"contacts": 1144, "home_visits": 1126, "material_help": 52, "total": 1196},
}

DEMO_MODELS = [
    Resident, Household, KeyPopulationTag, Consent, Case, CaseTransition, Approval, ServiceGoal,
    ServiceRecord, Group, GroupSession, GroupMember, Activity, ActivitySeries, Volunteer,
    VolunteerProject, VolunteerRecord, Organization, IncubationRecord, OrganizationActivity,
    PartnerUnit, Donation, Disbursement, Disclosure, LedgerEntry, StaffTerm,
    AnnualTarget, TrainingRecord, SupervisionSession, CertificationRecord, WorkPlan, WorkPlanItem,
]  # fmt: skip

# Rare simplified characters of local place names that GB 2312 lacks.
NOT_IN_GB2312 = set("磻")
CJK = re.compile(r"[\u3400-\u9fff]")

# Words a goal, problem or record must not hold for a person of that age.
NOT_FOR_CHILDREN = ["招聘", "就业", "简历", "职业技能", "养老金", "助餐", "低保申请"]
NOT_FOR_ELDERLY = ["招聘", "就业", "简历", "职业技能", "学习成绩", "四点半", "作业"]

# The marker makes pytest-django create the test database; each test then runs in a savepoint
# inside the module's transaction.
pytestmark = pytest.mark.django_db


def _report(date_from, date_to):
    out = io.StringIO()
    call_command(
        "station_report", "--json", "--from", str(date_from), "--to", str(date_to), stdout=out
    )
    return json.loads(out.getvalue())


def _report_2022():
    report = _report("2022-01-01", "2022-12-31")
    # The annual targets (plans) are not part of the published figures: the demo sets targets for
    # the current year only, none for 2022.
    assert report.pop("targets") == []
    assert set(report.pop("x")) >= {"by_target_population", "by_service_area"}  # issue 16
    return report


def _counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def today():
    return timezone.localdate()


def test_the_2022_figures_are_the_published_ones(demo):
    assert _report_2022() == PUBLISHED_2022


def test_the_2022_report_keeps_the_2022_roster_after_this_years_changes(demo, today):
    """A worker moves room and gains a certificate this year, another leaves: the 2022 report
    still shows the 2022 roster, this year's shows the change, and 2021 shows nobody."""
    from stations.rosters import roster_record

    moved = User.objects.get(username="shegong01")  # room 1, 中级
    rooms = list(Room.objects.filter(station=moved.station).order_by("order"))
    moved.rooms.set([rooms[1]])
    moved.certification = "senior"
    moved.save()
    roster_record(user=moved, effective_on=today)
    left = User.objects.get(username="shegong41")
    left.is_active = False
    left.save()
    roster_record(user=left, effective_on=today)

    assert _report_2022()["base"] == PUBLISHED_2022["base"]
    this_year = _report(f"{today.year}-01-01", f"{today.year}-12-31")["base"]
    assert this_year["room_workers"] == 40
    assert this_year["certified"]["senior"] == 1
    assert this_year["certified"]["room_workers"]["intermediate"] == 16
    before = _report("2021-01-01", "2021-12-31")["base"]
    assert (before["station_workers"], before["room_workers"], before["supervisors"]) == (0, 0, 0)
    assert before["rooms_covered"] == 0


def test_no_visit_or_case_before_the_residents_file_was_opened(demo):
    early_records = ServiceRecord.objects.filter(
        resident__registered_on__gt=F("start_at__date")
    ).values_list("resident__real_name", "resident__registered_on", "start_at")
    assert not list(early_records[:5])
    early_cases = Case.objects.filter(
        resident__registered_on__gt=F("intake__intake_date")
    ).values_list("number", "resident__registered_on", "intake__intake_date")
    assert not list(early_cases[:5])


def test_case_stories_fit_the_persons_age(demo):
    misfits = []
    for goal in ServiceGoal.objects.select_related("plan__case__resident"):
        resident, day = goal.plan.case.resident, goal.plan.planned_on
        age = resident.age_on(day)
        words = NOT_FOR_CHILDREN if age < 18 else NOT_FOR_ELDERLY if age >= 60 else []
        if any(word in goal.description for word in words):
            misfits.append((resident.real_name, age, goal.description))
    for record in ServiceRecord.objects.select_related("resident"):
        age = record.resident.age_on(record.start_at.date())
        words = NOT_FOR_CHILDREN if age < 18 else NOT_FOR_ELDERLY if age >= 60 else []
        if any(word in record.content for word in words):
            misfits.append((record.resident.real_name, age, record.content))
    for case in Case.objects.select_related("resident", "intake"):
        age = case.resident.age_on(case.intake.intake_date)
        words = NOT_FOR_CHILDREN if age < 18 else NOT_FOR_ELDERLY if age >= 60 else []
        if any(word in case.presenting_problem for word in words):
            misfits.append((case.resident.real_name, age, case.presenting_problem))
    assert not misfits[:5]


def test_group_members_fit_the_group(demo):
    members = GroupMember.objects.filter(resident__isnull=False).select_related("group", "resident")
    for member in members:
        group, age = member.group, member.resident.age_on(member.group.start_date)
        if {"children", "youth"} & set(group.target_populations):
            assert age < 18, (group.name, age)
        if "老年人" in group.name:
            assert age >= 60, (group.name, age)


def test_organizations_belong_to_the_room_of_their_community(demo):
    for organization in Organization.objects.select_related("room"):
        if organization.room_id:
            assert organization.name.startswith(organization.room.community), organization.name
        else:
            assert organization.name.startswith("陈仓镇"), organization.name


def test_each_partner_has_one_name(demo):
    names = list(PartnerUnit.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    doubles = [(a, b) for a in names for b in names if a != b and b.startswith(a)]
    assert not doubles


def test_demo_text_is_simplified_chinese(demo):
    strange = set()
    for model in DEMO_MODELS + [Room, User]:
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if field.get_internal_type() in ("CharField", "TextField")
            and "Encrypted" not in type(field).__name__
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                for character in CJK.findall(value or ""):
                    if character in NOT_IN_GB2312:
                        continue
                    try:
                        character.encode("gb2312")
                    except UnicodeEncodeError:
                        strange.add((model.__name__, character, value))
    assert not strange


def test_activity_titles_do_not_announce_their_timing(demo):
    assert not Activity.objects.filter(title__contains="即将开展").exists()
    assert not Activity.objects.filter(title__startswith="近期").exists()


def test_the_present_is_alive(demo, today):
    month_ago = today - datetime.timedelta(days=30)
    recent_visits = ServiceRecord.objects.filter(form="home_visit", start_at__date__gte=month_ago)
    # Every room of 陈仓镇 (the district's two small stations hold activities, not casework).
    demo_rooms = Room.objects.filter(station__code="CCZ")
    assert recent_visits.values("room").distinct().count() == demo_rooms.count()
    assert Activity.objects.filter(starts_at__gt=timezone.now()).count() >= 3
    assert (
        Activity.objects.filter(
            starts_at__date__gte=today - datetime.timedelta(days=365), starts_at__lt=timezone.now()
        ).count()
        >= 20
    )
    assert VolunteerRecord.objects.filter(status="recorded").exists()
    pending = set(Approval.objects.filter(status="pending").values_list("kind", flat=True))
    assert {"opening", "plan", "closing"} <= pending
    assert Group.objects.filter(plan_status="submitted").exists()
    assert set(Case.objects.values_list("stage", flat=True)) >= {
        "inquiry", "intake", "assessment", "plan", "intervention", "evaluation", "closing",
        "closed", "follow_up",
    }  # fmt: skip
    # The current year's figures; in its first quarter, those of the last three months (the
    # present is the last twelve months: a year only days old has hardly anything yet).
    since = today.replace(month=1, day=1) if today.month >= 4 else today - datetime.timedelta(90)
    current = _report(since, today)
    assert current["volunteers"]["hours"] > 0
    assert current["casework"]["home_visits"] > 0
    assert current["casework"]["cases_closed"] > 0
    assert current["community"]["activities"] > 0
    # This year's targets (progress: this year's records, none on 1 January).
    assert len(current["targets"]) == 6
    home_visits = next(t for t in current["targets"] if t["indicator"] == "casework.home_visits")
    assert home_visits["target"] == 600 and isinstance(home_visits["actual"], int)


def test_each_persona_sees_current_work_on_the_home_page(demo, today):
    def page(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        assert response.status_code == 200
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))

    worker = page("shegong01")
    assert "逾期未走访" in worker and "位重点服务对象超过走访周期未走访" in worker
    assert "有 6 条志愿服务记录等待您确认" in worker
    supervisor = page("dudao")
    assert "待我审批" in supervisor and "小组计划书待审核" in supervisor
    assert "没有等待" not in supervisor.split("待我审批")[1][:40]
    official = page("guanyuan")
    assert f"{today.year}年" in official
    if today.month >= 4:
        assert not re.search(r"(?<![\d.])0\.0 志愿服务时长", official)
        assert not re.search(r"(?<![\d.])0 结案个案", official)


def test_a_second_run_on_the_same_or_a_later_day_adds_nothing_and_keeps_2022(demo, today):
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    later = today + datetime.timedelta(days=45)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert _report_2022() == PUBLISHED_2022
