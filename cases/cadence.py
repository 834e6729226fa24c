"""Last home visit, risk flag and next contact of a page of residents (issue 19, item 5).

The residents list (base app) reads these through `stations.visit_cadence`; `panels.register()`
provides `page_visit_facts`. The cadence is the overdue list's (`cases.panels.OVERDUE_SQL`): the
shortest visit interval of the resident's key populations in force (the station's own interval
or the default), or the risk flag's when shorter; a resident without a key population with an
interval has no cadence.
"""

import datetime

from django.db import connection
from django.utils import timezone

from cases.models import (
    DEFAULT_VISIT_INTERVALS,
    ContactForm,
    ResidentRiskFlag,
    RiskLevel,
    ServiceRecord,
    VisitInterval,
)
from stations.models import KeyPopulationTag, Resident, Room
from stations.visit_cadence import VisitFacts

# One grouped pass per step over the given residents only, never a correlated subquery per row.
PAGE_FACTS_SQL = """
WITH page AS (SELECT DISTINCT UNNEST(%s::bigint[]) AS resident_id),
tag_days AS (
    SELECT tag.resident_id,
           MIN(COALESCE(visit_interval.days, CASE tag.category {defaults} ELSE NULL END)) AS days
    FROM {tag} AS tag
    JOIN {resident} AS resident ON resident.id = tag.resident_id
    JOIN {room} AS room ON room.id = resident.room_id
    LEFT JOIN {interval} AS visit_interval
        ON visit_interval.station_id = room.station_id
        AND visit_interval.category = tag.category
    WHERE tag.resident_id IN (SELECT resident_id FROM page)
        AND tag.start_date <= %s
        AND (tag.end_date IS NULL OR tag.end_date >= %s)
    GROUP BY tag.resident_id
),
last_visit AS (
    SELECT record.resident_id, MAX(record.start_at) AS at
    FROM {record} AS record
    WHERE record.form = %s AND record.resident_id IN (SELECT resident_id FROM page)
    GROUP BY record.resident_id
)
SELECT page.resident_id, last_visit.at, flag.level,
       CASE WHEN tag_days.days IS NULL THEN NULL ELSE LEAST(tag_days.days, flag.visit_days) END
FROM page
LEFT JOIN tag_days ON tag_days.resident_id = page.resident_id
LEFT JOIN last_visit ON last_visit.resident_id = page.resident_id
LEFT JOIN {risk_flag} AS flag ON flag.resident_id = page.resident_id
"""


def page_visit_facts(resident_ids: list[int], *, today=None) -> dict[int, VisitFacts]:
    """{resident id: VisitFacts} for the given residents (one query). The caller has already
    checked that the user may see them: nothing here is scoped."""
    if not resident_ids:
        return {}
    today = today or timezone.localdate()
    defaults = " ".join(f"WHEN %s THEN {int(days)}" for days in DEFAULT_VISIT_INTERVALS.values())
    sql = PAGE_FACTS_SQL.format(
        defaults=defaults,
        tag=KeyPopulationTag._meta.db_table,
        resident=Resident._meta.db_table,
        room=Room._meta.db_table,
        interval=VisitInterval._meta.db_table,
        record=ServiceRecord._meta.db_table,
        risk_flag=ResidentRiskFlag._meta.db_table,
    )
    params = [
        list(resident_ids),
        *DEFAULT_VISIT_INTERVALS,
        today,
        today,
        ContactForm.HOME_VISIT,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    facts = {}
    for resident_id, last_visit_at, level, days in rows:
        next_contact = None
        if days is not None and last_visit_at is not None:
            next_contact = timezone.localdate(last_visit_at) + datetime.timedelta(days=days)
        facts[resident_id] = VisitFacts(
            last_visit_at=last_visit_at,
            risk_level=RiskLevel(level).label if level else "",
            interval_days=days,
            next_contact=next_contact,
            due=days is not None and (next_contact is None or next_contact <= today),
        )
    return facts
