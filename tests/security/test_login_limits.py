"""Login lockout behind a proxy: keyed on the real client address, plus a per-address limit."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from stations.login_limits import client_ip
from tests.factories import UserFactory

PROXY = "10.0.0.2"
PASSWORD = "pass-for-tests-1"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # the client forged the first entry; nginx appended the address it saw
    assert client_ip(request_from(PROXY, "9.9.9.9, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(request_from(PROXY, "garbage")) == PROXY
    # a request that does not come from the proxy cannot choose its address
    assert client_ip(request_from("198.51.100.8", "9.9.9.9")) == "198.51.100.8"


def login(client, username, password, address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.lockout
def test_an_attacker_behind_the_proxy_does_not_lock_the_real_user_out(client, world, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _attempt in range(6):
        login(client, "worker1", "wrong", "198.51.100.66")
    assert login(client, "worker1", PASSWORD, "198.51.100.66").status_code == 429
    response = login(client, "worker1", PASSWORD, "198.51.100.10")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.lockout
def test_password_spraying_from_one_address_is_limited(client, world, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    users = [UserFactory(username=f"spray{n}", station=world.station) for n in range(6)]
    for user in users:
        for _attempt in range(4):  # under the per-user limit of 5
            login(client, user.username, "wrong", "198.51.100.77")
    response = login(client, "worker1", PASSWORD, "198.51.100.77")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert login(client, "worker1", PASSWORD, "198.51.100.78").status_code == 302
