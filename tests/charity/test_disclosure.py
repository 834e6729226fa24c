"""The disclosure schedule and the workbench reminder."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from charity.disclosure import add_months, outstanding, schedule
from charity.models import Disclosure
from tests.charity.factories import CharityProjectFactory

D = datetime.date


def test_a_long_project_has_a_disclosure_every_three_months_and_a_final_one():
    project = CharityProjectFactory.build(start_date=D(2022, 1, 15), end_date=D(2022, 12, 31))
    dues = [(due.kind, due.due_on) for due in schedule(project)]
    assert dues == [
        ("periodic", D(2022, 4, 15)),
        ("periodic", D(2022, 7, 15)),
        ("periodic", D(2022, 10, 15)),
        ("final", D(2023, 3, 31)),
    ]


def test_a_project_of_six_months_or_less_has_only_the_final_disclosure():
    project = CharityProjectFactory.build(start_date=D(2022, 1, 1), end_date=D(2022, 7, 1))
    assert [(due.kind, due.due_on) for due in schedule(project)] == [("final", D(2022, 10, 1))]


def test_month_arithmetic_keeps_the_end_of_month():
    assert add_months(D(2022, 11, 30), 3) == D(2023, 2, 28)


def test_a_disclosure_in_the_quarter_meets_that_due_date(world, charity):
    project = charity.project  # 2022-03-01 … 2022-12-31: due 06-01, 09-01, 12-01, final 2023-03-31
    Disclosure.objects.create(
        project=project,
        kind="periodic",
        published_on=D(2022, 5, 20),
        raised=Decimal("0"),
        spent=Decimal("0"),
        published_by=world.staff,
    )
    remaining = [due.due_on for due in outstanding(project, list(project.disclosures.all()))]
    assert remaining == [D(2022, 9, 1), D(2022, 12, 1), D(2023, 3, 31)]


def _panel(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_the_workbench_reminds_the_responsible_staff_of_an_overdue_disclosure(
    client, world, charity
):
    today = timezone.localdate()
    CharityProjectFactory(
        fund=charity.fund,
        title="助老餐桌",
        start_date=today - datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=200),
        responsible=world.worker1,
    )
    text = _panel(client, world.worker1)
    assert "慈善项目公示提醒" in text and "助老餐桌" in text and "已逾期" in text
    assert "助老餐桌" not in _panel(client, world.worker2)  # not theirs
    assert "助老餐桌" in _panel(client, world.staff)  # station staff see all
    assert "助老餐桌" in _panel(client, world.supervisor)  # on the fund committee
    assert "慈善项目公示提醒" not in _panel(client, world.official)


def test_a_published_disclosure_clears_the_reminder(client, world, charity):
    today = timezone.localdate()
    project = CharityProjectFactory(
        fund=charity.fund,
        title="助老餐桌",
        start_date=today - datetime.timedelta(days=80),
        end_date=today + datetime.timedelta(days=300),
        responsible=world.worker1,
    )
    assert "即将到期" in _panel(client, world.worker1)
    client.post(
        reverse("charity:disclosure_create", kwargs={"pk": project.pk}),
        {"kind": "periodic", "published_on": today.isoformat(), "place": "社区公示栏"},
    )
    assert "助老餐桌" not in _panel(client, world.worker1)


def test_the_reminder_panel_uses_a_fixed_number_of_queries(
    world, charity, rf, django_assert_num_queries
):
    from charity.panels import disclosure_reminders

    today = timezone.localdate()

    def make(count):
        for index in range(count):
            project = CharityProjectFactory(
                fund=charity.fund,
                start_date=today - datetime.timedelta(days=200 + index),
                end_date=today + datetime.timedelta(days=100),
            )
            Disclosure.objects.create(
                project=project,
                kind="periodic",
                published_on=today - datetime.timedelta(days=150),
                raised=Decimal("0"),
                spent=Decimal("0"),
                published_by=world.staff,
            )

    # The fixture's 2022 project has been overdue since 2022 and counts too.
    request = rf.get("/")
    request.user = world.staff
    make(2)
    with django_assert_num_queries(2):
        assert len(disclosure_reminders(request)["reminders"]) == 3
    make(20)
    with django_assert_num_queries(2):
        assert len(disclosure_reminders(request)["reminders"]) == 23


def test_committee_members_find_drafts_to_approve_on_their_workbench(client, world, charity):
    from charity import services

    services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("120.00"),
        purpose="暖冬补助第一批",
        by=world.staff,
    )
    text = _panel(client, world.supervisor)
    assert "待审批的慈善支出" in text and "暖冬补助第一批" in text
    assert "暖冬补助第一批" not in _panel(client, world.staff)  # drafted it; not on the committee
    assert "暖冬补助第一批" not in _panel(client, world.worker1)


def test_the_approval_panel_uses_one_query(world, charity, rf, django_assert_num_queries):
    from charity import services
    from charity.panels import approval_queue

    request = rf.get("/")
    request.user = world.supervisor
    for count in (1, 10):
        for _ in range(count):
            services.disbursement_create(
                fund=charity.fund,
                project=charity.project,
                form="cash",
                amount=Decimal("1.00"),
                purpose="补助",
                by=world.staff,
            )
        with django_assert_num_queries(1):
            assert approval_queue(request)["drafts"]


def test_the_resident_page_section_lists_help_to_the_resident_and_their_household(
    world, charity, rf, django_assert_num_queries
):
    from django.template.loader import render_to_string

    from charity.panels import resident_help
    from tests.charity.factories import donate, pay

    charity.resident1.household = charity.household1
    charity.resident1.save()
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    pay(
        charity.project,
        world.staff,
        world.supervisor,
        "300.00",
        beneficiaries=[
            {"household": charity.household1, "amount": Decimal("200.00"), "items": "米面油"},
            {"household": charity.household2, "amount": Decimal("100.00"), "items": "棉被"},
        ],
    )
    request = rf.get("/")
    request.user = world.worker1
    with django_assert_num_queries(1):
        data = resident_help(request, charity.resident1)
    html = render_to_string("charity/resident_section.html", {"data": data})
    assert "米面油" in html and "200.00" in html and "棉被" not in html
    request.user = world.official
    assert resident_help(request, charity.resident1)["lines"] == []
