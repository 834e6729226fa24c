"""Two-factor login (TOTP, django-otp): required for station staff, supervisors and the admin,
optional for room workers; recovery codes; the station head's reset; the code step's lockout."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from stations.models import TwoFactorEvent, TwoFactorEventKind
from stations.two_factor import _issue_recovery_codes

pytestmark = pytest.mark.two_factor

PASSWORD = "pass-for-tests-1"


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = _issue_recovery_codes(user)
    return device, codes


def password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def wrong_code(device):
    right = code_for(device)
    return f"{(int(right) + 500000) % 1000000:06d}"


def test_a_required_user_without_a_device_reaches_only_the_enrolment(client, world):
    password_login(client, world.staff)
    for url in ["/", reverse("stations:resident_list"), reverse("activities:create"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_enrol")), url
    # a form post elsewhere is refused the same way, not carried out
    response = client.post(reverse("stations:household_create"), {"address": "x"})
    assert response["Location"].startswith(reverse("two_factor_enrol"))
    page = client.get(reverse("two_factor_enrol"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert "须启用两步验证" in page.content.decode()


def test_enrolment_with_the_right_code_shows_ten_recovery_codes_once(client, world):
    password_login(client, world.supervisor)
    client.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=world.supervisor, confirmed=False)
    refused = client.post(reverse("two_factor_enrol"), {"code": wrong_code(device)})
    assert "验证码不正确" in refused.content.decode()
    response = client.post(reverse("two_factor_enrol"), {"code": code_for(device)})
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert TwoFactorEvent.objects.filter(
        user=world.supervisor, kind=TwoFactorEventKind.ENROL
    ).exists()
    # the status page no longer shows a secret or the codes
    status = client.get(reverse("two_factor_enrol")).content.decode()
    assert "<svg" not in status and codes[0] not in status


def test_with_a_device_a_wrong_code_is_refused_and_the_right_code_logs_in(client, world):
    device, _codes = enrolled(world.staff)
    password_login(client, world.staff)
    response = client.get(reverse("stations:resident_list"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    refused = client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    assert refused.status_code == 200
    assert "验证码不正确" in refused.content.decode()
    assert client.get("/")["Location"].startswith(reverse("two_factor_verify"))
    response = client.post(
        reverse("two_factor_verify"),
        {"code": code_for(device), "next": reverse("stations:resident_list")},
    )
    assert response["Location"] == reverse("stations:resident_list")
    assert client.get(reverse("stations:resident_list")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, world):
    _device, codes = enrolled(world.staff)
    password_login(client, world.staff)
    response = client.post(reverse("two_factor_verify"), {"code": codes[3].upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert (
        TwoFactorEvent.objects.filter(
            user=world.staff, kind=TwoFactorEventKind.RECOVERY_USED
        ).count()
        == 1
    )
    client.post(reverse("logout"))
    password_login(client, world.staff)
    again = client.post(reverse("two_factor_verify"), {"code": codes[3]})
    assert "验证码不正确" in again.content.decode()
    assert client.get("/").status_code == 302


def test_regenerated_recovery_codes_replace_the_old_ones(client, world):
    device, codes = enrolled(world.staff)
    password_login(client, world.staff)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    new_codes = client.post(reverse("two_factor_recovery_codes")).context["codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert TwoFactorEvent.objects.filter(
        user=world.staff, kind=TwoFactorEventKind.RECOVERY_REGENERATED
    ).exists()


def test_a_room_worker_without_a_device_logs_in_with_the_password(client, world):
    password_login(client, world.worker1)
    assert client.get(reverse("stations:resident_list")).status_code == 200
    # and may enrol
    assert "<svg" in client.get(reverse("two_factor_enrol")).content.decode()


def test_a_room_worker_who_enrolled_gives_the_code(client, world):
    enrolled(world.worker1)
    password_login(client, world.worker1)
    assert client.get("/")["Location"].startswith(reverse("two_factor_verify"))


def test_the_admin_refuses_an_unverified_staff_session(client, world):
    enrolled(world.staff)
    client.force_login(world.staff)
    # even a session whose state was tampered with to "done" is not verified for the admin
    session = client.session
    session["two_factor"] = "done"
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] != "/admin/"
    assert client.get("/admin/stations/resident/").status_code == 302


def test_five_wrong_codes_lock_the_code_step(client, world, settings):
    settings.OTP_FAILURE_LIMIT = 5
    device, codes = enrolled(world.staff)
    password_login(client, world.staff)
    for _attempt in range(5):
        client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert client.get("/")["Location"].startswith(reverse("two_factor_verify"))
    # a new login does not reset the count
    client.post(reverse("logout"))
    password_login(client, world.staff)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 429


def test_the_station_head_resets_a_workers_two_factor(client, world):
    enrolled(world.worker1)
    enrolled(world.supervisor)
    enrolled(world.staff)
    # the station head passes the code step first
    password_login(client, world.staff)
    client.post(
        reverse("two_factor_verify"),
        {"code": code_for(TOTPDevice.objects.get(user=world.staff))},
    )
    response = client.post(
        reverse("admin:stations_user_changelist"),
        {
            "action": "reset_two_factor",
            "_selected_action": [world.worker1.pk, world.supervisor.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=world.worker1).exists()
    assert not StaticDevice.objects.filter(user=world.worker1).exists()
    # a supervisor's account stays with the superuser
    assert TOTPDevice.objects.filter(user=world.supervisor).exists()
    event = TwoFactorEvent.objects.get(user=world.worker1, kind=TwoFactorEventKind.RESET)
    assert event.by == world.staff
    # the worker logs in with the password again (optional for room workers)
    client.post(reverse("logout"))
    password_login(client, world.worker1)
    assert client.get("/").status_code == 200


def test_without_otp_required_staff_log_in_with_the_password(client, world, settings):
    settings.OTP_REQUIRED = False
    password_login(client, world.staff)
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_hostile_values_in_the_code_forms_never_give_a_server_error(client, world, settings):
    """The fuzz walk of test_fuzz_forms.py, on the two pages it cannot reach as it logs in."""
    from tests.security.test_fuzz_forms import PROFILES, hostile_data, page_forms

    settings.OTP_FAILURE_LIMIT = 1000
    device, _codes = enrolled(world.staff)
    password_login(client, world.staff)
    url = reverse("two_factor_verify")
    forms = page_forms(client.get(url), url)
    assert forms
    for form in forms:
        for profile in PROFILES:
            response = client.post(form["action"], hostile_data(form["fields"], profile))
            assert response.status_code < 500, profile
    client.post(url, {"code": code_for(device)})
    url = reverse("two_factor_recovery_codes")
    for form in page_forms(client.get(url), url):
        for profile in PROFILES:
            response = client.post(form["action"], hostile_data(form["fields"], profile))
            assert response.status_code < 500, profile


def test_a_session_from_before_two_factor_login_is_sent_to_enrol(client, world):
    client.force_login(world.supervisor)
    session = client.session
    del session["two_factor"]  # signed in before the upgrade
    session.save()
    response = client.get(reverse("cases:approvals"))
    assert response["Location"].startswith(reverse("two_factor_enrol"))


def test_a_code_step_page_cannot_send_the_user_to_another_site(client, world):
    device, _codes = enrolled(world.staff)
    password_login(client, world.staff)
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_the_code_page_shows_no_menu_of_pages_it_cannot_reach_yet(client, world):
    enrolled(world.staff)
    password_login(client, world.staff)
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert reverse("stations:resident_list") not in page
    client.post(reverse("logout"))
    password_login(client, world.worker1)
    assert reverse("stations:resident_list") in client.get("/").content.decode()
