"""The read-only report API: a token reads its station's (or district's) report as
`station_report --json` prints it, nothing else; revoked or unknown tokens get 401; past the rate
limit 429 with Retry-After; every use is logged."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.models import ApiRequest, ApiToken
from reports.tokens import api_token_create, api_token_revoke
from tests.factories import StationFactory

URL = "/api/v1/report/"


@pytest.fixture
def station_token(world):
    return api_token_create(name="镇政府数据平台", station=world.station, by=world.staff)


@pytest.fixture
def district_token(world):
    return api_token_create(name="区民政局数据平台", district=world.district)


def get(client, raw, **query):
    return client.get(URL, query, HTTP_AUTHORIZATION=f"Bearer {raw}")


def command_json(*arguments):
    out = io.StringIO()
    call_command("station_report", "--json", *arguments, stdout=out)
    return json.loads(out.getvalue())


def test_the_url_is_the_documented_one():
    assert reverse("api:report") == URL


def test_a_station_token_gets_the_report_of_its_station(client, world, station_token):
    token, raw = station_token
    response = get(client, raw, period="2022")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == command_json(
        "--station", "TST", "--from", "2022-01-01", "--to", "2022-12-31"
    )
    room = get(client, raw, period="2022-Q2", room="r1").json()
    assert room["room"] == "r1"
    assert room["period"] == {"from": "2022-04-01", "to": "2022-06-30"}
    assert "sessionid" not in response.cookies


def test_a_district_token_gets_the_district_form(client, world, district_token):
    StationFactory(name="乙镇社工站", code="YIZ", district=world.district)
    _token, raw = district_token
    report = get(client, raw, period="2022-01-01..2022-12-31").json()
    assert list(report) == ["district", "period", "stations", "totals"]
    assert report == command_json(
        "--district", "testdist", "--from", "2022-01-01", "--to", "2022-12-31"
    )
    one = get(client, raw, period="2022", station="YIZ").json()
    assert one["station"] == "乙镇社工站"


def test_a_station_token_cannot_read_another_station(client, world, station_token):
    _token, raw = station_token
    assert get(client, raw, period="2022", station="OTH").status_code == 404
    assert get(client, raw, period="2022", room="o1").status_code == 404
    assert get(client, raw, period="2022", station="TST").status_code == 200


def test_a_district_token_cannot_read_a_station_outside_the_district(client, world, district_token):
    _token, raw = district_token
    response = get(client, raw, period="2022", station="OTH")
    assert response.status_code == 404
    assert "别镇" not in response.content.decode()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer sst_not-a-token-anybody-was-given",
        "Basic dXNlcjpwYXNz",
        "Bearer",
    ],
)
def test_no_or_an_unknown_token_gets_401(client, world, station_token, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(URL, {"period": "2022"}, **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"] == "invalid_token"
    assert "station" not in response.json()


def test_a_revoked_token_gets_401(client, world, station_token):
    token, raw = station_token
    assert get(client, raw, period="2022").status_code == 200
    api_token_revoke(token=token, by=world.staff)
    assert get(client, raw, period="2022").status_code == 401


def test_a_session_is_not_a_token(client, world):
    client.force_login(world.staff)
    assert client.get(URL, {"period": "2022"}).status_code == 401


def test_past_the_rate_limit_the_answer_is_429_with_retry_after(
    client, world, station_token, settings
):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    token, raw = station_token
    assert get(client, raw, period="2022").status_code == 200
    assert get(client, raw, period="2022").status_code == 200
    refused = get(client, raw, period="2022")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token has a limit of its own.
    _other, other_raw = api_token_create(name="另一个系统", station=world.station)
    assert get(client, other_raw, period="2022").status_code == 200


def test_a_bad_period_is_400(client, world, station_token):
    _token, raw = station_token
    for period in ["2022-13", "2022-Q5", "abc", "2022-12-31..2022-01-01", "1800", "2010..2030"]:
        response = get(client, raw, period=period)
        assert response.status_code == 400, period
        assert response.json()["error"] == "bad_period"


def test_each_use_is_logged(client, world, station_token):
    token, raw = station_token
    get(client, raw, period="2022")
    get(client, raw, period="2022", station="OTH")
    get(client, raw, period="nonsense")
    statuses = list(ApiRequest.objects.filter(token=token).order_by("at", "pk").values_list(
        "status", "query"
    ))  # fmt: skip
    assert [status for status, _query in statuses] == [200, 404, 400]
    assert statuses[1][1] == "period=2022&station=OTH"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_a_hash_of_the_token_is_stored(world, station_token):
    token, raw = station_token
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in [str(value) for value in stored.values()]
    assert token.prefix == raw[:10]


def test_station_staff_create_a_token_in_the_admin_and_see_it_once(client, world):
    client.force_login(world.staff)
    add = reverse("admin:reports_apitoken_add")
    response = client.post(add, {"name": "镇政府数据平台", "station": world.station.pk})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(name="镇政府数据平台")
    assert token.station == world.station and token.created_by == world.staff
    assert (
        client.get(URL, {"period": "2022"}, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    )
    listing = client.get(reverse("admin:reports_apitoken_changelist")).content.decode()
    assert token.prefix in listing and raw not in listing
    detail = client.get(reverse("admin:reports_apitoken_change", args=[token.pk]))
    assert raw not in detail.content.decode()
    client.post(
        reverse("admin:reports_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.staff
    assert (
        client.get(URL, {"period": "2022"}, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    )


def test_station_staff_cannot_make_a_token_of_another_station_or_a_district(client, world):
    client.force_login(world.staff)
    add = reverse("admin:reports_apitoken_add")
    response = client.post(add, {"name": "越权", "station": world.other_station.pk})
    assert response.status_code == 200  # the form again: another station is not a choice
    assert "raw_token" not in response.context
    response = client.post(add, {"name": "越权", "district": world.district.pk})
    assert not ApiToken.objects.filter(name="越权").exists()


def test_station_staff_see_only_their_station_tokens(client, world):
    api_token_create(name="别镇的系统", station=world.other_station)
    api_token_create(name="区里的系统", district=world.district)
    mine, _raw = api_token_create(name="本站的系统", station=world.station)
    client.force_login(world.staff)
    listing = client.get(reverse("admin:reports_apitoken_changelist")).content.decode()
    assert "本站的系统" in listing
    assert "别镇的系统" not in listing and "区里的系统" not in listing
    client.force_login(world.worker1)
    assert client.get(reverse("admin:reports_apitoken_changelist")).status_code == 302
