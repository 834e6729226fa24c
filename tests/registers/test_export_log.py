"""Every download leaves a log row; supervisors and station staff read the log on a page and in a
read-only admin; an unmasked export without a reason, or by a room worker, is refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from stations.exports import ExportRequest, export_response
from stations.models import ExportLog
from tests.factories import ResidentFactory

REASON = "区民政局年度检查"


def export_residents(client, user, **query):
    client.force_login(user)
    return client.get(reverse("registers:list_export", args=["residents", "xlsx"]), query)


def test_a_masked_export_leaves_a_row_the_supervisor_reads_on_the_log_page(client, world):
    ResidentFactory(room=world.room1)
    export_residents(client, world.worker1, sex="female")
    log = ExportLog.objects.get()
    assert (log.exported_by, log.filters, log.unmasked) == (world.worker1, {"sex": "female"}, False)
    client.force_login(world.supervisor)
    html = client.get(reverse("registers:export_log")).content.decode()
    assert "服务对象名单" in html and "sex=female" in html and "已脱敏" in html


def test_the_log_page_shows_full_exports_with_their_reason_and_filters_them(client, world):
    ResidentFactory(room=world.room1)
    export_residents(client, world.worker1)
    client.force_login(world.staff)
    client.post(
        reverse("registers:list_export_full", args=["residents"]),
        {"format": "csv", "reason": REASON},
    ).getvalue()
    page = client.get(reverse("registers:export_log"), {"unmasked": "1"})
    assert [log.unmasked for log in page.context["logs"]] == [True]
    assert REASON in page.content.decode()


def test_a_room_worker_and_an_official_do_not_read_the_log(client, world):
    for user in (world.worker1, world.official):
        client.force_login(user)
        assert client.get(reverse("registers:export_log")).status_code == 403


def test_another_stations_exports_are_not_in_the_log(client, world):
    ExportLog.objects.create(
        exported_by=world.staff,
        station=world.other_station,
        kind="list.residents",
        title="别站",
        format="xlsx",
    )
    client.force_login(world.supervisor)
    assert "别站" not in client.get(reverse("registers:export_log")).content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_log_page_runs_the_same_queries_for_few_and_many_rows(
    client, world, rows, django_assert_num_queries
):
    ExportLog.objects.bulk_create(
        ExportLog(
            exported_by=world.worker1,
            station=world.station,
            kind="list.cases",
            title=f"个案名单{n}",
            format="xlsx",
            row_count=n,
        )
        for n in range(rows)
    )
    client.force_login(world.supervisor)
    client.get(reverse("registers:export_log"))
    with django_assert_num_queries(4):
        client.get(reverse("registers:export_log"))


def test_an_unmasked_export_without_a_reason_is_refused_by_the_writer(world):
    for user, reason in ((world.staff, ""), (world.staff, "   "), (world.worker1, REASON)):
        export = ExportRequest(
            user=user, kind="list.residents", title="x", columns=[], unmasked=True, reason=reason
        )
        with pytest.raises(PermissionDenied):
            export_response(export, iter([]))
    assert not ExportLog.objects.exists()


def test_the_admin_lists_the_log_read_only(client, world):
    export_residents(client, world.worker1)
    log = ExportLog.objects.get()
    client.force_login(world.supervisor)
    changelist = client.get(reverse("admin:stations_exportlog_changelist"))
    assert changelist.status_code == 200 and "服务对象名单" in changelist.content.decode()
    change = reverse("admin:stations_exportlog_change", args=[log.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"title": "改过", "reason": "改过"})
    log.refresh_from_db()
    assert log.title == "服务对象名单"
    assert client.get(reverse("admin:stations_exportlog_add")).status_code == 403


def test_the_reports_downloads_are_logged_too(client, world):
    client.force_login(world.official)
    query = {"kind": "year", "year": "2022"}
    client.get(reverse("reports:export_xlsx"), query)
    client.get(reverse("reports:export_docx"), query)
    logs = ExportLog.objects.order_by("pk")
    assert [(log.kind, log.format) for log in logs] == [
        ("reports.summary", "xlsx"),
        ("reports.annual_report", "docx"),
    ]
    assert all(log.exported_by == world.official and log.filters == query for log in logs)
