"""Demo data of the district roll-up: 金台区 holds 陈仓镇 (the demo station, seeded by the apps
before this) and two small stations, each with two rooms, a station head, a room worker per
room, a few residents and a few activities in 2022 and in the last twelve months.

Idempotent: stations, rooms and logins by code or username, residents by ID number (stations'
demo_residents, a seed of each station's own), activities by (station, title); a later run moves
the present activities along with today. Nothing of 陈仓镇 is touched.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from activities.models import Activity, ActivityType
from stations.demo import DEMO_PASSWORD, _upsert_user, keep_on_roster
from stations.demo_residents import seed_residents
from stations.models import Certification, District, Role, Room, Station

SMALL_STATIONS = [
    {
        "code": "JHZ",
        "name": "金河镇社工站",
        "township": "金河镇",
        "address": "宝鸡市金台区金河镇金河社区",
        "login": "jinhe",
        "seed": 20220401,
        "rooms": [("金河社区社工室", "金河社区", "jinhe"), ("东岭村社工室", "东岭村", "dongling")],
    },
    {
        "code": "XSZ",
        "name": "硖石镇社工站",
        "township": "硖石镇",
        "address": "宝鸡市金台区硖石镇硖石社区",
        "login": "xiashi",
        "seed": 20220501,
        "rooms": [("硖石社区社工室", "硖石社区", "xiashi"), ("林家村社工室", "林家村", "linjia")],
    },
]

RESIDENTS_PER_STATION = 12

# (title, type, service areas, target populations, month and day in 2022, direct, indirect)
ACTIVITIES_2022 = [
    ("政策宣传进村入户", ActivityType.PUBLICITY, ["social_assistance"], ["hardship"], (4, 12), 36, 20),
    ("重阳敬老文艺汇演", ActivityType.FESTIVAL, ["elderly_care"], ["elderly"], (10, 4), 58, 30),
    ("儿童暑期安全课堂", ActivityType.EDUCATION, ["child_welfare"], ["children"], (7, 20), 27, 15),
]  # fmt: skip
# (title, type, service areas, target populations, days before today, direct, indirect)
ACTIVITIES_PRESENT = [
    ("独居老人健康义诊", ActivityType.FREE_CLINIC, ["elderly_care"], ["elderly"], 25, 32, 10),
    ("四点半课堂读书会", ActivityType.EDUCATION, ["child_welfare"], ["children"], 70, 18, 8),
    ("邻里议事协商会", ActivityType.CONSULTATION, ["community_governance"], ["residents"], 150, 24, 40),
]  # fmt: skip


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _activity(station, room, title, kind, areas, populations, starts_at, direct, indirect, worker):
    activity, _ = Activity.objects.update_or_create(
        station=station,
        title=f"{title}（{room.community}）",
        defaults={
            "activity_type": kind,
            "service_areas": areas,
            "target_populations": populations,
            "social_forces": ["community", "social_workers"],
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "direct_participant_count": direct,
            "indirect_beneficiaries": indirect,
            "place": f"{room.community}党群服务中心",
            "content": f"{title}：社工室联合村（居）委开展，现场讲解、互动答疑。",
            "outcome": "居民参与积极，收集到多条服务需求。",
        },
    )
    activity.rooms.set([room])
    activity.organisers.set([worker])


def _seed_station(district, plan, password_hash, today):
    station, _ = Station.objects.update_or_create(
        code=plan["code"],
        defaults={
            "name": plan["name"],
            "township": plan["township"],
            "district": district,
            "address": plan["address"],
        },
    )
    rooms = []
    for order, (name, community, code) in enumerate(plan["rooms"], start=1):
        room, _ = Room.objects.update_or_create(
            station=station,
            code=code,
            defaults={"name": name, "community": community, "order": order},
        )
        rooms.append(room)
    login = plan["login"]
    head = _upsert_user(
        f"{login}_zhanzhang",
        password_hash,
        index=70 + len(login),
        role=Role.STATION_STAFF,
        station=station,
        certification=Certification.INTERMEDIATE,
    )
    keep_on_roster(head)
    workers = []
    for number, room in enumerate(rooms, start=1):
        worker = _upsert_user(
            f"{login}_shegong{number:02d}",
            password_hash,
            index=80 + number + len(login),
            role=Role.ROOM_WORKER,
            station=station,
            certification=Certification.JUNIOR,
        )
        worker.rooms.set([room])
        keep_on_roster(worker)
        workers.append(worker)
    seed_residents(station, target=RESIDENTS_PER_STATION, seed=plan["seed"])
    for index, (title, kind, areas, populations, (month, day), direct, indirect) in enumerate(
        ACTIVITIES_2022
    ):
        room = rooms[index % len(rooms)]
        starts_at = _at(datetime.date(2022, month, day), 9)
        _activity(
            station, room, title, kind, areas, populations, starts_at, direct, indirect,
            workers[index % len(workers)],
        )  # fmt: skip
    for index, (title, kind, areas, populations, days, direct, indirect) in enumerate(
        ACTIVITIES_PRESENT
    ):
        room = rooms[index % len(rooms)]
        starts_at = _at(today - datetime.timedelta(days=days), 14)
        _activity(
            station, room, title, kind, areas, populations, starts_at, direct, indirect,
            workers[index % len(workers)],
        )  # fmt: skip


def seed(station):
    """The district of `station` (陈仓镇, in 金台区 since the base's demo) gains two stations."""
    district = station.district or District.objects.get(code="jintai")
    password_hash = make_password(DEMO_PASSWORD)
    today = timezone.localdate()
    for plan in SMALL_STATIONS:
        _seed_station(district, plan, password_hash, today)
    return station
