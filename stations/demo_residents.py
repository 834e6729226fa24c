"""Demo residents: about 600 fictional people across the station's rooms, in households, with
key-population tags and consents. Every ID number is invented, with a correct GB 11643 check
character; any resemblance to a real number is chance.

Idempotent: the plan is fixed (seeded `random.Random`, birth dates from a fixed reference), rows
are keyed by the ID number's lookup hash and households by (room, name); a second run adds nothing.
"""

import datetime
import random

from django.utils import timezone
from stdnum.cn import ric

from stations.identity import document_hash
from stations.models import (
    Consent,
    ConsentGiver,
    DisabilityCategory,
    Household,
    IdType,
    KeyPopulation,
    KeyPopulationTag,
    Relation,
    Resident,
    Room,
    Sex,
    User,
)
from stations.services import propose_pseudonym

TARGET = 600
SEED = 20220301
REFERENCE = datetime.date(2022, 12, 31)  # ages are set as of the report year's end
AREA = "610303"  # 宝鸡市金台区

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
MALE_GIVEN = [
    "建国",
    "志强",
    "文华",
    "永明",
    "振华",
    "国庆",
    "海涛",
    "宏伟",
    "德福",
    "长顺",
    "子轩",
    "浩然",
    "宇航",
    "博文",
    "俊杰",
    "天佑",
    "明辉",
    "家豪",
]
FEMALE_GIVEN = [
    "秀兰",
    "桂英",
    "玉珍",
    "春梅",
    "淑芬",
    "丽娟",
    "雪梅",
    "彩霞",
    "欣怡",
    "梓涵",
    "雨桐",
    "思琪",
    "佳怡",
    "诗涵",
    "可馨",
    "美玲",
    "翠花",
    "晓燕",
]
SOURCES = ["民政认定", "入户排查", "村（居）委推荐", "残联登记", "学校转介"]
ETHNICITIES = ["汉族"] * 30 + ["回族", "满族"]


CHILD_CATEGORIES = {
    KeyPopulation.LEFT_BEHIND_CHILD,
    KeyPopulation.CHILD_IN_DIFFICULTY,
    KeyPopulation.ORPHAN,
}


def _eighteenth_birthday(birth_date):
    try:
        return birth_date.replace(year=birth_date.year + 18)
    except ValueError:  # born on 29 February
        return birth_date.replace(year=birth_date.year + 18, day=28)


def _birth_date(rng, age):
    return REFERENCE - datetime.timedelta(days=age * 365 + rng.randint(0, 364))


class _Plan:
    """Builds unsaved rows; `used_numbers` keeps every invented ID number unique."""

    def __init__(self, rooms, rng):
        self.rooms = rooms
        self.rng = rng
        self.used_numbers = set()
        self.households = []  # (room, name, address)
        self.household_names = set()
        self.people = []  # dict per resident

    def id_number(self, birth_date, sex):
        while True:
            serial = self.rng.randint(0, 99) * 10 + self.rng.choice(
                [1, 3, 5, 7, 9] if sex == Sex.MALE else [0, 2, 4, 6, 8]
            )
            body = f"{AREA}{birth_date:%Y%m%d}{serial:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def person(self, household, relation, *, age, sex=None, surname=None, tags=(), phone=None):
        rng = self.rng
        sex = sex or rng.choice([Sex.MALE, Sex.FEMALE])
        given = rng.choice(MALE_GIVEN if sex == Sex.MALE else FEMALE_GIVEN)
        surname = surname or rng.choice(SURNAMES)
        birth_date = _birth_date(rng, age)
        if phone is None:
            phone = 18 <= age <= 80 and rng.random() < 0.7
        person = {
            "household": household,
            "relation": relation,
            "real_name": surname + given,
            "sex": sex,
            "birth_date": birth_date,
            "id_number": self.id_number(birth_date, sex),
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
            if phone
            else "",
            "tags": list(tags),
            "age": age,
        }
        self.people.append(person)
        return person

    def head(self, room, **kwargs):
        """The head of a new household, named after them (户主姓名＋户; the number keeps it unique)."""
        head = self.person(None, Relation.HEAD, **kwargs)
        head["household"] = self.household(room, head["real_name"])
        return head

    def household(self, room, head_name):
        if room.community.endswith("村"):
            address = f"{room.community}{self.rng.randint(1, 8)}组{self.rng.randint(1, 60)}号"
        else:
            address = f"{room.community}{self.rng.randint(1, 12)}号楼{self.rng.randint(1, 6)}单元"
        name, suffix = f"{head_name}户", 2
        while (room.pk, name) in self.household_names:  # namesakes in one room: 王建国户（二）
            name = f"{head_name}户（{'零一二三四五六七八九'[suffix]}）"
            suffix += 1
        self.household_names.add((room.pk, name))
        key = (room.pk, name, address)
        self.households.append(key)
        return key


