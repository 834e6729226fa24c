"""The report API's tokens: create, revoke, authenticate, and the per-token rate limit.

A token is `sst_` + 43 URL-safe characters (256 random bits). Only its SHA-256 is stored: the
token is random enough that a plain hash cannot be reversed, and a fast hash keeps the lookup
one indexed query. The token is returned once, by `api_token_create`; nobody can see it again.
"""

import datetime
import hashlib
import math
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reports.models import ApiRequest, ApiToken

TOKEN_PREFIX = "sst_"
WINDOW = datetime.timedelta(minutes=1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, name: str, station=None, district=None, by=None) -> tuple[ApiToken, str]:
    """A new token for `station` or `district` (exactly one). Returns the row and the token,
    which is stored nowhere: show it to the user once."""
    if (station is None) == (district is None):
        raise ValueError("a token reads one station or one district")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        station=station,
        district=district,
        prefix=raw[:10],
        token_hash=token_digest(raw),
        created_by=by,
    )
    return token, raw


def api_token_fill_new(*, token: ApiToken, by=None) -> str:
    """Give an unsaved token (the admin's add form) its secret and save it. Returns the token."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token.prefix = raw[:10]
    token.token_hash = token_digest(raw)
    token.created_by = by
    token.save()
    return raw


def api_token_revoke(*, token: ApiToken, by=None) -> ApiToken:
    """Refuse the token from now on. Revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def bearer_token(request) -> ApiToken | None:
    """The active token named by the request's `Authorization: Bearer …` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw.startswith(TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.active()
        .select_related("station", "district")
        .filter(token_hash=token_digest(raw))
        .first()
    )


def api_request_admit(
    *, token: ApiToken, query: str, address: str | None
) -> tuple[ApiRequest, int | None]:
    """Count a request against the token's limit (settings.API_RATE_LIMIT_PER_MINUTE requests in
    any 60 seconds) and log it. Returns the log row and None if admitted (logged as 200 until
    `api_request_finish` says otherwise), else the seconds to wait (for 429's Retry-After).
    Refused requests are logged too, but do not count against the limit.

    The token's row is locked while counting, so that parallel requests of one token are
    counted one after the other."""
    now = timezone.now()
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    with transaction.atomic():
        ApiToken.objects.select_for_update().filter(pk=token.pk).first()
        window = ApiRequest.objects.filter(token=token, at__gt=now - WINDOW).exclude(status=429)
        times = list(window.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            oldest = times[-1]
            wait = max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
            row = ApiRequest.objects.create(
                token=token, at=now, status=429, query=query[:300], address=address
            )
            return row, wait
        row = ApiRequest.objects.create(
            token=token, at=now, status=200, query=query[:300], address=address
        )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return row, None


def api_request_finish(*, request_row: ApiRequest, status: int) -> None:
    """The status an admitted request was answered with, when not 200 (a bad period, a
    station the token does not read)."""
    if request_row.status != status:
        ApiRequest.objects.filter(pk=request_row.pk).update(status=status)
