"""A district (区/县) of three stations: the district official reads them side by side with their
total; a station head reads only their own station; the district official reads no personal data.
"""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from reports.district import district_report
from reports.services import flatten
from stations.models import Role
from tests.activities.factories import ActivityFactory, local
from tests.factories import RoomFactory, StationFactory, UserFactory

YEAR_2022 = {"kind": "year", "year": "2022"}
FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def _activities(station, room, count, participants):
    for day in range(1, count + 1):
        ActivityFactory(
            station=station,
            rooms=[room],
            starts_at=local(2022, 5, day),
            direct_participant_count=participants,
            indirect_beneficiaries=1,
        )


@pytest.fixture
def district(world):
    """world.station (TST, room 1 and 2) and two more stations in 测试区; world.other_station
    (OTH) is in no district. 2022 activities: TST 1, 乙镇 2, 丙镇 3 (10 participants each);
    OTH 4 (outside the district)."""
    second = StationFactory(name="乙镇社工站", code="YIZ", district=world.district)
    third = StationFactory(name="丙镇社工站", code="BIZ", district=world.district)
    second_room = RoomFactory(station=second, name="乙镇一室", code="y1")
    third_room = RoomFactory(station=third, name="丙镇一室", code="b1")
    UserFactory(username="yi_worker", station=second, rooms=[second_room])
    _activities(world.station, world.room1, 1, 10)
    _activities(second, second_room, 2, 10)
    _activities(third, third_room, 3, 10)
    _activities(world.other_station, world.other_room, 4, 10)
    return world.district


def _page(client, user, **query):
    client.force_login(user)
    return client.get(reverse("reports:district"), {**YEAR_2022, **query})


def test_the_district_official_sees_the_three_stations_and_their_total(client, world, district):
    response = _page(client, world.district_official, sort="community.activities")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["name"] for row in rows] == ["丙镇社工站", "乙镇社工站", "测试镇社工站"]
    assert [row["rank"] for row in rows] == [1, 2, 3]
    columns = [column["key"] for column in response.context["columns"]]
    activities = columns.index("community.activities")
    participants = columns.index("community.direct_participants")
    assert [row["values"][activities] for row in rows] == [3, 2, 1]
    total = response.context["total"]
    assert total[activities] == 6
    assert total[participants] == 60
    for index in range(len(columns)):
        values = [row["values"][index] for row in rows]
        if isinstance(values[0], str):
            continue  # money: checked on the JSON below
        assert total[index] == pytest.approx(sum(values))
    content = response.content.decode()
    assert "别镇社工站" not in content
    assert "全区合计" in content


def test_the_ranking_follows_the_chosen_figure_and_order(client, world, district):
    response = _page(client, world.district_official, sort="community.activities", order="asc")
    assert [row["name"] for row in response.context["rows"]] == [
        "测试镇社工站",
        "乙镇社工站",
        "丙镇社工站",
    ]
    # An unknown figure falls back to the default ranking, not an error.
    assert _page(client, world.district_official, sort="nonsense").status_code == 200


def test_the_chart_draws_the_stations_of_the_district(client, world, district):
    client.force_login(world.district_official)
    response = client.get(reverse("reports:district_chart"), {**YEAR_2022})
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "乙镇社工站" in svg and "丙镇社工站" in svg and "别镇社工站" not in svg


def test_the_district_json_is_each_station_report_and_their_sum(world, district):
    from activities.models import Activity

    # Every activity (the other station's too) serves the elderly in elderly care: the X rows.
    Activity.objects.update(service_areas=["elderly_care"], target_populations=["elderly"])
    out = io.StringIO()
    call_command(
        "station_report", "--json", "--district", "testdist", "--from", "2022-01-01",
        "--to", "2022-12-31", stdout=out,
    )  # fmt: skip
    report = json.loads(out.getvalue())
    assert list(report) == ["district", "period", "stations", "totals"]
    assert report["district"] == "测试区"
    assert report["period"] == {"from": "2022-01-01", "to": "2022-12-31"}
    assert [station["station"] for station in report["stations"]] == [
        "丙镇社工站",
        "乙镇社工站",
        "测试镇社工站",
    ]
    single = io.StringIO()
    call_command(
        "station_report", "--json", "--station", "YIZ", "--from", "2022-01-01",
        "--to", "2022-12-31", stdout=single,
    )  # fmt: skip
    assert report["stations"][1] == json.loads(single.getvalue())
    flat_total = flatten(report["totals"])
    flats = [flatten(station) for station in report["stations"]]
    for key, value in flat_total.items():
        if key == "base.coverage_percent" or key.startswith("x."):  # the X rows: below
            continue
        values = [flat[key] for flat in flats]
        if isinstance(value, str):
            assert float(value) == pytest.approx(sum(float(v) for v in values)), key
        else:
            assert value == pytest.approx(sum(values)), key
    assert report["totals"]["community"]["activities"] == 6
    assert report["totals"]["base"]["rooms"] == 4
    assert report["totals"]["base"]["rooms_covered"] == 3  # room 2 of TST has no room worker
    assert report["totals"]["base"]["coverage_percent"] == 75.0
    for table in ("by_target_population", "by_service_area", "combinations"):
        total_rows = {row["key"]: row for row in report["totals"]["x"][table]}
        for key, row in total_rows.items():
            station_rows = [
                next((r for r in station["x"][table] if r["key"] == key), None)
                for station in report["stations"]
            ]
            for domain in ("casework", "groups", "activities", "total"):
                for count in ("records", "person_times", "people"):
                    expected = sum(r[domain][count] for r in station_rows if r is not None)
                    assert row[domain][count] == expected, (table, key, domain, count)
    # The district's six activities, not the other station's four.
    areas = {row["key"]: row for row in report["totals"]["x"]["by_service_area"]}
    assert areas["elderly_care"]["activities"]["records"] == 6
    populations = {row["key"]: row for row in report["totals"]["x"]["by_target_population"]}
    assert populations["elderly"]["total"]["person_times"] == 60


