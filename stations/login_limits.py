"""Who is knocking at the login: the client address behind a trusted proxy, and a limit on failed
logins per address across usernames (password spraying), beside django-axes' per user+address one.

Behind nginx every request comes from the proxy's address: keyed on REMOTE_ADDR, five wrong
passwords by anyone locked out everybody. `client_ip` believes X-Forwarded-For only when the
request comes from an address in settings.TRUSTED_PROXIES, and then takes the right-most address
that is not itself a trusted proxy (the left part of the header is whatever the client sent).
"""

import ipaddress

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone


def _networks():
    return [ipaddress.ip_network(value, strict=False) for value in settings.TRUSTED_PROXIES]


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The client's address (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a malformed header: count the proxy, not a made-up address
    return remote


class AddressLimitBackend:
    """Refuse every login from an address with LOGIN_ADDRESS_FAILURE_LIMIT failed logins (over all
    usernames) within AXES_COOLOFF_TIME. It authenticates nobody: it only stops the chain, and
    shows the lockout page as django-axes does (AxesMiddleware reads `axes_locked_out`).
    Without `get_user` it never holds a session (the test client's force_login skips it)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not getattr(settings, "AXES_ENABLED", True):
            return None
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = (
            AccessAttempt.objects.filter(ip_address=client_ip(request), attempt_time__gte=since)
            .aggregate(total=Sum("failures_since_start"))
            .get("total")
            or 0
        )
        if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise PermissionDenied
        return None
