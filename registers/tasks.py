"""Background jobs of the exports (django-tasks: `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def build_export(job_id: int) -> None:
    from registers.services import export_job_run, export_jobs_purge

    export_jobs_purge()
    export_job_run(job_id=job_id)
