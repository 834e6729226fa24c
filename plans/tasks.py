"""The daily reminders as a job of the job queue (django-tasks: `manage.py db_worker` runs it).

The job sends the day's digests and enqueues itself for the next day at PLANS_REMINDER_HOUR
(the station's time zone); `manage.py schedule_reminders` starts the chain and is idempotent.
"""

from django_tasks import task


@task()
def send_daily_reminders() -> dict:
    from plans.reminders import run_daily_reminders, schedule_daily_reminders

    try:
        return run_daily_reminders()
    finally:
        schedule_daily_reminders()
