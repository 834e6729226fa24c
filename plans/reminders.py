"""Each user's reminders: visits due, approvals waiting, plan tasks due, work plans due,
certificates expiring.

`reminders_for(user=..., today=...)` builds them (a fixed number of count queries) for the home
panel; `send_reminder_digests(today=...)` mails one daily digest per user who has any, where a
mail server is configured. The daily job (plans.tasks.send_daily_reminders, on the job queue)
and `manage.py send_reminders` call it through `run_daily_reminders`, at most once a day.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Approval, PlanTask
from cases.panels import overdue_visit_rows
from plans.models import CertificationRecord, ReminderRun, WorkPlan, WorkPlanStatus
from stations.access import can_see_personal_data, is_supervisor
from stations.models import Role, User

CERTIFICATE_NOTICE_DAYS = 60


@dataclass(frozen=True)
class Reminder:
    kind: str  # visits, approvals, tasks, work_plans, certificates
    text: str
    count: int
    url: str


def reminders_for(
    *,
    user,
    today: datetime.date | None = None,
    overdue_visits: int | None = None,
    pending_approvals: int | None = None,
) -> list[Reminder]:
    """The user's reminders that have something in them. At most five count queries.

    `overdue_visits` and `pending_approvals`: those counts when the caller has them already (the
    home page's panels show them too); they are counted here when None."""
    today = today or timezone.localdate()
    if not can_see_personal_data(user):
        return []
    reminders = []
    visits = overdue_visits
    if visits is None:
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
        approvals = pending_approvals
        if approvals is None:
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
    reminders.extend(_work_plans_due(user, today))
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


def _work_plans_due(user, today) -> list[Reminder]:
    """A room worker: their plans of a period not over yet that are not submitted (drafts and
    returned ones); a supervisor: the plans of their rooms awaiting review. One count query."""
    plans = WorkPlan.objects.visible_to(user)
    url = reverse("plans:workplans")
    if is_supervisor(user):
        waiting = plans.filter(status=WorkPlanStatus.SUBMITTED).count()
        if not waiting:
            return []
        return [
            Reminder(
                "work_plans",
                _("%(count)d 份工作计划等待审核") % {"count": waiting},
                waiting,
                f"{url}?status={WorkPlanStatus.SUBMITTED}",
            )
        ]
    if user.role != Role.ROOM_WORKER:
        return []
    due = plans.filter(
        worker=user,
        status__in=[WorkPlanStatus.DRAFT, WorkPlanStatus.RETURNED],
        ends_on__gte=today,
    ).count()
    if not due:
        return []
    return [
        Reminder(
            "work_plans",
            _("%(count)d 份工作计划尚未提交审核") % {"count": due},
            due,
            f"{url}?worker={user.pk}",
        )
    ]


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


def run_daily_reminders(*, now: datetime.datetime | None = None) -> dict:
    """Send the digests of `now`'s day (the station's time zone) unless they went out already:
    the day's ReminderRun row is inserted first, and a second worker's insert fails on its
    unique day. Returns the counts, with "skipped": True when the day had run already."""
    today = timezone.localdate(now or timezone.now())
    try:
        with transaction.atomic():
            run = ReminderRun.objects.create(day=today)
    except IntegrityError:
        return {"day": today.isoformat(), "skipped": True}
    counts = send_reminder_digests(today=today)
    ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), **counts)
    return {"day": today.isoformat(), "skipped": False, **counts}


def next_run_at(now: datetime.datetime) -> datetime.datetime:
    """When the daily job runs next: tomorrow at PLANS_REMINDER_HOUR (local time) once today's
    digests have gone out, even when they went out before the hour (a run started by hand);
    otherwise today at the hour if that is still ahead, or now if the hour has passed (the site
    was down at that hour)."""
    local = timezone.localtime(now)
    at_hour = local.replace(hour=settings.PLANS_REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if not ReminderRun.objects.filter(day=local.date()).exists():
        return at_hour if local < at_hour else now
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time(settings.PLANS_REMINDER_HOUR))
    )


# pg_advisory_xact_lock key: two `schedule_reminders` (or a command and the job) at once enqueue
# one job, not two.
SCHEDULE_LOCK = 180_001


def schedule_daily_reminders(*, now: datetime.datetime | None = None):
    """Enqueue the daily job for next_run_at() unless one is waiting already; returns the
    waiting or new job's run_after, or None where the job backend cannot defer a job (tests,
    TASKS_BACKEND=immediate: nothing to schedule)."""
    from django_tasks import default_task_backend
    from django_tasks.base import TaskResultStatus

    from plans.tasks import send_daily_reminders

    if not default_task_backend.supports_defer:
        return None
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK])
        waiting = (
            DBTaskResult.objects.filter(
                task_path=send_daily_reminders.module_path, status=TaskResultStatus.READY
            )
            .order_by("run_after")
            .first()
        )
        if waiting is not None:
            return waiting.run_after
        run_after = next_run_at(now)
        send_daily_reminders.using(run_after=run_after).enqueue()
        return run_after
