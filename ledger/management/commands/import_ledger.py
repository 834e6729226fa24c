"""Import a ledger file for scripted migrations: the same checks and writes as the import page.

    python manage.py import_ledger residents 服务对象.xlsx --station CCZ [--room lianmeng] [--dry-run]

The whole file is checked first; with any problem the report is printed, nothing is saved and
the exit status is 1. --dry-run checks and counts what would be new, updated or unchanged, then
rolls everything back.
"""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ledger.management.commands._common import command_user, station_and_room
from ledger.reader import BadFile
from ledger.registry import KIND_NAMES
from ledger.services import ImportAborted, ledger_check, ledger_import, make_kind


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import a ledger (.xlsx or .csv) of one KIND into a station."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KIND_NAMES)
        parser.add_argument("file")
        parser.add_argument("--station", required=True, help="station code")
        parser.add_argument("--room", help="room code for rows that name no room")
        parser.add_argument(
            "--user", help="account recorded as the importer (default: a superuser)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")

    def handle(self, *args, kind, file, station, room, user, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        station, room = station_and_room(station, room)
        importer = command_user(user)
        try:
            ledger = make_kind(kind, station=station, user=importer, default_room=room)
            result = ledger_check(ledger, path, path.name)
        except (BadFile, ValidationError, PermissionDenied) as error:
            self.stderr.write(str(getattr(error, "messages", [error])[0]))
            sys.exit(1)
        if result.error_count:
            self.stdout.write(f"{result.total_rows} rows, {result.error_count} problems:")
            for problem in result.problems:
                self.stdout.write("\t".join(str(part) for part in problem.as_list()))
            sys.exit(1)
        ledger = make_kind(kind, station=station, user=importer, default_room=room)
        try:
            with transaction.atomic():
                outcome = ledger_import(ledger, path, path.name)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        except ImportAborted as error:
            self.stderr.write(str(error))
            sys.exit(1)
        prefix = "dry run, nothing saved: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result.total_rows} rows: {outcome.created} new, {outcome.updated} updated, "
            f"{outcome.unchanged} unchanged"
        )
