"""Malformed query parameters never give a 500, on any page that takes no URL arguments."""

import pytest
from django.urls import reverse

from tests.test_url_coverage import named_urls

PARAMETERLESS = sorted(
    name for name in named_urls() if not name.endswith(("logout", "set_language"))
)


def resolvable(name):
    try:
        return reverse(name)
    except Exception:  # needs URL arguments
        return None


PAGES = [url for url in map(resolvable, PARAMETERLESS) if url]


@pytest.mark.parametrize("url", PAGES)
def test_a_nul_byte_in_a_search_gets_400_not_500(client, world, url):
    client.force_login(world.staff)
    response = client.get(url, {"q": "王\x00"})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_garbage_parameters_never_give_a_server_error(client, world, url):
    client.force_login(world.staff)
    garbage = {
        "page": "abc",
        "sort": "nonsense",
        "room": "abc",
        "resident": "abc",
        "case": "x",
        "from": "2022-13-45",
        "to": "garbage",
        "year": "-1",
        "status": "??",
    }
    assert client.get(url, garbage).status_code < 500


def test_a_visit_for_a_malformed_resident_key_is_404(client, world):
    client.force_login(world.worker1)
    assert client.get(reverse("cases:visit_new"), {"resident": "abc"}).status_code == 404
    assert client.get(reverse("cases:create"), {"resident": "1x"}).status_code == 404
