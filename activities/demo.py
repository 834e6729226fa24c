"""Demo data for community work, shaped like the station's 2022 report: 25 community social work
events (2,125 direct participants, 875 indirect beneficiaries), the 12-event summer camp "夏日梦想"
(360+ youths), 42 "一小一老" activities, needs assessments of the six pilot communities, 23 media
reports and 6 exchange visits, plus a few activities around today for the workbench.

Idempotent: partner units by name, activities by (station, title), series by name; the random
numbers come from a fixed seed, so a second run finds and updates the same rows."""

import datetime
import random

from django.utils import timezone

from activities.models import (
    Activity,
    ActivitySeries,
    ActivityType,
    ExchangeDirection,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from stations.models import PartnerKind, PartnerUnit, Resident, Role, Room, User
from stations.vocabulary import ServiceArea, SocialForce, TargetPopulation

PARTNERS = [
    ("陈仓镇卫生院", PartnerKind.HOSPITAL),
    ("宝鸡市中心医院金台分院", PartnerKind.HOSPITAL),
    ("中国农业银行陈仓支行", PartnerKind.BANK),
    ("陕西信合陈仓信用社", PartnerKind.BANK),
    ("邮储银行金台区支行", PartnerKind.BANK),
    ("陈仓镇中心小学", PartnerKind.SCHOOL),
    ("陈仓镇初级中学", PartnerKind.SCHOOL),
    ("宝鸡文理学院社会工作系", PartnerKind.SCHOOL),
    ("石油东山心窝窝集市", PartnerKind.ENTERPRISE),
    ("宝鸡秦川超市", PartnerKind.ENTERPRISE),
    ("金台区爱心理发店联盟", PartnerKind.ENTERPRISE),
    ("宝鸡市社会工作联合会", PartnerKind.SOCIAL_ORGANIZATION),
    ("陈仓镇派出所", PartnerKind.GOVERNMENT),
    ("金台区图书馆", PartnerKind.GOVERNMENT),
]

# (title, type, service areas, populations, place suffix)
COMMUNITY_EVENTS = [
    (
        "社工服务热线推广暨居民需求调研",
        ActivityType.PUBLICITY,
        ["community_governance"],
        ["residents"],
    ),
    (
        "“学雷锋”志愿服务日",
        ActivityType.VOLUNTEERING,
        ["public_welfare"],
        ["residents", "volunteers"],
    ),
    ("反诈防诈宣传进社区", ActivityType.PUBLICITY, ["safety"], ["elderly", "residents"]),
    ("医疗义诊进社区", ActivityType.FREE_CLINIC, ["elderly_care"], ["elderly"]),
    ("公益义剪便民服务", ActivityType.CONVENIENCE, ["elderly_care"], ["elderly", "disabled"]),
    (
        "社区议事协商会：楼院环境整治",
        ActivityType.CONSULTATION,
        ["community_governance"],
        ["residents"],
    ),
    (
        "端午节包粽子邻里节",
        ActivityType.FESTIVAL,
        ["community_governance"],
        ["residents", "families"],
    ),
    ("疫情防控知识宣传", ActivityType.PUBLICITY, ["epidemic_prevention"], ["residents"]),
    (
        "困境儿童关爱探访",
        ActivityType.VISITING,
        ["child_welfare", "social_assistance"],
        ["children", "hardship"],
    ),
    ("心理健康讲座", ActivityType.EDUCATION, ["mental_health"], ["residents", "women"]),
    ("低保政策宣讲会", ActivityType.PUBLICITY, ["social_assistance"], ["hardship"]),
    ("“一捧豆”公益活动", ActivityType.VOLUNTEERING, ["public_welfare"], ["children", "families"]),
    ("平安建设消防演练", ActivityType.EDUCATION, ["safety"], ["residents"]),
    ("残疾人康复知识讲座", ActivityType.EDUCATION, ["disability"], ["disabled"]),
    (
        "中秋节“邻里一家亲”联欢会",
        ActivityType.FESTIVAL,
        ["community_governance"],
        ["residents", "elderly"],
    ),
    (
        "迎双节百人健步打卡联盟幸福圈",
        ActivityType.CULTURE_SPORTS,
        ["community_governance"],
        ["residents"],
    ),
    ("重阳节敬老慰问", ActivityType.VISITING, ["elderly_care"], ["elderly"]),
    ("纠纷调解法律咨询", ActivityType.CONVENIENCE, ["mediation"], ["residents"]),
    ("垃圾分类宣传", ActivityType.PUBLICITY, ["community_governance"], ["residents", "children"]),
    ("社区社会组织骨干培训", ActivityType.EDUCATION, ["community_governance"], ["volunteers"]),
    ("社区志愿者赋能培训", ActivityType.EDUCATION, ["public_welfare"], ["volunteers"]),
    (
        "慈善幸福家园项目启动仪式",
        ActivityType.FESTIVAL,
        ["social_assistance"],
        ["hardship", "residents"],
    ),
    ("金融知识进社区", ActivityType.PUBLICITY, ["safety"], ["elderly", "residents"]),
    (
        "冬季送温暖入户探访",
        ActivityType.VISITING,
        ["social_assistance", "elderly_care"],
        ["elderly", "hardship"],
    ),
    (
        "陈仓镇首届社工素质拓展运动会",
        ActivityType.CULTURE_SPORTS,
        ["social_affairs"],
        ["volunteers"],
    ),
]

SUMMER_CAMP = [
    "开营仪式：我的夏日梦想",
    "“众筹”身边“宝藏”“寻宝”社区资源——青少年公益打卡",
    "潜能激发：团队拓展训练",
    "技能学习：小小书法家",
    "技能学习：趣味编程",
    "社区融入：我为社区画地图",
    "公益活动：敬老院送清凉",
    "安全教育：防溺水与交通安全",
    "技能学习：非遗剪纸",
    "潜能激发：小小演说家",
    "社区融入：垃圾分类小卫士",
    "结营仪式：梦想成果展",
]

ONE_YOUNG_ONE_OLD = [
    ("老年人智能手机课堂", ["elderly_care"], ["elderly"], ActivityType.EDUCATION),
    ("四点半课堂", ["child_welfare"], ["children"], ActivityType.EDUCATION),
    ("独居老人入户探访", ["elderly_care"], ["elderly"], ActivityType.VISITING),
    ("留守儿童亲情连线", ["child_welfare"], ["children"], ActivityType.VISITING),
    (
        "祖孙共读绘本",
        ["child_welfare", "elderly_care"],
        ["children", "elderly"],
        ActivityType.CULTURE_SPORTS,
    ),
    ("老年健康义诊", ["elderly_care"], ["elderly"], ActivityType.FREE_CLINIC),
    ("儿童防性侵安全教育", ["child_welfare", "safety"], ["children"], ActivityType.EDUCATION),
    (
        "银龄志愿服务",
        ["elderly_care", "public_welfare"],
        ["elderly", "volunteers"],
        ActivityType.VOLUNTEERING,
    ),
    (
        "困境儿童学习用品发放",
        ["child_welfare", "social_assistance"],
        ["children", "hardship"],
        ActivityType.CONVENIENCE,
    ),
    ("老年人防诈骗讲座", ["elderly_care", "safety"], ["elderly"], ActivityType.PUBLICITY),
    ("亲子趣味运动会", ["child_welfare"], ["children", "families"], ActivityType.CULTURE_SPORTS),
    (
        "老少同乐手工坊",
        ["child_welfare", "elderly_care"],
        ["children", "elderly"],
        ActivityType.CULTURE_SPORTS,
    ),
    ("爱心午餐助老", ["elderly_care"], ["elderly"], ActivityType.VOLUNTEERING),
    ("儿童急救知识课堂", ["child_welfare"], ["children"], ActivityType.EDUCATION),
]

UPCOMING = [
    # (days from today, hour, title, type); the titles say what happens, the date says when.
    (-10, 9, "老年人防范养老诈骗讲座", ActivityType.PUBLICITY),
    (-3, 15, "四点半课堂·作业辅导", ActivityType.EDUCATION),
    (2, 9, "家门口健康义诊", ActivityType.FREE_CLINIC),
    (4, 15, "困境儿童家庭走访", ActivityType.VISITING),
    (7, 9, "居民议事会：楼院停车管理", ActivityType.CONSULTATION),
    (11, 14, "社区志愿者服务技能培训", ActivityType.EDUCATION),
]
# Earlier demo data put the timing into the title; such rows are renamed, not duplicated.
OLD_UPCOMING_TITLES = [
    "近期：老年人防诈骗讲座",
    "近期：四点半课堂",
    "即将开展：医疗义诊进社区",
    "即将开展：困境儿童关爱探访",
    "即将开展：社区议事协商会",
    "即将开展：社区志愿者培训",
]
# Simplified Chinese throughout: rows once named with a traditional character are renamed.
RENAMED_PARTNERS = {"石油东山心窩窩集市": "石油东山心窝窝集市"}
RENAMED_TITLES = {"迎雙节百人健步打卡联盟幸福圈": "迎双节百人健步打卡联盟幸福圈"}

# The last twelve months: two activities a month, each in its own community (title, service
# areas, target populations, type). None of these titles is a 2022 title: titles are the keys.
PRESENT = [
    ("高龄老人健康随访日", ["elderly_care"], ["elderly"], ActivityType.VISITING),
    ("儿童居家安全小课堂", ["child_welfare", "safety"], ["children"], ActivityType.EDUCATION),
    ("残疾人康复辅具适配咨询", ["disability"], ["disabled"], ActivityType.CONVENIENCE),
    ("社会救助政策入户宣讲", ["social_assistance"], ["hardship"], ActivityType.PUBLICITY),
    (
        "邻里守望互助茶话会",
        ["community_governance"],
        ["residents", "elderly"],
        ActivityType.FESTIVAL,
    ),
    ("老年人智能手机使用辅导", ["elderly_care"], ["elderly"], ActivityType.EDUCATION),
    ("家庭教育亲子沙龙", ["child_welfare"], ["children", "families"], ActivityType.EDUCATION),
    ("就业技能与岗位信息发布会", ["social_assistance"], ["hardship"], ActivityType.PUBLICITY),
    ("防范电信网络诈骗宣传", ["safety"], ["elderly", "residents"], ActivityType.PUBLICITY),
    (
        "社区环境清洁志愿行动",
        ["public_welfare"],
        ["volunteers", "residents"],
        ActivityType.VOLUNTEERING,
    ),
    ("慢病管理健康讲座", ["elderly_care"], ["elderly"], ActivityType.EDUCATION),
    ("困境儿童学业辅导", ["child_welfare"], ["children"], ActivityType.EDUCATION),
]
PRESENT_COUNT = 22  # one every fifteen days, from about eleven months ago to two weeks ago

REPORT_TITLES = [
    "陈仓镇社工站正式揭牌运行",
    "“众筹”身边“宝藏”“寻宝”社区资源——社区青少年公益打卡活动",
    "陈仓镇举办社会工作能力提升培训班",
    "“夏日梦想”探索营开营",
    "五社联动关爱“一小一老”",
]

MEDIA_OUTLETS = [
    "宝鸡日报",
    "金台区融媒体中心",
    "宝鸡市社会工作联合会公众号",
    "陕西民政微信公众号",
    "宝鸡电视台",
]

EXCHANGES = [
    (
        "宝鸡市民政局调研组",
        ExchangeDirection.HOSTED,
        datetime.date(2022, 4, 20),
        "社工站建设与“153X”服务模式",
    ),
    (
        "渭滨区高家镇社工站",
        ExchangeDirection.VISITED,
        datetime.date(2022, 5, 26),
        "社区社会组织孵化经验",
    ),
    (
        "陈仓区虢镇街道社工站",
        ExchangeDirection.HOSTED,
        datetime.date(2022, 6, 30),
        "五社联动与慈善资源链接",
    ),
    (
        "西安市雁塔区社工站",
        ExchangeDirection.VISITED,
        datetime.date(2022, 8, 18),
        "青少年暑期服务项目设计",
    ),
    (
        "凤翔区社会工作服务中心",
        ExchangeDirection.HOSTED,
        datetime.date(2022, 10, 13),
        "个案、小组记录套表规范",
    ),
    (
        "陕西省社会工作协会",
        ExchangeDirection.VISITED,
        datetime.date(2022, 11, 24),
        "乡镇社工站督导体系",
    ),
]


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`parts` positive integers around total/parts that add up to exactly `total`."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    values = [max(1, int(total * w / sum(weights))) for w in weights]
    values[-1] += total - sum(values)
    return values


def _fold_renamed(station):
    for old, new in RENAMED_PARTNERS.items():
        unit = PartnerUnit.objects.filter(station=station, name=old).first()
        if unit and not PartnerUnit.objects.filter(station=station, name=new).exists():
            unit.name = new
            unit.save(update_fields=["name"])
    for old, new in RENAMED_TITLES.items():
        if not Activity.objects.filter(station=station, title=new).exists():
            Activity.objects.filter(station=station, title=old).update(title=new)


def _seed_present(seeder, today):
    """The last twelve months, relative to the day the demo is loaded. The rows are keyed by
    title, so a later run moves them along with today instead of adding new ones; their own
    random numbers leave the 2022 rows untouched."""
    rng = random.Random(20230101)
    for index in range(PRESENT_COUNT):
        title, areas, populations, kind = PRESENT[index % len(PRESENT)]
        room = seeder.rooms[index % len(seeder.rooms)]
        day = today - datetime.timedelta(days=15 * (PRESENT_COUNT - index))
        seeder.activity(
            f"{title}（{room.community}）", starts_at=at(day, rng.choice([9, 10, 14, 15])),
            rooms=[room], direct=rng.randint(18, 60), indirect=rng.randint(5, 40),
            activity_type=kind, service_areas=areas, target_populations=populations,
            social_forces=seeder.forces(), series=None,
        )  # fmt: skip


class Seeder:
    def __init__(self, station):
        self.station = station
        self.rng = random.Random(20220701)
        self.rooms = list(Room.objects.filter(station=station).order_by("order", "pk"))
        self.workers = {
            room.pk: list(room.staff.filter(role=Role.ROOM_WORKER).order_by("username")[:1])
            for room in self.rooms
        }
        self.staff = list(User.objects.filter(station=station, role=Role.STATION_STAFF)[:1])
        _fold_renamed(station)
        self.partners = []
        for name, kind in PARTNERS:
            unit, _ = PartnerUnit.objects.get_or_create(
                station=station, name=name, defaults={"kind": kind}
            )
            self.partners.append(unit)
        self.residents = {}
        for resident in Resident.objects.filter(room__station=station).active().order_by("pk"):
            self.residents.setdefault(resident.room_id, []).append(resident)

    def activity(self, title, *, starts_at, rooms, direct, indirect, sign_in=0, **fields):
        """Upsert by title. `direct` is the total of direct participants: up to `sign_in` of them
        are residents signed in, the rest is the head count."""
        signed = []
        for room in rooms:
            signed += self.residents.get(room.pk, [])
        signed = signed[: min(sign_in, direct)]
        defaults = {
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "direct_participant_count": direct - len(signed),
            "indirect_beneficiaries": indirect,
            "place": f"{rooms[0].community}党群服务中心" if rooms else "陈仓镇社工站",
            "content": f"{title}：社工室联合共建单位开展，现场讲解、互动答疑并发放宣传资料。",
            "outcome": "居民参与积极，现场反馈良好，收集到多条服务需求。",
            "resources_used": "场地由社区提供，物资由共建单位捐赠。",
            **fields,
        }
        activity, _ = Activity.objects.update_or_create(
            station=self.station, title=title, defaults=defaults
        )
        activity.rooms.set(rooms)
        activity.participants.set(signed)
        activity.partner_units.set(self.rng.sample(self.partners, k=self.rng.randint(1, 3)))
        organisers = [u for room in rooms for u in self.workers.get(room.pk, [])] or self.staff
        activity.organisers.set(organisers)
        return activity

    def forces(self, *, with_charity=None):
        chosen = [SocialForce.COMMUNITY, SocialForce.SOCIAL_WORKERS]
        if self.rng.random() < 0.7:
            chosen.append(SocialForce.VOLUNTEERS)
        if self.rng.random() < 0.5:
            chosen.append(SocialForce.SOCIAL_ORGANIZATIONS)
        if with_charity or (with_charity is None and self.rng.random() < 0.3):
            chosen.append(SocialForce.CHARITY)
        return chosen


def seed(station):
    seeder = Seeder(station)
    rng = seeder.rng
    rooms = seeder.rooms
    activities_by_room = {}

    # 25 community social work events: 2,125 direct participants, 875 indirect beneficiaries.
    directs = split(2125, len(COMMUNITY_EVENTS), rng)
    indirects = split(875, len(COMMUNITY_EVENTS), rng)
    for index, (title, kind, areas, populations) in enumerate(COMMUNITY_EVENTS):
        day = datetime.date(2022, 3, 1) + datetime.timedelta(days=index * 11)
        room_list = [] if index in (0, 24) else [rooms[index % len(rooms)]]
        if index % 6 == 3:
            room_list.append(rooms[(index + 1) % len(rooms)])
        activity = seeder.activity(
            title, starts_at=at(day, 9), rooms=room_list, direct=directs[index],
            indirect=indirects[index], sign_in=3 if index % 5 == 0 else 0,
            activity_type=kind, service_areas=areas, target_populations=populations,
            social_forces=seeder.forces(), series=None,
        )  # fmt: skip
        for room in room_list:
            activities_by_room.setdefault(room.pk, []).append(activity)

    # 夏日梦想 summer camp: 12 events, 362 youths in all.
    camp, _ = ActivitySeries.objects.update_or_create(
        station=station,
        name="青少年“夏日梦想”探索营",
        defaults={
            "description": "暑期青少年系列活动：公益活动、潜能激发、技能学习、社区融入，链接社会资源 30 余家。",
            "start_date": datetime.date(2022, 7, 4),
            "end_date": datetime.date(2022, 8, 26),
        },
    )
    pilots = [room for room in rooms if room.is_pilot] or rooms
    for index, (title, direct) in enumerate(zip(SUMMER_CAMP, split(362, 12, rng), strict=True)):
        day = datetime.date(2022, 7, 4) + datetime.timedelta(days=index * 4 + index // 3)
        seeder.activity(
            f"夏日梦想·{title}", starts_at=at(day, 9), rooms=[pilots[index % len(pilots)]],
            direct=direct, indirect=rng.randint(10, 40), sign_in=2 if index % 4 == 1 else 0,
            activity_type=ActivityType.EDUCATION if "技能" in title else ActivityType.CULTURE_SPORTS,
            service_areas=[ServiceArea.CHILD_WELFARE], target_populations=[TargetPopulation.YOUTH],
            social_forces=list(SocialForce.values), series=camp,
        )  # fmt: skip

    # 五社联动关爱“一小一老”: 42 activities, 5,465 participants.
    old_young, _ = ActivitySeries.objects.update_or_create(
        station=station,
        name="“五社联动”关爱“一小一老”",
        defaults={
            "description": "各社区社工室联合开展的“一小一老”关爱服务。",
            "start_date": datetime.date(2022, 3, 1),
            "end_date": datetime.date(2022, 12, 31),
        },
    )
    for index, direct in enumerate(split(5465, 42, rng)):
        theme, areas, populations, kind = ONE_YOUNG_ONE_OLD[index % len(ONE_YOUNG_ONE_OLD)]
        room = rooms[index % len(rooms)]
        day = datetime.date(2022, 3, 5) + datetime.timedelta(days=index * 7)
        seeder.activity(
            f"{theme}（{room.community}）", starts_at=at(day, 14), rooms=[room], direct=direct,
            indirect=rng.randint(5, 30), sign_in=2 if index % 7 == 0 else 0, activity_type=kind,
            service_areas=areas, target_populations=populations,
            social_forces=seeder.forces(with_charity=index % 3 == 0), series=old_young,
        )  # fmt: skip

    # Around today, for the workbench.
    today = timezone.localdate()
    for index, (offset, hour, title, kind) in enumerate(UPCOMING):
        room = rooms[index % min(len(rooms), 3)]
        title = f"{title}（{room.community}）"
        old_title = f"{OLD_UPCOMING_TITLES[index]}（{room.community}）"
        if not Activity.objects.filter(station=station, title=title).exists():
            Activity.objects.filter(station=station, title=old_title).update(title=title)
        seeder.activity(
            title, starts_at=at(today + datetime.timedelta(days=offset), hour),
            rooms=[room], direct=rng.randint(15, 40) if offset < 0 else 0,
            indirect=rng.randint(5, 20) if offset < 0 else 0, activity_type=kind,
            service_areas=[ServiceArea.COMMUNITY_GOVERNANCE], target_populations=[TargetPopulation.RESIDENTS],
            social_forces=seeder.forces(), series=None,
        )  # fmt: skip
    _seed_present(seeder, today)

    # Needs assessments of the six pilot communities over the six dimensions.
    for index, room in enumerate(pilots[:6]):
        assessment, _ = NeedsAssessment.objects.update_or_create(
            station=station,
            room=room,
            title=f"{room.community}社区需求评估（2022）",
            defaults={
                "assessed_on": datetime.date(2022, 2, 14) + datetime.timedelta(days=index * 4),
                "method": "入户走访、面对面访谈、线上问卷",
                "basic_situation": f"{room.community}常住人口约 {2800 + index * 350} 人，老年人口占比约 {22 + index}%。",
                "key_populations": "空巢/独居老人、留守儿童、困境儿童、残疾人及低保家庭较集中。",
                "incubation": "现有文体类、志愿服务类社区社会组织 3-5 家，多处于起步阶段。",
                "talent_development": "社区工作者多未持证，需开展社会工作能力提升培训。",
                "individual_needs": "老年人希望有助餐和健康服务；家长希望有课后托管和暑期活动。",
                "community_resources": "辖区有卫生院、小学、银行网点及爱心企业，可链接开展共建。",
                "findings": "优先回应“一老一小”需求：开展助老服务和青少年暑期活动，培育志愿服务队伍。",
                "created_by": seeder.staff[0] if seeder.staff else None,
            },
        )
        assessment.activities.set(activities_by_room.get(room.pk, [])[:3])

    # 23 media reports and 6 exchange visits.
    for index in range(23):
        day = datetime.date(2022, 3, 8) + datetime.timedelta(days=index * 12)
        MediaReport.objects.update_or_create(
            station=station,
            title=REPORT_TITLES[index]
            if index < len(REPORT_TITLES)
            else f"陈仓镇社工站工作简报第{index + 1}期",
            defaults={
                "outlet": MEDIA_OUTLETS[index % len(MEDIA_OUTLETS)],
                "published_on": day,
                "link": f"https://example.org/news/chencang-{index + 1}",
            },
        )
    for counterpart, direction, day, topics in EXCHANGES:
        ExchangeVisit.objects.update_or_create(
            station=station,
            counterpart=counterpart,
            visited_on=day,
            defaults={"direction": direction, "topics": topics},
        )
    return station
