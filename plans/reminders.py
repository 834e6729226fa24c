"""Each user's reminders: visits due, approvals waiting, plan tasks due, certificates expiring.

`reminders_for(user=..., today=...)` builds them (a fixed number of count queries) for the home
panel; `send_reminder_digests(today=...)` mails one daily digest per user who has any, where a
mail server is configured. A daily job (the job queue) or `manage.py send_reminders` calls it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Approval, PlanTask
from cases.panels import overdue_visit_rows
from plans.models import CertificationRecord
from stations.access import can_see_personal_data, is_supervisor
from stations.models import User

CERTIFICATE_NOTICE_DAYS = 60


@dataclass(frozen=True)
class Reminder:
    kind: str  # visits, approvals, tasks, certificates
    text: str
    count: int
    url: str


def reminders_for(*, user, today: datetime.date | None = None) -> list[Reminder]:
    """The user's reminders that have something in them. At most four count queries."""
    today = today or timezone.localdate()
    if not can_see_personal_data(user):
        return []
    reminders = []
    visits = overdue_visit_rows(user, today=today, limit=1)[1]
    if visits:
        reminders.append(
            Reminder(
                "visits",
                _("%(count)d 位服务对象逾期未走访") % {"count": visits},
                visits,
                reverse("plans:overdue_visits"),
            )
        )
    if is_supervisor(user):
        approvals = Approval.objects.visible_to(user).pending().count()
        if approvals:
            reminders.append(
                Reminder(
                    "approvals",
                    _("%(count)d 项审批等待处理") % {"count": approvals},
                    approvals,
                    reverse("cases:approvals"),
                )
            )
    tasks = PlanTask.objects.visible_to(user).overdue(today).filter(owner=user).count()
    if tasks:
        reminders.append(
            Reminder(
                "tasks",
                _("%(count)d 项计划任务已到期") % {"count": tasks},
                tasks,
                reverse("home"),
            )
        )
    expiring = (
        CertificationRecord.objects.visible_to(user)
        .filter(
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=CERTIFICATE_NOTICE_DAYS),
        )
        .count()
    )
    if expiring:
        reminders.append(
            Reminder(
                "certificates",
                _("%(count)d 张职业资格证书将在 %(days)d 天内到期")
                % {"count": expiring, "days": CERTIFICATE_NOTICE_DAYS},
                expiring,
                reverse("home"),
            )
        )
    return reminders


def mail_configured() -> bool:
    """A mail server is set up: a backend other than SMTP (tests, console) or an SMTP host
    other than Django's default localhost."""
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return True
    return settings.EMAIL_HOST not in ("", "localhost")


def send_reminder_digests(*, today: datetime.date | None = None) -> dict:
    """One email per active user with an address and at least one reminder. Returns
    {"users": checked, "digests": with reminders, "sent": mailed}; nothing is mailed without a
    mail server (mail_configured)."""
    today = today or timezone.localdate()
    can_mail = mail_configured()
    counts = {"users": 0, "digests": 0, "sent": 0}
    users = User.objects.filter(is_active=True).exclude(role="").exclude(email="")
    for user in users.order_by("pk").iterator():
        counts["users"] += 1
        with translation.override(settings.LANGUAGE_CODE):
            reminders = reminders_for(user=user, today=today)
            if not reminders:
                continue
            counts["digests"] += 1
            if not can_mail:
                continue
            subject = _("社工站每日提醒 %(date)s") % {"date": today.isoformat()}
            body = "\n".join(f"- {reminder.text}" for reminder in reminders)
        send_mail(subject, body, None, [user.email])
        counts["sent"] += 1
    return counts
