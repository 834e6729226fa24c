"""The English interface reads as English: no Chinese punctuation between translated pieces.

A template that writes `{% translate "阶段" %}：{{ value }}` shows "Stage：Ending" in English; the
colon, brackets and list commas belong inside the translated message (see CONTRIBUTING.md,
Translations). The records here are written without Chinese punctuation, so any that an English
page shows comes from the interface itself.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import NeedsAssessment
from cases.models import (
    Approval,
    Assessment,
    CaseTransition,
    Closing,
    Evaluation,
    FollowUp,
    ServiceGoal,
    ServicePlan,
    SupervisionNote,
)
from groups.models import GroupMember
from plans.models import WorkPlan, WorkPlanItem
from stations.models import Consent, Household
from tests.activities.factories import ActivityFactory
from tests.cases.factories import CaseFactory, IntakeFactory, ServiceRecordFactory
from tests.factories import ResidentFactory
from tests.groups.factories import AttendanceFactory, GroupFactory, GroupSessionFactory
from tests.organizations.factories import PartnerUnitFactory
from tests.volunteers.factories import VolunteerFactory

CHINESE_PUNCTUATION = re.compile("[：（）、，。]")


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes and titles, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def chinese_punctuation_in(text: str) -> list[str]:
    """Each stray mark with a little of the text around it, for the failure message."""
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in CHINESE_PUNCTUATION.finditer(text)]


@pytest.fixture
def records(world):
    """A child resident of room 1 with a household, a guardian's consent, a case holding every
    document, an activity of both rooms, a group with a session, all written in plain ASCII."""
    household = Household.objects.create(room=world.room1, name="Li household")
    resident = ResidentFactory(
        room=world.room1,
        real_name="Li Ming",
        pseudonym="Sunny",
        birth_date=timezone.localdate() - datetime.timedelta(days=9 * 365),
        household=household,
        relation_to_head="child",
        address="No 8 East Street",
    )
    Consent.objects.create(
        resident=resident,
        purpose="Casework",
        scope="Basic information and family",
        given_by="guardian",
        guardian_name="Li Hua",
        guardian_relation="mother",
        covers_sensitive=True,
        given_on=datetime.date(2022, 3, 1),
        created_by=world.worker1,
    )
    case = CaseFactory(
        resident=resident,
        worker=world.worker1,
        stage="intervention",
        source="referral",
        referring_unit="Town school",
        presenting_problem="Left alone after school",
        opened_on=datetime.date(2022, 3, 2),
    )
    IntakeFactory(case=case, background="Lives with grandmother", needs="After school care")
    Assessment.objects.create(
        case=case,
        assessed_on=datetime.date(2022, 3, 5),
        summary="Needs after school care",
        created_by=world.worker1,
    )
    plan = ServicePlan.objects.create(
        case=case,
        planned_on=datetime.date(2022, 3, 10),
        intervention_model="task_centred",
        created_by=world.worker1,
    )
    goal = ServiceGoal.objects.create(
        plan=plan, description="Homework help twice a week", attainment="partly"
    )
    plan.tasks.create(
        goal=goal,
        description="Find a volunteer tutor",
        owner=world.worker1,
        due_date=datetime.date(2022, 4, 1),
    )
    Approval.objects.create(
        case=case, kind="plan", plan=plan, requested_by=world.worker1, request_comment="Please"
    )
    ServiceRecordFactory(
        case=case, resident=resident, worker=world.worker1, content="Home visit went well"
    )
    Evaluation.objects.create(
        case=case,
        evaluated_on=datetime.date(2022, 6, 1),
        findings="Doing better at school",
        created_by=world.worker1,
    )
    Closing.objects.create(
        case=case,
        closed_on=datetime.date(2022, 9, 30),
        reason="other",
        reason_other="Moved away",
        summary="Served for six months",
        created_by=world.worker1,
    )
    FollowUp.objects.create(
        case=case,
        followed_on=datetime.date(2022, 10, 30),
        form="phone",
        content="Settled in well",
        worker=world.worker1,
    )
    SupervisionNote.objects.create(
        case=case,
        supervisor=world.supervisor,
        noted_on=datetime.date(2022, 4, 2),
        content="Talked about the school",
    )
    CaseTransition.objects.create(
        case=case,
        action="start",
        from_stage="plan",
        to_stage="intervention",
        by=world.worker1,
        comment="Plan approved",
    )

    activity = ActivityFactory(
        station=world.station,
        title="Summer reading club",
        rooms=[world.room1, world.room2],
        participants=[resident, ResidentFactory(room=world.room1, real_name="Zhao Lei")],
        service_areas=["child_welfare", "education"],
        target_populations=["children", "families"],
        social_forces=["community", "social_workers"],
    )
    activity.organisers.set([world.worker1, world.worker2])
    activity.partner_units.set(
        [
            PartnerUnitFactory(station=world.station, name="Town library"),
            PartnerUnitFactory(station=world.station, name="Town bank"),
        ]
    )
    ActivityFactory(  # on the workbench's "coming up" panel
        station=world.station,
        title="Walk in the park",
        rooms=[world.room1, world.room2],
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    needs = [
        NeedsAssessment.objects.create(
            station=world.station,
            room=world.room1,
            title=title,
            assessed_on=datetime.date(2022, 3, 1),
        )
        for title in ("Needs of East Street", "Needs of West Street")
    ]
    for assessment in needs:
        assessment.activities.add(activity)

    group = GroupFactory(room=world.room1, name="Homework club", goals="Better homework habits")
    group.facilitators.set([world.worker1, world.supervisor])
    session = GroupSessionFactory(group=group, theme="Meeting each other")
    for name in ("Amy", "Bob"):
        member = GroupMember.objects.create(group=group, volunteer_name=name)
        AttendanceFactory(session=session, member=member)

    volunteer = VolunteerFactory(
        room=world.room1,
        real_name="Chen Jie",
        skills=["tutoring", "elderly_care"],
        guardian_name="",
    )
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    plan = WorkPlan.objects.create(
        station=world.station,
        room=world.room1,
        worker=world.worker1,
        period="week",
        starts_on=monday,
        ends_on=monday + datetime.timedelta(days=6),
        notes="Visit the elderly living alone",
        status="returned",
        review_comment="Add one more visit",
        reviewed_by=world.supervisor,
        reviewed_at=timezone.now(),
    )
    WorkPlanItem.objects.create(plan=plan, kind="visit", resident=resident, description="Check-up")
    WorkPlanItem.objects.create(plan=plan, kind="visit", planned_count=4)
    WorkPlanItem.objects.create(plan=plan, kind="other", description="Tidy the ledger", done=True)
    return {
        "plan": plan,
        "resident": resident,
        "case": case,
        "activity": activity,
        "needs": needs[0],
        "group": group,
        "session": session,
        "volunteer": volunteer,
    }


PAGES = [
    ("worker1", "home", lambda r: []),
    ("supervisor", "home", lambda r: []),
    ("staff", "home", lambda r: []),
    ("official", "home", lambda r: []),
    ("worker1", "stations:resident_list", lambda r: []),
    ("worker1", "stations:resident_detail", lambda r: [r["resident"].pk]),
    ("worker1", "cases:list", lambda r: []),
    ("worker1", "cases:detail", lambda r: [r["case"].pk]),
    ("worker1", "cases:print", lambda r: [r["case"].pk, "all"]),
    ("worker1", "activities:list", lambda r: []),
    ("worker1", "activities:detail", lambda r: [r["activity"].pk]),
    ("worker1", "activities:needs_detail", lambda r: [r["needs"].pk]),
    ("worker1", "groups:detail", lambda r: [r["group"].pk]),
    ("worker1", "groups:session_detail", lambda r: [r["session"].pk]),
    ("worker1", "volunteers:list", lambda r: []),
    ("worker1", "volunteers:detail", lambda r: [r["volunteer"].pk]),
    ("staff", "reports:summary", lambda r: []),
    ("official", "reports:summary", lambda r: []),
    ("worker1", "plans:workplans", lambda r: []),
    ("worker1", "plans:workplan_detail", lambda r: [r["plan"].pk]),
    ("worker1", "plans:workplan_edit", lambda r: [r["plan"].pk]),
    ("district_official", "home", lambda r: []),
    ("district_official", "reports:district", lambda r: []),
]


@pytest.mark.parametrize(
    ("persona", "url_name", "args"), PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES]
)
def test_english_pages_show_no_chinese_punctuation(client, world, records, persona, url_name, args):
    client.force_login(world.persona(persona))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse(url_name, args=args(records)))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Log out" in text  # the page is in English
    stray = chinese_punctuation_in(text)
    assert not stray, "\n".join(stray)


def test_the_same_pages_keep_their_chinese_punctuation_in_chinese(client, world, records):
    client.force_login(world.worker1)
    body = visible_text(
        client.get(
            reverse("stations:resident_detail", args=[records["resident"].pk])
        ).content.decode()
    )
    assert "Li Ming （化名：Sunny）" in body
    body = visible_text(
        client.get(reverse("activities:detail", args=[records["activity"].pk])).content.decode()
    )
    assert "Town bank、Town library" in body
