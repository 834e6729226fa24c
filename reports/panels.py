"""The official's home-page panel: this year's headline figures, linking to the report."""

from django.utils.translation import gettext_lazy as _

from plans.figure_source import provide
from reports import services
from reports.definitions import label
from reports.periods import current_year
from reports.target_figures import SOURCE
from stations.models import Role
from stations.panels import register_panels
from stations.workbench import ALL_ROLES, NavItem, Panel, register_nav

HEADLINES = [
    "totals.activities",
    "totals.person_times",
    "totals.people_served",
    "totals.beneficiaries",
    "casework.cases_closed",
    "volunteers.hours",
    "organizations.total",
    "charity.cash_raised",
]


def report_summary(request) -> dict:
    """A fixed number of queries: the headline figures of this year's station report, no loop
    over rows."""
    user = request.user
    if not user.station_id:
        return {"figures": [], "period": None}
    period = current_year()
    # Only the sections of the figures shown (not the whole report: issue 15).
    flat = services.report_values(
        station=user.station, date_from=period.date_from, date_to=period.date_to, keys=HEADLINES
    )
    return {
        "period": period,
        "figures": [{"label": label(key), "value": flat[key]} for key in HEADLINES],
    }


def district_summary(request) -> dict:
    """The district official's home panel: their district and its stations. One query."""
    user = request.user
    stations = list(user.district.stations.order_by("name")) if user.district_id else []
    return {"district": user.district if user.district_id else None, "stations": stations}


def register():
    # Annual targets (plans) measure progress with the report's figures: the seam.
    provide(SOURCE)
    register_nav(NavItem(_("数据报表"), "reports:summary", ALL_ROLES, 90, "/reports/"))
    register_nav(
        NavItem(
            _("区县汇总"),
            "reports:district",
            frozenset({Role.DISTRICT_OFFICIAL}),
            90,
            "/reports/district/",
        )
    )
    register_panels(
        Panel(
            "district_summary",
            _("本区（县）社工站"),
            "reports/panels/district_summary.html",
            district_summary,
            frozenset({Role.DISTRICT_OFFICIAL}),
            5,
        ),
        Panel(
            "report_summary",
            _("本年度工作数据"),
            "reports/panels/report_summary.html",
            report_summary,
            frozenset({Role.OFFICIAL}),
            5,
        ),
    )
