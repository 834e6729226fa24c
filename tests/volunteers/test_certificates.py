import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.volunteers.factories import ServiceRecordFactory, VolunteerFactory
from volunteers import services
from volunteers.models import Certificate


@pytest.fixture
def volunteer(world):
    volunteer = VolunteerFactory(room=world.room1, real_name="孙丽")
    for day, hours, status in [
        (datetime.date(2022, 3, 1), "4", "confirmed"),
        (datetime.date(2022, 4, 1), "2.5", "corrected"),
        (datetime.date(2022, 5, 1), "7", "recorded"),
        (datetime.date(2022, 6, 1), "9", "disputed"),
        (datetime.date(2023, 1, 5), "6", "confirmed"),  # outside the period
    ]:
        ServiceRecordFactory(volunteer=volunteer, date=day, hours=Decimal(hours), status=status)
    return volunteer


def article(html: str) -> str:
    """The printed part of the page (the rest carries a per-request CSRF token)."""
    return html[html.index("<article") : html.index("</article>")]


def issue(client, volunteer, **overrides):
    data = {"period_from": "2022-01-01", "period_to": "2022-12-31", "person_in_charge": "王站长"}
    data.update(overrides)
    return client.post(reverse("volunteers:certificate_create", args=[volunteer.pk]), data)


def test_a_certificate_counts_only_confirmed_hours_in_the_period(client, world, volunteer):
    client.force_login(world.worker1)
    response = issue(client, volunteer)
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse("volunteers:certificate_detail", args=[certificate.pk])
    assert certificate.total_hours == Decimal("6.5")
    assert certificate.snapshot["record_count"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "累计志愿服务时长 <strong>6.5</strong> 小时" in page
    assert volunteer.id_number not in page
    assert volunteer.id_number[:6] + "********" + volunteer.id_number[-4:] in page


def test_a_certificate_printed_twice_is_identical_even_after_records_change(
    client, world, volunteer
):
    client.force_login(world.worker1)
    issue(client, volunteer)
    certificate = Certificate.objects.get()
    url = reverse("volunteers:certificate_detail", args=[certificate.pk])
    first = client.get(url).content.decode()
    record = volunteer.records.get(status="confirmed", date=datetime.date(2022, 3, 1))
    services.record_dispute(record=record, reason="有误", by=world.worker1)
    volunteer.real_name = "孙丽丽"
    volunteer.save()
    second = client.get(url).content.decode()
    assert article(first) == article(second)
    assert "孙丽" in article(second) and "6.5" in article(second)
    assert "孙丽丽" not in second


def test_certificate_numbers_are_unique_and_run_per_year(world, volunteer):
    issued = [
        services.certificate_issue(
            volunteer=volunteer,
            period_from=datetime.date(2022, 1, 1),
            period_to=datetime.date(2022, 12, 31),
            person_in_charge="王站长",
            issued_on=datetime.date(2022, 12, 30),
            by=world.staff,
        )
        for _index in range(3)
    ]
    assert [c.number for c in issued] == [
        "TST-ZYZ-2022-0001",
        "TST-ZYZ-2022-0002",
        "TST-ZYZ-2022-0003",
    ]
    later = services.certificate_issue(
        volunteer=volunteer,
        period_from=datetime.date(2023, 1, 1),
        period_to=datetime.date(2023, 12, 31),
        person_in_charge="王站长",
        issued_on=datetime.date(2023, 2, 1),
        by=world.staff,
    )
    assert later.number == "TST-ZYZ-2023-0001"


def test_no_certificate_without_confirmed_hours(client, world):
    volunteer = VolunteerFactory(room=world.room1)
    ServiceRecordFactory(volunteer=volunteer, status="recorded")
    client.force_login(world.worker1)
    response = issue(client, volunteer)
    assert "该时段内没有已确认的服务记录" in response.content.decode()
    assert not Certificate.objects.exists()
    with pytest.raises(ValidationError):
        services.certificate_issue(
            volunteer=volunteer,
            period_from=datetime.date(2022, 1, 1),
            period_to=datetime.date(2022, 12, 31),
            person_in_charge="王站长",
            by=world.staff,
        )


def test_certificate_page_queries_do_not_grow_with_lines(client, world, django_assert_num_queries):
    volunteer = VolunteerFactory(room=world.room1)
    ServiceRecordFactory.create_batch(2, volunteer=volunteer)
    few = services.certificate_issue(
        volunteer=volunteer,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        person_in_charge="王站长",
        by=world.staff,
    )
    for day in range(40):
        ServiceRecordFactory(
            volunteer=volunteer, date=datetime.date(2022, 7, 1) + datetime.timedelta(days=day)
        )
    many = services.certificate_issue(
        volunteer=volunteer,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        person_in_charge="王站长",
        by=world.staff,
    )
    client.force_login(world.worker1)
    # session, user, certificate (scoped through the visible volunteers)
    with django_assert_num_queries(3):
        client.get(reverse("volunteers:certificate_detail", args=[few.pk]))
    with django_assert_num_queries(3):
        response = client.get(reverse("volunteers:certificate_detail", args=[many.pk]))
    assert response.content.decode().count("<tr><td>") == 42
