import datetime

import pytest

from reports import periods
from reports.forms import PeriodForm
from reports.periods import Period, PeriodKind
from stations.models import Room

D = datetime.date


def test_a_year_compares_with_the_previous_year():
    previous = periods.year(2022).previous()
    assert (previous.date_from, previous.date_to) == (D(2021, 1, 1), D(2021, 12, 31))


def test_the_first_quarter_compares_with_the_last_quarter_of_the_year_before():
    previous = periods.quarter(2022, 1).previous()
    assert (previous.date_from, previous.date_to) == (D(2021, 10, 1), D(2021, 12, 31))


def test_march_compares_with_february_of_a_leap_year():
    previous = periods.month(2024, 3).previous()
    assert (previous.date_from, previous.date_to) == (D(2024, 2, 1), D(2024, 2, 29))


def test_custom_dates_compare_with_the_same_number_of_days_just_before():
    period = Period(D(2022, 3, 10), D(2022, 3, 19))
    previous = period.previous()
    assert (previous.date_from, previous.date_to) == (D(2022, 2, 28), D(2022, 3, 9))
    assert previous.days == period.days == 10


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(D(2022, 3, 10), D(2022, 3, 9))


def test_monthly_buckets_are_clipped_to_the_period():
    buckets = periods.buckets(Period(D(2022, 1, 15), D(2022, 3, 10)))
    assert [label for label, _ in buckets] == ["2022-01", "2022-02", "2022-03"]
    assert buckets[0][1].date_from == D(2022, 1, 15)
    assert buckets[-1][1].date_to == D(2022, 3, 10)


def test_long_periods_are_charted_by_year():
    buckets = periods.buckets(Period(D(2019, 6, 1), D(2022, 12, 31)))
    assert [label for label, _ in buckets] == ["2019", "2020", "2021", "2022"]
    assert buckets[0][1].date_from == D(2019, 6, 1)


@pytest.mark.django_db
def test_the_form_offers_2022_and_builds_a_quarter():
    form = PeriodForm(
        {"kind": PeriodKind.QUARTER, "year": "2022", "quarter": "4"},
        rooms=Room.objects.none(),
        whole_station=True,
    )
    assert form.is_valid(), form.errors
    assert (form.period().date_from, form.period().date_to) == (D(2022, 10, 1), D(2022, 12, 31))


@pytest.mark.django_db
def test_custom_dates_that_end_before_they_start_are_refused_in_chinese():
    form = PeriodForm(
        {
            "kind": PeriodKind.CUSTOM,
            "year": "2022",
            "date_from": "2022-05-01",
            "date_to": "2022-04-01",
        },
        rooms=Room.objects.none(),
        whole_station=True,
    )
    assert not form.is_valid()
    assert "结束日期不能早于开始日期" in str(form.errors)
