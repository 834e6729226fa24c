"""Time and peak memory of a ledger import (check, then import), for files of several sizes.

    DATABASE_URL=… python scripts/benchmark_import.py [--rows 10000 100000] [--format xlsx|csv]

    python scripts/benchmark_import.py --kind service_records --rows 10000 100000 500000

Each size runs in its own processes: one writes a fictional file (residents, or home visits of 500
residents), another checks and imports it into a fresh station in a transaction that is rolled
back at the end, as the import job does (with an import batch, so every row is linked to it).
Printed: the time of each step and the peak resident memory of the importing process, with its
memory after start-up (Django loaded) as the base. Memory should stay flat as the file grows: the
file is read row by row (openpyxl read-only) and written in chunks.
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stationsite.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=")
os.environ.setdefault("FIELD_HASH_KEY", "benchmark-only")

HEADER = ["社工室", "姓名", "身份证号", "联系电话", "家庭户", "与户主关系", "建档日期", "重点人群"]
TAGS = ["", "", "空巢/独居老人", "低保对象", "残疾人", "留守老人/妇女"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def residents_rows(count: int, room_name: str):
    from stdnum.cn import ric

    areas = ["610302", "610303", "610304", "610322", "610323", "610324"]  # counties of 宝鸡
    for n in range(count):
        # Every number different: area and serial from n's residue modulo 6,000, the birth day
        # from that residue (spread over 1930–2009) plus n // 6,000.
        residue = n % 6000
        birth = datetime.date(1930, 1, 1) + datetime.timedelta(
            days=residue * 7919 % 29000 + n // 6000
        )
        body = f"{areas[residue // 1000]}{birth:%Y%m%d}{residue % 1000:03d}"
        number = body + ric.calc_check_digit(body + "0")
        tag = TAGS[n % len(TAGS)]
        if tag == "残疾人":
            tag = "空巢/独居老人"
        yield [room_name, f"居民{n}", number, f"139{n:08d}", "", "", "2022-03-01", tag]


RECORDS_HEADER = [
    "社工室",
    "服务对象姓名",
    "服务日期",
    "开始时间",
    "时长（分钟）",
    "服务形式",
    "服务内容",
]
RESIDENTS_FOR_RECORDS = 500


def records_rows(count: int, room_name: str):
    """Home visits of 500 residents (found by name: no ID number), spread over 2022."""
    rng = random.Random(count)
    for n in range(count):
        day = datetime.date(2022, 1, 1) + datetime.timedelta(days=n // 1440 % 365)
        minute = n % 1440  # one visit per minute of a day: each row is its own record
        start = f"{minute // 60:02d}:{minute % 60:02d}"
        resident = n % RESIDENTS_FOR_RECORDS
        yield [room_name, f"居民{resident}", day, start, rng.randint(20, 60), "入户", "走访"]


def write_file(path: Path, rows, fmt: str, header=HEADER) -> None:
    if fmt == "csv":
        import csv

        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入数据")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def write_one(count: int, fmt: str, kind_name: str, path: Path) -> dict:
    started = time.perf_counter()
    if kind_name == "service_records":
        write_file(path, records_rows(count, "基准社工室"), fmt, RECORDS_HEADER)
    else:
        write_file(path, residents_rows(count, "基准社工室"), fmt)
    return {
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "write_s": round(time.perf_counter() - started, 1),
    }


def _reporter(step: str, started: float, every: float = 30.0):
    """A progress callback printing (to stderr, at most every `every` seconds) the rows done, the
    rate and the peak memory so far: a run too long to finish still shows both."""
    last = [started, 0]

    def report(rows: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= every:
            elapsed = now - started
            recent = (rows - last[1]) / (now - last[0])
            last[0], last[1] = now, rows
            print(
                json.dumps(
                    {
                        "step": step,
                        "rows": rows,
                        "s": round(elapsed),
                        "rows_per_s": round(rows / elapsed),
                        "rows_per_s_recent": round(recent),
                        "peak_mb": round(peak_mb()),
                    }
                ),
                file=sys.stderr,
                flush=True,
            )

    return report


def run_one(count: int, fmt: str, kind_name: str, path: Path) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    from ledger.models import ImportBatch
    from ledger.services import ledger_check, ledger_import, make_kind
    from stations.models import Role, Room, Station, User

    class Rollback(Exception):
        pass

    result = {"rows": count, "format": fmt, "kind": kind_name}
    result["base_mb"] = round(peak_mb())
    try:
        with transaction.atomic():
            # Names of its own: two runs at once must not wait on each other's unique keys.
            station = Station.objects.create(
                name=f"基准测试社工站{os.getpid()}", code=f"B{os.getpid()}", township="基准镇"
            )
            room = Room.objects.create(
                station=station, name="基准社工室", community="基准村", code="b1"
            )
            user = User.objects.create(
                username=f"benchmark-import-{os.getpid()}", role=Role.STATION_STAFF, station=station
            )
            if kind_name == "service_records":
                from stations.models import Resident

                for n in range(RESIDENTS_FOR_RECORDS):
                    Resident.objects.create(
                        room=room,
                        real_name=f"居民{n}",
                        pseudonym=f"化名{n}",
                        sex="female",
                        birth_date=datetime.date(1950, 1, 1),
                        id_type="none",
                        registered_on=datetime.date(2021, 12, 1),
                    )
            kind = make_kind(kind_name, station=station, user=user)
            started = time.perf_counter()
            check = ledger_check(kind, path, path.name, progress=_reporter("check", started))
            result["check_s"] = round(time.perf_counter() - started, 1)
            result["problems"] = check.error_count
            result["peak_mb_after_check"] = round(peak_mb())
            kind = make_kind(kind_name, station=station, user=user)
            batch = ImportBatch.objects.create(
                station=station, kind=kind_name, file_name=path.name, created_by=user
            )
            started = time.perf_counter()
            outcome = ledger_import(
                kind, path, path.name, batch=batch, progress=_reporter("import", started)
            )
            result["import_s"] = round(time.perf_counter() - started, 1)
            # The foreign-key checks still deferred are what a commit would run (the rollback
            # below skips them): run them now and count them in.
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            result["deferred_checks_s"] = round(time.perf_counter() - started, 1)
            result["created"] = outcome.created
            result["peak_mb_after_import"] = round(peak_mb())
            raise Rollback
    except Rollback:
        pass
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--kind", choices=["residents", "service_records"], default="residents")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        print(json.dumps(write_one(args.write, args.format, args.kind, args.file)))
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.format, args.kind, args.file)))
        return 0
    print(
        f"{args.kind}: rows\tformat\tfile MB\tcheck s\timport s\tdeferred checks s\t"
        "rows/s (import)\t"
        "base MB\tpeak MB (check)\tpeak MB (import)\tproblems\tload average",
        flush=True,
    )
    common = ["--format", args.format, "--kind", args.kind]
    for count in args.rows:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{args.kind}.{args.format}"
            written = _child(["--write", str(count), "--file", str(path), *common])
            result = {**written, **_child(["--one", str(count), "--file", str(path), *common])}
        seconds = result["import_s"] + result["deferred_checks_s"]
        rate = round(result["rows"] / seconds) if seconds else 0
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"{result['rows']}\t{result['format']}\t{result['file_mb']}\t{result['check_s']}\t"
            f"{result['import_s']}\t{result['deferred_checks_s']}\t{rate}\t{result['base_mb']}\t"
            f"{result['peak_mb_after_check']}\t{result['peak_mb_after_import']}\t"
            f"{result['problems']}\t{load}",
            flush=True,
        )
    return 0


def _child(arguments) -> dict:
    # stderr is the terminal's: the progress lines of a long run show as it goes.
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
