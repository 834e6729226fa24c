"""Write a station's records of one KIND in the import template's layout (the round trip):

    python manage.py export_ledger residents --station CCZ -o 服务对象.xlsx

The file holds full ID numbers and phones: treat it like the paper files.
"""

from django.core.management.base import BaseCommand

from ledger.management.commands._common import command_user, station_and_room
from ledger.registry import KIND_NAMES
from ledger.services import make_kind
from ledger.workbooks import write_export


class Command(BaseCommand):
    help = "Export one KIND of a station's records as an importable .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KIND_NAMES)
        parser.add_argument("--station", required=True, help="station code")
        parser.add_argument("--room", help="only this room (code)")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user", help="account whose scope is exported (default: a superuser)")

    def handle(self, *args, kind, station, room, output, user, **options):
        station, room = station_and_room(station, room)
        ledger = make_kind(kind, station=station, user=command_user(user))
        if room is not None:
            ledger.rooms = [room]
        count = write_export(ledger, output)
        self.stdout.write(f"{count} rows written to {output}")
