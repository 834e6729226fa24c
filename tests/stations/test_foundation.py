import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations.models import Room, Station, User

BASE_DIR = Path(__file__).resolve().parents[2]


def run_settings(env_overrides):
    """Import the settings in a fresh interpreter with the given environment."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    env.update(env_overrides)
    env["DATABASE_URL"] = env.get("DATABASE_URL") or "postgres://nobody@127.0.0.1:1/none"
    return subprocess.run(
        [sys.executable, "-c", "import stationsite.settings"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_secret_when_debug_is_off():
    result = run_settings({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_misspelt_yes_or_no_setting_stops_the_start_up_with_its_name():
    """`SECURE_COOKIES=ture` used to read as "no" and sent session cookies over plain http."""
    result = run_settings(
        {
            "DEBUG": "false",
            "ALLOWED_HOSTS": "example.org",
            "SECRET_KEY": "x" * 50,
            "FIELD_ENCRYPTION_KEY": "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=",
            "FIELD_HASH_KEY": "y" * 40,
            "SECURE_COOKIES": "ture",
        }
    )
    assert result.returncode != 0
    assert "SECURE_COOKIES='ture'" in result.stderr


def test_settings_refuse_to_start_without_hosts_when_debug_is_off():
    result = run_settings(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "FIELD_ENCRYPTION_KEY": "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=",
            "FIELD_HASH_KEY": "y" * 40,
        }
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def deploy_check(**extra):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for live_server; production never does.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "OTP_REQUIRED"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
            "ALLOWED_HOSTS": "shegong.example.gov.cn",
            "CSRF_TRUSTED_ORIGINS": "https://shegong.example.gov.cn",
            "FIELD_ENCRYPTION_KEY": "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=",
            "FIELD_HASH_KEY": "a-long-random-hash-key-" + "h" * 40,
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_documented_production_variables():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_when_two_factor_login_is_switched_off():
    result = deploy_check(OTP_REQUIRED="false")
    assert result.returncode != 0
    assert "stations.W001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows():
    call_command("seed_demo", verbosity=0)
    first = {model: model.objects.count() for model in (Station, Room, User)}
    call_command("seed_demo", verbosity=0)
    second = {model: model.objects.count() for model in (Station, Room, User)}
    assert first == second
    # 陈仓镇 as its work report has it; the district's two small stations come beside it.
    ccz = {"station__code": "CCZ"}
    assert Room.objects.filter(**ccz).count() == 13
    assert User.objects.filter(role="room_worker", **ccz).count() == 41
    assert User.objects.filter(certification="intermediate", **ccz).count() == 17
    assert User.objects.filter(certification="junior", **ccz).count() == 24


@pytest.mark.django_db
def test_demo_logins_work_with_the_documented_password(client):
    call_command("seed_demo", verbosity=0)
    for username in ["zhanzhang", "dudao", "guanyuan", "shegong01", "shegong13"]:
        response = client.post(
            reverse("login"), {"username": username, "password": "shegong-demo-2022"}
        )
        assert response.status_code == 302, username
        client.post(reverse("logout"))
    shegong13 = User.objects.get(username="shegong13")
    assert list(shegong13.rooms.values_list("order", flat=True)) == [13]


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_bad_login_gets_a_clear_chinese_message(client, world):
    response = client.post(reverse("login"), {"username": "worker1", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_empty_login_form_names_the_missing_fields(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert "这个字段是必填项" in response.content.decode()


def test_unknown_page_is_a_chinese_404_without_traceback(client, world, settings):
    settings.DEBUG = False
    client.force_login(world.worker1)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "Traceback" not in body


def test_server_error_page_is_chinese_without_traceback(world, settings):
    from django.test import Client

    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.stations.error_urls"
    client = Client(raise_request_exception=False)
    client.force_login(world.worker1)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错" in body
    assert "Traceback" not in body and "RuntimeError" not in body


@pytest.mark.parametrize(
    ("persona", "title"),
    [
        ("worker1", "我的工作台"),
        ("staff", "站点总览"),
        ("supervisor", "督导审核"),
        ("official", "数据概览"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, world, persona, title):
    client.force_login(world.persona(persona))
    response = client.get(reverse("home"))
    assert f'<h1 class="h3 mb-3">{title}</h1>' in response.content.decode()


def test_worker_home_lists_only_their_rooms(client, world):
    client.force_login(world.worker1)
    body = client.get(reverse("home")).content.decode()
    assert "一号社工室" in body
    assert "二号社工室" not in body


def test_official_home_shows_counts_and_no_admin_link(client, world):
    client.force_login(world.official)
    body = client.get(reverse("home")).content.decode()
    assert "覆盖率" in body
    assert reverse("admin:index") not in body


def test_home_page_query_count_does_not_grow_with_rooms(client, world, django_assert_num_queries):
    from tests.factories import RoomFactory, UserFactory

    client.force_login(world.staff)
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for room in RoomFactory.create_batch(20, station=world.station):
        UserFactory(station=world.station, rooms=[room])
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home"))
    assert page.content.decode().count("社工室</td>") >= 22


def test_english_is_available_through_the_language_switch(client, world):
    client.force_login(world.worker1)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body


@pytest.mark.lockout
def test_five_wrong_passwords_lock_the_login_with_a_chinese_message(client, world):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "worker1", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "worker1", "password": "pass-for-tests-1"}
    )
    assert response.status_code == 429
    assert "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_worker_home_counts_every_worker_of_their_room(client, world):
    from tests.factories import UserFactory

    UserFactory.create_batch(2, station=world.station, rooms=[world.room1])
    client.force_login(world.worker1)
    body = client.get(reverse("home")).content.decode()
    row = body.split("一号社工室</td>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="text-end">3</td>' in row


def test_the_site_talks_to_postgresql_without_jit_compilation(db):
    """JIT compiling a report's union cost 0.85 s of a 2.1 s query at city scale (issue 15)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
