"""Report periods: a year, a quarter, a month or custom dates, all inclusive (Asia/Shanghai).

The comparison period is the previous calendar unit for a year, quarter or month, and for custom
dates the same number of days just before.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from stations.aggregates import MONTH, YEAR


class PeriodKind:
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    CUSTOM = "custom"


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date
    kind: str = PeriodKind.CUSTOM

    def __post_init__(self):
        if self.date_to < self.date_from:
            raise ValueError("a period ends on or after its first day")

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def label(self) -> str:
        start, end = self.date_from, self.date_to
        if self.kind == PeriodKind.YEAR:
            return _("%(year)d年") % {"year": start.year}
        if self.kind == PeriodKind.QUARTER:
            return _("%(year)d年第%(quarter)d季度") % {
                "year": start.year,
                "quarter": (start.month - 1) // 3 + 1,
            }
        if self.kind == PeriodKind.MONTH:
            return _("%(year)d年%(month)d月") % {"year": start.year, "month": start.month}
        return _("%(start)s 至 %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}

    def previous(self) -> "Period":
        start = self.date_from
        if self.kind == PeriodKind.YEAR:
            return year(start.year - 1)
        if self.kind == PeriodKind.QUARTER:
            index = start.year * 4 + (start.month - 1) // 3 - 1
            return quarter(index // 4, index % 4 + 1)
        if self.kind == PeriodKind.MONTH:
            index = start.year * 12 + start.month - 2
            return month(index // 12, index % 12 + 1)
        end = start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end, PeriodKind.CUSTOM)


def _month_end(year_: int, month_: int) -> datetime.date:
    first_of_next = datetime.date(year_ + month_ // 12, month_ % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def year(year_: int) -> Period:
    return Period(datetime.date(year_, 1, 1), datetime.date(year_, 12, 31), PeriodKind.YEAR)


def quarter(year_: int, number: int) -> Period:
    first_month = 3 * (number - 1) + 1
    return Period(
        datetime.date(year_, first_month, 1),
        _month_end(year_, first_month + 2),
        PeriodKind.QUARTER,
    )


def month(year_: int, month_: int) -> Period:
    return Period(datetime.date(year_, month_, 1), _month_end(year_, month_), PeriodKind.MONTH)


def current_year() -> Period:
    return year(timezone.localdate().year)


def bucket_unit(period: Period) -> str:
    """ "month" for the per-month charts; "year" for periods that touch more than 24 months."""
    start, end = period.date_from, period.date_to
    return MONTH if (end.year - start.year) * 12 + end.month - start.month < 24 else YEAR


def buckets(period: Period) -> list[tuple[str, Period]]:
    """The months of `period` (clipped to it) for the per-month charts; whole years past 24 months."""
    start, end = period.date_from, period.date_to
    result = []
    if bucket_unit(period) == MONTH:
        cursor = datetime.date(start.year, start.month, 1)
        while cursor <= end:
            last = _month_end(cursor.year, cursor.month)
            label = f"{cursor.year}-{cursor.month:02d}"
            result.append((label, Period(max(cursor, start), min(last, end))))
            cursor = last + datetime.timedelta(days=1)
        return result
    for year_ in range(start.year, end.year + 1):
        whole = year(year_)
        result.append((str(year_), Period(max(whole.date_from, start), min(whole.date_to, end))))
    return result
