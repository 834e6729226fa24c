"""Fictional data at city scale, for the benchmark (`manage.py generate_load --tier S|M|L|XL`).

The demo station (陈仓镇社工站, `seed_demo`) receives the tier's volume of one station, so that the
demo logins see a full station; the other stations of the tier are new (codes `LD002`…), each
with 13 rooms and its own staff (`ld002_shegong01`…, demo password). Rows go in with bulk
inserts in batches; ID numbers and phones are encrypted and hashed as the registry does
(stations.privacy, stations.identity), so the pages read them as they read real rows. History
triggers (pghistory) are switched off for the load's own session: generated rows have no history.

The numbers are per station; a tier is a number of stations. Tier L is the database of issue 15
(30 stations, 500,000 residents, 500,000 service records, 1,000,000 volunteer hours, 970,000
activity participants); XL is the city (100 stations, 2,000,000 residents).
"""

import dataclasses
import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import ric

from activities.models import Activity
from cases.models import Case, ServiceRecord, VisitInterval
from charity.models import Beneficiary, CharityProject, Disbursement, Fund
from groups.models import Attendance, Group, GroupMember, GroupSession
from stations.demo import DEMO_PASSWORD, ROOMS, SURNAMES
from stations.identity import document_hash, phone_hash
from stations.models import District, KeyPopulationTag, Resident, Role, Room, Station, User
from volunteers.models import ServiceRecord as HourRecord
from volunteers.models import Volunteer

BATCH = 2000
AREAS = ("610303", "610302", "610304", "610322", "610323", "610324")
GIVEN = "静敏丽强磊军洋勇艳杰娟涛明超霞平刚芳华英兰秀珍桂玉凤"
FIRST_DAY = datetime.date(2021, 1, 1)
# Key populations, weighted roughly as a township's registry holds them.
CATEGORIES = [
    ("dibao", 20), ("elderly_alone", 18), ("disabled", 14), ("left_behind_child", 10),
    ("near_dibao", 8), ("disabled_elderly", 8), ("child_in_difficulty", 5),
    ("left_behind_adult", 5), ("extreme_poverty", 4), ("entitled_group", 4),
    ("family_planning_special", 2), ("orphan", 1), ("community_correction", 1),
]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Tier:
    stations: int
    residents: int  # per station, as are the rest
    tagged_share: float
    cases: int
    service_records: int
    volunteers: int
    hours: int
    activities: int
    participants: int
    groups: int
    sessions_per_group: int
    members_per_group: int
    disbursements: int
    beneficiaries_per_disbursement: int


TIERS = {
    "S": Tier(1, 5_000, 0.3, 600, 5_000, 400, 10_000, 300, 10_000, 30, 8, 12, 20, 10),
    "M": Tier(5, 10_000, 0.3, 1_200, 10_000, 800, 20_000, 500, 20_000, 50, 8, 12, 30, 15),
    "L": Tier(30, 16_667, 0.3, 2_000, 16_667, 1_333, 33_333, 800, 32_333, 80, 8, 12, 40, 20),
    "XL": Tier(100, 20_000, 0.3, 1_000, 5_000, 1_000, 20_000, 800, 30_000, 120, 10, 15, 40, 20),
}


