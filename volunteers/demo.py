"""Demo volunteers for 陈仓镇社工站: 110 registered (106 in the 2022 register), their 2022 service
in volunteer projects — 508 confirmed person-times, 22,639 confirmed hours, as the station's report
says — plus a few records awaiting confirmation in recent weeks and one disputed record.

Idempotent: volunteers are found by the keyed hash of their (fictional) ID number, projects by
name; records and certificates are created only once.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from stations.models import Role, Room, User
from stations.privacy import blind_index
from volunteers.models import (
    Certificate,
    ProjectSignup,
    ProjectStatus,
    RecordChangeAction,
    RecordStatus,
    ServiceRecord,
    ServiceRecordChange,
    Volunteer,
    VolunteerProject,
    VolunteerStatus,
)

SEED = 20220601
TOTAL_RECORDS = 508
TOTAL_HOURS = Decimal("22639")
AREA = "610303"  # 宝鸡市金台区

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN_MALE = [
    "建国",
    "志强",
    "海涛",
    "国平",
    "永红",
    "晓东",
    "俊杰",
    "宏伟",
    "明辉",
    "文斌",
    "立新",
    "保平",
    "小军",
    "浩然",
    "子轩",
]
GIVEN_FEMALE = [
    "秀英",
    "桂兰",
    "丽娟",
    "晓燕",
    "春梅",
    "玉兰",
    "雪梅",
    "静怡",
    "淑珍",
    "红霞",
    "美玲",
    "欣怡",
    "婉清",
    "翠萍",
    "巧云",
]
SKILL_SETS = [
    ["elderly_care"],
    ["tutoring"],
    ["epidemic", "publicity"],
    ["medical"],
    ["culture_sports"],
    ["legal"],
    ["repair", "driving"],
    ["psychology"],
    ["elderly_care", "epidemic"],
    ["tutoring", "culture_sports"],
]
AVAILABILITY = ["周末全天", "工作日晚上", "周一至周五上午", "节假日", "随叫随到", "周六下午"]

# (name, room index or None for station-wide, start, end, daily hours, weight, area, content)
PROJECTS = [
    (
        "疫情防控志愿服务（卡口值守、核酸检测引导）",
        None,
        (1, 1),
        (12, 31),
        10,
        46,
        "疫情防控",
        "卡口值守、扫码测温、核酸检测秩序引导",
    ),
    (
        "“银龄相伴”关爱空巢老人",
        0,
        (3, 1),
        (11, 30),
        8,
        9,
        "养老服务",
        "入户陪伴、代购代办、读报聊天",
    ),
    (
        "“夏日梦想”暑期青少年托管",
        None,
        (7, 1),
        (8, 31),
        8,
        10,
        "儿童福利",
        "课业辅导、安全教育、手工与阅读陪伴",
    ),
    (
        "文明城市创建志愿服务",
        None,
        (4, 1),
        (10, 31),
        8,
        8,
        "社区治理",
        "文明劝导、交通疏导、楼院环境整治",
    ),
    ("汛期巡查值守", None, (6, 1), (9, 30), 10, 6, "平安建设", "河道巡查、隐患排查、转移群众协助"),
    ("“阳光助残”上门服务", 2, (3, 15), (12, 15), 8, 5, "残疾人服务", "上门康复陪伴、辅具使用指导"),
    ("春节送温暖", None, (1, 10), (1, 31), 8, 5, "社会救助", "慰问品分装、入户走访、春联书写"),
    (
        "反诈宣传进万家",
        1,
        (5, 1),
        (12, 31),
        6,
        5,
        "平安建设",
        "入户发放反诈资料、指导安装国家反诈中心APP",
    ),
    ("重阳敬老月", None, (10, 1), (10, 31), 8, 4, "养老服务", "敬老宴服务、义剪、健康讲座协助"),
    ("石鼓社区“四点半课堂”", 5, (3, 1), (12, 31), 4, 2, "儿童福利", "放学后课业辅导与阅读陪伴"),
]
RECENT_PROJECT = ("独居老人居家安全探访", 0, "养老服务", "入户探访、检查用电燃气与居家安全")
# Earlier demo data named the recent project after a season; the row is renamed, not duplicated.
OLD_RECENT_NAMES = ["冬季独居老人探访"]
# A year-round project of the last twelve months: confirmed hours for the current year's figures.
PRESENT_PROJECT = (
    "“银龄相伴”常态化关爱服务",
    "养老服务",
    "陪伴聊天、代购代办、协助就医",
)
PRESENT_RECORDS = 72  # one every five days over the last year


def _ric(rng: random.Random, birth: datetime.date, sex: str, used: set) -> str:
    while True:
        sequence = rng.randrange(0, 500) * 2 + (1 if sex == "male" else 0)
        body = f"{AREA}{birth:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number


def _volunteer_specs(rng: random.Random, today: datetime.date) -> list[dict]:
    """110 people: 104 active and 2 paused registered by 2022, 2 who left in 2021, 2 new this month."""
    used: set[str] = set()
    specs = []
    for index in range(110):
        sex = "female" if rng.random() < 0.62 else "male"
        if index in (20, 57):  # two high-school volunteers, with their guardians' consent
            birth = datetime.date(2005, rng.randint(1, 12), rng.randint(1, 28))
        else:
            birth = datetime.date(rng.randint(1952, 2001), rng.randint(1, 12), rng.randint(1, 28))
        given = rng.choice(GIVEN_FEMALE if sex == "female" else GIVEN_MALE)
        spec = {
            "index": index,
            "real_name": SURNAMES[(index * 7 + 3) % len(SURNAMES)] + given,
            "sex": sex,
            "birth_date": birth,
            "id_number": _ric(rng, birth, sex, used),
            "phone": f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            "skills": rng.choice(SKILL_SETS),
            "availability": rng.choice(AVAILABILITY),
            "registered_on": datetime.date(
                rng.choice([2020, 2021, 2021, 2022]), rng.randint(1, 12), rng.randint(1, 28)
            ),
            "status": VolunteerStatus.ACTIVE,
            "left_on": None,
            "has_accident_insurance": rng.random() < 0.7,
        }
        if spec["registered_on"].year == 2022:
            spec["registered_on"] = spec["registered_on"].replace(month=rng.randint(1, 3))
        if index in (20, 57):
            spec["registered_on"] = datetime.date(2021, 9, 1)
            spec["guardian_name"] = SURNAMES[(index * 7 + 3) % len(SURNAMES)] + rng.choice(
                GIVEN_MALE
            )
            spec["guardian_relation"] = "父亲"
            spec["guardian_consent_on"] = datetime.date(2021, 8, 28)
        if index in (104, 105):
            spec["status"] = VolunteerStatus.PAUSED
        if index in (106, 107):
            spec["status"] = VolunteerStatus.LEFT
            spec["registered_on"] = datetime.date(2019, 5, 1)
            spec["left_on"] = datetime.date(2021, 10, 1)
        if index in (108, 109):
            spec["registered_on"] = today - datetime.timedelta(days=5 + index - 108)
        specs.append(spec)
    return specs


def _seed_volunteers(station, rooms, rng, today, creator) -> list[Volunteer]:
    specs = _volunteer_specs(rng, today)
    existing = {v.id_number_hash: v for v in Volunteer.objects.filter(station=station)}
    new = []
    for spec in specs:
        id_hash = blind_index(spec["id_number"])
        if id_hash in existing:
            continue
        room = rooms[spec["index"] % len(rooms)]
        fields = {k: v for k, v in spec.items() if k != "index"}
        new.append(
            Volunteer(
                station=station,
                room=room,
                id_type="resident_id",
                id_number_hash=id_hash,
                phone_hash=blind_index(spec["phone"]),
                created_by=creator,
                **fields,
            )
        )
    Volunteer.objects.bulk_create(new)
    by_hash = {v.id_number_hash: v for v in Volunteer.objects.filter(station=station)}
    return [by_hash[blind_index(spec["id_number"])] for spec in specs]


def _seed_projects(station, rooms, staff, today) -> tuple[list, VolunteerProject]:
    projects = []
    for name, room_index, start, end, daily, _weight, area, content in PROJECTS:
        project, _created = VolunteerProject.objects.update_or_create(
            station=station,
            name=name,
            defaults={
                "room": rooms[room_index] if room_index is not None else None,
                "starts_on": datetime.date(2022, *start),
                "ends_on": datetime.date(2022, *end),
                "max_daily_hours": Decimal(daily),
                "slots": 120,
                "status": ProjectStatus.CLOSED,
                **_tags(area),
                "description": content,
                "place": "陈仓镇各社区（村）"
                if room_index is None
                else rooms[room_index].community,
                "organiser": staff,
            },
        )
        projects.append(project)
    name, room_index, area, content = RECENT_PROJECT
    if not VolunteerProject.objects.filter(station=station, name=name).exists():
        VolunteerProject.objects.filter(station=station, name__in=OLD_RECENT_NAMES).update(
            name=name
        )
    recent, _created = VolunteerProject.objects.update_or_create(
        station=station,
        name=name,
        defaults={
            "room": rooms[room_index],
            "starts_on": today - datetime.timedelta(days=28),
            "ends_on": today + datetime.timedelta(days=60),
            "max_daily_hours": Decimal(6),
            "slots": 12,
            "status": ProjectStatus.UNDERWAY,
            **_tags(area),
            "description": content,
            "place": rooms[room_index].community,
            "organiser": staff,
        },
    )
    return projects, recent


# The demo's projects name their service area in Chinese; the shared list stores codes.
AREA_CODES = {
    "疫情防控": "epidemic_prevention",
    "养老服务": "elderly_care",
    "儿童福利": "child_welfare",
    "社区治理": "community_governance",
    "平安建设": "safety",
    "残疾人服务": "disability",
    "社会救助": "social_assistance",
}
AREA_POPULATIONS = {
    "elderly_care": ["elderly"],
    "child_welfare": ["children", "youth"],
    "disability": ["disabled"],
    "social_assistance": ["hardship"],
}


def _tags(area: str) -> dict:
    code = AREA_CODES[area]
    return {
        "service_areas": [code],
        "target_populations": AREA_POPULATIONS.get(code, ["residents"]),
    }


def _plan_2022(rng, volunteers, projects) -> list[dict]:
    """508 records whose hours add up to exactly 22,639, each within its project's limits."""
    serving = [
        v for v in volunteers if v.status != VolunteerStatus.LEFT and v.registered_on.year <= 2022
    ]
    serving = serving[:103]  # 103 volunteers were active in 2022
    weights = [p[5] for p in PROJECTS]
    plans, taken = [], set()
    while len(plans) < TOTAL_RECORDS:
        number = len(plans)
        # The first pass gives every serving volunteer at least one record.
        volunteer = serving[number] if number < len(serving) else rng.choice(serving)
        position = rng.choices(range(len(projects)), weights=weights)[0]
        project = projects[position]
        length = (project.ends_on - project.starts_on).days + 1
        longest = 30 if position == 0 else min(7, length)
        span = rng.randint(1 if position else 4, longest)
        first = project.starts_on + datetime.timedelta(days=rng.randrange(0, length - span + 1))
        if (volunteer.pk, project.pk, first) in taken or first < volunteer.registered_on:
            continue
        taken.add((volunteer.pk, project.pk, first))
        cap = project.max_daily_hours * span
        plans.append(
            {
                "volunteer": volunteer,
                "project": project,
                "date": first,
                "end_date": first + datetime.timedelta(days=span - 1) if span > 1 else None,
                "cap": cap,
                "hours": (cap * Decimal(rng.uniform(0.55, 0.95))).quantize(Decimal("0.5")),
            }
        )
    # Scale to the reported total, never past a record's limit, then settle the remainder.
    factor = TOTAL_HOURS / sum(plan["hours"] for plan in plans)
    for plan in plans:
        plan["hours"] = max(
            Decimal("0.5"), min(plan["cap"], (plan["hours"] * factor).quantize(Decimal("0.5")))
        )
    remainder = TOTAL_HOURS - sum(plan["hours"] for plan in plans)
    for plan in sorted(plans, key=lambda p: p["cap"] - p["hours"], reverse=True):
        if remainder == 0:
            break
        room = plan["cap"] - plan["hours"] if remainder > 0 else plan["hours"] - Decimal("0.5")
        step = min(abs(remainder), room)
        plan["hours"] += step if remainder > 0 else -step
        remainder += -step if remainder > 0 else step
    return plans


