"""An .xlsx of more than EXPORT_BACKGROUND_ROWS rows is built by a background job: its page polls
until the file is ready, the file is its requester's only, and it is deleted when it expires."""

import datetime
import pathlib

import pytest
from django.urls import reverse
from django.utils import timezone

from registers.models import ExportJob, ExportJobStatus
from registers.services import export_jobs_purge
from stations.models import ExportLog
from tests.downloads import xlsx_rows
from tests.factories import ResidentFactory

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture
def large(settings, tmp_path, world):
    """Three rows count as a large export; jobs run at once in the test (on commit)."""
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    for name in ("甲", "乙", "丙"):
        ResidentFactory(room=world.room1, real_name=name, sex="female")
    ResidentFactory(room=world.room2, real_name="别室", sex="female")


def start(client, user, django_capture_on_commit_callbacks, **query):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registers:list_export", args=["residents", "xlsx"]), query)
    return response


def test_a_large_xlsx_becomes_a_job_whose_page_links_the_file(
    client, world, large, django_capture_on_commit_callbacks
):
    response = start(client, world.worker1, django_capture_on_commit_callbacks, sex="female")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registers:export_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ExportJobStatus.DONE and job.row_count == 3
    page = client.get(response["Location"])
    assert reverse("registers:export_job_download", args=[job.pk]) in page.content.decode()
    rows = xlsx_rows(client.get(reverse("registers:export_job_download", args=[job.pk])))
    assert sorted(row[0] for row in rows[2:]) == ["丙", "乙", "甲"]  # room 1's rows only
    log = ExportLog.objects.get()
    assert (log.exported_by, log.row_count, log.filters) == (world.worker1, 3, {"sex": "female"})


def test_the_page_polls_while_the_job_is_queued(client, world, large):
    client.force_login(world.worker1)
    client.get(reverse("registers:list_export", args=["residents", "xlsx"]))  # no commit: queued
    job = ExportJob.objects.get()
    html = client.get(reverse("registers:export_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "export-download" not in html
    download = client.get(reverse("registers:export_job_download", args=[job.pk]))
    assert download.status_code == 404


def test_only_the_requester_reaches_the_job_and_its_file(
    client, world, large, django_capture_on_commit_callbacks
):
    start(client, world.worker1, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    for user in (world.staff, world.supervisor, world.worker2):
        client.force_login(user)
        assert client.get(reverse("registers:export_job", args=[job.pk])).status_code == 404
        url = reverse("registers:export_job_download", args=[job.pk])
        assert client.get(url).status_code == 404


def test_an_expired_file_is_deleted_and_gone(
    client, world, large, django_capture_on_commit_callbacks
):
    start(client, world.worker1, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    path = job.file.path
    assert abs(job.expires_at - job.created_at - datetime.timedelta(hours=24)).total_seconds() < 5
    assert export_jobs_purge(now=timezone.now()) == 0
    assert export_jobs_purge(now=job.expires_at + datetime.timedelta(minutes=1)) == 1
    job.refresh_from_db()
    assert job.status == ExportJobStatus.EXPIRED and not job.file
    assert not pathlib.Path(path).exists()
    response = client.get(reverse("registers:export_job_download", args=[job.pk]))
    assert response.status_code == 410


def test_a_small_xlsx_and_any_csv_download_at_once(client, world, large):
    client.force_login(world.worker1)
    csv = client.get(reverse("registers:list_export", args=["residents", "csv"]))
    assert csv.status_code == 200 and not ExportJob.objects.exists()
    small = client.get(reverse("registers:list_export", args=["residents", "xlsx"]), {"q": "甲"})
    assert small.status_code == 200 and not ExportJob.objects.exists()


def test_an_expired_file_is_not_served_even_before_the_next_job(
    client, world, large, django_capture_on_commit_callbacks
):
    start(client, world.worker1, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    path = pathlib.Path(job.file.path)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    response = client.get(reverse("registers:export_job_download", args=[job.pk]))
    assert response.status_code == 410 and not path.exists()
    assert "文件已过期删除" in response.content.decode()
