"""`manage.py schedule_reminders`: put the daily reminders job on the job queue (idempotent:
a job already waiting is kept). `make run` and `make dev` call it before starting the worker."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from plans.reminders import schedule_daily_reminders


class Command(BaseCommand):
    help = "Schedule the daily reminders job (once; the job re-schedules itself every day)."

    def handle(self, *args, **options):
        run_after = schedule_daily_reminders()
        if run_after is None:
            self.stdout.write("the task backend runs jobs immediately: nothing to schedule")
            return
        self.stdout.write(
            f"daily reminders scheduled at {timezone.localtime(run_after):%Y-%m-%d %H:%M %Z}"
        )
