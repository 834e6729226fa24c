"""Charity figures for the station report. Database aggregates only; four queries in all.

Conventions:
- Money is dated by its ledger entry; a reversal is netted against the period of the entry it
  reverses (a corrected mistake was never raised or spent), so a reversed donation disappears
  from its own period.
- Room cut: an entry belongs to the rooms of its project, or, without a project, to the rooms its
  fund serves. An entry linked to several chosen rooms counts once (no apportioning).
- projects: projects whose period overlaps the dates. partners: distinct partner units whose
  donation (not reversed) is dated in the period. beneficiaries: distinct residents plus distinct
  households in applied, not reversed disbursements paid out in the period (a beneficiary's room
  is their resident's or household's room).
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from charity.models import (
    MONEY,
    Beneficiary,
    CharityProject,
    DisbursementStatus,
    Donation,
    DonorType,
    EntrySource,
    Form,
    Fund,
    LedgerEntry,
    signed_amount,
)
from stations.aggregates import grouped
from stations.models import Resident

ZERO = Decimal("0.00")


def _room_ids(rooms):
    if hasattr(rooms, "values"):  # a queryset stays a subquery
        return rooms.values("pk")
    return [getattr(room, "pk", room) for room in rooms]


def _linked_to_rooms(room_ids, project_field="project", fund_field="fund"):
    """Q: the row's project (or, without one, its fund) is linked to one of the rooms."""
    project_rooms = CharityProject.rooms.through.objects.filter(
        charityproject_id=OuterRef(f"{project_field}_id"), room_id__in=room_ids
    )
    fund_rooms = Fund.rooms.through.objects.filter(
        fund_id=OuterRef(f"{fund_field}_id"), room_id__in=room_ids
    )
    return (Q(**{f"{project_field}__isnull": False}) & Exists(project_rooms)) | (
        Q(**{f"{project_field}__isnull": True}) & Exists(fund_rooms)
    )


def _money(expression, condition):
    return Coalesce(Sum(expression, filter=condition), ZERO, output_field=DecimalField(**MONEY))


def _lines(funds: dict, date_from, date_to) -> QuerySet:
    """Beneficiary lines of the applied, not reversed disbursements paid out in the period from
    the funds `funds` selects (a lookup on the fund: {"fund__station": station})."""
    return Beneficiary.objects.filter(
        **{f"disbursement__{lookup}": value for lookup, value in funds.items()},
        disbursement__status=DisbursementStatus.APPLIED,
        disbursement__applied_on__range=(date_from, date_to),
    ).exclude(disbursement__entries__reverses__isnull=False)


def _standing_lines(*, station, date_from, date_to, rooms):
    lines = _lines({"fund__station": station}, date_from, date_to)
    if rooms is not None:
        room_ids = _room_ids(rooms)
        lines = lines.filter(Q(resident__room_id__in=room_ids) | Q(household__room_id__in=room_ids))
    return lines


def _charity_records(funds, date_from, date_to) -> dict:
    """The rows charity_figures reads, of the funds `funds` selects: {"projects", "entries",
    "donations", "lines"}."""
    return {
        "projects": CharityProject.objects.filter(
            **funds, start_date__lte=date_to, end_date__gte=date_from
        ),
        "entries": LedgerEntry.objects.filter(**funds)
        .annotate(effective_date=Coalesce(F("reverses__entry_date"), F("entry_date")))
        .filter(effective_date__range=(date_from, date_to)),
        "donations": Donation.objects.filter(
            **funds, donor_type=DonorType.PARTNER, donated_on__range=(date_from, date_to)
        ).exclude(entries__reverses__isnull=False),
        "lines": _lines(funds, date_from, date_to),
    }


def _charity_counts() -> dict:
    """The aggregates of charity_figures, by the rows of _charity_records they read."""
    return {
        "projects": {"projects": Count("pk")},
        "entries": {
            "cash_raised": _money(signed_amount(), Q(source=EntrySource.DONATION, form=Form.CASH)),
            "in_kind_value": _money(
                signed_amount(), Q(source=EntrySource.DONATION, form=Form.IN_KIND)
            ),
            "disbursed": _money(-signed_amount(), Q(source=EntrySource.DISBURSEMENT)),
            "disbursed_cash": _money(
                -signed_amount(), Q(source=EntrySource.DISBURSEMENT, form=Form.CASH)
            ),
            "disbursed_in_kind": _money(
                -signed_amount(), Q(source=EntrySource.DISBURSEMENT, form=Form.IN_KIND)
            ),
        },
        # A partner's donation always names the partner (a constraint of Donation).
        "donations": {"partners": Count("donor_partner", distinct=True)},
        "lines": {
            "residents": Count("resident", distinct=True),
            "households": Count("household", distinct=True),
        },
    }


def _charity_figures(found: dict) -> dict:
    """charity_figures from {part of _charity_counts: its aggregates}."""
    money, reached = found["entries"], found["lines"]
    return {
        "projects": found["projects"]["projects"],
        "cash_raised": money["cash_raised"],
        "in_kind_value": money["in_kind_value"],
        "disbursed": money["disbursed"],
        "partners": found["donations"]["partners"],
        "beneficiaries": reached["residents"] + reached["households"],
        "disbursed_cash": money["disbursed_cash"],
        "disbursed_in_kind": money["disbursed_in_kind"],
    }


