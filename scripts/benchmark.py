"""Benchmark the pages people use most, against the demo data (or a larger copy of it).

    DATABASE_URL=… python scripts/benchmark.py [--requests 20] [--extra-residents 5000]

Loads the demo data if it is missing, optionally adds extra fictional residents to room 1 (in a
transaction that is rolled back at the end), then requests each page as the persona who uses it and
prints the median and 95th-percentile time and the query count. It exits non-zero when a page misses
its target, so that it can run in a scheduled job; the test suite pins query counts, this script
watches time. Targets are for the 2-core machines this project runs on.
"""

import argparse
import os
import statistics
import sys
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

from stations.models import Resident, Room, User  # noqa: E402

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
]


def add_residents(count: int) -> None:
    from tests.factories import ResidentFactory

    room = Room.objects.order_by("station", "order").first()
    batch = ResidentFactory.build_batch(count, room=room)
    for resident in batch:
        resident.refresh_lookup_hashes()
    Resident.objects.bulk_create(batch, batch_size=1000)


def measure(client: Client, path: str, requests: int) -> tuple[list[float], int, int]:
    client.get(path)  # warm caches and the connection
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return timings, len(queries.captured_queries), response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--extra-residents", type=int, default=0)
    parser.add_argument("--only", default="", help="only the pages whose path contains this text")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["*"]
    settings.AXES_ENABLED = False
    if not User.objects.filter(username="shegong01").exists():
        call_command("seed_demo", verbosity=0)

    failures = 0
    with transaction.atomic():
        if args.extra_residents:
            add_residents(args.extra_residents)
        print(f"residents: {Resident.objects.count()}, requests per page: {args.requests}")
        print(f"{'persona':<10} {'page':<62} {'median':>8} {'p95':>8} {'target':>7} {'queries':>7}")
        clients: dict[str, Client] = {}
        for persona, path, target in PAGES:
            if args.only not in path:
                continue
            client = clients.get(persona)
            if client is None:
                client = clients[persona] = Client()
                client.force_login(User.objects.get(username=persona))
            timings, query_count, status = measure(client, path, args.requests)
            p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
            verdict = (
                "ok" if p95 <= target and status == 200 else "SLOW" if status == 200 else status
            )
            failures += verdict != "ok"
            print(
                f"{persona:<10} {path:<62} {statistics.median(timings):>6.0f}ms {p95:>6.0f}ms "
                f"{target:>5}ms {query_count:>7}  {verdict}"
            )
        transaction.set_rollback(True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
