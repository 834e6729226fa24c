"""Peak memory of a large export run as a background job, end to end from the database:
1,000,000 volunteer service records of a scratch database, read by the list's own queryset
(server-side cursor, chunks of CHUNK_SIZE) and written by the job (registers.services).

    DATABASE_URL=postgres://…/scratch python scripts/export_job_memory.py [--rows 1000000]

The first run fills the scratch database (100 volunteers × 10 projects × N/1000 days, inserted by
one INSERT … SELECT, history triggers off); later runs reuse the rows. The job then runs in this
process as the station's staff user. Prints rows, seconds, file size and the peak resident set
size (ru_maxrss); exits non-zero above --limit-mb (200). Never point it at a real database.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stationsite.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from registers.models import ExportJob, ExportJobStatus  # noqa: E402
from registers.services import export_job_run  # noqa: E402
from stations.models import Role, Room, Station, User  # noqa: E402
from volunteers.models import ServiceRecord, Volunteer, VolunteerProject  # noqa: E402

VOLUNTEERS, PROJECTS = 100, 10


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(rows: int) -> User:
    station, _ = Station.objects.get_or_create(
        code="BENCH",
        defaults={"name": "基准测试社工站", "township": "测试镇", "district": "测试区"},
    )
    room, _ = Room.objects.get_or_create(
        station=station, code="b1", defaults={"name": "基准测试社工室"}
    )
    staff, _ = User.objects.get_or_create(
        username="bench-staff", defaults={"role": Role.STATION_STAFF, "station": station}
    )
    have = ServiceRecord.objects.filter(volunteer__room=room).count()
    if have >= rows:
        return staff
    with transaction.atomic():
        volunteers = [
            Volunteer.objects.get_or_create(
                station=station,
                room=room,
                real_name=f"志愿者{n}",
                defaults={
                    "registered_on": datetime.date(2019, 1, 1),
                    "sex": "female",
                    "birth_date": datetime.date(1970, 1, 1),
                    "id_number": f"61030319700101{n:04d}",
                },
            )[0]
            for n in range(VOLUNTEERS)
        ]
        projects = [
            VolunteerProject.objects.get_or_create(
                station=station,
                room=room,
                name=f"邻里守望项目{n}",
                defaults={
                    "starts_on": datetime.date(2019, 1, 1),
                    "ends_on": datetime.date(2025, 12, 31),
                    "max_daily_hours": 8,
                    "slots": 200,
                },
            )[0]
            for n in range(PROJECTS)
        ]
        days = -(-rows // (VOLUNTEERS * PROJECTS))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")  # no history rows
            cursor.execute(
                """
                INSERT INTO volunteers_servicerecord
                    (volunteer_id, project_id, date, place, content, hours, status,
                     created_by_id, recorded_at)
                SELECT v, p, DATE '2019-01-01' + d, '幸福里小区',
                       '陪伴独居老人，代购生活用品，测量血压并记录', 2.50, 'confirmed', %s, now()
                FROM unnest(%s::bigint[]) AS v, unnest(%s::bigint[]) AS p,
                     generate_series(0, %s - 1) AS d
                LIMIT %s
                """,
                [
                    staff.pk,
                    [v.pk for v in volunteers],
                    [p.pk for p in projects],
                    days,
                    rows - have,
                ],
            )
    return staff


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--limit-mb", type=float, default=200)
    args = parser.parse_args()
    started = time.monotonic()
    staff = fill(args.rows)
    print(f"fill: {time.monotonic() - started:.1f} s", flush=True)
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="export-bench-")
    job = ExportJob.objects.create(
        requested_by=staff,
        station=staff.station,
        key="volunteer-records",
        query={},
        title="志愿服务记录",
        expected_rows=args.rows,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    baseline = peak_mb()
    started = time.monotonic()
    export_job_run(job_id=job.pk)
    elapsed = time.monotonic() - started
    job.refresh_from_db()
    assert job.status == ExportJobStatus.DONE, job.error
    size = job.file.size
    job.file.delete(save=False)
    job.delete()
    peak = peak_mb()
    print(
        f"job xlsx: {job.row_count} rows in {elapsed:.1f} s, {size / 1024 / 1024:.1f} MB file, "
        f"peak RSS {peak:.0f} MB (before the job {baseline:.0f} MB)"
    )
    sys.exit(0 if peak <= args.limit_mb else 1)


if __name__ == "__main__":
    main()