def charity_figures(*, station, date_from, date_to, rooms=None) -> dict:
    records = {
        **_charity_records({"fund__station": station}, date_from, date_to),
        "lines": _standing_lines(
            station=station, date_from=date_from, date_to=date_to, rooms=rooms
        ),
    }
    if rooms is not None:
        room_ids = _room_ids(rooms)
        records["projects"] = records["projects"].filter(
            Exists(
                CharityProject.rooms.through.objects.filter(
                    charityproject_id=OuterRef("pk"), room_id__in=room_ids
                )
            )
        )
        records["entries"] = records["entries"].filter(_linked_to_rooms(room_ids))
        records["donations"] = records["donations"].filter(_linked_to_rooms(room_ids))
    counts = _charity_counts()
    return _charity_figures({part: records[part].aggregate(**counts[part]) for part in counts})


def _reached_residents(*, station, date_from, date_to, rooms):
    """Residents reached by a disbursement paid out in the period: named beneficiaries and the
    members of beneficiary households; with `rooms`, those living in them."""
    lines = _standing_lines(station=station, date_from=date_from, date_to=date_to, rooms=None)
    named = lines.filter(resident__isnull=False).order_by().values("resident_id")
    members = (
        Resident.objects.filter(
            household_id__in=lines.filter(household__isnull=False).values("household_id")
        )
        .order_by()
        .values("pk")
    )
    # One IN over a UNION, not an OR of two IN subqueries: PostgreSQL joins to a union, but an
    # OR of subqueries that outgrow work_mem is re-scanned per resident (issue 15).
    residents = Resident.objects.filter(pk__in=named.union(members))
    if rooms is not None:
        residents = residents.filter(room_id__in=_room_ids(rooms))
    return residents


def served_resident_ids(*, station, date_from, date_to, rooms=None):
    """The residents reached in the period, as a queryset of `{"resident_id": …}` rows."""
    return (
        _reached_residents(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
        .annotate(resident_id=F("pk"))
        .values("resident_id")
    )


def served_residents_by_room(*, station, date_from, date_to, rooms):
    """(room pk, resident pk) rows: served_resident_ids(rooms=[room]) for each of `rooms`."""
    return (
        _reached_residents(station=station, date_from=date_from, date_to=date_to, rooms=rooms)
        .order_by()
        .values_list("room", "pk")
    )


def material_help(*, station, date_from, date_to, rooms=None) -> int:
    """帮扶次数 · material help received (issue 16): beneficiary lines (a resident or a household
    reached, in cash or in kind) of the applied, not reversed disbursements paid out in the
    period, as `beneficiaries` reads them but counting every line. One query."""
    return _standing_lines(
        station=station, date_from=date_from, date_to=date_to, rooms=rooms
    ).count()


# By station (the district page, issue 16).


def cash_raised_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: charity_figures(station=station)["cash_raised"]}, in one query."""
    keys = [station.pk for station in stations]
    entries = _charity_records({"fund__station__in": keys}, date_from, date_to)["entries"]
    cash = {"cash_raised": _charity_counts()["entries"]["cash_raised"]}
    money = grouped(entries, "fund__station", cash, keys)
    return {pk: money[pk]["cash_raised"] or ZERO for pk in keys}


def served_residents_by_station(*, stations, date_from, date_to):
    """(station pk, resident pk) rows: served_resident_ids(station=station) for each station:
    the named beneficiaries and the members of beneficiary households of the station's funds."""
    lines = _lines({"fund__station__in": stations}, date_from, date_to)
    named = (
        lines.filter(resident__isnull=False)
        .order_by()
        .values_list("disbursement__fund__station", "resident")
    )
    members = (
        lines.filter(household__members__isnull=False)
        .order_by()
        .values_list("disbursement__fund__station", "household__members")
    )
    return named.union(members)


def charity_figures_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: charity_figures(station=station)} for each of `stations`, in four queries."""
    keys = [station.pk for station in stations]
    records = _charity_records({"fund__station__in": keys}, date_from, date_to)
    station_of = {
        "projects": "fund__station",
        "entries": "fund__station",
        "donations": "fund__station",
        "lines": "disbursement__fund__station",
    }
    counts = _charity_counts()
    found = {part: grouped(records[part], station_of[part], counts[part], keys) for part in counts}
    return {pk: _charity_figures({part: found[part][pk] for part in counts}) for pk in keys}


def material_help_by_station(*, stations, date_from, date_to) -> dict:
    """{station pk: material_help(station=station)} for each of `stations`, in one query."""
    keys = [station.pk for station in stations]
    lines = _lines({"fund__station__in": keys}, date_from, date_to)
    counts = grouped(lines, "disbursement__fund__station", {"count": Count("pk")}, keys)
    return {pk: counts[pk]["count"] for pk in keys}
