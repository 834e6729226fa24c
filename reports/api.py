"""The read-only report API: `GET /api/v1/report/?period=…` with `Authorization: Bearer <token>`.

It answers what `station_report --json` prints: a station token gets its station's report (or
one room's, `room=CODE`), a district token the district form `{"district", "period", "stations",
"totals"}` (or one of its stations', `station=CODE`). A token reads nothing else: another
station, room or district is a 404. No session, no cookie, no personal data.

    period=2022 | 2022-Q3 | 2022-07 | 2022-01-01..2022-06-30   (default: the current year)

401 for a missing, unknown or revoked token; 429 with Retry-After past the token's rate limit
(settings.API_RATE_LIMIT_PER_MINUTE); every request of a known token is logged (ApiRequest).
"""

import datetime
import logging
import re

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reports import periods
from reports.district import district_report, report_json
from reports.periods import Period
from reports.tokens import api_request_admit, api_request_finish, bearer_token
from stations.bounds import plausible_range
from stations.login_limits import client_ip

logger = logging.getLogger("reports.api")

YEAR = re.compile(r"^(\d{4})$")
QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
LONGEST = datetime.timedelta(days=366 * 10)


class BadPeriod(ValueError):
    pass


def parse_period(text: str) -> Period:
    """A period named as in the module docstring; BadPeriod if it names none or an implausible
    one (outside stations.bounds' range, longer than ten years, ending before it starts)."""
    text = (text or "").strip()
    try:
        if not text:
            period = periods.current_year()
        elif match := YEAR.match(text):
            period = periods.year(int(match[1]))
        elif match := QUARTER.match(text):
            period = periods.quarter(int(match[1]), int(match[2]))
        elif match := MONTH.match(text):
            period = periods.month(int(match[1]), int(match[2]))
        elif match := RANGE.match(text):
            start = datetime.date.fromisoformat(match[1])
            end = datetime.date.fromisoformat(match[2])
            period = Period(start, end, periods.PeriodKind.CUSTOM)
        else:
            raise BadPeriod(text)
    except ValueError as error:  # month 13, 2022-02-30, an end before the start
        raise BadPeriod(text) from error
    first, last = plausible_range()
    if period.date_from < first or period.date_to > last:
        raise BadPeriod(text)
    if period.date_to - period.date_from > LONGEST:
        raise BadPeriod(text)
    return period


def _error(status: int, code: str, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": code, "message": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _answer(token, request, period) -> tuple[int, dict]:
    """(status, body) of an admitted request."""
    arguments = {"date_from": period.date_from, "date_to": period.date_to}
    station_code = request.GET.get("station") or ""
    room_code = request.GET.get("room") or ""
    if token.district_id:
        if room_code and not station_code:
            return 404, {"error": "not_found", "message": "room needs station"}
        if not station_code:
            return 200, district_report(district=token.district, **arguments)
        station = token.district.stations.filter(code=station_code).first()
    else:
        station = token.station if station_code in ("", token.station.code) else None
    if station is None:
        return 404, {"error": "not_found", "message": "no such station for this token"}
    room = None
    if room_code:
        room = station.rooms.filter(code=room_code).first()
        if room is None:
            return 404, {"error": "not_found", "message": "no such room for this token"}
    return 200, report_json(station=station, room=room, **arguments)


@login_not_required
@never_cache
@require_GET
def report(request):
    token = bearer_token(request)
    if token is None:
        logger.warning("report API: refused token from %s", client_ip(request))
        return _error(
            401,
            "invalid_token",
            "Authorization: Bearer <token> with a valid, unrevoked token is required.",
            WWW_Authenticate='Bearer realm="stationsite", error="invalid_token"',
        )
    query = request.META.get("QUERY_STRING", "")
    address = client_ip(request) or None
    row, wait = api_request_admit(token=token, query=query, address=address)
    if wait is not None:
        logger.info("report API: token %s rate-limited", token.prefix)
        return _error(
            429, "rate_limited", f"Too many requests: retry in {wait} s.", Retry_After=str(wait)
        )
    try:
        period = parse_period(request.GET.get("period", ""))
    except BadPeriod:
        api_request_finish(request_row=row, status=400)
        return _error(
            400,
            "bad_period",
            "period is YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (at most ten years).",
        )
    status, body = _answer(token, request, period)
    api_request_finish(request_row=row, status=status)
    logger.info("report API: token %s %s -> %s", token.prefix, query, status)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
