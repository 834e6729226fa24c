"""Each list's export holds exactly the rows the list shows under the same filters, in its order."""

import datetime

import pytest
from django.urls import reverse

from registers.lists import LISTS
from stations.exports import csv_value
from stations.models import ExportLog
from tests.activities.factories import ActivityFactory, ExchangeVisitFactory, local
from tests.cases.factories import CaseFactory
from tests.downloads import csv_rows, xlsx_rows
from tests.factories import HouseholdFactory, KeyPopulationTagFactory, ResidentFactory
from tests.groups.factories import GroupFactory
from tests.organizations.factories import OrganizationFactory
from tests.volunteers.factories import CertificateFactory, ServiceRecordFactory, VolunteerFactory

EVIL = '=HYPERLINK("http://x","x")'


def residents(world):
    ResidentFactory(room=world.room1, real_name=EVIL, sex="female")
    ResidentFactory(room=world.room1, real_name="甲", sex="male")
    ResidentFactory(room=world.room2, real_name="乙", sex="female")
    return {"sex": "female"}


def households(world):
    HouseholdFactory(room=world.room1, name="王家")
    HouseholdFactory(room=world.room1, name="李家")
    HouseholdFactory(room=world.room2, name="王二家")
    return {"q": "王"}


def cases(world):
    CaseFactory(room=world.room1, risk_level="high")
    CaseFactory(room=world.room1, risk_level="low")
    CaseFactory(room=world.room2, risk_level="high")
    return {"risk": "high"}


def volunteers(world):
    VolunteerFactory(room=world.room1, real_name="志愿甲", status="active")
    VolunteerFactory(
        room=world.room1, real_name="志愿乙", status="left", left_on=datetime.date(2022, 1, 1)
    )
    VolunteerFactory(room=world.room2, real_name="志愿丙", status="active")
    return {"status": "active"}


def volunteer_records(world):
    volunteer = VolunteerFactory(room=world.room1)
    ServiceRecordFactory(volunteer=volunteer, date=datetime.date(2022, 3, 1))
    ServiceRecordFactory(volunteer=volunteer, date=datetime.date(2022, 9, 1))
    ServiceRecordFactory(
        volunteer=VolunteerFactory(room=world.room2), date=datetime.date(2022, 3, 2)
    )
    return {"date_from": "2022-01-01", "date_to": "2022-06-30"}


def certificates(world):
    CertificateFactory(volunteer=VolunteerFactory(room=world.room1, real_name="证明甲"))
    CertificateFactory(volunteer=VolunteerFactory(room=world.room1, real_name="别人"))
    CertificateFactory(volunteer=VolunteerFactory(room=world.room2, real_name="证明乙"))
    return {"q": "证明"}


def groups(world):
    GroupFactory(room=world.room1, group_type="growth")
    GroupFactory(room=world.room1, group_type="support")
    GroupFactory(room=world.room2, group_type="growth")
    return {"group_type": "growth"}


def activities(world):
    ActivityFactory(station=world.station, rooms=[world.room1], title="端午包粽子")
    ActivityFactory(station=world.station, rooms=[world.room1, world.room2], title="中秋联欢")
    ActivityFactory(station=world.station, rooms=[world.room2], title="重阳登高")
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="去年活动", starts_at=local(2021, 6, 1)
    )
    return {"date_from": "2022-01-01", "date_to": "2022-12-31"}


def organizations(world):
    OrganizationFactory(room=world.room1, category="charity")
    OrganizationFactory(room=world.room1, category="culture_sports")
    OrganizationFactory(room=world.room2, category="charity")
    return {"category": "charity"}


def exchanges(world):
    ExchangeVisitFactory(station=world.station, room=world.room1, counterpart="渭滨区社工站")
    ExchangeVisitFactory(station=world.station, room=world.room1, counterpart="高新区民政局")
    ExchangeVisitFactory(station=world.station, room=world.room2, counterpart="渭滨区某社区")
    return {"q": "渭滨"}


def overdue_visits(world):
    for room, name, category in [
        (world.room1, "独居甲", "elderly_alone"),
        (world.room1, "困境乙", "child_in_difficulty"),
        (world.room2, "独居丙", "elderly_alone"),
    ]:
        resident = ResidentFactory(room=room, real_name=name, phone="13812345678")
        KeyPopulationTagFactory(resident=resident, category=category)  # never visited
    return {"category": "elderly_alone", "sort": "name"}


def workload(world):
    CaseFactory(room=world.room1, worker=world.worker1, stage="intervention")
    CaseFactory(room=world.room2, worker=world.worker2, stage="intervention")
    return {"month": "2022-05", "sort": "open_cases"}


SETUPS = {
    "overdue-visits": overdue_visits,
    "workload-workers": workload,
    "workload-rooms": workload,
    "exchanges": exchanges,
    "groups": groups,
    "activities": activities,
    "organizations": organizations,
    "residents": residents,
    "households": households,
    "cases": cases,
    "volunteers": volunteers,
    "volunteer-records": volunteer_records,
    "certificates": certificates,
}


