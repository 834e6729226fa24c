"""Issue 16 on records built here: the five forces counted from the records that link them (a tick
without a record is flagged, not counted), service hours by kind and their total, 帮扶次数, and
the roster of the period (staff terms)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reports import services
from stations.models import Certification, Role, StaffTerm
from stations.rosters import roster_record
from tests.activities.factories import ActivityFactory, local
from tests.cases.factories import ServiceRecordFactory
from tests.charity.factories import CharityProjectFactory, FundFactory, donate, pay
from tests.factories import ResidentFactory, RoomFactory, StationFactory, UserFactory
from tests.groups.factories import GroupFactory, GroupSessionFactory
from tests.organizations.factories import (
    OrganizationFactory,
    ParticipationFactory,
    PartnerUnitFactory,
)
from tests.volunteers.factories import ServiceRecordFactory as VolunteerRecordFactory
from tests.volunteers.factories import VolunteerFactory

FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def report(station, room=None, date_from=FROM, date_to=TO):
    return services.station_report(station=station, date_from=date_from, date_to=date_to, room=room)


class Linked:
    """2022, room 1 of the test station:
    - activity A (2 h, ticks all five forces): organisers worker1 and staff; the 联盟社区居委会
      (community) and an enterprise; organization O joined it (40 served); volunteer V served 3 h
      (confirmed).
    - activity B (3 h, ticks community, volunteers and charity): only a government partner, a
      pending volunteer record of 2 h: no community, no charity, no counted volunteer.
    - activity C (1 h, no ticks): organiser worker1, organization P (25 served), the same
      committee.
    - activity D in 2023 with every link: out of the period.
    """

    def __init__(self, world):
        station, room = world.station, world.room1
        committee = PartnerUnitFactory(station=station, name="联盟社区居委会", kind="community")
        enterprise = PartnerUnitFactory(station=station, kind="enterprise")
        government = PartnerUnitFactory(station=station, kind="government")
        every = ["community", "social_workers", "social_organizations", "volunteers", "charity"]
        self.a = ActivityFactory(
            station=station, rooms=[room], starts_at=local(2022, 3, 1), social_forces=every
        )
        self.a.organisers.set([world.worker1, world.staff])
        self.a.partner_units.set([committee, enterprise])
        ParticipationFactory(
            organization=OrganizationFactory(station=station, room=room),
            activity=self.a,
            people_served=40,
        )
        volunteer = VolunteerFactory(room=room)
        VolunteerRecordFactory(
            volunteer=volunteer, project=None, activity=self.a, hours=Decimal("3")
        )
        self.b = ActivityFactory(
            station=station,
            rooms=[room],
            starts_at=local(2022, 4, 1),
            ends_at=local(2022, 4, 1, 12),
            social_forces=["community", "volunteers", "charity"],
        )
        self.b.partner_units.set([government])
        VolunteerRecordFactory(
            volunteer=volunteer,
            project=None,
            activity=self.b,
            hours=Decimal("2"),
            status="recorded",
        )
        self.c = ActivityFactory(
            station=station,
            rooms=[room],
            starts_at=local(2022, 5, 1),
            ends_at=local(2022, 5, 1, 10),
        )
        self.c.organisers.set([world.worker1])
        self.c.partner_units.set([committee])
        ParticipationFactory(
            organization=OrganizationFactory(station=station, room=room),
            activity=self.c,
            people_served=25,
        )
        later = ActivityFactory(
            station=station, rooms=[room], starts_at=local(2023, 1, 2), social_forces=every
        )
        later.organisers.set([world.worker1])
        later.partner_units.set([committee, enterprise])
        VolunteerRecordFactory(volunteer=volunteer, project=None, activity=later)


def test_the_five_forces_are_the_linked_records(world):
    Linked(world)
    assert report(world.station)["linkage"] == {
        "community": {"activities": 2, "units": 1},  # A and C, one committee
        "social_workers": {"activities": 2, "person_times": 3, "hours": 5.0},  # 2×2 h + 1 h
        "social_organizations": {"activities": 2, "person_times": 2, "people_served": 65},
        "volunteers": {"activities": 1, "person_times": 1, "hours": 3.0},  # B's is pending
        "charity": {"activities": 1, "units": 1, "projects": 0},  # the enterprise, not B's office
        "ticked_without_record": {
            "community": 1,  # B
            "social_workers": 0,
            "social_organizations": 0,
            "volunteers": 0,  # B has a (pending) record: not flagged, not counted
            "charity": 1,  # B: a government office is not a charity resource
        },
    }


def test_a_charity_project_that_resourced_an_activity_is_its_charity_force(world):
    linked = Linked(world)
    fund = FundFactory(station=world.station)
    project = CharityProjectFactory(fund=fund)
    project.activities.set([linked.a, linked.b])
    CharityProjectFactory(fund=fund, title="另一项目").activities.set([linked.a])
    charity = report(world.station)["linkage"]
    # B (a government office only) now has its charity resource from the project's record.
    assert charity["charity"] == {"activities": 2, "units": 1, "projects": 2}
    assert charity["ticked_without_record"]["charity"] == 0


def test_a_project_links_only_activities_of_its_own_station(world):
    from charity.forms import ProjectAdminForm

    linked = Linked(world)
    fund = FundFactory(station=world.station)
    elsewhere = ActivityFactory(station=StationFactory(), title="外站活动")
    data = {
        "fund": fund.pk,
        "title": "助老项目",
        "purpose": "为独居老人提供服务",
        "activities": [linked.a.pk, elsewhere.pk],
        "start_date": "2022-01-01",
        "end_date": "2022-12-31",
        "target_amount": "1000",
        "status": "active",
    }
    form = ProjectAdminForm(data=data)
    assert not form.is_valid()
    assert "外站活动" in form.errors["activities"][0]
    data["activities"] = [linked.a.pk]
    assert ProjectAdminForm(data=data).is_valid(), ProjectAdminForm(data=data).errors


def test_a_room_counts_the_forces_of_its_own_activities(world):
    Linked(world)
    assert report(world.station, room=world.room2)["linkage"]["community"] == {
        "activities": 0,
        "units": 0,
    }
    assert report(world.station, room=world.room1)["linkage"]["social_workers"]["activities"] == 2


def test_the_activity_page_flags_a_tick_without_a_record(client, world):
    linked = Linked(world)
    client.force_login(world.worker1)
    flagged = client.get(reverse("activities:detail", args=[linked.b.pk]))
    assert flagged.context["unrecorded_forces"] == ["社区", "慈善资源"]
    assert "已勾选但没有相应记录" in flagged.content.decode()
    recorded = client.get(reverse("activities:detail", args=[linked.a.pk]))
    assert recorded.context["unrecorded_forces"] == []
    assert "已勾选但没有相应记录" not in recorded.content.decode()


def test_the_report_page_shows_the_forces_from_records(client, world):
    Linked(world)
    client.force_login(world.official)
    response = client.get(reverse("reports:summary"), {"kind": "year", "year": "2022"})
    rows = {row["key"]: row for row in response.context["linkage"]}
    assert (rows["community"]["activities"], rows["community"]["unrecorded"]) == (2, 1)
    page = response.content.decode()
    assert 'data-figure="linkage.volunteers.hours"' in page
    assert 'data-figure="service_hours.total"' in page


def test_service_hours_by_kind_add_up_to_the_total(world):
    room = world.room1
    resident = ResidentFactory(room=room)
    ServiceRecordFactory(
        resident=resident, worker=world.worker1, start_at=local(2022, 4, 1), duration_minutes=90
    )
    group = GroupFactory(room=room)
    GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 6, 15))  # 1.5 h
    GroupSessionFactory(group=group, number=2, starts_at=local(2023, 5, 6, 15))  # next year
    ActivityFactory(station=world.station, rooms=[room], starts_at=local(2022, 7, 1))  # 2 h
    VolunteerRecordFactory(volunteer=VolunteerFactory(room=room), hours=Decimal("4.5"))
    hours = report(world.station)["service_hours"]
    assert hours == {
        "casework": 1.5,
        "groupwork": 1.5,
        "activities": 2.0,
        "volunteers": 4.5,
        "total": 9.5,
    }


def test_help_given_counts_contacts_and_material_help(world):
    room = world.room1
    a, b = ResidentFactory.create_batch(2, room=room)
    ServiceRecordFactory(resident=a, worker=world.worker1, start_at=local(2022, 4, 1))
    ServiceRecordFactory(
        resident=a, worker=world.worker1, start_at=local(2022, 4, 2), form="interview"
    )
    fund = FundFactory(station=world.station, committee=[world.supervisor])
    project = CharityProjectFactory(fund=fund, rooms=[room])
    donate(fund, world.staff, "1000.00", project=project)
    pay(
        project,
        world.staff,
        world.supervisor,
        "200.00",
        beneficiaries=[{"resident": a, "amount": Decimal("100.00")}]
        + [{"resident": b, "amount": Decimal("100.00")}],
    )
    help_given = report(world.station)["help_given"]
    assert help_given["contacts"] == 2
    assert help_given["home_visits"] == 1
    assert help_given["material_help"] == 2
    assert help_given["total"] == 4


# --- Rosters by period ------------------------------------------------------------------------


@pytest.fixture
def roster(db):
    """A station whose people are on the roster from 1 Jan 2022."""
    station = StationFactory()
    first, second = RoomFactory(station=station), RoomFactory(station=station)
    start = datetime.date(2022, 1, 1)
    worker = UserFactory(
        station=station, rooms=[first], certification=Certification.JUNIOR, roster=start
    )
    UserFactory(station=station, role=Role.STATION_STAFF, roster=start)
    return station, first, second, worker


def _change(worker, *, on, rooms=None, certification=None):
    if rooms is not None:
        worker.rooms.set(rooms)
    if certification is not None:
        worker.certification = certification
        worker.save()
    roster_record(user=worker, effective_on=on)


def test_a_later_change_of_room_and_certificate_leaves_the_earlier_report_as_it_was(roster):
    station, first, second, worker = roster
    before = report(station)["base"]
    _change(
        worker,
        on=datetime.date(2025, 3, 1),
        rooms=[second],
        certification=Certification.INTERMEDIATE,
    )
    assert report(station)["base"] == before
    assert report(station, room=first)["base"]["room_workers"] == 1
    assert before["certified"]["room_workers"]["junior"] == 1
    now = report(station, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31))
    assert now["base"]["certified"]["room_workers"] == {
        "junior": 0,
        "intermediate": 1,
        "senior": 0,
    }
    assert now["base"]["rooms_covered"] == 1
    later_first = report(
        station,
        room=first,
        date_from=datetime.date(2025, 1, 1),
        date_to=datetime.date(2025, 12, 31),
    )
    assert later_first["base"]["room_workers"] == 0
    # The history is kept: the 2022 term ended the day before the change.
    ended = StaffTerm.objects.get(user=worker, room=first)
    assert ended.ended_on == datetime.date(2025, 2, 28)
    assert ended.certification == Certification.JUNIOR


def test_the_period_before_the_roster_began_shows_nobody(roster):
    station, *_ = roster
    base = report(
        station, date_from=datetime.date(2021, 1, 1), date_to=datetime.date(2021, 12, 31)
    )["base"]
    assert (base["station_workers"], base["room_workers"], base["rooms_covered"]) == (0, 0, 0)
    assert base["certified"]["junior"] == 0


def test_a_worker_who_left_is_off_the_roster_from_that_day(roster):
    station, first, _second, worker = roster
    worker.is_active = False
    worker.save()
    roster_record(user=worker, effective_on=datetime.date(2022, 7, 1))
    assert report(station, date_to=datetime.date(2022, 6, 30))["base"]["room_workers"] == 1
    assert report(station)["base"]["room_workers"] == 0


def test_recording_an_unchanged_roster_again_changes_nothing(roster):
    _station, _first, _second, worker = roster
    terms = list(StaffTerm.objects.filter(user=worker).values())
    roster_record(user=worker, effective_on=datetime.date(2025, 1, 1))
    assert list(StaffTerm.objects.filter(user=worker).values()) == terms