def _seed_records(station, rooms, volunteers, projects, recent, rng, today) -> None:
    if ServiceRecord.objects.filter(volunteer__station=station).exists():
        return
    workers = {
        room.pk: User.objects.filter(rooms=room, role=Role.ROOM_WORKER).order_by("username").first()
        for room in rooms
    }
    staff = (
        User.objects.filter(station=station, role=Role.STATION_STAFF).order_by("username").first()
    )
    plans = _plan_2022(rng, volunteers, projects)
    records = []
    for plan in plans:
        volunteer, project = plan["volunteer"], plan["project"]
        # Written up the evening the service ended; confirmed by the organiser three days later.
        finished = plan["end_date"] or plan["date"]
        recorded_at = timezone.make_aware(
            datetime.datetime.combine(finished, datetime.time(18, rng.randint(0, 59)))
        )
        recorder = workers.get(volunteer.room_id) or staff
        confirmer = workers.get(project.room_id) if project.room_id else staff
        records.append(
            ServiceRecord(
                volunteer=volunteer,
                project=project,
                date=plan["date"],
                end_date=plan["end_date"],
                place=project.place,
                content=project.description.split("、")[
                    rng.randrange(0, len(project.description.split("、")))
                ],
                hours=plan["hours"],
                status=RecordStatus.CONFIRMED,
                created_by=recorder,
                confirmed_by=confirmer or staff,
                recorded_at=recorded_at,
                confirmed_at=recorded_at + datetime.timedelta(days=3),
            )
        )
    # One disputed record (not counted) and six recent ones awaiting the organiser's confirmation.
    disputed_volunteer = volunteers[5]
    records.append(
        ServiceRecord(
            volunteer=disputed_volunteer,
            project=projects[8],
            date=datetime.date(2022, 10, 9),
            place=projects[8].place,
            content="敬老宴服务",
            hours=Decimal("8"),
            status=RecordStatus.DISPUTED,
            recorded_at=timezone.make_aware(datetime.datetime(2022, 10, 9, 19, 0)),
            created_by=workers.get(disputed_volunteer.room_id) or staff,
        )
    )
    for offset, volunteer in enumerate(volunteers[0:104:13][:6]):
        records.append(
            ServiceRecord(
                volunteer=volunteer,
                project=recent,
                date=today - datetime.timedelta(days=2 + offset),
                place=recent.place,
                content="入户探访独居老人，检查用电、燃气与居家安全",
                hours=Decimal(rng.choice(["2", "2.5", "3", "3.5"])),
                status=RecordStatus.RECORDED,
                recorded_at=timezone.make_aware(
                    datetime.datetime.combine(
                        today - datetime.timedelta(days=2 + offset), datetime.time(17, 30)
                    )
                ),
                created_by=workers.get(recent.room_id) or staff,
            )
        )
    ServiceRecord.objects.bulk_create(records)
    changes = []
    for record in records:
        changes.append(
            ServiceRecordChange(
                record=record,
                action=RecordChangeAction.RECORD,
                new_hours=record.hours,
                changed_by=record.created_by,
                changed_at=record.recorded_at,
            )
        )
        if record.status == RecordStatus.CONFIRMED:
            changes.append(
                ServiceRecordChange(
                    record=record,
                    action=RecordChangeAction.CONFIRM,
                    old_hours=record.hours,
                    new_hours=record.hours,
                    changed_by=record.confirmed_by,
                    changed_at=record.confirmed_at,
                )
            )
        if record.status == RecordStatus.DISPUTED:
            changes.append(
                ServiceRecordChange(
                    record=record,
                    action=RecordChangeAction.DISPUTE,
                    old_hours=record.hours,
                    reason="本人反映当天下午提前离开，实际服务约4小时",
                    changed_by=record.created_by,
                    changed_at=record.recorded_at + datetime.timedelta(days=5),
                )
            )
    ServiceRecordChange.objects.bulk_create(changes)
    signups = {}
    for record in records:
        signups.setdefault((record.project_id, record.volunteer_id), record.created_by)
    ProjectSignup.objects.bulk_create(
        [
            ProjectSignup(project_id=project_id, volunteer_id=volunteer_id, signed_up_by=by)
            for (project_id, volunteer_id), by in signups.items()
        ],
        ignore_conflicts=True,
    )


