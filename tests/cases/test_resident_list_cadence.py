"""The residents list shows each resident's last home visit, risk flag and next contact (issue 19,
item 5), read for the page's rows in one query whatever their number."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.cadence import page_visit_facts
from cases.models import ResidentRiskFlag, VisitInterval
from tests.cases.factories import ServiceRecordFactory
from tests.factories import KeyPopulationTagFactory, ResidentFactory


def _visit(resident, worker, days_ago, form="home_visit"):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return ServiceRecordFactory(resident=resident, worker=worker, form=form, start_at=start)


def test_next_contact_is_the_last_visit_plus_the_shortest_interval_or_the_risk_flags(world):
    today = timezone.localdate()
    alone = ResidentFactory(room=world.room1)  # elderly alone: 14 days by default
    KeyPopulationTagFactory(resident=alone, category="elderly_alone")
    KeyPopulationTagFactory(resident=alone, category="dibao")  # 90: the shorter one counts
    _visit(alone, world.worker1, 20)
    _visit(alone, world.worker1, 3)
    _visit(alone, world.worker1, 1, form="phone")  # a phone call is not a home visit

    flagged = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=flagged, category="dibao")
    VisitInterval.objects.create(station=world.station, category="dibao", days=60)
    ResidentRiskFlag.objects.create(
        resident=flagged, level="high", visit_days=7, reason="独居", raised_by=world.worker1
    )
    _visit(flagged, world.worker1, 10)

    never = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=never, category="orphan")
    untagged = ResidentFactory(room=world.room1)

    facts = page_visit_facts([alone.pk, flagged.pk, never.pk, untagged.pk])

    three_days_ago = timezone.localdate(timezone.now() - datetime.timedelta(days=3))
    assert facts[alone.pk].interval_days == 14
    assert timezone.localdate(facts[alone.pk].last_visit_at) == three_days_ago
    assert facts[alone.pk].next_contact == three_days_ago + datetime.timedelta(days=14)
    assert not facts[alone.pk].due and facts[alone.pk].risk_level == ""

    assert facts[flagged.pk].interval_days == 7  # the flag's 7 beats the station's 60
    assert facts[flagged.pk].risk_level == "高"
    assert facts[flagged.pk].next_contact < today and facts[flagged.pk].due

    assert facts[never.pk].last_visit_at is None and facts[never.pk].next_contact is None
    assert facts[never.pk].due  # a cadence and no visit yet: due now

    assert facts[untagged.pk].interval_days is None and not facts[untagged.pk].due


def test_the_residents_list_shows_last_visit_risk_and_next_contact(client, world):
    resident = ResidentFactory(room=world.room1, real_name="吴桂芳")
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    visit = _visit(resident, world.worker1, 20)
    ResidentRiskFlag.objects.create(
        resident=resident, level="medium", reason="行动不便", raised_by=world.worker1
    )
    client.force_login(world.worker1)

    page = client.get(reverse("stations:resident_list")).content.decode()

    last = timezone.localdate(visit.start_at)
    assert f"{last:%Y-%m-%d}" in page
    assert f"{last + datetime.timedelta(days=14):%Y-%m-%d}（已到期）" in page
    assert '<span class="badge text-bg-danger">中</span>' in page


def test_the_residents_list_reads_visits_in_one_query_at_any_size(
    client, world, django_assert_num_queries
):
    client.force_login(world.worker1)
    url = reverse("stations:resident_list")

    def add(count):
        for number in range(count):
            resident = ResidentFactory(room=world.room1)
            KeyPopulationTagFactory(resident=resident, category="elderly_alone")
            _visit(resident, world.worker1, number + 1)
            ResidentRiskFlag.objects.create(
                resident=resident, level="low", reason="复查", raised_by=world.worker1
            )

    add(3)
    # session, user, count, page, tags in force, the visit facts of the page, rooms for the filter
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["residents"]) == 3
    add(30)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert all(resident.visit.last_visit_at for resident in response.context["residents"])
