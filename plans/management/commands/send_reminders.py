"""`manage.py send_reminders`: one daily digest per user, where a mail server is configured."""

from django.core.management.base import BaseCommand

from plans.reminders import mail_configured, send_reminder_digests


class Command(BaseCommand):
    help = "Mail each user a digest of their reminders (visits, approvals, tasks, certificates)."

    def handle(self, *args, **options):
        counts = send_reminder_digests()
        if not mail_configured():
            self.stdout.write(
                f"no mail server configured (EMAIL_HOST): {counts['digests']} digests not sent"
            )
            return
        self.stdout.write(
            f"{counts['sent']} digests sent to {counts['users']} users with an email address"
        )
