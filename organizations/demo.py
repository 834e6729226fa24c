"""Demo community social organizations for 陈仓镇社工站: 29 incubated in four categories, with
incubation records and the 2022 activities they joined (36 activities, 1,826 people served), and
the partner-unit registry (共建单位).

Activities come from the activities app's demo data when it has loaded at least 36 activities in
2022; otherwise (a branch without it) a fallback set of 36 activities is created once, by title.
Idempotent: organizations are found by name, partner units by name; links and records are created
only once.
"""

import datetime
import random

from django.utils import timezone

from activities.models import Activity
from organizations.models import (
    Category,
    IncubationKind,
    IncubationRecord,
    Organization,
    OrganizationActivity,
    OrganizationStatus,
)
from stations.models import PartnerKind, PartnerUnit, Role, Room, User

SEED = 20221001
ACTIVITY_COUNT = 36
PEOPLE_SERVED = 1826

# (name, category, status, service area)
ORGANIZATIONS = [
    ("联盟社区爱心互助会", Category.CHARITY, "registered", "困难家庭帮扶、爱心捐赠"),
    ("新华社区“夕阳红”志愿服务队", Category.CHARITY, "filed", "空巢老人探访"),
    ("东关社区邻里守望队", Category.CHARITY, "filed", "独居老人结对关爱"),
    ("陈仓镇“春蕾”助学会", Category.CHARITY, "registered", "困境儿童助学"),
    ("石鼓社区巾帼志愿服务队", Category.CHARITY, "incubating", "妇女儿童关爱"),
    ("南坡村乡贤理事会", Category.CHARITY, "filed", "乡村公益、移风易俗"),
    ("凤鸣村爱心超市理事会", Category.CHARITY, "incubating", "积分兑换、爱心超市运营"),
    ("渭滨村助残互助小组", Category.CHARITY, "incubating", "残疾人陪伴与互助"),
    ("西街社区便民维修队", Category.LIFE_SERVICES, "filed", "家电维修、水电维修"),
    ("陈仓社区老年助餐服务队", Category.LIFE_SERVICES, "registered", "老年助餐、送餐上门"),
    ("联盟社区义剪服务队", Category.LIFE_SERVICES, "filed", "为老人义务理发"),
    ("北塬村农技服务队", Category.LIFE_SERVICES, "incubating", "农技咨询、果树管护"),
    ("金陵村健康生活促进会", Category.LIFE_SERVICES, "incubating", "健康讲座、慢病管理"),
    ("太公村电商帮帮团", Category.LIFE_SERVICES, "incubating", "农产品网上销售指导"),
    ("新华社区家政互助社", Category.LIFE_SERVICES, "filed", "家政技能互助"),
    ("东关社区居民议事会", Category.COMMUNITY_AFFAIRS, "filed", "议事协商、楼院自治"),
    ("西街社区楼院长联合会", Category.COMMUNITY_AFFAIRS, "filed", "楼院管理、矛盾调解"),
    ("陈仓社区平安巡逻队", Category.COMMUNITY_AFFAIRS, "registered", "治安巡逻、防诈宣传"),
    ("石鼓社区调解之家", Category.COMMUNITY_AFFAIRS, "filed", "邻里纠纷调解"),
    ("磻溪村环境卫生监督队", Category.COMMUNITY_AFFAIRS, "incubating", "人居环境整治"),
    ("凤鸣村红白理事会", Category.COMMUNITY_AFFAIRS, "dissolved", "移风易俗（已并入乡贤理事会）"),
    ("联盟社区秦腔自乐班", Category.CULTURE_SPORTS, "registered", "秦腔演出、戏曲传承"),
    ("新华社区广场舞队", Category.CULTURE_SPORTS, "filed", "广场舞、健身"),
    ("东关社区太极拳协会", Category.CULTURE_SPORTS, "filed", "太极拳教学"),
    ("陈仓镇青少年读书会", Category.CULTURE_SPORTS, "incubating", "青少年阅读推广"),
    ("南坡村锣鼓队", Category.CULTURE_SPORTS, "filed", "民俗锣鼓表演"),
    ("渭滨村书画社", Category.CULTURE_SPORTS, "incubating", "书法绘画交流"),
    ("金陵村篮球队", Category.CULTURE_SPORTS, "incubating", "村级篮球赛事"),
    ("太公村社火队", Category.CULTURE_SPORTS, "incubating", "社火、非遗展演"),
]

LEADER_SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董"
LEADER_GIVEN = ["秀英", "建华", "桂芳", "志刚", "玉梅", "德胜", "淑兰", "振华", "红梅", "国庆"]