def _tag(rng, category, **extra):
    start = datetime.date(rng.randint(2018, 2022), rng.randint(1, 12), rng.randint(1, 28))
    end = None
    if rng.random() < 0.08 and start.year < 2022:
        end = datetime.date(2022, rng.randint(1, 12), rng.randint(1, 28))
    return {"category": category, "start_date": start, "end_date": end, **extra}


def build_plan(rooms, *, target=TARGET, seed=SEED) -> _Plan:
    rng = random.Random(seed)
    plan = _Plan(rooms, rng)
    index = 0
    while len(plan.people) < target:
        room = rooms[index % len(rooms)]
        index += 1
        kind = rng.choices(
            ["alone", "left_behind", "family", "couple", "disabled"], weights=[3, 2, 3, 2, 1]
        )[0]
        surname = rng.choice(SURNAMES)
        if kind == "alone":
            tags = [_tag(rng, KeyPopulation.ELDERLY_ALONE, source="入户排查")]
            if rng.random() < 0.3:
                tags.append(
                    _tag(rng, rng.choice([KeyPopulation.DIBAO, KeyPopulation.EXTREME_POVERTY]))
                )
            plan.head(room, surname=surname, age=rng.randint(62, 92), tags=tags)
        elif kind == "left_behind":
            head = plan.head(
                room,
                surname=surname,
                age=rng.randint(56, 78),
                tags=[_tag(rng, KeyPopulation.LEFT_BEHIND_ADULT)] if rng.random() < 0.5 else [],
            )
            household = head["household"]
            for _ in range(rng.randint(1, 2)):
                tags = [_tag(rng, KeyPopulation.LEFT_BEHIND_CHILD, source="学校转介")]
                if rng.random() < 0.3:
                    tags.append(_tag(rng, KeyPopulation.CHILD_IN_DIFFICULTY, source="民政认定"))
                child = plan.person(
                    household,
                    Relation.GRANDCHILD,
                    surname=surname,
                    age=rng.randint(2, 11),
                    tags=tags,
                )
                child["guardian"] = (
                    head["real_name"],
                    "祖父" if head["sex"] == Sex.MALE else "祖母",
                )
        elif kind == "family":
            head_tags = []
            if rng.random() < 0.25:
                head_tags.append(_tag(rng, KeyPopulation.DIBAO, source="民政认定"))
            head = plan.head(
                room,
                surname=surname,
                sex=Sex.MALE,
                age=rng.randint(30, 55),
                tags=head_tags,
            )
            household = head["household"]
            spouse = plan.person(
                household, Relation.SPOUSE, sex=Sex.FEMALE, age=head["age"] - rng.randint(0, 5)
            )
            for _ in range(rng.randint(1, 2)):
                age = rng.randint(1, 16)
                tags = []
                if rng.random() < 0.25:
                    tags.append(_tag(rng, KeyPopulation.CHILD_IN_DIFFICULTY, source="民政认定"))
                child = plan.person(
                    household, Relation.CHILD, surname=surname, age=age, tags=tags, phone=False
                )
                child["guardian"] = (spouse["real_name"], "母亲")
        elif kind == "couple":
            husband_tags = []
            if rng.random() < 0.3:
                husband_tags.append(_tag(rng, KeyPopulation.DISABLED_ELDERLY, source="入户排查"))
            head = plan.head(
                room,
                surname=surname,
                sex=Sex.MALE,
                age=rng.randint(62, 88),
                tags=husband_tags,
            )
            household = head["household"]
            wife_tags = [_tag(rng, KeyPopulation.EXTREME_POVERTY)] if rng.random() < 0.1 else []
            plan.person(
                household,
                Relation.SPOUSE,
                sex=Sex.FEMALE,
                age=head["age"] - rng.randint(0, 4),
                tags=wife_tags,
            )
        else:
            tags = [
                _tag(
                    rng,
                    KeyPopulation.DISABLED,
                    source="残联登记",
                    disability_category=rng.choice(DisabilityCategory.values),
                    disability_grade=rng.randint(1, 4),
                )
            ]
            if rng.random() < 0.5:
                tags.append(_tag(rng, KeyPopulation.DIBAO, source="民政认定"))
            head = plan.head(room, surname=surname, age=rng.randint(22, 60), tags=tags)
            household = head["household"]
    return plan


