"""Demo data for the base: 陈仓镇社工站, its 13 rooms and staff shaped like the station's report.

Idempotent: rows are found by fixed keys (codes, usernames) and updated, never duplicated.
Demo logins are created only here; every demo password is DEMO_PASSWORD.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from stations.models import Certification, District, Role, Room, StaffTerm, Station, User
from stations.rosters import roster_record

DEMO_PASSWORD = "shegong-demo-2022"
# The demo's people are on the roster from the start of the report year (issue 16): the report of
# 2021 shows nobody.
ROSTER_START = datetime.date(2022, 1, 1)

ROOMS = [
    # (name, community, code, pilot)
    ("联盟社区社工室", "联盟社区", "lianmeng", True),
    ("新华社区社工室", "新华社区", "xinhua", True),
    ("东关社区社工室", "东关社区", "dongguan", True),
    ("西街社区社工室", "西街社区", "xijie", True),
    ("陈仓社区社工室", "陈仓社区", "chencang", True),
    ("石鼓社区社工室", "石鼓社区", "shigu", True),
    ("南坡村社工室", "南坡村", "nanpo", False),
    ("北塬村社工室", "北塬村", "beiyuan", False),
    ("渭滨村社工室", "渭滨村", "weibin", False),
    ("金陵村社工室", "金陵村", "jinling", False),
    ("太公村社工室", "太公村", "taigong", False),
    ("磻溪村社工室", "磻溪村", "panxi", False),
    ("凤鸣村社工室", "凤鸣村", "fengming", False),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "静",
    "敏",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "芳",
]


def _name(index: int) -> tuple[str, str]:
    return SURNAMES[index % len(SURNAMES)], GIVEN[(index * 7) % len(GIVEN)] + GIVEN[
        (index * 3 + 1) % len(GIVEN)
    ]


def _upsert_user(username, password_hash, *, index, **fields):
    last_name, first_name = _name(index)
    defaults = {"last_name": last_name, "first_name": first_name, **fields}
    user, created = User.objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.password = password_hash
        user.save(update_fields=["password"])
    else:
        for key, value in defaults.items():
            setattr(user, key, value)
        user.save()
    return user


def keep_on_roster(user) -> None:
    """The person's terms: from ROSTER_START when they have none yet; a later run that finds them
    changed (someone edited the account) records the change from today, keeping the history."""
    has_terms = StaffTerm.objects.filter(user=user).exists()
    roster_record(user=user, effective_on=timezone.localdate() if has_terms else ROSTER_START)


def seed_base() -> Station:
    # By name: a database migrated from the typed district names already holds 金台区.
    district, _ = District.objects.update_or_create(name="金台区", defaults={"code": "jintai"})
    station, _ = Station.objects.update_or_create(
        code="CCZ",
        defaults={
            "name": "陈仓镇社工站",
            "township": "陈仓镇",
            "district": district,
            "address": "宝鸡市金台区陈仓镇联盟社区",
        },
    )
    rooms = []
    for order, (name, community, code, pilot) in enumerate(ROOMS, start=1):
        room, _ = Room.objects.update_or_create(
            station=station,
            code=code,
            defaults={"name": name, "community": community, "is_pilot": pilot, "order": order},
        )
        rooms.append(room)

    # One hash for every demo login: hashing 60 passwords one by one takes half a minute.
    password_hash = make_password(DEMO_PASSWORD)
    # 44 social workers: the 3 station staff hold no certificate, the 41 room workers 17
    # intermediate and 24 junior ones (the station's published count of its room workers).
    certificates = [Certification.NONE] * 3 + [Certification.INTERMEDIATE] * 17
    certificates += [Certification.JUNIOR] * 24

    station_staff = ["zhanzhang", "zhushe02", "zhushe03"]
    for index, username in enumerate(station_staff):
        user = _upsert_user(
            username,
            password_hash,
            index=index,
            role=Role.STATION_STAFF,
            station=station,
            certification=certificates[index],
            phone=f"1390917{index:04d}",
        )
        keep_on_roster(user)

    # shegong01 … shegong13 serve room 1 … 13 in order; shegong14 … shegong41 spread over them.
    for number in range(1, 42):
        room = rooms[(number - 1) % len(rooms)]
        user = _upsert_user(
            f"shegong{number:02d}",
            password_hash,
            index=number + 3,
            role=Role.ROOM_WORKER,
            station=station,
            certification=certificates[number + 2],
            phone=f"1380917{number:04d}",
        )
        user.rooms.set([room])
        keep_on_roster(user)

    supervisors = {"dudao": rooms[:7], "dudao02": rooms[7:]}
    for index, (username, supervised) in enumerate(supervisors.items()):
        user = _upsert_user(
            username, password_hash, index=50 + index, role=Role.SUPERVISOR, station=station
        )
        user.rooms.set(supervised)
        keep_on_roster(user)

    _upsert_user("guanyuan", password_hash, index=60, role=Role.OFFICIAL, station=station)
    # The district's civil affairs office: the stations of 金台区 side by side, no station's pages.
    _upsert_user(
        "quguanyuan",
        password_hash,
        index=61,
        role=Role.DISTRICT_OFFICIAL,
        station=None,
        district=district,
    )
    return station


def seed(station=None) -> Station:
    from stations.demo_residents import seed_residents

    station = seed_base()
    seed_residents(station)
    return station
