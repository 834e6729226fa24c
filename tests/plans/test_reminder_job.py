"""The daily reminders job: sent once a day whatever the workers, re-scheduled for the next day
at PLANS_REMINDER_HOUR (Beijing time), scheduled idempotently."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from plans.models import ReminderRun, WorkPlan
from plans.reminders import next_run_at, run_daily_reminders, schedule_daily_reminders
from plans.tasks import send_daily_reminders
from tests.plans.test_reminders import setup_reminders

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def beijing(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def mailing(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = DB_TASKS
    setup_reminders(world)
    world.worker1.email = "worker1@example.org"
    world.worker1.save()
    return world


def waiting_jobs():
    return DBTaskResult.objects.filter(
        task_path=send_daily_reminders.module_path, status=TaskResultStatus.READY
    )


def test_the_job_sends_once_a_day_and_schedules_tomorrow(mailing, settings):
    settings.PLANS_REMINDER_HOUR = 7
    with timezone.override("Asia/Shanghai"):
        now = timezone.now()
        first = send_daily_reminders.call()
        second = send_daily_reminders.call()  # a second worker, the same day
    assert (first["skipped"], first["sent"], second["skipped"]) == (False, 1, True)
    assert len(mail.outbox) == 1
    run = ReminderRun.objects.get()
    assert (run.day, run.sent, run.finished_at is not None) == (timezone.localdate(now), 1, True)
    job = waiting_jobs().get()  # the first call scheduled it; the second kept it
    local = timezone.localtime(job.run_after)
    assert (local.date(), local.hour, local.minute) == (
        timezone.localdate(now) + datetime.timedelta(days=1),
        7,
        0,
    )


def test_the_next_run_is_at_the_hour_beijing_time(db, settings):
    settings.PLANS_REMINDER_HOUR = 7
    assert next_run_at(beijing(2022, 5, 3, 6, 30)) == beijing(2022, 5, 3, 7)
    # The hour passed while the site was down: today's digests go out now.
    late = beijing(2022, 5, 3, 9, 15)
    assert next_run_at(late) == late
    ReminderRun.objects.create(day=datetime.date(2022, 5, 3))
    assert next_run_at(late) == beijing(2022, 5, 4, 7)
    assert beijing(2022, 5, 4, 7).astimezone(datetime.UTC).hour == 23  # 07:00 in Beijing
    # Sent early by hand (before the hour): the hour today would find nothing to send.
    assert next_run_at(beijing(2022, 5, 3, 6, 30)) == beijing(2022, 5, 4, 7)


def test_scheduling_is_idempotent(db, settings, capsys):
    settings.TASKS = DB_TASKS
    settings.PLANS_REMINDER_HOUR = 7
    at = schedule_daily_reminders(now=beijing(2022, 5, 3, 6))
    assert at == beijing(2022, 5, 3, 7)
    call_command("schedule_reminders")
    call_command("schedule_reminders")
    assert waiting_jobs().count() == 1
    assert "daily reminders scheduled at 2022-05-03 07:00" in capsys.readouterr().out


def test_the_command_and_the_job_share_the_days_guard(mailing, capsys):
    call_command("send_reminders")
    call_command("send_reminders")
    assert "sent already" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    call_command("send_reminders", "--force")
    assert len(mail.outbox) == 2


def test_digests_name_the_work_plans_due(mailing):
    today = timezone.localdate()
    WorkPlan.objects.create(
        station=mailing.station,
        room=mailing.room1,
        worker=mailing.worker1,
        period="month",
        starts_on=today.replace(day=1),
        ends_on=(today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        - datetime.timedelta(days=1),
    )
    run_daily_reminders()
    body = mail.outbox[0].body
    assert "1 份工作计划尚未提交审核" in body
    assert "职业资格证书将在 60 天内到期" in body
