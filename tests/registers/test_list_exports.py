"""Each list's export holds exactly the rows the list shows under the same filters, in its order."""

import datetime

import pytest
from django.urls import reverse

from registers.lists import LISTS
from stations.exports import csv_value
from stations.models import ExportLog
from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    NeedsAssessmentFactory,
    SeriesFactory,
    local,
)
from tests.cases.factories import CaseFactory
from tests.charity.factories import CharityProjectFactory, FundFactory, donate, pay
from tests.downloads import csv_rows, xlsx_rows
from tests.factories import HouseholdFactory, ResidentFactory
from tests.groups.factories import AttendanceFactory, GroupFactory, GroupMemberFactory
from tests.organizations.factories import OrganizationFactory, PartnerUnitFactory
from tests.plans.test_overdue import overdue_resident
from tests.volunteers.factories import (
    CertificateFactory,
    ProjectFactory,
    ServiceRecordFactory,
    VolunteerFactory,
)

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


def funds(world):
    fund = FundFactory(station=world.station, name="助学基金", rooms=[world.room1])
    donate(fund, world.staff, "1200.50")
    FundFactory(station=world.station, name="助老基金")
    FundFactory(station=world.station, name="应急金")
    return {"q": "助"}


def fund_ledger(world):
    fund = FundFactory(station=world.station, rooms=[world.room1], committee=[world.supervisor])
    project = CharityProjectFactory(fund=fund, rooms=[world.room1])
    donate(fund, world.staff, "1000.00", project=project)
    donate(fund, world.staff, "300.00", form="in_kind")
    pay(project, world.staff, world.supervisor, "250.25")
    return {"form": "cash"}, fund.pk


def charity_projects(world):
    fund = FundFactory(station=world.station)
    CharityProjectFactory(fund=fund, rooms=[world.room1], status="active")
    CharityProjectFactory(fund=fund, rooms=[world.room2], status="active")
    CharityProjectFactory(fund=fund, rooms=[world.room1], status="planned")
    return {"status": "active"}


def activity_series(world):
    series = SeriesFactory(station=world.station, name="暑期课堂")
    ActivityFactory(station=world.station, rooms=[world.room1], series=series)
    SeriesFactory(station=world.station, name="暑期托管")
    SeriesFactory(station=world.station, name="重阳敬老")
    return {"q": "暑期"}


def series_activities(world):
    series = SeriesFactory(station=world.station)
    ActivityFactory(station=world.station, rooms=[world.room1], series=series, title="第一课")
    ActivityFactory(station=world.station, rooms=[world.room2], series=series, title="第二课")
    ActivityFactory(station=world.station, rooms=[world.room1], title="别的活动")
    return {}, series.pk


def activity_signins(world):
    people = [
        ResidentFactory(room=world.room1, real_name="张三", phone="13812345678"),
        ResidentFactory(room=world.room2, real_name="李四"),
    ]
    activity = ActivityFactory(
        station=world.station, rooms=[world.room1, world.room2], participants=people
    )
    return {}, activity.pk


def needs(world):
    NeedsAssessmentFactory(station=world.station, room=world.room1, title="老旧小区需求")
    NeedsAssessmentFactory(station=world.station, room=world.room2, title="老旧小区调研")
    NeedsAssessmentFactory(station=world.station, room=world.room1, title="儿童需求")
    return {"q": "老旧"}


def media_reports(world):
    MediaReportFactory(station=world.station, room=world.room1, outlet="宝鸡日报")
    MediaReportFactory(station=world.station, room=world.room2, outlet="宝鸡日报")
    MediaReportFactory(station=world.station, room=world.room1, outlet="陕西广播电视台")
    return {"q": "宝鸡"}


def partners(world):
    PartnerUnitFactory(station=world.station, kind="enterprise", contact_phone="13900001111")
    PartnerUnitFactory(station=world.station, kind="enterprise")
    PartnerUnitFactory(station=world.station, kind="school")
    return {"kind": "enterprise"}


def volunteer_projects(world):
    ProjectFactory(room=world.room1, status="recruiting")
    ProjectFactory(room=world.room2, status="recruiting")
    ProjectFactory(room=world.room1, status="closed")
    return {"status": "recruiting"}


def group_attendance(world):
    group = GroupFactory(room=world.room1)
    present = GroupMemberFactory(
        group=group, resident=ResidentFactory(room=world.room1), volunteer_name=""
    )
    GroupMemberFactory(group=group, left_on=datetime.date(2022, 6, 1))
    AttendanceFactory(member=present, session__group=group)
    return {}, group.pk


def overdue_visits(world):
    overdue_resident(world.room1, name="久未走访甲")
    overdue_resident(world.room1, name="从未走访", days_ago=None)
    overdue_resident(world.room2, name="久未走访乙")
    return {"sort": "name"}


def workload(world):
    CaseFactory(room=world.room1, worker=world.worker1)
    overdue_resident(world.room2)
    return {"month": "2022-06", "sort": "open_cases"}


def _paged(context):
    return context["page_obj"].object_list


# What the page shows where it is not one paginated table.
SHOWN = {
    "activity-signins": lambda context: context["participants"],
    "group-attendance": lambda context: context["members"] + context["left_members"],
    "workload": lambda context: context["workers"] + context["rooms"],
    "overdue-visits": lambda context: context["rows"],
}

SETUPS = {
    "funds": funds,
    "fund-ledger": fund_ledger,
    "charity-projects": charity_projects,
    "activity-series": activity_series,
    "series-activities": series_activities,
    "activity-signins": activity_signins,
    "needs": needs,
    "media-reports": media_reports,
    "partners": partners,
    "volunteer-projects": volunteer_projects,
    "group-attendance": group_attendance,
    "overdue-visits": overdue_visits,
    "workload": workload,
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


def _urls(spec, pk):
    if pk is None:
        return (
            reverse(spec.list_url),
            lambda fmt: reverse("registers:list_export", args=[spec.key, fmt]),
        )
    return (
        reverse(spec.list_url, args=[pk]),
        lambda fmt: reverse("registers:record_list_export", args=[spec.key, pk, fmt]),
    )


@pytest.mark.parametrize("key", sorted(SETUPS))
@pytest.mark.parametrize("persona", ["staff", "worker1", "official"])
def test_the_export_has_the_rows_of_the_list_under_the_same_filters(client, world, key, persona):
    spec = LISTS[key]
    setup = SETUPS[key](world)
    query, pk = setup if isinstance(setup, tuple) else (setup, None)
    client.force_login(getattr(world, persona))
    list_url, export_url = _urls(spec, pk)
    page = client.get(list_url, query)
    if page.status_code != 200:  # a page the persona may not read: neither its export
        assert client.get(export_url("csv"), query).status_code == page.status_code
        assert not ExportLog.objects.exists()
        return
    context = page.context
    if key not in SHOWN:
        assert context["page_obj"].paginator.num_pages == 1
    shown = [
        [csv_value(column.read(row, unmasked=False), column.kind) for column in spec.columns]
        for row in SHOWN.get(key, _paged)(context)
    ]
    assert shown, "the filter should leave some rows"
    response = client.get(export_url("csv"), query)
    rows = csv_rows(response)
    assert rows[1] == [str(column.header) for column in spec.columns]
    assert rows[2:] == shown
    xlsx = xlsx_rows(client.get(export_url("xlsx"), query))
    assert len(xlsx) - 2 == len(shown)
    log = ExportLog.objects.filter(kind=f"list.{key}", format="xlsx").get()
    expected = dict(query, pk=pk) if pk is not None else query
    assert log.row_count == len(shown) and log.filters == expected


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
