"""Peak memory of a large export: streams synthetic volunteer service records through the same
writer path as the site (stations.exports.write_xlsx / iter_csv with the record export's columns).

    python scripts/export_memory.py [--rows 1000000] [--format xlsx|csv]

No database is touched: the rows are generated one at a time, as `queryset.iterator()` hands them
to the writer, so what is measured is the writer itself. Prints rows, seconds, file size and the
peak resident set size (ru_maxrss) of the process; exits non-zero above --limit-mb (200).
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stationsite.settings")

import django

django.setup()

from stations.exports import ExportRequest, iter_csv, write_xlsx  # noqa: E402
from volunteers.export import RECORD_COLUMNS  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Volunteer(SimpleNamespace):
    def get_id_type_display(self):
        return "居民身份证"


def synthetic_records(count: int):
    station = SimpleNamespace(name="测试镇社工站")
    rooms = [SimpleNamespace(name=f"第{n}社工室") for n in range(1, 14)]
    start = datetime.date(2022, 1, 1)
    for index in range(count):
        room = rooms[index % len(rooms)]
        volunteer = _Volunteer(
            real_name=f"志愿者{index % 40000}",
            id_number=f"610303{1970 + index % 40}0101{index % 10000:04d}",
            station=station,
        )
        project = SimpleNamespace(name=f"邻里守望项目{index % 50}", room=room)
        yield SimpleNamespace(
            volunteer=volunteer,
            activity_id=None,
            group_session_id=None,
            project=project,
            date=start + datetime.timedelta(days=index % 365),
            end_date=None,
            hours=Decimal("2.50"),
            content="陪伴独居老人，代购生活用品，测量血压并记录",
            place="幸福里小区",
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--limit-mb", type=float, default=200)
    args = parser.parse_args()
    user = SimpleNamespace(get_full_name=lambda: "基准测试", get_username=lambda: "benchmark")
    export = ExportRequest(
        user=user,
        kind="benchmark",
        title="志愿服务记录",
        columns=RECORD_COLUMNS,
        format=args.format,
    )
    baseline = peak_mb()
    started = time.monotonic()
    with tempfile.TemporaryFile() as target:
        if args.format == "xlsx":
            count = write_xlsx(export, synthetic_records(args.rows), target)
        else:
            count = 0
            for chunk in iter_csv(export, synthetic_records(args.rows)):
                target.write(chunk.encode())
            count = args.rows
        size = target.tell()
    elapsed = time.monotonic() - started
    peak = peak_mb()
    print(
        f"{args.format}: {count} rows in {elapsed:.1f} s, {size / 1024 / 1024:.1f} MB file, "
        f"peak RSS {peak:.0f} MB (after start-up {baseline:.0f} MB)"
    )
    sys.exit(0 if peak <= args.limit_mb else 1)


if __name__ == "__main__":
    main()
