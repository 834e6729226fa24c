"""The district page: every station of a district side by side, ranked by any figure, with the
district total and a chart. Aggregates only; a district official reads nothing else.

Who: a district official (their own district) and the superuser (any district, `?district=CODE`).
Station staff, supervisors, room workers and township officials: 403 (a station head sees only
their own station, on the station's pages).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports import charts
from reports.definitions import FIGURES, label
from reports.district import district_page_report, district_table
from reports.forms import PeriodForm, default_data, period_layout
from reports.periods import Period, current_year
from reports.views import period_query
from stations.access import visible_districts
from stations.models import District, Room

# The columns of the district table (and the figures it may be ranked and charted by).
DISTRICT_TABLE = [
    "base.rooms",
    "base.room_workers",
    "casework.cases_opened",
    "casework.contacts",
    "casework.service_hours",
    "groupwork.sessions",
    "groupwork.attendances",
    "community.activities",
    "community.direct_participants",
    "volunteers.registered",
    "volunteers.hours",
    "organizations.total",
    "charity.cash_raised",
    "totals.activities",
    "totals.person_times",
    "totals.people_served",
    "totals.beneficiaries",
]
DEFAULT_SORT = "totals.person_times"


class DistrictPeriodForm(PeriodForm):
    """The report's period form without the room: a district page reads whole stations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, rooms=Room.objects.none(), whole_station=True, **kwargs)
        del self.fields["room"]
        self.helper.layout = period_layout(3)


@dataclass
class DistrictScope:
    district: District
    districts: list
    period: Period
    form: DistrictPeriodForm
    sort: str
    descending: bool

    def query(self, **changes) -> str:
        """The page's query string (district, period, ranking), with `changes`."""
        values = {
            "district": self.district.code,
            **period_query(self.period),
            "sort": self.sort,
            "order": "desc" if self.descending else "asc",
        }
        values.update(changes)
        return urlencode({key: value for key, value in values.items() if value})


def district_scope(request) -> DistrictScope:
    """The district, period and ranking the request asks for. PermissionDenied for a user who
    reads no district; Http404 for a district code they may not read."""
    districts = list(visible_districts(request.user).order_by("name"))
    if not districts:
        raise PermissionDenied
    code = request.GET.get("district") or ""
    district = next((d for d in districts if d.code == code), None) if code else districts[0]
    if district is None:
        raise Http404
    data = request.GET if "kind" in request.GET else default_data(room_code=None)
    form = DistrictPeriodForm(data)
    period = form.period() if form.is_valid() else current_year()
    sort = request.GET.get("sort")
    if sort not in DISTRICT_TABLE:
        sort = DEFAULT_SORT
    return DistrictScope(
        district=district,
        districts=districts,
        period=period,
        form=form,
        sort=sort,
        descending=request.GET.get("order") != "asc",
    )


def _number(value):
    return Decimal(value) if isinstance(value, str) else value


def ranked_table(scope: DistrictScope) -> dict:
    """The district report as table rows ranked by `scope.sort` (rank 1 = first shown), and the
    total row. Ties keep the stations' name order and share a rank."""
    report = district_page_report(
        district=scope.district,
        date_from=scope.period.date_from,
        date_to=scope.period.date_to,
    )
    table = district_table(report, DISTRICT_TABLE)
    index = DISTRICT_TABLE.index(scope.sort)
    rows = sorted(
        table["rows"],
        key=lambda row: _number(row["values"][index]),
        reverse=scope.descending,
    )
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        value = _number(row["values"][index])
        if value != previous:
            rank, previous = position, value
        row["rank"] = rank
    return {"rows": rows, "total": table["total"], "report": report}


@require_GET
def district(request):
    scope = district_scope(request)
    table = ranked_table(scope)
    columns = [
        {
            "key": key,
            "label": label(key),
            "help": FIGURES[key][1],
            "sorted": key == scope.sort,
            "url": "?"
            + scope.query(
                sort=key, order="asc" if key == scope.sort and scope.descending else "desc"
            ),
        }
        for key in DISTRICT_TABLE
    ]
    return render(
        request,
        "reports/district.html",
        {
            "scope": scope,
            "columns": columns,
            "rows": table["rows"],
            "total": table["total"],
            "station_count": len(table["rows"]),
            "sort_label": label(scope.sort),
            "chart_url": f"{reverse('reports:district_chart')}?{scope.query()}",
            "district_links": [
                {
                    "district": district,
                    "url": "?" + scope.query(district=district.code),
                    "active": district.pk == scope.district.pk,
                }
                for district in scope.districts
            ],
        },
    )


@require_GET
def district_chart(request):
    """The stations of the district as bars of the figure the page is ranked by, in its order."""
    scope = district_scope(request)
    table = ranked_table(scope)
    index = DISTRICT_TABLE.index(scope.sort)
    title = _("%(district)s各社工站：%(figure)s") % {
        "district": scope.district.name,
        "figure": label(scope.sort),
    }
    svg = charts.bar(
        title,
        [row["name"] for row in table["rows"]],
        [float(_number(row["values"][index])) for row in table["rows"]],
        horizontal=True,
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
