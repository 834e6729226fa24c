"""Checks for the scoping of an app's Django admin (stations.admin_base.ScopedAdmin).

A row is given as (admin name, pk, text): the admin URL name without the `_changelist` /
`_change` suffix (e.g. "groups_group"), the row's pk, and a text only that row puts on the
changelist (a distinctive title or name), or a tuple of such texts.
"""

from django.urls import reverse

from stations.models import Role
from tests.factories import UserFactory


def texts(text):
    return (text,) if isinstance(text, str) else text


def room2_supervisor(world):
    """A supervisor of room 2 only (the `world` supervisor looks after both rooms)."""
    return UserFactory(
        username="supervisor_r2", role=Role.SUPERVISOR, station=world.station, rooms=[world.room2]
    )


def assert_rows_hidden(client, user, rows):
    client.force_login(user)
    for name, pk, text in rows:
        page = client.get(reverse(f"admin:{name}_changelist"))
        assert page.status_code == 200, name
        for one in texts(text):
            assert one not in page.content.decode(), (name, one)
        # Django admin answers an object outside get_queryset() with a redirect to its index.
        change = client.get(reverse(f"admin:{name}_change", args=[pk]))
        assert (change.status_code, change.url) == (302, reverse("admin:index")), name


def assert_rows_shown(client, user, rows):
    client.force_login(user)
    for name, pk, text in rows:
        page = client.get(reverse(f"admin:{name}_changelist"))
        for one in texts(text):
            assert one in page.content.decode(), (name, one)
        assert client.get(reverse(f"admin:{name}_change", args=[pk])).status_code == 200, name


def assert_sent_away(client, users, names):
    for user in users:
        client.force_login(user)
        for name in names:
            response = client.get(reverse(f"admin:{name}_changelist"))
            assert response.status_code == 302, (user.username, name)
            assert response.url.startswith(reverse("admin:login")), (user.username, name)
