"""Pages with personal data are not cached, sessions end when idle, headers limit the browser."""

import time

from django.urls import reverse

from stations.middleware import SESSION_LAST_SEEN
from tests.factories import ResidentFactory


def test_a_signed_in_page_is_not_stored_and_has_a_permissions_policy(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    for url in [
        reverse("home"),
        reverse("stations:resident_list"),
        reverse("stations:resident_detail", args=[resident.pk]),
    ]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "camera=()" in response["Permissions-Policy"], url


def test_the_login_page_has_a_permissions_policy(client):
    assert "geolocation=()" in client.get(reverse("login"))["Permissions-Policy"]


def test_an_idle_session_is_signed_out(client, world, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(world.worker1)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("stations:resident_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_use_extends_the_idle_limit(client, world, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(world.worker1)
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_LAST_SEEN] >= int(time.time()) - 5


def test_database_connections_are_health_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_one_character_reveal_reason_is_refused(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:resident_reveal", args=[resident.pk]),
        {"field": "id_number", "reason": "x"},
    )
    assert response.status_code == 200
    assert "请具体说明查看原因" in response.text
    assert resident.id_number not in response.text
