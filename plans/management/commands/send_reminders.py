"""`manage.py send_reminders`: one daily digest per user, where a mail server is configured.

Once a day: the day is recorded (plans.ReminderRun), so the daily job and this command never
mail the same digests twice; `--force` sends again anyway."""

from django.core.management.base import BaseCommand

from plans.reminders import mail_configured, run_daily_reminders, send_reminder_digests


class Command(BaseCommand):
    help = "Mail each user a digest of their reminders (visits, approvals, tasks, work plans, certificates)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="send even if today's digests went out already"
        )

    def handle(self, *args, **options):
        counts = send_reminder_digests() if options["force"] else run_daily_reminders()
        if counts.get("skipped"):
            self.stdout.write(
                f"today's digests were sent already ({counts['day']}); --force to resend"
            )
            return
        if not mail_configured():
            self.stdout.write(
                f"no mail server configured (EMAIL_HOST): {counts['digests']} digests not sent"
            )
            return
        self.stdout.write(
            f"{counts['sent']} digests sent to {counts['users']} users with an email address"
        )