def seed_residents(station, *, target=TARGET, seed=SEED):
    """About `target` residents across the station's rooms (the demo station: 600; the district's
    small stations a few, each from a seed of its own)."""
    rooms = list(Room.objects.filter(station=station).order_by("order", "pk"))
    if not rooms:
        return station
    plan = build_plan(rooms, target=target, seed=seed)
    rng = random.Random(seed + 1)
    today = timezone.localdate()
    hashes = {document_hash(p["id_number"]): p for p in plan.people}
    existing = set(
        Resident.objects.filter(id_number_hash__in=hashes.keys()).values_list(
            "id_number_hash", flat=True
        )
    )
    missing = [p for h, p in hashes.items() if h not in existing]
    if not missing:
        return station

    # Households, keyed by (room, name).
    known = {
        (h.room_id, h.name): h
        for h in Household.objects.filter(room__in=rooms, name__in={k[1] for k in plan.households})
    }
    new_households = [
        Household(room_id=room_pk, name=name, address=address)
        for room_pk, name, address in dict.fromkeys(p["household"] for p in missing)
        if (room_pk, name) not in known
    ]
    for household in Household.objects.bulk_create(new_households):
        known[(household.room_id, household.name)] = household

    workers = {}
    for user in User.objects.filter(rooms__in=rooms, role="room_worker").order_by("username"):
        for room in user.rooms.all():
            workers.setdefault(room.pk, user)

    residents = []
    for person in missing:
        room_pk, name, address = person["household"]
        recent = rng.random() < 0.05
        registered_on = (
            today - datetime.timedelta(days=rng.randint(1, 28))
            if recent
            else datetime.date(
                rng.choice([2021, 2022, 2022, 2022]), rng.randint(1, 12), rng.randint(1, 28)
            )
        )
        resident = Resident(
            room_id=room_pk,
            household=known[(room_pk, name)],
            relation_to_head=person["relation"],
            real_name=person["real_name"],
            pseudonym=propose_pseudonym(rng),
            sex=person["sex"],
            birth_date=person["birth_date"],
            ethnicity=rng.choice(ETHNICITIES),
            id_type=IdType.RESIDENT_ID,
            id_number=person["id_number"],
            phone=person["phone"],
            address=address,
            registered_on=registered_on,
            created_by=workers.get(room_pk),
        )
        resident.refresh_lookup_hashes()
        residents.append(resident)
    residents = Resident.objects.bulk_create(residents)

    tags, consents = [], []
    for resident, person in zip(residents, missing, strict=True):
        adult_on = _eighteenth_birthday(resident.birth_date)
        for tag in person["tags"]:
            tag = dict(tag)
            # A child's tag ends on their 18th birthday: the children of 2022 grow up.
            if (
                tag["category"] in CHILD_CATEGORIES
                and tag["end_date"] is None
                and adult_on <= today
            ):
                tag["end_date"] = adult_on
            tags.append(KeyPopulationTag(resident=resident, **tag))
        if not person["tags"]:
            continue
        given_on = max(min(tag["start_date"] for tag in person["tags"]), resident.registered_on)
        given_on = min(given_on, today)
        if "guardian" in person and resident.age_on(today) < 18:
            guardian_name, relation = person["guardian"]
            consents.append(
                Consent(
                    resident=resident,
                    purpose="儿童关爱服务与个案跟进",
                    scope="基本信息、家庭情况、就学情况、重点人群身份",
                    covers_sensitive=True,
                    given_by=ConsentGiver.GUARDIAN,
                    guardian_name=guardian_name,
                    guardian_relation=relation,
                    given_on=given_on,
                    created_by=resident.created_by,
                )
            )
            # A few guardians withdrew lately: the workbench asks the worker to talk to them again.
            if rng.random() < 0.06:
                withdrawn = max(today - datetime.timedelta(days=rng.randint(1, 20)), given_on)
                consents[-1].withdrawn_on = withdrawn
                consents[-1].withdrawal_note = "监护人要求撤回，待再次沟通"
        else:
            consents.append(
                Consent(
                    resident=resident,
                    purpose="社工服务建档与走访",
                    scope="基本信息、家庭情况、健康状况、救助身份",
                    covers_sensitive=True,
                    given_by=ConsentGiver.SELF,
                    given_on=given_on,
                    created_by=resident.created_by,
                )
            )
    KeyPopulationTag.objects.bulk_create(tags)
    Consent.objects.bulk_create(consents)
    return station
