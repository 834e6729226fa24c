"""`manage.py station_report --json`: the station report as JSON, the same dict the pages show;
with `--district CODE`, every station of the district and their total (reports.district)."""

import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.district import district_report, report_json
from reports.periods import current_year
from reports.services import flatten, station_report
from stations.models import District, Room, Station


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = (
        "Print the 153X station report for a period (default: the current year) and optionally "
        "one room. Aggregates only: no person is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON (the contract)")
        parser.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD (inclusive)")
        parser.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD (inclusive)")
        parser.add_argument("--room", help="a room's code: that room only")
        parser.add_argument("--station", help="the station's code (needed if there are several)")
        parser.add_argument(
            "--district", help="a district's code: each of its stations and their total"
        )

    def handle(self, *args, **options):
        date_from, date_to = self._period(options["date_from"], options["date_to"])
        if options["district"]:
            if options["station"] or options["room"]:
                raise CommandError("--district reads whole stations: no --station or --room")
            self._print_district(options["district"], date_from, date_to, options["json"])
            return
        station = self._station(options["station"])
        room = None
        if options["room"]:
            room = Room.objects.filter(station=station, code=options["room"]).first()
            if room is None:
                raise CommandError(f"no room with code {options['room']!r} in {station.code}")
        if options["json"]:
            # The contract's keys, then the year's targets (reports.district.report_json).
            report = report_json(station=station, date_from=date_from, date_to=date_to, room=room)
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        report = station_report(station=station, date_from=date_from, date_to=date_to, room=room)
        self._print_table(report)

    def _print_district(self, code, date_from, date_to, as_json):
        district = District.objects.filter(code=code).first()
        if district is None:
            raise CommandError(f"no district with code {code!r}")
        report = district_report(district=district, date_from=date_from, date_to=date_to)
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for station_report_ in report["stations"]:
            self._print_table(station_report_)
            self.stdout.write("")
        self._print_table({"station": report["district"], **report["totals"]}, report["period"])

    def _station(self, code):
        if code:
            station = Station.objects.filter(code=code).first()
            if station is None:
                raise CommandError(f"no station with code {code!r}")
            return station
        stations = list(Station.objects.order_by("pk")[:2])
        if not stations:
            raise CommandError("no station yet: run seed_demo or create one")
        if len(stations) > 1:
            default = Station.objects.filter(code=settings.REPORT_DEFAULT_STATION).first()
            if default is None:
                raise CommandError("several stations: name one with --station CODE")
            return default
        return stations[0]

    def _period(self, start, end):
        default = current_year()
        date_from = _date(start) if start else None
        date_to = _date(end) if end else None
        if date_from is None:
            date_from = date_to.replace(month=1, day=1) if date_to else default.date_from
        if date_to is None:
            date_to = date_from.replace(month=12, day=31)
        if date_to < date_from:
            raise CommandError("--to is before --from")
        return date_from, date_to

    def _print_table(self, report, period=None):
        from reports.definitions import FIGURES

        period = period or report["period"]
        self.stdout.write(f"{report['station']}  {period['from']} – {period['to']}")
        for key, value in flatten(report).items():
            if key in FIGURES:
                self.stdout.write(f"{FIGURES[key][0]}: {value}")