def test_an_unknown_district_is_an_error(world):
    with pytest.raises(CommandError, match="no district"):
        call_command("station_report", "--json", "--district", "nosuch")


def test_without_station_several_stations_use_the_default_station(world, settings, capsys):
    settings.REPORT_DEFAULT_STATION = "TST"
    call_command("station_report", "--json", "--from", "2022-01-01")
    assert json.loads(capsys.readouterr().out)["station"] == "测试镇社工站"


def test_a_station_head_cannot_open_the_district_page(client, world, district):
    assert _page(client, world.staff).status_code == 403
    assert _page(client, world.official).status_code == 403
    client.force_login(world.staff)
    response = client.get(reverse("reports:rooms"), YEAR_2022)
    content = response.content.decode()
    assert "测试镇社工站" in content or "一号社工室" in content
    assert "乙镇" not in content and "丙镇" not in content


def test_the_district_official_reads_no_personal_data_and_no_station_page(client, world, district):
    client.force_login(world.district_official)
    assert client.get(reverse("stations:resident_list")).status_code == 403
    assert client.get(reverse("reports:rooms")).status_code == 403
    assert client.get("/admin/").status_code == 302
    response = client.get(reverse("reports:summary"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:district")
    home = client.get(reverse("home")).content.decode()
    assert reverse("reports:district") in home
    assert reverse("stations:resident_list") not in home
    assert f'href="{reverse("reports:summary")}"' not in home


def test_a_district_official_of_another_district_sees_nothing_of_this_one(client, world, district):
    from stations.models import District

    elsewhere = District.objects.create(name="别区", code="elsewhere")
    official = UserFactory(
        username="elsewhere", role=Role.DISTRICT_OFFICIAL, station=None, district=elsewhere
    )
    response = _page(client, official)
    assert response.context["rows"] == []
    assert _page(client, official, district="testdist").status_code == 404


# The page reads every station's table figures at once (issue 16): the session, the user, the
# districts, the district's stations (4), base 2, casework 2, groups 3, community 3, volunteers 2,
# organizations 1, charity 1, people served 1 (15): the same count for one station or three.
PAGE_QUERIES = 19


def test_the_district_page_takes_a_fixed_number_of_queries_whatever_the_stations(
    client, world, django_assert_num_queries
):
    client.force_login(world.district_official)
    url = reverse("reports:district")
    _activities(world.station, world.room1, 1, 10)
    client.get(url, YEAR_2022)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url, YEAR_2022)
    assert len(response.context["rows"]) == 1
    for code in ("YIZ", "BIZ"):
        station = StationFactory(name=f"{code}社工站", code=code, district=world.district)
        room = RoomFactory(station=station, name=f"{code}一室", code=code.lower())
        UserFactory(station=station, rooms=[room])
        _activities(station, room, 2, 10)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url, YEAR_2022)
    assert len(response.context["rows"]) == 3


def test_the_district_page_figures_are_each_stations_report(client, world, district):
    """On records of every kind (casework, groups, activities, volunteers, charity), each row of
    the district page holds what the station's own report gives, and the total their sum."""
    from reports.district_views import DISTRICT_TABLE
    from reports.services import station_report
    from tests.reports.test_report_on_records import Dataset

    Dataset(world)
    response = _page(client, world.district_official)
    rows = {row["name"]: row["values"] for row in response.context["rows"]}
    stations = [world.station, *world.district.stations.exclude(pk=world.station.pk)]
    for station in stations:
        own = flatten(station_report(station=station, date_from=FROM, date_to=TO))
        assert rows[station.name] == [own[key] for key in DISTRICT_TABLE], station.name
    mine = rows[world.station.name]
    assert mine[DISTRICT_TABLE.index("totals.people_served")] == 3
    assert mine[DISTRICT_TABLE.index("charity.cash_raised")] == "1000.00"


def test_the_district_report_of_an_empty_district(world):
    from stations.models import District

    empty = District.objects.create(name="空区", code="empty")
    report = district_report(district=empty, date_from=FROM, date_to=TO)
    assert report["stations"] == [] and report["totals"] == {}


def test_the_superuser_gives_the_district_role_with_a_district_not_a_station(client, world):
    from stations.models import User

    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True, role=""))
    data = {
        "username": "qu2",
        "usable_password": "true",
        "password1": "a-long-pass-for-tests-1",
        "password2": "a-long-pass-for-tests-1",
        "role": Role.DISTRICT_OFFICIAL,
        "certification": "none",
    }
    response = client.post(reverse("admin:stations_user_add"), data)
    assert response.status_code == 200  # refused: a district official needs a district
    assert "区（县）民政官员须属于一个区（县）。" in response.content.decode()
    response = client.post(
        reverse("admin:stations_user_add"), {**data, "district": world.district.pk}
    )
    assert response.status_code == 302
    official = User.objects.get(username="qu2")
    assert official.station is None and official.district == world.district