def _seed_present(station, rooms, volunteers, staff, today) -> None:
    """Confirmed service over the last twelve months, in a year-round project that moves along with
    the day the demo is loaded; its own random numbers leave 2022 untouched. Records are created
    once: a later run finds the project's records and adds none."""
    name, area, content = PRESENT_PROJECT
    project, _created = VolunteerProject.objects.update_or_create(
        station=station,
        name=name,
        defaults={
            "room": None,
            "starts_on": today - datetime.timedelta(days=365),
            "ends_on": today + datetime.timedelta(days=180),
            "max_daily_hours": Decimal(6),
            "slots": 40,
            "status": ProjectStatus.UNDERWAY,
            **_tags(area),
            "description": content,
            "place": "陈仓镇各社区（村）",
            "organiser": staff,
        },
    )
    if ServiceRecord.objects.filter(project=project).exists():
        return
    rng = random.Random(20230601)
    workers = {
        room.pk: User.objects.filter(rooms=room, role=Role.ROOM_WORKER).order_by("username").first()
        for room in rooms
    }
    communities = {room.pk: room.community for room in rooms}
    tasks = content.split("、")
    records = []
    for number in range(PRESENT_RECORDS):
        day = today - datetime.timedelta(days=5 + 5 * number)
        serving = [
            v
            for v in volunteers
            if v.status == VolunteerStatus.ACTIVE and not v.guardian_name and v.registered_on < day
        ]
        if not serving:
            continue
        volunteer = rng.choice(serving)
        recorded_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(17, rng.randint(0, 59)))
        )
        records.append(
            ServiceRecord(
                volunteer=volunteer,
                project=project,
                date=day,
                place=communities.get(volunteer.room_id, project.place),
                content=rng.choice(tasks),
                hours=Decimal(rng.choice(["2", "2.5", "3", "3.5", "4"])),
                status=RecordStatus.CONFIRMED,
                created_by=workers.get(volunteer.room_id) or staff,
                confirmed_by=staff,
                recorded_at=recorded_at,
                confirmed_at=recorded_at + datetime.timedelta(days=2),
            )
        )
    ServiceRecord.objects.bulk_create(records)
    changes = []
    for record in records:
        changes.append(
            ServiceRecordChange(
                record=record,
                action=RecordChangeAction.RECORD,
                new_hours=record.hours,
                changed_by=record.created_by,
                changed_at=record.recorded_at,
            )
        )
        changes.append(
            ServiceRecordChange(
                record=record,
                action=RecordChangeAction.CONFIRM,
                old_hours=record.hours,
                new_hours=record.hours,
                changed_by=record.confirmed_by,
                changed_at=record.confirmed_at,
            )
        )
    ServiceRecordChange.objects.bulk_create(changes)
    ProjectSignup.objects.bulk_create(
        [
            ProjectSignup(project=project, volunteer_id=volunteer_id, signed_up_by=staff)
            for volunteer_id in {record.volunteer_id for record in records}
        ],
        ignore_conflicts=True,
    )


def _seed_certificates(station, volunteers) -> None:
    if Certificate.objects.filter(station=station).exists():
        return
    from volunteers.services import certificate_issue

    staff = (
        User.objects.filter(station=station, role=Role.STATION_STAFF).order_by("username").first()
    )
    for volunteer in (volunteers[0], volunteers[1], volunteers[2]):
        certificate_issue(
            volunteer=volunteer,
            period_from=datetime.date(2022, 1, 1),
            period_to=datetime.date(2022, 12, 31),
            person_in_charge=str(staff),
            issued_on=datetime.date(2022, 12, 30),
            by=staff,
        )


def seed(station):
    rng = random.Random(SEED)
    today = timezone.localdate()
    rooms = list(Room.objects.filter(station=station).order_by("order", "pk"))
    staff = (
        User.objects.filter(station=station, role=Role.STATION_STAFF).order_by("username").first()
    )
    volunteers = _seed_volunteers(station, rooms, rng, today, staff)
    projects, recent = _seed_projects(station, rooms, staff, today)
    _seed_records(station, rooms, volunteers, projects, recent, rng, today)
    _seed_certificates(station, volunteers)
    _seed_present(station, rooms, volunteers, staff, today)
    return station