def _insert(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
    return rows


def _ric(serial: int, sex: str) -> tuple[str, datetime.date]:
    """A valid, unique 居民身份证号 for the load's `serial`-th person."""
    day = serial % 30_000
    birth = datetime.date(1935, 1, 1) + datetime.timedelta(days=day)
    sequence = (serial // 30_000) % 500
    parity = 1 if sex == "male" else 0
    area = AREAS[(serial // 15_000_000) % len(AREAS)]
    body = f"{area}{birth:%Y%m%d}{sequence * 2 + parity:03d}"
    return body + ric.calc_check_digit(body + "0"), birth


class Loader:
    def __init__(self, tier: Tier, *, seed: int = 2022, out=None):
        self.tier = tier
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.span = (self.today - FIRST_DAY).days
        self.out = out or (lambda text: None)
        self.password = make_password(DEMO_PASSWORD)
        self.serial = Resident.objects.count() + Volunteer.objects.count() + 1_000_000

    # helpers ---------------------------------------------------------------------------------
    def day(self, start=FIRST_DAY, span=None) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange(span or self.span))

    def moment(self, day: datetime.date, hour=None) -> datetime.datetime:
        hour = self.rng.randint(8, 17) if hour is None else hour
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=2))

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def person(self, rooms, phone_prefix: str) -> dict:
        """A made-up person's registry fields (residents and volunteers): room, name, sex, a valid
        resident ID number with its birth date, a phone, and the hashes of number and phone."""
        serial = self.next_serial()
        sex = self.rng.choice(("male", "female"))
        number, birth = _ric(serial, sex)
        phone = f"{phone_prefix}{serial % 1_000_000_000:09d}"
        return {
            "room": self.rng.choice(rooms),
            "real_name": self.name(),
            "sex": sex,
            "birth_date": birth,
            "id_number": number,
            "id_number_hash": document_hash(number),
            "phone": phone,
            "phone_hash": phone_hash(phone),
        }

    # stations --------------------------------------------------------------------------------
    def station(self, number: int) -> tuple[Station, list[Room], dict]:
        """Station `number` (1 = the demo station) with its rooms and staff."""
        if number == 1:
            station = (
                Station.objects.get(code="CCZ")
                if Station.objects.filter(code="CCZ").exists()
                else Station.objects.order_by("pk").first()
            )
            rooms = list(station.rooms.order_by("order"))
        else:
            code = f"LD{number:03d}"
            station, _ = Station.objects.get_or_create(
                code=code,
                defaults={
                    "name": f"负载测试{number}镇社工站",
                    "township": f"负载测试{number}镇",
                    "district": self.district(),
                },
            )
            rooms = list(station.rooms.order_by("order"))
            if not rooms:
                rooms = _insert(
                    Room,
                    [
                        Room(
                            station=station,
                            name=name,
                            community=community,
                            code=f"{code.lower()}-{room_code}",
                            is_pilot=pilot,
                            order=order,
                        )  # fmt: skip
                        for order, (name, community, room_code, pilot) in enumerate(ROOMS, 1)
                    ],
                )
        users = self.staff(station, rooms, prefix="" if number == 1 else f"ld{number:03d}_")
        return station, rooms, users

    def district(self) -> District:
        """The load's district (the generated stations) and its official, `ld_quguanyuan`, who
        reads the district roll-up of every generated station."""
        district = District.objects.get_or_create(name="负载测试区", defaults={"code": "loadtest"})[
            0
        ]
        if not User.objects.filter(username="ld_quguanyuan").exists():
            User.objects.create(
                username="ld_quguanyuan", password=self.password, role=Role.DISTRICT_OFFICIAL,
                district=district, last_name="区", first_name="官员",
            )  # fmt: skip
        return district

    def staff(self, station, rooms, *, prefix) -> dict:
        def user(username, role, index):
            found = User.objects.filter(username=username).first()
            if found:
                return found
            return User.objects.create(
                username=username, password=self.password, role=role, station=station,
                last_name=SURNAMES[index % len(SURNAMES)], first_name=GIVEN[index % len(GIVEN)],
            )  # fmt: skip

        workers = []
        for index, room in enumerate(rooms, 1):
            worker = user(f"{prefix}shegong{index:02d}", Role.ROOM_WORKER, index)
            worker.rooms.add(room)
            workers.append(worker)
        supervisor = user(f"{prefix}dudao", Role.SUPERVISOR, 40)
        supervisor.rooms.add(*rooms[:7])
        return {
            "workers": workers,
            "supervisor": supervisor,
            "staff": user(f"{prefix}zhanzhang", Role.STATION_STAFF, 41),
            "official": user(f"{prefix}guanyuan", Role.OFFICIAL, 42),
        }

    # records ---------------------------------------------------------------------------------
    def residents(self, rooms) -> list[Resident]:
        rows = []
        for _ in range(self.tier.residents):
            person = self.person(rooms, phone_prefix="13")
            rows.append(
                Resident(**person, pseudonym=self.rng.choice(GIVEN) * 2, registered_on=self.day())
            )
        return _insert(Resident, rows)

    def tags(self, residents):
        categories = [key for key, weight in CATEGORIES for _ in range(weight)]
        tagged = self.rng.sample(residents, int(len(residents) * self.tier.tagged_share))
        rows = []
        for resident in tagged:
            for category in {
                self.rng.choice(categories) for _ in range(self.rng.choice((1, 1, 2)))
            }:
                start = self.day(datetime.date(2018, 1, 1), 365 * 4)
                ended = self.rng.random() < 0.1
                rows.append(
                    KeyPopulationTag(
                        resident=resident,
                        category=category,
                        start_date=start,
                        end_date=self.day(start, 365 * 2) if ended else None,
                    )  # fmt: skip
                )
        _insert(KeyPopulationTag, rows)
        return tagged

    def cases(self, station, residents, users):
        stages = ["intervention"] * 4 + ["closed"] * 4 + ["assessment", "plan", "follow_up"]
        workers = users["workers"]
        rows = []
        for index, resident in enumerate(self.rng.sample(residents, self.tier.cases)):
            worker = (
                workers[resident.room.order - 1]
                if resident.room.order <= len(workers)
                else (workers[0])
            )
            opened = self.day()
            stage = self.rng.choice(stages)
            rows.append(
                Case(
                    station=station,
                    number=f"{station.code}-L{opened.year}-{index + 1:06d}",
                    resident=resident,
                    room=resident.room,
                    worker=worker,
                    supervisor=users["supervisor"],
                    source="outreach",
                    presenting_problem="负载测试个案",
                    stage=stage,
                    opened_on=opened,
                    closed_on=opened + datetime.timedelta(days=90) if stage == "closed" else None,
                    next_contact_date=self.day(self.today - datetime.timedelta(days=60), 90),
                    created_by=worker,
                )  # fmt: skip
            )
        return _insert(Case, rows)

    def service_records(self, residents, tagged, cases, users):
        workers = users["workers"]
        by_resident = {case.resident_id: case for case in cases}
        # Visits go mostly to the tagged residents, as the visit intervals ask.
        pool = tagged * 3 + residents
        forms = ["home_visit"] * 5 + ["interview", "phone", "online", "accompaniment"]
        rows = []
        for _ in range(self.tier.service_records):
            resident = self.rng.choice(pool)
            start = self.moment(self.day())
            minutes = self.rng.choice((30, 45, 60, 90))
            rows.append(
                ServiceRecord(
                    case=by_resident.get(resident.pk),
                    resident=resident,
                    room=resident.room,
                    worker=workers[(resident.room.order - 1) % len(workers)],
                    form=self.rng.choice(forms),
                    start_at=start,
                    end_at=start + datetime.timedelta(minutes=minutes),
                    duration_minutes=minutes,
                    content="负载测试服务记录",
                )  # fmt: skip
            )
        _insert(ServiceRecord, rows)

    def activities(self, station, rooms, residents, users):
        types = ["publicity", "education", "culture_sports", "festival", "free_clinic", "visiting"]
        rows = []
        for index in range(self.tier.activities):
            start = self.moment(self.day(), 9)
            rows.append(
                Activity(
                    station=station,
                    title=f"负载测试活动{index + 1}",
                    activity_type=self.rng.choice(types),
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    direct_participant_count=self.rng.randrange(0, 40),
                    indirect_beneficiaries=self.rng.randrange(0, 200),
                    service_areas=["elderly_care"],
                    created_by=users["staff"],
                )  # fmt: skip
            )
        activities = _insert(Activity, rows)
        room_links = Activity.rooms.through
        _insert(
            room_links,
            [
                room_links(activity=activity, room=self.rng.choice(rooms))
                for activity in activities
                if self.rng.random() < 0.85  # the rest are station-wide
            ],
        )
        participants = Activity.participants.through
        pairs = set()
        while len(pairs) < min(self.tier.participants, len(activities) * len(residents) // 2):
            pairs.add((self.rng.choice(activities).pk, self.rng.choice(residents).pk))
        _insert(
            participants,
            [
                participants(activity_id=activity, resident_id=resident)
                for activity, resident in pairs
            ],
        )
        return activities

    def groups(self, station, rooms, residents, users):
        groups = _insert(
            Group,
            [
                Group(
                    station=station,
                    room=self.rng.choice(rooms),
                    name=f"负载测试小组{index + 1}",
                    group_type="support",
                    start_date=(start := self.day()),
                    end_date=start + datetime.timedelta(days=70),
                    stage="ending",
                    plan_status="approved",
                    created_by=users["staff"],
                )  # fmt: skip
                for index in range(self.tier.groups)
            ],
        )
        members, sessions = [], []
        for group in groups:
            for resident in self.rng.sample(residents, self.tier.members_per_group):
                members.append(
                    GroupMember(group=group, resident=resident, joined_on=group.start_date)
                )
            for number in range(1, self.tier.sessions_per_group + 1):
                start = self.moment(group.start_date + datetime.timedelta(days=7 * number), 14)
                sessions.append(
                    GroupSession(
                        group=group,
                        number=number,
                        starts_at=start,
                        ends_at=start + datetime.timedelta(hours=2),
                    )  # fmt: skip
                )
        members = _insert(GroupMember, members)
        sessions = _insert(GroupSession, sessions)
        by_group = {}
        for member in members:
            by_group.setdefault(member.group_id, []).append(member)
        _insert(
            Attendance,
            [
                Attendance(session=session, member=member, signed_at=session.starts_at)
                for session in sessions
                for member in by_group[session.group_id]
                if self.rng.random() < 0.8
            ],
        )
        return sessions

    def volunteers(self, station, rooms, activities, sessions, users):
        rows = []
        for _ in range(self.tier.volunteers):
            person = self.person(rooms, phone_prefix="15")
            rows.append(Volunteer(station=station, **person, registered_on=self.day(), skills=[]))
        volunteers = _insert(Volunteer, rows)
        statuses = ["confirmed"] * 17 + ["recorded"] * 2 + ["corrected"]
        services = [("activity", a) for a in activities] + [("group_session", s) for s in sessions]
        seen = set()
        records = []
        attempts = 0
        while len(records) < self.tier.hours and attempts < self.tier.hours * 3:
            attempts += 1
            volunteer = self.rng.choice(volunteers)
            kind, service = self.rng.choice(services)
            if (volunteer.pk, kind, service.pk) in seen:
                continue
            seen.add((volunteer.pk, kind, service.pk))
            status = self.rng.choice(statuses)
            records.append(
                HourRecord(
                    volunteer=volunteer,
                    **{kind: service},
                    date=timezone.localtime(service.starts_at).date(),
                    content="负载测试志愿服务",
                    hours=Decimal(self.rng.choice(("1.0", "1.5", "2.0", "3.0"))),
                    status=status,
                    created_by=users["staff"],
                    confirmed_by=users["staff"] if status != "recorded" else None,
                )  # fmt: skip
            )
        _insert(HourRecord, records)

    def charity(self, station, residents, users):
        fund = Fund.objects.create(
            station=station, name="负载测试慈善基金", host_name="负载测试社区"
        )
        project = CharityProject.objects.create(
            fund=fund, title="负载测试救助项目", purpose="负载测试", start_date=FIRST_DAY,
            end_date=self.today, target_amount=Decimal("100000"), status="active",
        )  # fmt: skip
        disbursements = _insert(
            Disbursement,
            [
                Disbursement(
                    fund=fund,
                    project=project,
                    number=f"{station.code}-LZ{index + 1:05d}",
                    amount=Decimal("5000"),
                    purpose="负载测试救助",
                    status="applied",
                    created_by=users["staff"],
                    approved_by=users["supervisor"],
                    approved_at=self.moment(applied := self.day()),
                    applied_by=users["staff"],
                    applied_on=applied,
                )  # fmt: skip
                for index in range(self.tier.disbursements)
            ],
        )
        _insert(
            Beneficiary,
            [
                Beneficiary(
                    disbursement=disbursement,
                    resident=resident,
                    amount=Decimal("250"),
                    received_on=disbursement.applied_on,
                )
                for disbursement in disbursements
                for resident in self.rng.sample(residents, self.tier.beneficiaries_per_disbursement)
            ],
        )

    # the whole load --------------------------------------------------------------------------
    def load_station(self, number: int) -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute("SET LOCAL statement_timeout = 0")
            station, rooms, users = self.station(number)
            residents = self.residents(rooms)
            tagged = self.tags(residents)
            cases = self.cases(station, residents, users)
            self.service_records(residents, tagged, cases, users)
            activities = self.activities(station, rooms, residents, users)
            sessions = self.groups(station, rooms, residents, users)
            self.volunteers(station, rooms, activities, sessions, users)
            self.charity(station, residents, users)
            if not VisitInterval.objects.filter(station=station).exists():
                VisitInterval.objects.create(station=station, category="elderly_alone", days=30)
        self.out(f"  station {number}/{self.tier.stations} ({station.code}): ok")

    def run(self) -> None:
        for number in range(1, self.tier.stations + 1):
            self.load_station(number)
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            # VACUUM as well as ANALYZE: the visibility map lets the plans use index-only scans
            # (a station's active residents, `resident_active_room_idx`), as on a server whose
            # autovacuum has run; freshly loaded pages would each be read from the table.
            cursor.execute("VACUUM (ANALYZE)")
