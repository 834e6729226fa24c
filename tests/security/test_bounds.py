"""Dates and numbers stay in a plausible range on every form, in the database and in reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from cases.models import ServiceRecord
from stations.bounds import plain_number, plausible_range
from tests.activities.factories import ActivityFactory, NeedsAssessmentFactory, local
from tests.activities.test_activities import activity_data
from tests.cases.factories import ServiceRecordFactory
from tests.factories import ResidentFactory
from tests.volunteers import factories as volunteer_factories


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("0001-01-01T00:00", "0001-01-01T02:00"),
        ("9999-12-31T23:59", "9999-12-31T23:59"),
        ("2022-06-01T09:00", "2999-12-31T11:00"),
    ],
)
def test_an_implausible_activity_date_is_a_form_error_and_saves_nothing(
    client, world, starts_at, ends_at
):
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:create"), activity_data(world, starts_at=starts_at, ends_at=ends_at)
    )
    assert response.status_code == 200
    assert "日期须在" in response.text
    assert not Activity.objects.exists()


def test_an_activity_over_a_month_long_is_refused(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("activities:create"),
        activity_data(world, starts_at="2022-06-01T09:00", ends_at="2022-08-01T11:00"),
    )
    assert response.status_code == 200
    assert "不超过 31 天" in response.text
    assert not Activity.objects.exists()


def test_a_year_one_home_visit_is_refused(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:visit_new"),
        {"resident": resident.pk, "start_at": "0001-01-01T00:00", "minutes": 30, "content": "x"},
    )
    assert response.status_code == 200
    assert "日期须在" in response.text
    assert not ServiceRecord.objects.exists()


def test_a_visit_place_over_the_column_length_is_a_form_error(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    start = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        reverse("cases:visit_new"),
        {
            "resident": resident.pk,
            "start_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 30,
            "content": "走访",
            "place": "家" * 101,
        },
    )
    assert response.status_code == 200
    assert not ServiceRecord.objects.exists()


def test_the_database_refuses_a_service_record_longer_than_a_day(world):
    resident = ResidentFactory(room=world.room1)
    start = timezone.now() - datetime.timedelta(days=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRecordFactory(
            resident=resident,
            room=world.room1,
            worker=world.worker1,
            start_at=start,
            end_at=start + datetime.timedelta(hours=25),
        )


def test_the_database_refuses_an_activity_in_the_year_one(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(
            station=world.station,
            starts_at=datetime.datetime(1, 1, 2, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(1, 1, 2, 2, tzinfo=datetime.UTC),
        )
    ActivityFactory(
        station=world.station, starts_at=local(2022, 5, 1), ends_at=local(2022, 5, 1, 11)
    )


def test_the_database_refuses_more_than_24_volunteer_hours_in_one_day(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        volunteer_factories.ServiceRecordFactory(hours=Decimal("99999.99"))


def test_zero_hours_give_a_sentence_not_the_constraint_name(world):
    record = volunteer_factories.ServiceRecordFactory()
    record.hours = Decimal(0)
    with pytest.raises(ValidationError) as error:
        record.validate_constraints()
    assert "record_hours_positive" not in str(error.value)
    assert "服务时长必须大于0小时" in str(error.value)


@pytest.mark.parametrize("date_from", ["9999-01-01", "0001-01-01"])
def test_a_report_period_far_out_of_range_gets_a_message_not_500(client, world, date_from):
    client.force_login(world.staff)
    response = client.get(
        reverse("reports:summary"),
        {"kind": "custom", "date_from": date_from, "date_to": "9999-12-31"},
    )
    assert response.status_code == 200
    assert "日期须在" in response.text


def test_check_data_bounds_lists_a_stored_row_outside_the_range(world, capsys):
    first, last = plausible_range()
    assessment = NeedsAssessmentFactory(
        station=world.station, assessed_on=datetime.date(1850, 6, 1)
    )
    with pytest.raises(SystemExit):
        call_command("check_data_bounds")
    output = capsys.readouterr().out
    assert f"activities.NeedsAssessment pk={assessment.pk} assessed_on=1850-06-01" in output


def test_check_data_bounds_is_quiet_on_clean_data(world, capsys):
    call_command("check_data_bounds")
    assert "No stored dates outside" in capsys.readouterr().out


def test_hours_are_written_plainly():
    assert plain_number(Decimal("10.00").normalize()) == "10"
    assert plain_number(Decimal("2.50")) == "2.5"
    assert plain_number(Decimal("100")) == "100"
