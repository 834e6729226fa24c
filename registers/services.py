"""Large .xlsx exports as background jobs.

An .xlsx of more than `settings.EXPORT_BACKGROUND_ROWS` rows would keep the request (and the
worker behind it) busy for minutes: the view records an `ExportJob` and enqueues
`registers.tasks.build_export`, which rebuilds the list's rows as its requester (the same
`ListExport.rows` and filters), writes the file with the one writer and logs the export. The file
lives under MEDIA_ROOT/exports/, is served only to its requester, and is deleted once
`settings.EXPORT_FILE_HOURS` have passed (by the next job, or `export_jobs_purge()`).
"""

import datetime

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from registers.models import ExportJob, ExportJobStatus


def export_job_start(*, spec, request, pk, unmasked, reason, expected_rows, title) -> ExportJob:
    """Record the job and enqueue it (after the commit: the worker must find the row)."""
    from registers.tasks import build_export
    from stations.views_base import user_station

    # Every value of every parameter, so that a multi-valued filter is rebuilt as it was.
    query = {name: values for name, values in request.GET.lists() if name != "page"}
    job = ExportJob.objects.create(
        requested_by=request.user,
        station=user_station(request.user),
        key=spec.key,
        parent_pk=pk,
        query=query,
        title=str(title)[:200],
        unmasked=unmasked,
        reason=reason,
        expected_rows=expected_rows,
        expires_at=timezone.now() + datetime.timedelta(hours=settings.EXPORT_FILE_HOURS),
    )
    transaction.on_commit(lambda: build_export.enqueue(job_id=job.pk))
    return job


def _request_of(job):
    """A GET request as the requester with the list's filters: the rows are rebuilt exactly as the
    list page and its direct export build them, with the requester's scope."""
    query = QueryDict(mutable=True)
    for name, values in job.query.items():
        query.setlist(name, values if isinstance(values, list) else [values])
    request = RequestFactory().get("/", data=query)
    request.user = job.requested_by
    return request


def export_job_run(*, job_id: int) -> None:
    """Build the job's file; a failure is recorded on the job for its page to say."""
    import tempfile

    from registers.lists import LISTS, filter_labels, iterate_rows, list_rows
    from stations.exports import ExportRequest, log_export, write_xlsx
    from stations.models import ExportFormat

    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status != ExportJobStatus.QUEUED:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.RUNNING)
    try:
        spec = LISTS[job.key]
        request = _request_of(job)
        form, rows, _record = list_rows(request, spec, job.parent_pk)
        scope, period = filter_labels(form)
        export = ExportRequest(
            user=job.requested_by,
            kind=f"list.{spec.key}",
            title=job.title,
            columns=spec.columns,
            format=ExportFormat.XLSX,
            station=job.station,
            scope_label=scope,
            period_label=period,
            filters=dict(
                {name: values[-1] for name, values in job.query.items()},
                **({"pk": job.parent_pk} if job.parent_pk else {}),
            ),
            unmasked=job.unmasked,
            reason=job.reason,
        )
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            count = write_xlsx(export, iterate_rows(rows), handle)
            handle.seek(0)
            job.file.save(f"{job.pk}-{job.key}.xlsx", File(handle), save=False)
        log_export(export, count)
    except Exception as error:  # the page shows it; the worker's log has the traceback
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJobStatus.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJobStatus.DONE,
        file=job.file.name,
        row_count=count,
        finished_at=timezone.now(),
    )


def export_jobs_purge(now=None) -> int:
    """Delete the files of expired jobs (the rows stay, marked expired); how many."""
    count = 0
    for job in ExportJob.objects.expired(now):
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.EXPIRED, file="")
        count += 1
    return count
