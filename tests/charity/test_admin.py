"""The charity admin: scoped to the station, Chinese, and read-only where money moved."""

from decimal import Decimal

from django.urls import reverse

from charity.models import CharityProject, Donation
from tests.charity.factories import CharityProjectFactory, FundFactory, donate, pay


def test_admin_lists_only_the_users_station(client, world, charity):
    CharityProjectFactory(fund=FundFactory(station=world.other_station), title="别镇项目")
    client.force_login(world.supervisor)
    text = client.get(reverse("admin:charity_charityproject_changelist")).content.decode()
    assert "暖冬救助" in text and "别镇项目" not in text


def test_a_project_is_added_in_the_admin_with_areas_and_populations(client, world, charity):
    client.force_login(world.staff)
    url = reverse("admin:charity_charityproject_add")
    form = client.get(url).content.decode()
    assert "服务领域" in form and "儿童福利" in form and "青少年" in form
    response = client.post(
        url,
        {
            "fund": charity.fund.pk,
            "title": "助学圆梦",
            "rooms": [world.room1.pk],
            "purpose": "为困境儿童捐赠学习用品",
            "service_areas": ["child_welfare"],
            "target_populations": ["children"],  # the shared list (issue 16)
            "start_date": "2022-06-01",
            "end_date": "2022-12-31",
            "target_amount": "20000.00",
            "status": "active",
        },
    )
    assert response.status_code == 302
    project = CharityProject.objects.get(title="助学圆梦")
    assert project.service_areas == ["child_welfare"]
    assert project.service_area_labels() == ["儿童福利"]


def test_donations_are_read_only_in_the_admin(client, world, charity):
    donation = donate(charity.fund, world.staff, "300.00")
    client.force_login(world.staff)
    url = reverse("admin:charity_donation_change", args=[donation.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    client.post(url, {"amount": "3000.00"})
    assert Donation.objects.get().amount == Decimal("300.00")


def test_the_fund_admin_offers_only_social_organizations_as_hosts(client, world, charity):
    from tests.charity.factories import PartnerUnitFactory

    PartnerUnitFactory(station=world.station, name="慈善协会", kind="social_organization")
    PartnerUnitFactory(station=world.station, name="文具公司", kind="enterprise")
    client.force_login(world.staff)
    text = client.get(reverse("admin:charity_fund_change", args=[charity.fund.pk])).content.decode()
    assert "慈善协会" in text and "文具公司" not in text


def test_supervisors_read_who_approved_and_paid_out_in_the_admin(client, world, charity):
    donate(charity.fund, world.staff, "500.00", project=charity.project)
    disbursement, _entry = pay(
        charity.project,
        world.staff,
        world.supervisor,
        "120.00",
        beneficiaries=[{"household": charity.household1, "amount": Decimal("120.00")}],
    )
    client.force_login(world.supervisor)
    events = client.get(reverse("admin:charity_disbursementevent_changelist"))
    assert events.status_code == 200
    body = events.content.decode()
    assert "支出变更记录" in body and disbursement.number in body
    receipts = client.get(reverse("admin:charity_beneficiaryevent_changelist"))
    assert receipts.status_code == 200 and "受助对象变更记录" in receipts.content.decode()
    event = disbursement.events.first()
    url = reverse("admin:charity_disbursementevent_change", args=[event.pk])
    assert client.post(url, {"purpose": "改写"}).status_code == 403


def test_change_records_of_charity_are_closed_to_room_workers_and_officials(client, world):
    for persona in (world.worker1, world.official):
        client.force_login(persona)
        response = client.get(reverse("admin:charity_disbursementevent_changelist"))
        assert response.status_code == 302
