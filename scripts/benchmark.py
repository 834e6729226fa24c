"""Benchmark the pages people use most, against the demo data or a generated tier (issue 15).

    DATABASE_URL=… python scripts/benchmark.py [--tier S|M|L|XL] [--requests 20]
        [--extra-residents 5000] [--concurrency 20 --duration 20] [--path / --no-report]

Loads the demo data if it is missing; with `--tier`, loads that tier (`manage.py generate_load`)
unless the database already holds a load (use a database of its own: the rows stay). Then, per
page, as the persona who uses it: the median and 95th-percentile time, beside the `/healthz` floor
(the same middleware, no work) measured in the same loop, and the Django admin changelist of the
same rows where one exists; the query count; the station report (`station_report`) beside
hand-written SQL that gives the same headline figures. `--concurrency N` then serves the site with
gunicorn on 127.0.0.1 (DEBUG off) and has N threads request the workbench for `--duration`
seconds: requests/s, p50, p95, errors. It exits non-zero when a page misses its target, so that it
can run in a scheduled job; the test suite pins query counts, this script watches time. Targets
are for the 2-core machines this project runs on.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stationsite.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from activities.models import Activity  # noqa: E402
from stations.models import Resident, Room, Station, User  # noqa: E402

# The admin changelist of the same rows, timed beside the page (as the station staff).
ADMIN_OF = {
    "/stations/residents/": "/admin/stations/resident/",
    "/cases/": "/admin/cases/case/",
    "/activities/": "/admin/activities/activity/",
    "/groups/": "/admin/groups/group/",
    "/volunteers/": "/admin/volunteers/volunteer/",
    "/volunteers/records/": "/admin/volunteers/servicerecord/",
}

# (persona, path, target p95 in milliseconds)
PAGES = [
    ("shegong01", "/", 400),
    ("shegong01", "/stations/residents/", 300),
    ("shegong01", "/stations/residents/?q=王", 300),
    ("shegong01", "/cases/", 300),
    ("shegong01", "/activities/", 300),
    ("shegong01", "/groups/", 300),
    ("shegong01", "/volunteers/", 300),
    ("shegong01", "/charity/", 300),
    ("zhanzhang", "/", 500),
    ("zhanzhang", "/stations/residents/", 300),
    ("zhanzhang", "/volunteers/", 300),
    ("zhanzhang", "/volunteers/records/", 300),
    ("dudao", "/", 500),
    ("dudao", "/cases/approvals/", 300),
    ("guanyuan", "/", 500),
    # The report of the demo year: the summary loads the charts; the room table and its charts
    # compute every room at once (a fixed number of queries, however many rooms).
    ("guanyuan", "/reports/?kind=year&year=2022", 500),
    ("guanyuan", "/reports/rooms/?kind=year&year=2022", 300),
    ("guanyuan", "/reports/charts/activities-by-room.svg?kind=year&year=2022", 200),
    ("guanyuan", "/reports/charts/person-times-by-month.svg?kind=year&year=2022", 200),
    ("guanyuan", "/reports/export.xlsx?kind=year&year=2022", 500),
    # The district roll-up of every generated station (tiers M and up; issue 15: under 3 s).
    ("ld_quguanyuan", "/reports/district/?kind=year&year=2022", 3000),
]


def add_residents(count: int) -> None:
    from tests.factories import ResidentFactory

    room = Room.objects.order_by("station", "order").first()
    batch = ResidentFactory.build_batch(count, room=room)
    for resident in batch:
        resident.refresh_lookup_hashes()
    Resident.objects.bulk_create(batch, batch_size=1000)


def percentile95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]


def measure(client: Client, path: str, requests: int, floor: Client) -> dict:
    """Times of `path` and of /healthz, alternately in one loop, so both see the same load."""
    client.get(path)  # warm caches and the connection
    timings, floors = [], []
    for _ in range(requests):
        start = time.perf_counter()
        floor.get("/healthz")
        floors.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {
        "median": statistics.median(timings),
        "p95": percentile95(timings),
        "floor": statistics.median(floors),
        "queries": len(queries.captured_queries),
        "status": response.status_code,
    }


# The report's headline figures by hand: the same definitions as the figure modules, written as
# plain SQL (cases.figures, activities.figures, groups.figures, charity.figures, reports.services).
REPORT_SQL = """
WITH bounds AS (SELECT %(start)s::timestamptz AS start, %(end)s::timestamptz AS finish),
records AS (
    SELECT record.resident_id, record.form FROM cases_servicerecord record
    JOIN stations_room room ON room.id = record.room_id, bounds
    WHERE room.station_id = %(station)s AND record.start_at >= bounds.start
        AND record.start_at < bounds.finish
),
signed AS (
    SELECT participant.resident_id FROM activities_activity_participants participant
    JOIN activities_activity activity ON activity.id = participant.activity_id, bounds
    WHERE activity.station_id = %(station)s AND activity.starts_at >= bounds.start
        AND activity.starts_at < bounds.finish
),
attended AS (
    SELECT member.resident_id FROM groups_attendance attendance
    JOIN groups_groupsession session ON session.id = attendance.session_id
    JOIN groups_group grp ON grp.id = session.group_id
    JOIN groups_groupmember member ON member.id = attendance.member_id, bounds
    WHERE grp.station_id = %(station)s AND session.starts_at >= bounds.start
        AND session.starts_at < bounds.finish AND member.resident_id IS NOT NULL
),
lines AS (
    SELECT line.resident_id, line.household_id FROM charity_beneficiary line
    JOIN charity_disbursement payout ON payout.id = line.disbursement_id
    JOIN charity_fund fund ON fund.id = payout.fund_id
    WHERE fund.station_id = %(station)s AND payout.status = 'applied'
        AND payout.applied_on BETWEEN %(date_from)s AND %(date_to)s
),
reached AS (
    SELECT resident_id FROM lines WHERE resident_id IS NOT NULL
    UNION SELECT resident.id FROM stations_resident resident
    WHERE resident.household_id IN (SELECT household_id FROM lines)
),
served AS (
    SELECT resident_id FROM records UNION SELECT resident_id FROM signed
    UNION SELECT resident_id FROM attended UNION SELECT resident_id FROM reached
)
SELECT
    (SELECT COUNT(*) FROM records) AS contacts,
    (SELECT COUNT(*) FROM records WHERE form = 'home_visit') AS home_visits,
    (SELECT COUNT(*) FROM signed) AS signed_in,
    (SELECT COUNT(*) FROM attended) AS attendances,
    (SELECT COUNT(*) FROM served WHERE resident_id IS NOT NULL) AS people_served
