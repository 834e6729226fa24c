"""Who read what: opening a resident's file, a case file or a print view is logged."""

from django.urls import reverse

from stations.models import ReadLog
from tests.cases.factories import ServiceRecordFactory, complete_case
from tests.factories import ResidentFactory


def test_opening_files_and_prints_is_logged_and_shown_to_supervisors(client, world):
    case = complete_case(
        stage="assessment", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    record = ServiceRecordFactory(resident=case.resident, worker=world.worker1, case=case)
    client.force_login(world.worker1)
    client.get(reverse("stations:resident_detail", kwargs={"pk": case.resident.pk}))
    client.get(reverse("cases:detail", kwargs={"pk": case.pk}))
    client.get(reverse("cases:print", kwargs={"pk": case.pk, "part": "plan"}))
    client.get(reverse("cases:record_print", kwargs={"pk": record.pk}))

    assert ReadLog.objects.filter(user=world.worker1).count() == 4
    assert set(ReadLog.objects.values_list("record_type", "view")) == {
        ("stations.resident", "file"),
        ("cases.case", "file"),
        ("cases.case", "print"),
    }

    client.force_login(world.supervisor)
    page = client.get(
        reverse("stations:read_log", kwargs={"model": "cases.case", "pk": case.pk})
    ).text
    assert str(world.worker1) in page and "打印" in page and "plan" in page
    detail = client.get(reverse("cases:detail", kwargs={"pk": case.pk})).text
    assert reverse("stations:read_log", kwargs={"model": "cases.case", "pk": case.pk}) in detail


def test_logging_a_read_is_one_insert(client, world, django_assert_num_queries):
    from stations.readlog import log_read

    resident = ResidentFactory(room=world.room1)

    class Request:
        user = world.worker1

    with django_assert_num_queries(1):
        log_read(Request(), resident)