PARTNERS = [
    ("陈仓农村商业银行", PartnerKind.BANK, "刘行长"),
    ("宝鸡市金台区人民医院", PartnerKind.HOSPITAL, "张主任"),
    ("陈仓镇卫生院", PartnerKind.HOSPITAL, "王院长"),
    ("陈仓镇中心小学", PartnerKind.SCHOOL, "李校长"),
    ("宝鸡市第三中学", PartnerKind.SCHOOL, "赵老师"),
    ("陕西秦川机床厂工会", PartnerKind.ENTERPRISE, "孙主席"),
    ("金台区司法局陈仓司法所", PartnerKind.GOVERNMENT, "周所长"),
    ("宝鸡市慈善协会", PartnerKind.SOCIAL_ORGANIZATION, "吴秘书长"),
]

# Earlier demo data named one partner twice; the old name is folded into the one kept.
RENAMED_PARTNERS = {"陈仓农村商业银行陈仓支行": "陈仓农村商业银行"}

# (title, month, day): a year of community activities, used only when none were loaded.
FALLBACK_ACTIVITIES = [
    ("新春送福写春联", 1, 20),
    ("元宵节猜灯谜", 2, 15),
    ("三八妇女节健康讲座", 3, 8),
    ("学雷锋志愿服务日", 3, 5),
    ("植树护绿行动", 3, 12),
    ("清明文明祭扫宣传", 4, 2),
    ("全民国家安全教育日宣传", 4, 15),
    ("五一劳动技能展示", 4, 29),
    ("母亲节感恩活动", 5, 8),
    ("防灾减灾宣传", 5, 12),
    ("六一儿童游园会", 6, 1),
    ("端午包粽子", 6, 2),
    ("夏季防溺水宣传", 6, 18),
    ("建党节红歌会", 7, 1),
    ("暑期安全教育", 7, 12),
    ("七夕邻里联谊", 8, 4),
    ("八一拥军慰问", 8, 1),
    ("中秋团圆晚会", 9, 9),
    ("国庆文艺汇演", 9, 29),
    ("重阳敬老宴", 10, 4),
    ("秋季运动会", 10, 22),
    ("反诈骗宣传进社区", 5, 20),
    ("法律咨询进社区", 12, 4),
    ("义诊进社区", 4, 23),
    ("垃圾分类宣传", 8, 20),
    ("冬季取暖安全宣传", 11, 15),
    ("消防演练", 11, 9),
    ("读书分享会", 4, 23),
    ("秦腔进社区", 9, 17),
    ("广场舞展演", 6, 25),
    ("邻里节", 5, 28),
    ("居民议事会", 3, 25),
    ("楼院环境整治", 7, 23),
    ("关爱留守儿童", 7, 26),
    ("助残日活动", 5, 15),
    ("年终联欢会", 12, 28),
]


def home_room(name, rooms):
    """The room of the community (村/社区) an organization is named after; None for one that
    serves the whole town (陈仓镇…), which the station itself incubates."""
    for room in rooms:
        if name.startswith(room.community):
            return room
    return None


def _fold_renamed_partners(station):
    for old, new in RENAMED_PARTNERS.items():
        old_unit = PartnerUnit.objects.filter(station=station, name=old).first()
        if old_unit and not PartnerUnit.objects.filter(station=station, name=new).exists():
            old_unit.name = new
            old_unit.save(update_fields=["name"])


def _activities_2022(station, rooms, partners, rng):
    zone = timezone.get_current_timezone()
    start = datetime.datetime(2022, 1, 1, tzinfo=zone)
    end = datetime.datetime(2023, 1, 1, tzinfo=zone)
    activities = list(
        Activity.objects.filter(station=station, starts_at__gte=start, starts_at__lt=end).order_by(
            "starts_at", "pk"
        )
    )
    if len(activities) >= ACTIVITY_COUNT:
        return rng.sample(activities, ACTIVITY_COUNT)
    fallback = []
    for index, (title, month, day) in enumerate(FALLBACK_ACTIVITIES):
        begins = datetime.datetime(2022, month, day, 9, 0, tzinfo=zone)
        activity = Activity.objects.filter(station=station, title=title).order_by("pk").first()
        if activity is None:
            activity = Activity.objects.create(
                station=station,
                title=title,
                activity_type="culture_sports" if index % 3 == 0 else "volunteering",
                starts_at=begins,
                ends_at=begins + datetime.timedelta(hours=3),
                place=rooms[index % len(rooms)].community,
            )
            activity.rooms.set([rooms[index % len(rooms)]])
            activity.partner_units.set([partners[index % len(partners)]])
        fallback.append(activity)
    return fallback


