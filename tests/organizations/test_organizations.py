import datetime

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organizations.figures import organization_figures, partner_figures
from organizations.models import IncubationRecord, Organization, OrganizationActivity
from tests.organizations.factories import (
    IncubationRecordFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnerUnitFactory,
)
from tests.volunteers.factories import ActivityFactory, aware

YEAR = {"date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2022, 12, 31)}


def org_data(world, **overrides):
    data = {
        "name": "夕阳红志愿服务队",
        "category": "charity",
        "room": world.room1.pk,
        "leader_name": "李秀英",
        "contact_phone": "13800002222",
        "member_count": "18",
        "service_area": "助老",
        "incubation_started_on": "2022-03-01",
        "status": "incubating",
    }
    data.update(overrides)
    return data


def test_an_organization_is_registered_with_its_phone_encrypted_and_masked(client, world):
    client.force_login(world.worker1)
    response = client.post(reverse("organizations:create"), org_data(world))
    organization = Organization.objects.get()
    assert response["Location"] == reverse("organizations:detail", args=[organization.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM organizations_organization")
        assert "13800002222" not in cursor.fetchone()[0]
    page = client.get(response["Location"]).content.decode()
    assert "138****2222" in page and "13800002222" not in page


def test_filing_needs_a_date_and_number_and_status_never_goes_back(client, world):
    organization = OrganizationFactory(room=world.room1, name="广场舞队")
    client.force_login(world.worker1)
    url = reverse("organizations:edit", args=[organization.pk])
    base = org_data(world, name="广场舞队", version=organization.version)
    response = client.post(url, {**base, "status": "filed"})
    assert "请填写备案编号" in response.content.decode()
    response = client.post(
        url, {**base, "status": "filed", "filed_on": "2022-06-01", "filing_number": "陈仓备2022-03"}
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.status == "filed"
    response = client.post(
        url,
        {
            **base,
            "status": "incubating",
            "version": organization.version,
            "filed_on": "2022-06-01",
            "filing_number": "陈仓备2022-03",
        },
    )
    assert "不能退回" in response.content.decode()
    organization.refresh_from_db()
    assert organization.status == "filed"


def test_incubation_records_and_activities_show_on_the_organization(client, world):
    organization = OrganizationFactory(room=world.room1)
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="端午包粽子")
    client.force_login(world.worker1)
    client.post(
        reverse("organizations:incubation_create", args=[organization.pk]),
        {"kind": "coaching", "date": "2022-05-01", "content": "指导制定章程"},
    )
    client.post(
        reverse("organizations:participation_create", args=[organization.pk]),
        {"activity": activity.pk, "role": "组织包粽子", "people_served": "45"},
    )
    assert IncubationRecord.objects.get().worker == world.worker1
    assert OrganizationActivity.objects.get().people_served == 45
    page = client.get(reverse("organizations:detail", args=[organization.pk])).content.decode()
    assert "指导制定章程" in page and "端午包粽子" in page and "服务 45 人次" in page


def test_organization_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    for organization in OrganizationFactory.create_batch(3, room=world.room1):
        ParticipationFactory(organization=organization)
    # session, user, rooms (filter choices), count, page
    with django_assert_num_queries(5):
        client.get(reverse("organizations:list"))
    for organization in OrganizationFactory.create_batch(30, room=world.room1):
        ParticipationFactory(organization=organization)
        IncubationRecordFactory(organization=organization)
    with django_assert_num_queries(5):
        client.get(reverse("organizations:list"))


def test_partner_list_filters_by_kind_and_detail_shows_the_activities_joined(client, world):
    bank = PartnerUnitFactory(station=world.station, name="陈仓农商银行", kind="bank")
    PartnerUnitFactory(station=world.station, name="陈仓镇卫生院", kind="hospital")
    activity = ActivityFactory(station=world.station, rooms=[world.room1], title="防诈骗讲座")
    activity.partner_units.add(bank)
    client.force_login(world.worker2)
    page = client.get(reverse("organizations:partner_list"), {"kind": "bank"}).content.decode()
    assert "陈仓农商银行" in page and "陈仓镇卫生院" not in page
    page = client.get(reverse("organizations:partner_detail", args=[bank.pk])).content.decode()
    assert "防诈骗讲座" in page


def test_partner_names_are_unique_in_the_registry(client, world):
    PartnerUnitFactory(station=world.station, name="宝鸡市第三中学")
    client.force_login(world.staff)
    response = client.post(
        reverse("organizations:partner_create"), {"name": "宝鸡市第三中学", "kind": "school"}
    )
    assert "共建单位名录中已有同名单位" in response.content.decode()


def test_organization_figures_by_category_status_and_activities(world):
    march = datetime.date(2022, 3, 1)
    OrganizationFactory(room=world.room1, category="charity", incubation_started_on=march)
    OrganizationFactory(
        room=world.room1,
        category="culture_sports",
        incubation_started_on=datetime.date(2021, 5, 1),
        status="registered",
        filed_on=datetime.date(2021, 9, 1),
        filing_number="备1",
        registered_on=datetime.date(2022, 4, 1),
        registration_number="5161",
    )
    OrganizationFactory(  # registered only in 2023: filed at the end of 2022
        room=world.room2,
        category="life_services",
        incubation_started_on=datetime.date(2021, 1, 1),
        status="registered",
        filed_on=datetime.date(2022, 2, 1),
        filing_number="备2",
        registered_on=datetime.date(2023, 3, 1),
        registration_number="5162",
    )
    OrganizationFactory(  # dissolved before 2022: not counted
        room=world.room2,
        category="community_affairs",
        incubation_started_on=datetime.date(2019, 1, 1),
        status="dissolved",
        dissolved_on=datetime.date(2021, 6, 1),
    )
    OrganizationFactory(  # dissolved in 2022
        room=world.room2,
        category="community_affairs",
        incubation_started_on=datetime.date(2020, 1, 1),
        status="dissolved",
        dissolved_on=datetime.date(2022, 6, 1),
    )
    OrganizationFactory(room=world.room1, incubation_started_on=datetime.date(2023, 2, 1))
    charity = Organization.objects.get(category="charity", incubation_started_on=march)
    in_2022 = ActivityFactory(station=world.station, rooms=[world.room1])
    in_2023 = ActivityFactory(
        station=world.station,
        starts_at=aware(datetime.date(2023, 1, 9), 9),
        ends_at=aware(datetime.date(2023, 1, 9), 11),
    )
    ParticipationFactory(organization=charity, activity=in_2022, people_served=60)
    ParticipationFactory(organization=charity, activity=in_2023, people_served=99)
    ParticipationFactory(
        organization=Organization.objects.get(category="life_services"),
        activity=in_2022,
        people_served=40,
    )

    figures = organization_figures(station=world.station, **YEAR)
    assert figures == {
        "total": 4,
        "by_category": {
            "charity": 1,
            "life_services": 1,
            "community_affairs": 1,
            "culture_sports": 1,
        },
        "by_status": {"incubating": 1, "filed": 1, "registered": 1, "dissolved": 1},
        "newly_incubated": 1,
        "activities": 1,
        "people_served": 100,
    }
    room1 = organization_figures(station=world.station, rooms=[world.room1], **YEAR)
    assert (room1["total"], room1["people_served"], room1["newly_incubated"]) == (2, 60, 1)


def test_partner_figures_count_units_linked_in_the_period(world):
    linked = PartnerUnitFactory(station=world.station)
    PartnerUnitFactory(station=world.station)  # registered today, never linked
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    activity.partner_units.add(linked)
    second = ActivityFactory(station=world.station, rooms=[world.room2])
    second.partner_units.add(linked)
    assert partner_figures(station=world.station, **YEAR) == {"partners": 1}
    assert partner_figures(station=world.station, rooms=[world.room2], **YEAR) == {"partners": 1}
    today = timezone.localdate()
    assert partner_figures(station=world.station, date_from=today, date_to=today) == {"partners": 2}


def test_a_partner_edit_made_after_someone_else_saved_is_refused_and_keeps_their_change(world):
    partner = PartnerUnitFactory(station=world.station, contact_person="赵经理")
    url = reverse("organizations:partner_edit", args=[partner.pk])
    first, second = Client(), Client()
    first.force_login(world.worker1)
    second.force_login(world.worker2)
    first_form = first.get(url).context["form"]
    second_form = second.get(url).context["form"]
    first_data = {name: first_form[name].value() or "" for name in first_form.fields}
    second_data = {name: second_form[name].value() or "" for name in second_form.fields}

    assert first.post(url, {**first_data, "contact_person": "钱主任"}).status_code == 302
    response = second.post(url, {**second_data, "contact_person": "孙科长"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "其他人已修改了这条记录" in page and "钱主任" in page
    assert 'value="孙科长"' in page
    partner.refresh_from_db()
    assert (partner.contact_person, partner.version) == ("钱主任", 2)


def test_a_status_change_is_dated_when_it_happened_never_in_the_future(client, world):
    client.force_login(world.worker1)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = org_data(world, status="filed", filed_on=tomorrow, filing_number="BA-1")
    response = client.post(reverse("organizations:create"), data)
    assert "日期不能晚于今天" in response.content.decode()
    assert not Organization.objects.exists()
    data = org_data(world, status="filed", filed_on="2022-06-01", filing_number="BA-1")
    client.post(reverse("organizations:create"), data)
    assert Organization.objects.get().filed_on == datetime.date(2022, 6, 1)