def test_every_list_export_has_a_test_setup():
    assert set(SETUPS) == set(LISTS)


# Lists whose page is not one paginated table: tested on their own below.
OWN_TESTS = {"workload-workers", "workload-rooms"}


@pytest.mark.parametrize("key", sorted(set(SETUPS) - OWN_TESTS))
@pytest.mark.parametrize("persona", ["staff", "worker1"])
def test_the_export_has_the_rows_of_the_list_under_the_same_filters(client, world, key, persona):
    spec = LISTS[key]
    query = SETUPS[key](world)
    client.force_login(getattr(world, persona))
    page = client.get(reverse(spec.list_url), query).context["page_obj"]
    assert page.paginator.num_pages == 1
    shown = [
        [csv_value(column.read(row, unmasked=False), column.kind) for column in spec.columns]
        for row in page.object_list
    ]
    assert shown, "the filter should leave some rows"
    response = client.get(reverse("registers:list_export", args=[key, "csv"]), query)
    rows = csv_rows(response)
    assert rows[1] == [str(column.header) for column in spec.columns]
    assert rows[2:] == shown
    xlsx = xlsx_rows(client.get(reverse("registers:list_export", args=[key, "xlsx"]), query))
    assert len(xlsx) - 2 == len(shown)
    log = ExportLog.objects.filter(kind=f"list.{key}", format="xlsx").get()
    assert log.row_count == len(shown) and log.filters == query


def test_a_resident_named_like_a_formula_is_text_in_the_list_export(client, world):
    ResidentFactory(room=world.room1, real_name=EVIL)
    client.force_login(world.worker1)
    rows = xlsx_rows(client.get(reverse("registers:list_export", args=["residents", "xlsx"])))
    assert rows[2][0] == "'" + EVIL


def test_the_list_export_masks_ids_and_phones_by_default(client, world):
    resident = ResidentFactory(room=world.room1, phone="13812345678")
    client.force_login(world.staff)
    rows = xlsx_rows(client.get(reverse("registers:list_export", args=["residents", "xlsx"])))
    values = [cell for row in rows for cell in row]
    assert resident.id_number not in values and "13812345678" not in values
    assert "138****5678" in values


def test_a_full_list_export_needs_a_reason_and_is_marked(client, world):
    resident = ResidentFactory(room=world.room1, phone="13812345678")
    client.force_login(world.supervisor)
    url = reverse("registers:list_export_full", args=["residents"]) + "?room=" + str(world.room1.pk)
    refused = client.post(url, {"format": "xlsx", "reason": ""})
    assert refused.status_code == 200 and not ExportLog.objects.exists()
    rows = xlsx_rows(client.post(url, {"format": "xlsx", "reason": "区民政局年度检查"}))
    assert rows[1][0].startswith("内部资料 注意保密")
    assert resident.id_number in rows[3] and "13812345678" in rows[3]
    log = ExportLog.objects.get()
    assert log.unmasked and log.reason == "区民政局年度检查"
    assert log.filters == {"room": str(world.room1.pk)}


def test_a_room_worker_is_refused_a_full_export(client, world):
    client.force_login(world.worker1)
    url = reverse("registers:list_export_full", args=["residents"])
    assert client.post(url, {"format": "xlsx", "reason": "区民政局年度检查"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_list_page_links_its_export_with_its_filters(client, world):
    client.force_login(world.worker1)
    html = client.get(reverse("cases:list"), {"risk": "high"}).content.decode()
    assert reverse("registers:list_export", args=["cases", "xlsx"]) + "?risk=high" in html
    assert reverse("registers:list_export_full", args=["cases"]) not in html


@pytest.mark.parametrize(
    ("key", "table"), [("workload-workers", "workers"), ("workload-rooms", "rooms")]
)
def test_the_workload_export_has_the_rows_of_the_table(client, world, key, table):
    spec = LISTS[key]
    query = SETUPS[key](world)
    client.force_login(world.supervisor)
    page = client.get(reverse(spec.list_url), query)
    shown = [
        [csv_value(column.read(row, unmasked=False), column.kind) for column in spec.columns]
        for row in page.context[table]
    ]
    assert shown and shown[0][-6] == "1"  # sorted by open cases: a row with its case first
    rows = csv_rows(client.get(reverse("registers:list_export", args=[key, "csv"]), query))
    assert rows[1] == [str(column.header) for column in spec.columns]
    assert rows[2:] == shown
    assert ExportLog.objects.get(kind=f"list.{key}").filters == query
    client.force_login(world.worker1)
    assert client.get(reverse("registers:list_export", args=[key, "csv"])).status_code == 403


def test_the_overdue_export_masks_phones_by_default(client, world):
    overdue_visits(world)
    client.force_login(world.staff)
    rows = xlsx_rows(client.get(reverse("registers:list_export", args=["overdue-visits", "xlsx"])))
    values = [cell for row in rows for cell in row]
    assert "13812345678" not in values and "138****5678" in values
    assert {"独居甲", "困境乙", "独居丙"} <= set(values)
