"""The installable app (issue 19): manifest, service worker, offline page, and what the offline
outbox (static/js/offline.js) relies on from the server."""

import datetime
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases.models import ServiceRecord
from tests.cases.factories import complete_case
from tests.factories import ResidentFactory

OUTBOX = {"HTTP_X_OUTBOX": "1"}


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def visit_data(resident, token, content="老人身体尚好，家中整洁"):
    start = timezone.now() - datetime.timedelta(hours=2)
    return {
        "resident": resident.pk,
        "start_at": local(start),
        "minutes": 40,
        "content": content,
        "form_token": token,
    }


def test_the_manifest_names_the_app_in_chinese_with_png_icons_that_exist(client, db):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "社工站服务管理系统"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        with Image.open(finders.find(name)) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes


def test_every_page_links_the_manifest_and_loads_the_offline_script(client, world):
    client.force_login(world.worker1)
    page = client.get(reverse("home")).text
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert "js/offline.js" in page
    assert f'data-user="{world.worker1.pk}"' in page


def test_the_service_worker_is_served_from_the_root_uncached_and_keeps_the_assets(client, db):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.text
    for asset in ("bootstrap/css/bootstrap.min.css", "js/site.js", "js/offline.js"):
        assert f"/static/{asset}" in script
    assert '"/offline/"' in script
    assert "/cases/visits/new/" in script.replace("\\\\", "\\").replace("\\/", "/")


def test_the_service_worker_is_served_to_a_signed_in_user_too(client, world):
    client.force_login(world.worker1)
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/"


def test_the_offline_page_says_the_page_needs_a_connection_and_names_nobody(client, world):
    client.force_login(world.worker1)
    response = client.get(reverse("offline"))

    assert response.status_code == 200
    assert "需要联网" in response.text
    assert world.worker1.username not in response.text
    assert world.worker1.display_name not in response.text
    assert client.get(reverse("offline"), HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_the_visit_and_record_forms_work_offline_and_other_forms_do_not(client, world):
    resident = ResidentFactory(room=world.room1)
    case = complete_case(stage="intervention", resident=resident, worker=world.worker1)
    client.force_login(world.worker1)

    visit = client.get(reverse("cases:visit_new") + f"?resident={resident.pk}").text
    record = client.get(reverse("cases:record_new", args=[case.pk])).text
    followup = client.get(reverse("cases:followup_new", args=[case.pk])).text

    assert "data-offline-form" in visit and "data-offline-form" in record
    assert "data-offline-form" not in followup


def test_an_outbox_send_is_answered_with_json_and_a_resend_makes_no_second_visit(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    token = "outbox-token-made-on-the-phone-0001"

    first = client.post(url, visit_data(resident, token), **OUTBOX)
    again = client.post(url, visit_data(resident, token), **OUTBOX)

    assert ServiceRecord.objects.count() == 1
    assert first.status_code == again.status_code == 200
    assert first.json() == {"saved": True, "repeat": False, "location": "/"}
    assert again.json() == {"saved": True, "repeat": True, "location": "/"}


def test_a_send_after_the_session_ended_is_a_redirect_to_login_not_a_saved_answer(client, world):
    resident = ResidentFactory(room=world.room1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"

    response = client.post(url, visit_data(resident, "outbox-token-no-session-0001"), **OUTBOX)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ServiceRecord.objects.exists()


def test_a_visit_sent_after_the_resident_was_archived_says_so_and_saves_nothing(client, world):
    resident = ResidentFactory(room=world.room1, real_name="王桂兰")
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    resident.archived_at = timezone.now()
    resident.save(update_fields=["archived_at"])

    response = client.post(url, visit_data(resident, "outbox-token-archived-0001"), **OUTBOX)

    assert response.status_code == 200
    assert "王桂兰 的档案已归档" in response.text
    assert (
        'class="alert alert-block alert-danger"' in response.text or "alert-danger" in response.text
    )
    assert not ServiceRecord.objects.exists()


def test_a_service_record_sent_after_the_case_was_closed_says_so(client, world):
    case = complete_case(stage="intervention", resident=ResidentFactory(room=world.room1))
    client.force_login(world.worker1)
    url = reverse("cases:record_new", args=[case.pk])
    before = case.records.count()
    case.stage = "closed"
    case.save(update_fields=["stage"])
    start = timezone.now() - datetime.timedelta(hours=1)

    response = client.post(
        url,
        {
            "form": "interview",
            "start_at": local(start),
            "minutes": 30,
            "content": "面谈",
            "form_token": "outbox-token-closed-case-0001",
        },
        **OUTBOX,
    )

    assert response.status_code == 200
    assert f"个案 {case.number} 已结案" in response.text
    assert case.records.count() == before


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.urls.append(attrs["href"])


def test_the_visit_form_page_weighs_under_150_kb_as_sent(client, world):
    """Page weight as a phone downloads it: the HTML and its scripts and styles, compressed the
    way the site serves them (whitenoise's gzip); icons and the manifest come once, at install."""
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    html = client.get(reverse("cases:visit_new") + f"?resident={resident.pk}").content
    parser = _Assets()
    parser.feed(html.decode())
    total = len(gzip.compress(html))
    for url in parser.urls:
        path = finders.find(re.sub(r"^/static/", "", url))
        total += len(gzip.compress(Path(path).read_bytes()))

    assert len(parser.urls) >= 5
    assert total < 150 * 1024, f"visit form weighs {total} bytes compressed"
