"""The roster for the national volunteer information system: its import layout (headers on row 1
in its column order), full ID numbers, station staff only, with a reason, logged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stations.models import ExportLog
from tests.volunteers.factories import VolunteerFactory

URL = "volunteers:national_export"
HEADERS = [
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "最高学历",
    "从业状况",
    "手机号码",
    "服务类别",
    "所在地区",
]


def sheets(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_station_staff_export_the_roster_in_the_import_layout_with_full_numbers(client, world):
    volunteer = VolunteerFactory(
        room=world.room1, real_name="王志愿", phone="13812345678", status="active"
    )
    VolunteerFactory(room=world.room2, real_name="李志愿", status="active")
    VolunteerFactory(room=world.room1, real_name="已退出", status="left", left_on="2022-01-01")
    client.force_login(world.staff)
    response = client.post(reverse(URL), {"reason": "年度志愿者信息报送"})
    assert response.status_code == 200
    book = sheets(response)
    roster, notes = list(book.values())
    assert roster[0] == HEADERS
    names = [row[0] for row in roster[1:]]
    assert sorted(names) == ["李志愿", "王志愿"]
    row = roster[1 + names.index("王志愿")]
    assert row[2] == volunteer.id_number and row[9] == "13812345678"
    assert row[5:9] == [None, None, None, None]
    assert row[11] == f"{world.station.district}{world.station.township}"
    text = " ".join(str(cell) for line in notes for cell in line if cell)
    assert "内部资料 注意保密" in text and "民族、政治面貌、最高学历、从业状况" in text
    log = ExportLog.objects.get()
    assert (log.kind, log.unmasked, log.reason, log.row_count) == (
        "volunteers.national",
        True,
        "年度志愿者信息报送",
        2,
    )


def test_without_a_reason_nothing_is_exported(client, world):
    VolunteerFactory(room=world.room1)
    client.force_login(world.staff)
    response = client.post(reverse(URL), {"reason": ""})
    assert response.status_code == 200 and "至少4个字" in response.content.decode()
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("persona", ["supervisor", "worker1", "official"])
def test_everyone_but_station_staff_is_refused(client, world, persona):
    VolunteerFactory(room=world.room1)
    client.force_login(getattr(world, persona))
    response = client.post(reverse(URL), {"reason": "年度志愿者信息报送"})
    assert response.status_code == 403 and not ExportLog.objects.exists()


def test_the_volunteer_list_links_it_for_station_staff_only(client, world):
    client.force_login(world.staff)
    assert reverse(URL) in client.get(reverse("volunteers:list")).content.decode()
    client.force_login(world.supervisor)
    assert reverse(URL) not in client.get(reverse("volunteers:list")).content.decode()
