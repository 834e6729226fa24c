"""Staff accounts in the admin: a station head manages the room workers and officials of their own
station (add, rooms, new password, deactivate); nobody else's, and never their own rights."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from stations.models import Role, User
from tests.admin_forms import admin_form_data
from tests.factories import UserFactory

NEW_PASSWORD = "hongqiao-river-2026"


def change_url(user):
    return reverse("admin:stations_user_change", args=[user.pk])


def password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def logs_in(username, password) -> bool:
    """Log in through the login page, as a person would; True if the site let them in."""
    browser = Client()
    browser.post(reverse("login"), {"username": username, "password": password})
    return browser.get(reverse("home")).status_code == 200


@pytest.fixture
def strangers(world):
    """A worker of the other station and the technical superuser."""
    other = UserFactory(username="other_worker", station=world.other_station)
    other.rooms.set([world.other_room])
    superuser = User.objects.create_superuser("root", "", "root-password-77")
    return other, superuser


def add_data(world, **changes):
    data = {
        "username": "xiaoli",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "last_name": "李",
        "first_name": "晓",
        "phone": "13800000000",
        "role": Role.ROOM_WORKER,
        "station": world.station.pk,
        "rooms": [world.room1.pk],
        "certification": "none",
    }
    return {**data, **changes}


def test_station_head_adds_a_room_worker_who_logs_in_and_sees_room_1(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("admin:stations_user_add"), add_data(world))
    assert response.status_code == 302, response.context["adminform"].form.errors

    worker = User.objects.get(username="xiaoli")
    assert (worker.role, worker.station, list(worker.rooms.all())) == (
        Role.ROOM_WORKER,
        world.station,
        [world.room1],
    )
    assert not (worker.is_superuser or worker.is_staff)
    assert LogEntry.objects.filter(user=world.staff, object_id=str(worker.pk)).exists()

    browser = Client()
    browser.post(reverse("login"), {"username": "xiaoli", "password": NEW_PASSWORD})
    home = browser.get(reverse("home")).content.decode()
    assert world.room1.name in home
    assert world.room2.name not in home


def test_station_head_is_offered_only_own_station_its_rooms_and_the_managed_roles(client, world):
    client.force_login(world.staff)
    for url in (reverse("admin:stations_user_add"), change_url(world.worker1)):
        form = client.get(url).context["adminform"].form
        assert list(form.fields["station"].queryset) == [world.station]
        assert set(form.fields["rooms"].queryset) == {world.room1, world.room2}
        assert [value for value, label in form.fields["role"].choices] == [
            Role.ROOM_WORKER,
            Role.OFFICIAL,
        ]
        assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)

    response = client.post(
        reverse("admin:stations_user_add"),
        add_data(world, station=world.other_station.pk, rooms=[world.other_room.pk]),
    )
    assert response.status_code == 200
    assert {"station", "rooms"} <= set(response.context["adminform"].form.errors)
    response = client.post(
        reverse("admin:stations_user_add"), add_data(world, role=Role.STATION_STAFF)
    )
    assert "role" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="xiaoli").exists()


def test_station_head_cannot_make_a_superuser_through_the_change_form(client, world):
    client.force_login(world.staff)
    data = admin_form_data(client.get(change_url(world.worker1)))
    data.update(is_superuser="on", is_staff="on", first_name="改")
    assert client.post(change_url(world.worker1), data).status_code == 302
    world.worker1.refresh_from_db()
    assert world.worker1.first_name == "改"
    assert not (world.worker1.is_superuser or world.worker1.is_staff)


def test_station_head_cannot_open_another_stations_user_or_a_superuser(client, world, strangers):
    client.force_login(world.staff)
    listing = client.get(reverse("admin:stations_user_changelist")).content.decode()
    assert "worker1" in listing
    for stranger in strangers:
        assert stranger.username not in listing
        for response in (
            client.get(change_url(stranger)),
            client.post(change_url(stranger), {"username": "taken", "is_active": ""}),
        ):
            assert (response.status_code, response.url) == (302, reverse("admin:index"))
        stranger.refresh_from_db()
        assert (stranger.username, stranger.is_active) != ("taken", False)


def test_station_head_sees_own_account_supervisors_and_peers_read_only(client, world):
    peer = UserFactory(username="peer", role=Role.STATION_STAFF, station=world.station)
    client.force_login(world.staff)
    for account in (world.staff, world.supervisor, peer):
        page = client.get(change_url(account))
        assert page.status_code == 200
        assert "role" not in page.context["adminform"].form.fields  # shown, not editable
        response = client.post(
            change_url(account), {"username": account.username, "role": Role.OFFICIAL}
        )
        assert response.status_code == 403
        account.refresh_from_db()
        assert account.role != Role.OFFICIAL
    assert client.get(password_url(world.staff)).status_code == 403


def test_station_head_deactivates_a_worker_who_can_no_longer_log_in(client, world):
    assert logs_in("worker1", "pass-for-tests-1")
    still_logged_in = Client()
    still_logged_in.force_login(world.worker1)

    client.force_login(world.staff)
    data = admin_form_data(client.get(change_url(world.worker1)))
    del data["is_active"]
    assert client.post(change_url(world.worker1), data).status_code == 302

    world.worker1.refresh_from_db()
    assert not world.worker1.is_active
    assert User.objects.filter(pk=world.worker1.pk).exists()  # deactivated, not deleted
    assert not logs_in("worker1", "pass-for-tests-1")
    assert still_logged_in.get(reverse("home")).status_code == 302
    delete = client.get(reverse("admin:stations_user_delete", args=[world.worker1.pk]))
    assert delete.status_code == 403


def test_supervisor_reads_the_station_accounts_but_changes_none(client, world):
    client.force_login(world.supervisor)
    listing = client.get(reverse("admin:stations_user_changelist"))
    assert "worker1" in listing.content.decode()
    assert not listing.context["has_add_permission"]
    assert client.get(reverse("admin:stations_user_add")).status_code == 403
    page = client.get(change_url(world.worker1))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    response = client.post(change_url(world.worker1), {"username": "worker1", "is_active": ""})
    assert response.status_code == 403
    response = client.post(
        password_url(world.worker1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 403
    world.worker1.refresh_from_db()
    assert world.worker1.is_active and world.worker1.check_password("pass-for-tests-1")


def test_station_head_sets_a_new_password_for_own_workers_only(client, world, strangers):
    client.force_login(world.staff)
    weak = client.post(
        password_url(world.worker1),
        {"password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )
    assert weak.status_code == 200 and weak.context["form"].errors  # the validators apply

    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    assert client.post(password_url(world.worker1), data).status_code == 302
    assert logs_in("worker1", NEW_PASSWORD)

    for stranger in strangers:
        assert client.get(password_url(stranger)).status_code == 404
        assert client.post(password_url(stranger), data).status_code == 404
        stranger.refresh_from_db()
        assert not stranger.check_password(NEW_PASSWORD)
    assert client.post(password_url(world.supervisor), data).status_code == 403
    world.supervisor.refresh_from_db()
    assert not world.supervisor.check_password(NEW_PASSWORD)


def test_superuser_adds_a_station_head(client, world, strangers):
    """The add page used to fail for everyone: the scoped admin replaced Django's add form."""
    client.force_login(strangers[1])
    data = add_data(world, username="zhanzhang2", role=Role.STATION_STAFF, rooms=[])
    assert client.post(reverse("admin:stations_user_add"), data).status_code == 302
    assert User.objects.get(username="zhanzhang2").role == Role.STATION_STAFF


def test_rooms_must_belong_to_the_chosen_station(client, world, strangers):
    client.force_login(strangers[1])
    data = add_data(world, rooms=[world.other_room.pk])
    response = client.post(reverse("admin:stations_user_add"), data)
    assert "rooms" in response.context["adminform"].form.errors


def test_staff_list_shows_rooms_and_last_login_in_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    for _ in range(5):
        UserFactory(station=world.station, rooms=[world.room1, world.room2])
    client.force_login(world.staff)
    url = reverse("admin:stations_user_changelist")
    with django_assert_num_queries(9):
        page = client.get(url)
    body = page.content.decode()
    assert f"{world.room1.name}、{world.room2.name}" in body
    sidebar = body.split('id="changelist-filter"', 1)[1]
    assert world.room1.name in sidebar and "别镇社工室" not in sidebar
    assert client.get(url, {"q": "worker1"}).context["cl"].result_count == 1
