"""One aggregate per room or per month in a single GROUP BY query, for the figure modules.

A figure module computes a figure as `queryset.aggregate(**aggregates)`. For a table with one row
per room (or a chart with one bar per month) the same queryset and the same aggregates, grouped,
give every row at once: the query count does not grow with the rooms or the months, and the
definition is written once.
"""

import datetime

from django.db.models import DateField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Trunc
from django.utils import timezone

MONTH = "month"
YEAR = "year"


def grouped(queryset: QuerySet, key, aggregates: dict, keys) -> dict:
    """{k: queryset.filter(key=k).aggregate(**aggregates) for k in keys}, in one query.

    `key` is a field path or an expression. A key without rows gets what aggregate() gives on no
    rows (0 for a Count, None for a Sum); rows of keys not asked for are ignored.
    """
    if not isinstance(key, str):
        queryset, key = queryset.annotate(group_key=key), "group_key"
    rows = queryset.order_by().values(key).annotate(**aggregates)
    found = {row.pop(key): row for row in rows}
    empty = {
        name: getattr(expression, "empty_result_set_value", None)
        for name, expression in aggregates.items()
    }
    return {k: found[k] if k in found else dict(empty) for k in keys}


def per_room(queryset: QuerySet, room_path: str, aggregates: dict, rooms) -> dict:
    """{room pk: the aggregates over the rows whose `room_path` is that room}, in one query.

    `queryset` may hold rows of other rooms too; only `rooms` (Room objects) are returned. With
    a many-to-many `room_path`, a row linked to several rooms counts in each of them, as it does
    when each room's figures are computed alone.
    """
    return grouped(queryset, room_path, aggregates, [room.pk for room in rooms])


def period_starts(date_from: datetime.date, date_to: datetime.date, unit: str) -> list:
    """The first days of the months (or years) that `date_from`…`date_to` touches."""
    starts = []
    cursor = date_from.replace(day=1) if unit == MONTH else date_from.replace(month=1, day=1)
    while cursor <= date_to:
        starts.append(cursor)
        if unit == MONTH:
            cursor = cursor.replace(
                year=cursor.year + cursor.month // 12, month=cursor.month % 12 + 1
            )
        else:
            cursor = cursor.replace(year=cursor.year + 1)
    return starts


def per_period(
    queryset: QuerySet,
    date_path: str,
    aggregates: dict,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit: str,
    tzinfo=None,
) -> dict:
    """{first day of the month (or year): the aggregates over its rows}, in one query.

    `queryset` is already limited to `date_from`…`date_to`, so the first and last buckets hold
    only the days inside the period. A date-time falls in the month of its local date: `tzinfo`,
    or the current time zone, as the `__date` lookups that filter the figures use.
    """
    bucket = Trunc(date_path, unit, output_field=DateField(), tzinfo=tzinfo)
    return grouped(queryset, bucket, aggregates, period_starts(date_from, date_to, unit))


def day_range(date_from: datetime.date, date_to: datetime.date) -> tuple:
    """(local midnight of `date_from`, local midnight after `date_to`): the period as a range of
    date-times, in the current time zone as the `__date` lookups read it. Filter with
    `field__gte=start, field__lt=end`: an index on the column serves it, whereas
    `field__date__gte` compares `(field AT TIME ZONE …)::date`, which no index can use."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def per_row(queryset: QuerySet, link: str, aggregate, default, *, output_field):
    """An annotation: `aggregate` over the rows of `queryset` whose `link` is the outer row.

    A correlated subquery instead of a JOIN and GROUP BY: a paginated list evaluates it for the
    rows on its page only (PostgreSQL computes it after the LIMIT) and its COUNT(*) leaves it out,
    whereas a joined aggregate groups every visible row before paginating (issue 15).
    """
    rows = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(Subquery(rows), Value(default), output_field=output_field)


# The columns of a row of the X block (issue 16), in this order in every app's rows so that the
# report can take their UNION: which work it is, the record it counts (a prefixed key, so that
# records of two apps never coincide), the resident (None for a head count or a person who is not
# a resident), the person-times it adds, and the record's service areas and target populations.
TAG_ROW_COLUMNS = ("x_domain", "x_record", "x_person", "x_weight", "x_areas", "x_populations")


def tag_rows(
    queryset: QuerySet,
    *,
    domain: str,
    prefix: str,
    record,
    person,
    weight,
    tagged="",
    station=None,
):
    """`queryset` as rows of the X block (TAG_ROW_COLUMNS); the arguments are field paths or
    expressions; `person` None for rows that name nobody. `tagged`: the path to the record whose
    service_areas and target_populations the rows carry ("" for the rows' own, "case__").
    `station`: the path to the rows' station, for the X block of several stations at once: the
    rows then start with it (x_station, then TAG_ROW_COLUMNS)."""
    from django.contrib.postgres.fields import ArrayField
    from django.db.models import BigIntegerField, CharField, F, IntegerField
    from django.db.models.functions import Cast, Concat

    def expression(value):
        return F(value) if isinstance(value, str) else value

    tags = ArrayField(CharField(max_length=30))
    columns = TAG_ROW_COLUMNS
    if station is not None:
        queryset = queryset.annotate(x_station=F(station))
        columns = ("x_station", *TAG_ROW_COLUMNS)
    return (
        queryset.order_by()
        .annotate(
            x_domain=Value(domain, output_field=CharField()),
            x_record=Concat(
                Value(prefix), Cast(expression(record), CharField()), output_field=CharField()
            ),
            x_person=Cast(expression(person), BigIntegerField())
            if person is not None
            else Value(None, output_field=BigIntegerField()),
            x_weight=Cast(expression(weight), IntegerField()),
            x_areas=Cast(F(f"{tagged}service_areas"), tags),
            x_populations=Cast(F(f"{tagged}target_populations"), tags),
        )
        .values_list(*columns)
    )
