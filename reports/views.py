"""The 153X report pages, charts and exports. Aggregates only: no page here names a person.

Officials, station staff and supervisors read the whole station or any of its rooms; a room worker
reads only their own rooms (another room is a 404).
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from reports import charts, exports, services
from reports.definitions import (
    KEY_POPULATION_HELP,
    KEY_POPULATION_SERVED_HELP,
    LINKAGE_HELP,
    ROOM_TABLE,
    SERVICE_AREA_HELP,
    X_DEFINITIONS,
    label,
)
from reports.forms import PeriodForm, default_data
from reports.periods import Period, PeriodKind, current_year
from reports.presentation import report_sections
from stations.access import can_see_reports, is_district_official, report_rooms
from stations.exports import ExportRequest, log_export
from stations.models import ExportFormat, Role, Room, Station

WHOLE_STATION_ROLES = {Role.OFFICIAL, Role.STATION_STAFF, Role.SUPERVISOR}


def may_report_whole_station(user) -> bool:
    return user.is_superuser or user.role in WHOLE_STATION_ROLES


@dataclass
class ReportScope:
    station: Station
    period: Period
    room: Room | None
    rooms: list  # the rooms this user may report on, in display order
    form: PeriodForm
    whole_station: bool
    query: str  # the period-and-room query string, for links to charts and exports

    @property
    def title(self) -> str:
        return self.room.name if self.room else self.station.name

    def arguments(self) -> dict:
        return {
            "station": self.station,
            "date_from": self.period.date_from,
            "date_to": self.period.date_to,
            "room": self.room,
        }


def _station_for(user) -> Station:
    if user.station_id:
        return user.station
    station = Station.objects.order_by("pk").first() if user.is_superuser else None
    if station is None:
        raise PermissionDenied
    return station


def period_query(period: Period) -> dict:
    """The GET parameters that name `period` (for links to charts, exports and other pages)."""
    start = period.date_from
    if period.kind == PeriodKind.YEAR:
        return {"kind": period.kind, "year": start.year}
    if period.kind == PeriodKind.QUARTER:
        return {"kind": period.kind, "year": start.year, "quarter": (start.month - 1) // 3 + 1}
    if period.kind == PeriodKind.MONTH:
        return {"kind": period.kind, "year": start.year, "month": start.month}
    return {
        "kind": PeriodKind.CUSTOM,
        "year": start.year,
        "date_from": start.isoformat(),
        "date_to": period.date_to.isoformat(),
    }


def report_scope(request) -> ReportScope:
    """The station, period and room the request asks for, checked against what the user may read.

    PermissionDenied for users without reports; Http404 for a room the user may not report on.
    """
    user = request.user
    if not can_see_reports(user):
        raise PermissionDenied
    station = _station_for(user)
    rooms = list(report_rooms(user).filter(station=station).order_by("order", "pk"))
    whole_station = may_report_whole_station(user)
    if not whole_station and not rooms:
        raise PermissionDenied
    room_code = request.GET.get("room") or ""
    if room_code and room_code not in {room.code for room in rooms}:
        raise Http404
    if not whole_station and not room_code:
        room_code = rooms[0].code  # a room worker's report defaults to their room
    if "kind" in request.GET:
        data = request.GET.copy()
        data["room"] = room_code
    else:
        data = default_data(room_code=room_code)
    room_queryset = Room.objects.filter(pk__in=[room.pk for room in rooms]).order_by("order", "pk")
    form = PeriodForm(data, rooms=room_queryset, whole_station=whole_station)
    period = form.period() if form.is_valid() else current_year()
    room = next((room for room in rooms if room.code == room_code), None)
    query = period_query(period)
    query["room"] = room_code
    return ReportScope(
        station=station,
        period=period,
        room=room,
        rooms=rooms,
        form=form,
        whole_station=whole_station,
        query=urlencode({key: value for key, value in query.items() if value}),
    )


def x_cells(row) -> list:
    """A row of the X block as the page's 12 cells: (records, person-times, people) of casework,
    groups, activities and the total."""
    return [
        row[domain][figure]
        for domain in (*services.X_DOMAINS, "total")
        for figure in services.X_FIGURES
    ]


def x_context(x, chosen, scope) -> dict:
    def table(rows):
        return [{"key": row["key"], "label": row["label"], "cells": x_cells(row)} for row in rows]

    return {
        "x_tables": [
            (_("按服务人群"), table(x["by_target_population"]), "target_population"),
            (_("人群组合"), table(x["combinations"]), "combination"),
            (_("按服务领域"), table(x["by_service_area"]), "service_area"),
        ],
        "x_domains": (*services.X_DOMAINS, "total"),
        "x_definitions": [
            X_DEFINITIONS[key] for key in (*services.X_DOMAINS, "total", "combinations")
        ],
        "x_population_choices": [(row["key"], row["label"]) for row in x["by_target_population"]],
        "x_chosen": chosen,
        "scope_query_items": parse_qsl(scope.query),
    }


@require_GET
def summary(request):
    if is_district_official(request.user):
        # A district official reads the stations side by side, not one station's pages.
        return redirect("reports:district")
    scope = report_scope(request)
    report = services.station_report(**scope.arguments())
    previous_period = scope.period.previous()
    previous = services.station_report(
        **{
            **scope.arguments(),
            "date_from": previous_period.date_from,
            "date_to": previous_period.date_to,
        }
    )
    demands = services.demands(**scope.arguments())
    x_chosen = request.GET.getlist("x")[:20]
    x = services.x_block(**scope.arguments(), combination=x_chosen)
    chart_names = ["activities-by-month", "person-times-by-month", "service-areas"]
    if scope.room is None and len(scope.rooms) > 1:
        chart_names += ["activities-by-room", "person-times-by-room"]
    chart_names.append("key-populations")
    return render(
        request,
        "reports/summary.html",
        {
            "scope": scope,
            "report": report,
            "previous": previous,
            "previous_period": previous_period,
            "sections": report_sections(report, previous),
            "demands": demands,
            **x_context(x, x_chosen, scope),
            "linkage": services.linkage_rows(report),
            "definitions": {
                "service_areas": SERVICE_AREA_HELP,
                "forces": LINKAGE_HELP,
                "key_populations": KEY_POPULATION_HELP,
                "key_populations_served": KEY_POPULATION_SERVED_HELP,
            },
            "charts": [
                (name, CHARTS[name][0], f"{reverse('reports:chart', args=[name])}?{scope.query}")
                for name in chart_names
            ],
        },
    )


@require_GET
def rooms(request):
    """One row per room with the additive figures, and key populations by room ("<5" applied)."""
    scope = report_scope(request)
    chosen = [scope.room] if scope.room else scope.rooms
    arguments = scope.arguments()
    table = services.room_table(
        station=scope.station,
        date_from=arguments["date_from"],
        date_to=arguments["date_to"],
        rooms=chosen,
    )
    station_row = None
    if scope.whole_station and scope.room is None:
        station_row = services.flatten(services.station_report(**arguments))
    populations = services.key_populations_by_room(
        station=scope.station,
        date_from=arguments["date_from"],
        date_to=arguments["date_to"],
        rooms=chosen,
    )
    return render(
        request,
        "reports/rooms.html",
        {
            "scope": scope,
            "headings": [label(key) for key in ROOM_TABLE],
            "table": table,
            "station_row": [station_row[key] for key in ROOM_TABLE] if station_row else None,
            "populations": populations,
            "key_population_help": KEY_POPULATION_SERVED_HELP,
        },
    )


def _chart_by_month(scope, field, title):
    points = services.series(station=scope.station, period=scope.period, room=scope.room)
    labels = [p["label"] for p in points]
    years = {label[:4] for label in labels}
    if len(years) == 1 and all(len(label) == 7 for label in labels):
        # One year's months: "3月" is legible on a phone where twelve "2022-03" overlap.
        labels = [_("%(month)s月") % {"month": int(label[5:])} for label in labels]
    return charts.bar(title, labels, [p[field] for p in points])


def _chart_by_room(scope, key, title):
    rooms_ = [scope.room] if scope.room else scope.rooms
    arguments = scope.arguments()
    table = services.room_table(
        station=scope.station,
        date_from=arguments["date_from"],
        date_to=arguments["date_to"],
        rooms=rooms_,
    )
    labels = [row["room"].name for row in table]
    values = [dict(row["figures"])[key] for row in table]
    return charts.bar(title, labels, values, horizontal=True)


def _chart_service_areas(scope, title):
    rows = services.demands(**scope.arguments())["service_areas"]
    return charts.bar(
        title, [r["label"] for r in rows], [r["count"] for r in rows], horizontal=True
    )


def _chart_key_populations(scope, title):
    rows = services.key_populations(**scope.arguments())
    labels, values = [], []
    for row in rows:
        if row["served"] == services.SUPPRESSED:
            # A bar's height would give the small number away: draw none, say "<5".
            labels.append(
                _("%(label)s（%(count)s）") % {"label": row["label"], "count": services.SUPPRESSED}
            )
            values.append(None)
        else:
            labels.append(row["label"])
            values.append(row["served"])
    return charts.bar(title, labels, values, horizontal=True)


CHARTS = {
    "activities-by-month": (
        _("各月活动场次"),
        lambda scope, title: _chart_by_month(scope, "activities", title),
    ),
    "person-times-by-month": (
        _("各月服务人次"),
        lambda scope, title: _chart_by_month(scope, "person_times", title),
    ),
    "activities-by-room": (
        _("各社工室活动场次"),
        lambda scope, title: _chart_by_room(scope, "totals.activities", title),
    ),
    "person-times-by-room": (
        _("各社工室服务人次"),
        lambda scope, title: _chart_by_room(scope, "totals.person_times", title),
    ),
    "service-areas": (_("各服务领域活动场次"), _chart_service_areas),
    "key-populations": (_("重点人群本期服务人数"), _chart_key_populations),
}


@require_GET
def chart(request, name):
    if name not in CHARTS:
        raise Http404
    scope = report_scope(request)
    title, draw = CHARTS[name]
    response = HttpResponse(draw(scope, str(title)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "private, no-store"
    return response


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _report_file(build, *, extension, **export):
    """The view of a report file built by `build(scope)`: a download, logged (`export`: the
    ExportRequest's kind, title…)."""

    @require_GET
    def view(request):
        scope = report_scope(request)
        log_export(
            ExportRequest(
                user=request.user,
                columns=[],
                station=scope.station,
                scope_label=scope.title,
                period_label=scope.period.label,
                filters=request.GET.dict(),
                **export,
            ),
            None,
        )
        return _download(build(scope), CONTENT_TYPES[extension], exports.filename(scope, extension))

    return view


export_xlsx = _report_file(
    exports.workbook, extension="xlsx", kind="reports.summary", title=_("数据报表")
)
export_docx = _report_file(
    exports.annual_report,
    extension="docx",
    kind="reports.annual_report",
    title=_("年度工作报告初稿"),
    format=ExportFormat.DOCX,
)