"""


# The report's keys of REPORT_SQL's figures (its "attendances" are the residents' only, the
# report's count every member): `report_values` computes only their sections.
HEADLINE_KEYS = {
    "contacts": "casework.contacts",
    "home_visits": "casework.home_visits",
    "people_served": "totals.people_served",
}


def time_report(station, date_from, date_to, repeats: int) -> None:
    """station_report against REPORT_SQL: times, and the figures side by side; and the same
    headline figures through the report's own code (`report_values`), like for like."""
    from reports.services import report_values, station_report
    from stations.aggregates import day_range

    start, end = day_range(date_from, date_to)
    params = {"station": station.pk, "date_from": date_from, "date_to": date_to}
    params |= {"start": start, "end": end}
    period = {"station": station, "date_from": date_from, "date_to": date_to}
    report_times, headline_times, sql_times = [], [], []
    for _ in range(repeats):
        began = time.perf_counter()
        report = station_report(**period)
        report_times.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        headline = report_values(**period, keys=list(HEADLINE_KEYS.values()))
        headline_times.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(REPORT_SQL, params)
            columns = [column.name for column in cursor.description]
            by_hand = dict(zip(columns, cursor.fetchone(), strict=True))
        sql_times.append((time.perf_counter() - began) * 1000)
    print(
        f"\nstation_report {station.code} {date_from}…{date_to}: "
        f"median {statistics.median(report_times):.0f}ms (whole report, every section); "
        f"hand-written SQL of its headline figures: median {statistics.median(sql_times):.0f}ms"
    )
    print(
        f"  people served: report {report['totals']['people_served']}, SQL "
        f"{by_hand['people_served']}; casework section {report['casework']}; SQL {by_hand}"
    )
    same = all(headline[key] == by_hand[column] for column, key in HEADLINE_KEYS.items())
    floor = statistics.median(sql_times)
    print(
        f"  the same headline figures through the report's code (report_values, their sections "
        f"only): median {statistics.median(headline_times):.0f}ms, "
        f"{statistics.median(headline_times) / floor:.1f}x the SQL "
        f"(target 2x); figures {'agree' if same else 'DISAGREE'}: {headline}"
    )