def _room_worker(organization, workers):
    """shegong01 … shegong13 serve rooms 1 … 13; the station's own organizations get the first."""
    if not workers:
        return None
    order = organization.room.order if organization.room_id else 1
    return workers[min(order, len(workers)) - 1]


def seed(station):
    rng = random.Random(SEED)
    rooms = list(Room.objects.filter(station=station).order_by("order", "pk"))
    workers = list(
        User.objects.filter(station=station, role=Role.ROOM_WORKER).order_by("username")[:13]
    )
    _fold_renamed_partners(station)
    partners = []
    for name, kind, person in PARTNERS:
        partner, _created = PartnerUnit.objects.get_or_create(
            station=station,
            name=name,
            defaults={"kind": kind, "contact_person": person, "contact_phone": "0917-6200000"},
        )
        partners.append(partner)

    organizations = []
    for index, (name, category, status, area) in enumerate(ORGANIZATIONS):
        room = home_room(name, rooms)
        started = (
            datetime.date(2021, rng.randint(3, 12), rng.randint(1, 28))
            if index % 2
            else datetime.date(2022, rng.randint(1, 6), rng.randint(1, 28))
        )
        fields = {
            "room": room,
            "category": category,
            "status": status,
            "service_area": area,
            "incubation_started_on": started,
            "leader_name": LEADER_SURNAMES[index] + rng.choice(LEADER_GIVEN),
            "member_count": rng.randint(8, 60),
            "description": f"由社工站培育孵化，主要开展{area}等服务。",
            "filed_on": None,
            "filing_number": "",
            "registered_on": None,
            "registration_number": "",
            "dissolved_on": None,
        }
        if status in ("filed", "registered"):
            fields["filed_on"] = started + datetime.timedelta(days=rng.randint(60, 150))
            fields["filing_number"] = f"陈仓社备〔2022〕{index + 1:02d}号"
        if status == "registered":
            fields["registered_on"] = fields["filed_on"] + datetime.timedelta(
                days=rng.randint(30, 90)
            )
            fields["registration_number"] = f"51610303MJ{rng.randint(1000000, 9999999)}{index % 10}"
        if status == "dissolved":
            fields["dissolved_on"] = datetime.date(2022, 11, 30)
        organization = Organization.objects.filter(station=station, name=name).first()
        if organization is None:
            organization = Organization(
                station=station, name=name, contact_phone=f"1399172{index:04d}"
            )
        for key, value in fields.items():
            setattr(organization, key, value)
        organization.save()
        organizations.append(organization)

    if not IncubationRecord.objects.filter(organization__station=station).exists():
        plan = [
            (IncubationKind.NEEDS_RESEARCH, "走访居民，调研服务需求，梳理骨干名单"),
            (IncubationKind.TRAINING, "组织骨干参加社区社会组织能力建设培训"),
            (IncubationKind.COACHING, "一对一指导制定章程、财务制度和年度计划"),
            (IncubationKind.MILESTONE, "完成备案，首次独立开展服务活动"),
        ]
        records = []
        for index, organization in enumerate(organizations):
            steps = plan[: 2 + index % 3]
            day = organization.incubation_started_on
            for kind, content in steps:
                day = day + datetime.timedelta(days=rng.randint(14, 60))
                records.append(
                    IncubationRecord(
                        organization=organization,
                        kind=kind,
                        date=day,
                        content=content,
                        outcome="骨干参与积极，已明确下一步计划"
                        if kind != IncubationKind.MILESTONE
                        else "",
                        worker=_room_worker(organization, workers),
                    )
                )
        IncubationRecord.objects.bulk_create(records)

    if not OrganizationActivity.objects.filter(organization__station=station).exists():
        activities = _activities_2022(station, rooms, partners, rng)
        living = [o for o in organizations if o.status != OrganizationStatus.DISSOLVED]
        links = []
        for index, activity in enumerate(activities):
            chosen = rng.sample(living, 1 + index % 3)
            for organization in chosen:
                links.append(
                    OrganizationActivity(
                        organization=organization,
                        activity=activity,
                        role=rng.choice(
                            ["组织协调", "文艺演出", "现场服务", "宣传动员", "物资保障"]
                        ),
                        people_served=rng.randint(10, 60),
                    )
                )
        # The station's report: 1,800+ people served by the organizations in 2022.
        scale = PEOPLE_SERVED / sum(link.people_served for link in links)
        for link in links:
            link.people_served = max(1, round(link.people_served * scale))
        links[0].people_served += PEOPLE_SERVED - sum(link.people_served for link in links)
        OrganizationActivity.objects.bulk_create(links)
    return station
