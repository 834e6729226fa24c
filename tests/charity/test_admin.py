"""The charity admin: scoped to the station, Chinese, and read-only where money moved."""

from decimal import Decimal

from django.urls import reverse

from charity.models import CharityProject, Donation
from tests.charity.factories import CharityProjectFactory, FundFactory, donate


def test_admin_lists_only_the_users_station(client, world, charity):
    CharityProjectFactory(fund=FundFactory(station=world.other_station), title="别镇项目")
    client.force_login(world.supervisor)
    text = client.get(reverse("admin:charity_charityproject_changelist")).content.decode()
    assert "暖冬救助" in text and "别镇项目" not in text


def test_a_project_is_added_in_the_admin_with_areas_and_populations(client, world, charity):
    client.force_login(world.staff)
    url = reverse("admin:charity_charityproject_add")
    form = client.get(url).content.decode()
    assert "服务领域" in form and "儿童福利" in form and "困境儿童" in form
    response = client.post(
        url,
        {
            "fund": charity.fund.pk,
            "title": "助学圆梦",
            "rooms": [world.room1.pk],
            "purpose": "为困境儿童捐赠学习用品",
            "service_areas": ["child_welfare"],
            "target_populations": ["child_in_difficulty"],
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
