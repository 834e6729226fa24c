"""The registers: fixed layouts for a month or any period, one room or all, Excel and A4 print."""

import datetime

import pytest
from django.urls import reverse

from registers.registers import REGISTERS
from stations.models import ExportLog
from tests.activities.factories import ActivityFactory, local
from tests.cases.factories import ServiceRecordFactory as VisitFactory
from tests.downloads import csv_rows, xlsx_rows
from tests.factories import ResidentFactory

JUNE = {"month": "2022-06"}


def visits(world):
    resident = ResidentFactory(room=world.room1, real_name="李秀英")
    VisitFactory(resident=resident, start_at=local(2022, 6, 3, 10), content="六月走访")
    VisitFactory(resident=resident, start_at=local(2022, 6, 30, 23, 30), content="月末走访")
    VisitFactory(resident=resident, start_at=local(2022, 7, 1, 0, 10), content="七月走访")
    VisitFactory(resident=resident, start_at=local(2022, 6, 10), form="phone", content="电话")
    VisitFactory(resident=ResidentFactory(room=world.room2), start_at=local(2022, 6, 4))


def test_the_monthly_visit_register_holds_the_home_visits_of_that_month(client, world):
    visits(world)
    client.force_login(world.worker1)
    url = reverse("registers:register", args=["home-visits"])
    rows = xlsx_rows(client.get(url, {**JUNE, "format": "xlsx"}))
    assert "入户走访记录台账" in rows[0][0] and "2022-06-01 至 2022-06-30" in rows[0][0]
    assert [row[7] for row in rows[2:]] == ["六月走访", "月末走访"]
    assert rows[2][1] == "李秀英"
    log = ExportLog.objects.get()
    assert (log.kind, log.row_count) == ("register.home-visits", 2)


def test_staff_choose_a_room_and_any_period(client, world):
    visits(world)
    client.force_login(world.staff)
    url = reverse("registers:register", args=["home-visits"])
    query = {"date_from": "2022-06-01", "date_to": "2022-07-31", "format": "csv"}
    assert len(csv_rows(client.get(url, query))) - 2 == 4
    rows = csv_rows(client.get(url, {**query, "room": world.room1.pk}))
    assert [row[7] for row in rows[2:]] == ["六月走访", "月末走访", "七月走访"]


def test_the_print_view_is_an_a4_page_with_the_station_and_a_signature_line(client, world):
    visits(world)
    client.force_login(world.worker1)
    url = reverse("registers:register", args=["home-visits"])
    html = client.get(url, {**JUNE, "format": "print"}).content.decode()
    assert "入户走访记录台账" in html and world.station.name in html
    assert "size: A4" in html and "counter(page)" in html
    assert "六月走访" in html and "七月走访" not in html
    assert "审核" in html


@pytest.mark.parametrize("key", sorted(REGISTERS))
@pytest.mark.parametrize("output", ["xlsx", "print"])
def test_every_register_opens_for_a_month(client, world, key, output):
    ActivityFactory(station=world.station, rooms=[world.room1], starts_at=local(2022, 6, 5))
    ResidentFactory(room=world.room1, registered_on=datetime.date(2022, 1, 1))
    client.force_login(world.staff)
    response = client.get(reverse("registers:register", args=[key]), {**JUNE, "format": output})
    assert response.status_code == 200
    if output == "xlsx":
        assert str(REGISTERS[key].title) in xlsx_rows(response)[0][0]


def test_a_register_without_a_period_asks_for_one(client, world):
    client.force_login(world.worker1)
    url = reverse("registers:register", args=["cases"])
    assert "请选择月份或填写起止日期" in client.get(url, {"format": "xlsx"}).content.decode()
    bad = client.get(url, {"date_from": "2022-06-30", "date_to": "2022-06-01"})
    assert "截止日期不能早于起始日期" in bad.content.decode()
    assert client.get(url, {"month": "x-13"}).status_code == 200
    assert not ExportLog.objects.exists()
