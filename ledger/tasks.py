"""Background jobs of the ledger import (django-tasks: `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def check_batch(batch_id: int) -> None:
    from ledger.services import batch_run_check

    batch_run_check(batch_id=batch_id)


@task()
def import_batch(batch_id: int) -> None:
    from ledger.services import batch_run_import

    batch_run_import(batch_id=batch_id)
