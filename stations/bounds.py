"""The plausible range of dates and amounts, one rule for every form, model and report.

A year-1 date is stored by PostgreSQL but cannot be read back by psycopg once Asia/Shanghai turns
it into 1 BC in UTC; a year-9999 date overflows Python's datetime arithmetic; a service "ending"
in 2999 counts millions of hours. So:

- every form DateField, DateTimeField (and the admin's split date/time) refuses a date outside
  `settings.PLAUSIBLE_YEAR_MIN` .. this year + `settings.PLAUSIBLE_YEARS_AHEAD`
  (`install_form_bounds()`, run once from StationsConfig.ready: no form needs to opt in);
- tables whose sums feed the reports carry CHECK constraints (`date_bounds()`, `within_a_day()`)
  with the fixed outer bounds DB_DATE_MIN .. DB_DATE_MAX, so that no write path (a service, the
  shell, an import) stores what the pages cannot read;
- `manage.py check_data_bounds` lists stored rows outside the plausible range.
"""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The database's outer net: constant (a CHECK constraint cannot follow the calendar), wider than
# the settings' range, narrow enough that every stored value converts to a Python datetime.
DB_DATE_MIN = datetime.date(1900, 1, 1)
DB_DATE_MAX = datetime.date(2100, 1, 1)
DB_DATETIME_MIN = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
DB_DATETIME_MAX = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)

HOURS_IN_A_DAY = 24


def plausible_range() -> tuple[datetime.date, datetime.date]:
    """The first and last plausible day (inclusive), from the settings and today's date."""
    first = datetime.date(settings.PLAUSIBLE_YEAR_MIN, 1, 1)
    last = datetime.date(timezone.localdate().year + settings.PLAUSIBLE_YEARS_AHEAD, 12, 31)
    return first, last


def validate_plausible_date(value) -> None:
    """Refuse a date or datetime outside plausible_range() (a form field validator)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    first, last = plausible_range()
    if not first <= day <= last:
        raise ValidationError(
            _("日期须在 %(first)s 至 %(last)s 之间。"),
            code="implausible_date",
            params={"first": first.isoformat(), "last": last.isoformat()},
        )


def day_done(on, message) -> datetime.date:
    """The day a step was taken: `on`, or today when none is given (a step signed on paper keeps
    its own day); never a future day (ValidationError(message))."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError(message)
    return on


def install_form_bounds() -> None:
    """Give every form date and datetime field of the project (the admin's too) the bound.

    A class-level default: fields built after this (all of them: forms are built per request)
    validate the range before any clean() method or model sees the value."""
    for field_class in (forms.DateField, forms.DateTimeField):
        if validate_plausible_date not in field_class.default_validators:
            field_class.default_validators = [
                *field_class.default_validators,
                validate_plausible_date,
            ]


def date_bounds(*names: str, datetime_fields: bool = False) -> Q:
    """A CHECK condition: each named column is empty or within the database's outer bounds."""
    low, high = (
        (DB_DATETIME_MIN, DB_DATETIME_MAX) if datetime_fields else (DB_DATE_MIN, DB_DATE_MAX)
    )
    condition = Q()
    for name in names:
        condition &= Q(**{f"{name}__isnull": True}) | Q(
            **{f"{name}__gte": low, f"{name}__lt": high}
        )
    return condition


def within_a_day(start: str, end: str) -> Q:
    """A CHECK condition: `end` is not before `start` and at most 24 hours after it."""
    return Q(**{f"{end}__gte": F(start)}) & Q(
        **{f"{end}__lte": F(start) + datetime.timedelta(hours=HOURS_IN_A_DAY)}
    )


def plain_number(value: Decimal) -> str:
    """A decimal without trailing zeros and never in exponent form ("10", not "1E+1")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