# The gunicorn of `make run` (Makefile GUNICORN_LIMITS): threaded workers, 30 s per request.
GUNICORN_ARGS = ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--timeout", "30"]


def concurrency_run(
    persona: str, path: str, threads: int, duration: float, think: float = 0
) -> None:
    with tempfile.TemporaryFile("w+") as log:
        _concurrency_run(persona, path, threads, duration, think, log)


def _concurrency_run(
    persona: str, path: str, threads: int, duration: float, think: float, log
) -> None:
    """Serve the site with gunicorn on 127.0.0.1 and request `path` from `threads` threads for
    `duration` seconds. Bounded: local address only, at most 50 threads, at most 120 s.

    `think`: seconds a user reads a page before the next request, drawn uniformly from half to
    one and a half times it (locust's `wait_time = between(…)`): `threads` people at work. With 0
    every thread asks again at once, which measures the server saturated, not people using it.

    The server runs as `make run` serves the demo (DEBUG off, gthread workers, two-factor login
    off); the seconds it takes to start are not counted (it must answer /healthz and `path` once
    first). Errors are counted by kind (HTTP status or exception), and the server's log is shown
    when there are any, so that a failed run says why."""
    import collections
    import http.client
    import random
    import socket
    import subprocess
    import threading

    threads, duration = min(threads, 50), min(duration, 120)
    client = Client()
    client.force_login(User.objects.get(username=persona))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEY,
        "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "OTP_REQUIRED": "false",
    }
    root = Path(__file__).resolve().parent.parent
    # DEBUG off serves static files from the manifest that collectstatic writes, as `make run`
    # does first: without it every page is a 500 (the cause of the failed runs before).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=env,
        check=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "stationsite.wsgi", "--bind", f"127.0.0.1:{port}",
         *GUNICORN_ARGS, "--error-logfile", "-"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    timings, errors, lock = [], collections.Counter(), threading.Lock()
    try:
        ready = False
        deadline = time.monotonic() + 120  # starting takes a while on a busy machine
        while time.monotonic() < deadline:
            try:
                probe_connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                probe_connection.request("GET", "/healthz")
                health = probe_connection.getresponse()
                health.read()  # unread, the next request on this connection fails at once
                if health.status == 200:
                    ready = True  # the server is up; the request below warms `path`
                    probe_connection.request("GET", path, headers=headers)
                    response = probe_connection.getresponse()
                    response.read()
                    if response.status != 200:
                        print(f"concurrency: {path} answers {response.status} before the run")
                    break
            except (OSError, http.client.HTTPException):
                if ready:
                    print(f"concurrency: warming {path} took over 30 s")
                    break
                time.sleep(0.2)
        if not ready:
            print("concurrency: gunicorn did not start")
        stop = time.monotonic() + duration

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=35)
            while time.monotonic() < stop:
                began = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    error = None if response.status == 200 else f"HTTP {response.status}"
                except (OSError, http.client.HTTPException) as exception:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=35)
                    error = type(exception).__name__
                with lock:
                    timings.append((time.perf_counter() - began) * 1000)
                    if error:
                        errors[error] += 1
                if think:
                    pause = random.uniform(think / 2, think * 1.5)
                    time.sleep(max(0.0, min(pause, stop - time.monotonic())))
                    # gunicorn closes a connection idle for its keep-alive (2 s); a browser
                    # opens a new one after such a pause, so does the user here
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=35)
            conn.close()

        began = time.monotonic()
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if not timings:
        print("concurrency: no response")
        return
    kinds = ", ".join(f"{kind} × {count}" for kind, count in errors.most_common())
    print(
        f"\nconcurrency {threads} users × {duration:.0f} s on {path} as {persona}, "
        f"think time {think:g} s (gunicorn "
        f"{' '.join(GUNICORN_ARGS)}, DEBUG off): {len(timings) / elapsed:.1f} requests/s, "
        f"p50 {statistics.median(timings):.0f}ms, p95 {percentile95(timings):.0f}ms, "
        f"errors {sum(errors.values())} of {len(timings)}" + (f" ({kinds})" if kinds else "")
    )
    if errors:
        log.seek(0)
        print("gunicorn's log (last lines):\n" + "".join(log.readlines()[-20:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--extra-residents", type=int, default=0)
    parser.add_argument("--only", default="", help="only the pages whose path contains this text")
    parser.add_argument(
        "--path", default=None, help="only this exact path (`--path /`: the workbench, every role)"
    )
    parser.add_argument("--no-report", action="store_true", help="skip the station_report timing")
    parser.add_argument(
        "--tier", default="", help="load this generate_load tier first (S, M, L, XL)"
    )
    parser.add_argument("--year", type=int, default=2022, help="the report year to time")
    parser.add_argument("--concurrency", type=int, default=0, help="threads on the workbench")
    parser.add_argument("--duration", type=float, default=20, help="seconds of the concurrency run")
    parser.add_argument(
        "--think", type=float, default=0,
        help="seconds each user reads a page between requests (0: saturate the server)",
    )  # fmt: skip
    parser.add_argument(
        "--concurrency-persona", default="shegong01", help="whose workbench the threads request"
    )
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["*"]
    settings.AXES_ENABLED = False
    if not User.objects.filter(username="shegong01").exists():
        call_command("seed_demo", verbosity=0)
    if args.tier and not Activity.objects.filter(title="负载测试活动1").exists():
        call_command("generate_load", tier=args.tier)

    failures = 0
    with transaction.atomic():
        if args.extra_residents:
            add_residents(args.extra_residents)
        print(
            f"residents: {Resident.objects.count()}, stations: {Station.objects.count()}, "
            f"requests per page: {args.requests}"
        )
        print(
            f"{'persona':<10} {'page':<58} {'median':>7} {'p95':>7} {'floor':>6} {'admin':>7}"
            f" {'target':>7} {'queries':>7}"
        )
        clients: dict[str, Client] = {}

        def client_of(persona):
            if persona not in clients:
                clients[persona] = Client()
                clients[persona].force_login(User.objects.get(username=persona))
            return clients[persona]

        floor = Client()
        for persona, path, target in PAGES:
            if args.only not in path or args.path not in (None, path):
                continue
            if not User.objects.filter(username=persona).exists():
                continue  # the district official exists from tier M up
            result = measure(client_of(persona), path, args.requests, floor)
            admin = ""
            if path in ADMIN_OF and persona == "zhanzhang":
                admin_result = measure(client_of("zhanzhang"), ADMIN_OF[path], args.requests, floor)
                admin = f"{admin_result['median']:.0f}ms"
            status = result["status"]
            verdict = (
                "ok" if result["p95"] <= target and status == 200
                else "SLOW" if status == 200 else status
            )  # fmt: skip
            failures += verdict != "ok"
            print(
                f"{persona:<10} {path:<58} {result['median']:>5.0f}ms {result['p95']:>5.0f}ms "
                f"{result['floor']:>4.0f}ms {admin:>7} {target:>5}ms {result['queries']:>7}  "
                f"{verdict}"
            )
        if not args.no_report:
            year = args.year
            time_report(
                Station.objects.get(code="CCZ"),
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
                max(args.requests // 5, 1),
            )
        transaction.set_rollback(True)
    if args.concurrency:
        concurrency_run(args.concurrency_persona, "/", args.concurrency, args.duration, args.think)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
