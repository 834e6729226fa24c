"""One-time form tokens (stations.once): a repeated submission returns the record already made."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import ServiceRecord
from stations.models import FormToken
from tests.factories import ResidentFactory


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def visit_data(resident, token, content="身体尚好"):
    start = timezone.now() - datetime.timedelta(hours=2)
    return {
        "resident": resident.pk,
        "start_at": local(start),
        "minutes": 40,
        "content": content,
        "form_token": token,
    }


def token_of(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def test_the_visit_form_carries_a_fresh_token_each_time(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    assert token_of(client.get(url).text) != token_of(client.get(url).text)


def test_posting_the_same_visit_form_twice_leaves_one_visit(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    token = token_of(client.get(url).text)

    first = client.post(url, visit_data(resident, token))
    second = client.post(url, visit_data(resident, token))

    assert ServiceRecord.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "已经提交过" in client.get(second["Location"]).text


def test_a_form_with_errors_releases_its_token(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    token = token_of(client.get(url).text)

    refused = client.post(url, visit_data(resident, token, content=""))
    assert refused.status_code == 200
    assert not FormToken.objects.exists()

    saved = client.post(url, visit_data(resident, token))
    assert saved.status_code == 302
    assert ServiceRecord.objects.count() == 1


def test_another_users_token_is_refused(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    token = token_of(client.get(url).text)
    client.post(url, visit_data(resident, token))
    client.force_login(world.staff)
    assert client.post(url, visit_data(resident, token)).status_code == 400
    assert ServiceRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_make_one_visit(world):
    resident = ResidentFactory(room=world.room1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    token = "simultaneous-token-0123456789"
    barrier = threading.Barrier(2)
    statuses = []

    def submit():
        client = Client()
        client.force_login(world.worker1)
        barrier.wait()
        try:
            statuses.append(client.post(url, visit_data(resident, token)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ServiceRecord.objects.count() == 1
    assert sorted(statuses) in ([302, 302], [302, 409])
