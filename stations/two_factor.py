"""Two-factor login (TOTP with django-otp, recovery codes as a django-otp static device).

Who: with settings.OTP_REQUIRED, everyone who may enter the admin (station staff, supervisors, the
superuser) must enrol; room workers and officials may. A user with a confirmed device gives a code
after the password whether required or not.

Where the session stands is kept in the session itself (`TWO_FACTOR_STATE`), set once at login:
`verify` (a code is owed), `enrol` (required but no device yet) or `done`. TwoFactorMiddleware sends
a session that owes something to its page and lets through only those pages and the logout, so a
page costs no extra query once the state is `done`.

The code step has its own lockout: OTP_FAILURE_LIMIT wrong codes since the last right one, within
OTP_LOCKOUT_TIME, lock it (the password step has django-axes). Every enrolment, reset, use of a
recovery code and wrong code is a TwoFactorEvent: the audit and the lockout's count in one table.
"""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stations.access import can_use_admin
from stations.login_limits import client_ip
from stations.models import TwoFactorEvent, TwoFactorEventKind, User

TWO_FACTOR_STATE = "two_factor"
STATE_VERIFY, STATE_ENROL, STATE_DONE = "verify", "enrol", "done"
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def two_factor_required(user) -> bool:
    """Must this user enrol before using the site? Everyone who may enter the admin."""
    return bool(settings.OTP_REQUIRED) and can_use_admin(user)


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def login_state(user) -> str:
    if has_device(user):
        return STATE_VERIFY
    if two_factor_required(user):
        return STATE_ENROL
    return STATE_DONE


def set_state_at_login(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in StationsConfig.ready): what this new session owes before it may use the site."""
    if request is not None and hasattr(request, "session"):
        request.session[TWO_FACTOR_STATE] = login_state(user)


def _record(*, user, kind, by=None, request=None):
    TwoFactorEvent.objects.create(
        user=user,
        kind=kind,
        by=by,
        ip_address=(client_ip(request) or None) if request is not None else None,
    )


def code_step_locked(user) -> bool:
    """OTP_FAILURE_LIMIT wrong codes since the last right one (or enrolment), within the lockout
    time."""
    since = timezone.now() - settings.OTP_LOCKOUT_TIME
    last_success = (
        TwoFactorEvent.objects.filter(
            user=user,
            kind__in=[
                TwoFactorEventKind.VERIFIED,
                TwoFactorEventKind.RECOVERY_USED,
                TwoFactorEventKind.ENROL,
                TwoFactorEventKind.RESET,
            ],
            at__gte=since,
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = TwoFactorEvent.objects.filter(
        user=user, kind=TwoFactorEventKind.FAILURE, at__gte=max(since, last_success or since)
    ).count()
    return failures >= settings.OTP_FAILURE_LIMIT


def _clean_code(code: str) -> str:
    return "".join(str(code).split()).lower()


def _issue_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_enrolment_start(*, user) -> TOTPDevice:
    """A new, unconfirmed authenticator for `user` (its secret is shown once, on this page view);
    any earlier unconfirmed one is dropped."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def two_factor_enrol(*, request, user, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it: the session is verified and ten
    recovery codes are returned (to be shown once). None when the code is wrong (or no enrolment
    is pending)."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None or not device.verify_token(_clean_code(code)):
            _record(user=user, kind=TwoFactorEventKind.FAILURE, request=request)
            return None
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _issue_recovery_codes(user)
        _record(user=user, kind=TwoFactorEventKind.ENROL, by=user, request=request)
    otp_login(request, device)
    request.session[TWO_FACTOR_STATE] = STATE_DONE
    return codes


def two_factor_verify(*, request, user, code: str) -> bool:
    """The code step after the password: an authenticator code or a recovery code (each recovery
    code works once). Records the outcome; on success the session is verified."""
    token = _clean_code(code)
    with transaction.atomic():
        device, kind = None, None
        for candidate in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if token.isdigit() and candidate.verify_token(token):
                device, kind = candidate, TwoFactorEventKind.VERIFIED
                break
        if device is None:
            for candidate in StaticDevice.objects.select_for_update().filter(
                user=user, confirmed=True
            ):
                if candidate.verify_token(token):
                    device, kind = candidate, TwoFactorEventKind.RECOVERY_USED
                    break
        _record(user=user, kind=kind or TwoFactorEventKind.FAILURE, request=request)
    if device is None:
        return False
    otp_login(request, device)
    request.session[TWO_FACTOR_STATE] = STATE_DONE
    return True


def recovery_codes_regenerate(*, request, user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _issue_recovery_codes(user)
        _record(user=user, kind=TwoFactorEventKind.RECOVERY_REGENERATED, by=user, request=request)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def two_factor_reset(*, user: User, by: User, request=None) -> None:
    """Remove every device of `user` (a lost phone): at the next login they enrol again (or, when
    not required, log in with the password alone)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _record(user=user, kind=TwoFactorEventKind.RESET, by=by, request=request)


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of `device` as an inline SVG (made here: no CDN, no image file)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def secret_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# The pages a session that owes its code or enrolment may still reach (besides these, the login,
# the language switch and /healthz are marked login_not_required and pass too).
OPEN_URL_NAMES = ["two_factor_verify", "two_factor_enrol", "logout", "set_language", "login"]


class TwoFactorMiddleware:
    """Send a session that owes its two-factor code to the code page, and a required user without
    a device to the enrolment page; nothing else is served until then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = request.session.get(TWO_FACTOR_STATE)
            if state is None:  # a session from before two-factor login existed
                state = request.session[TWO_FACTOR_STATE] = login_state(user)
            if state != STATE_DONE and not self._open(request):
                target = "two_factor_verify" if state == STATE_VERIFY else "two_factor_enrol"
                url = reverse(target)
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _open(request):
        paths = {reverse(name) for name in OPEN_URL_NAMES}
        return request.path_info in paths or request.path_info == "/healthz"
