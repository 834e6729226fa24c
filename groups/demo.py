"""Demo data for group work: the five groups of the station's 2022 report, with sessions and
sign-ins. Idempotent: groups by (station, name), sessions by (group, number), members by person,
sign-ins with ignore_conflicts; random choices from a fixed seed."""

import datetime
import random

from django.utils import timezone

from groups.models import (
    Attendance,
    GoalAttainment,
    Group,
    GroupEvaluation,
    GroupMember,
    GroupSession,
    GroupStage,
    GroupType,
    PlanStatus,
)
from stations.models import Resident, Role, Room, User
from volunteers.models import Volunteer, VolunteerStatus

FALLBACK_RESIDENTS = [
    # Used only when the station has no residents yet (the residents' demo normally seeds them).
    ("lianmeng", "刘子涵", "female", datetime.date(2012, 4, 3)),
    ("lianmeng", "王浩宇", "male", datetime.date(2011, 9, 21)),
    ("lianmeng", "张欣怡", "female", datetime.date(2013, 1, 15)),
    ("lianmeng", "赵志强", "male", datetime.date(1948, 6, 2)),
    ("xinhua", "陈雨桐", "female", datetime.date(2014, 7, 8)),
    ("xinhua", "杨梓轩", "male", datetime.date(2013, 11, 30)),
    ("xinhua", "黄秀英", "female", datetime.date(1946, 2, 19)),
    ("dongguan", "周思远", "male", datetime.date(2010, 5, 12)),
    ("dongguan", "吴桂兰", "female", datetime.date(1950, 10, 1)),
    ("xijie", "徐佳琪", "female", datetime.date(2012, 3, 27)),
    ("xijie", "孙建国", "male", datetime.date(1947, 8, 16)),
    ("chencang", "胡晨阳", "male", datetime.date(2011, 12, 5)),
]


def ensure_residents(station) -> None:
    if Resident.objects.filter(room__station=station).exists():
        return
    rooms = {room.code: room for room in Room.objects.filter(station=station)}
    for index, (code, name, sex, birth) in enumerate(FALLBACK_RESIDENTS, start=1):
        room = rooms.get(code) or next(iter(rooms.values()))
        Resident.objects.get_or_create(
            room=room,
            real_name=name,
            defaults={"pseudonym": f"化名{index:02d}", "sex": sex, "birth_date": birth},
        )


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def weekly(first: datetime.date, count: int, step: int = 7) -> list[datetime.date]:
    return [first + datetime.timedelta(days=step * i) for i in range(count)]


def _residents(station, room_code, *, children=None, elderly=False, limit=10):
    residents = (
        Resident.objects.filter(room__station=station).active().order_by("room__order", "pk")
    )
    preferred = list(residents.filter(room__code=room_code))
    if elderly:  # 60 or older since 2020: a fixed line, so that a later run adds nobody
        preferred = [r for r in preferred if r.birth_date <= datetime.date(1960, 1, 1)]
    if children is not None:
        cutoff = datetime.date(2022, 7, 1).replace(year=2022 - 18)
        preferred = [r for r in preferred if (r.birth_date >= cutoff) == children]
    if len(preferred) < 4:
        others = list(residents.filter(room__code=room_code)) or list(residents[:limit])
        preferred = preferred + [r for r in others if r not in preferred]
    return preferred[:limit]


# The groups' service areas and target populations, for the list filters.
TAGS = {
    "疫情防控志愿者支持小组": (["epidemic_prevention", "mental_health"], ["volunteers"]),
    "“我是情绪小主人”儿童情绪管理小组": (["child_welfare", "mental_health"], ["children"]),
    "“盟盟乐智”青少年成长小组": (["child_welfare"], ["youth"]),
}  # the reading club and the supervision group are the social workers' own


def _upsert_group(station, name, **fields):
    facilitators = fields.pop("facilitators")
    fields["service_areas"], fields["target_populations"] = TAGS.get(name, ([], []))
    group, _ = Group.objects.update_or_create(station=station, name=name, defaults=fields)
    group.facilitators.set(facilitators)
    return group


def _registered_volunteers(station, room, count):
    """Active adult volunteers of the registry (volunteers seed first), the room's own first."""
    adults = Volunteer.objects.filter(
        station=station, status=VolunteerStatus.ACTIVE, guardian_name=""
    ).order_by("pk")
    return sorted(adults, key=lambda v: (v.room_id != getattr(room, "pk", None), v.pk))[:count]


def _members(group, *, residents=(), users=(), volunteers=()):
    existing = {
        (m.resident_id, m.user_id, m.volunteer_id) for m in GroupMember.objects.filter(group=group)
    }
    new = [
        GroupMember(group=group, resident=r, joined_on=group.start_date)
        for r in residents
        if (r.pk, None, None) not in existing
    ]
    new += [
        GroupMember(group=group, user=u, joined_on=group.start_date)
        for u in users
        if (None, u.pk, None) not in existing
    ]
    new += [
        GroupMember(group=group, volunteer=v, joined_on=group.start_date)
        for v in volunteers
        if (None, None, v.pk) not in existing
    ]
    GroupMember.objects.bulk_create(new)
    return list(GroupMember.objects.filter(group=group).order_by("pk"))


# The published 2022 figures were drawn when four of the reading club's recent sessions had
# passed: the main generator always makes those draws, so that the 2022 sign-ins of the groups
# after it do not depend on the day (or the hour) the demo is loaded.
RECENT_SESSIONS_PASSED = 4


def _sessions(
    group, days, themes, *, hour, facilitator, observer, rng, members, recorder, recent_after=None
):
    """Sessions numbered after `recent_after` are dated from today: their sign-ins draw from a
    generator of their own."""
    now = timezone.now()
    present_rng = random.Random(f"{group.name}-recent")
    attendances = []
    for number, day in enumerate(days, start=1):
        theme = themes[(number - 1) % len(themes)]
        session, _ = GroupSession.objects.update_or_create(
            group=group,
            number=number,
            defaults={
                "starts_at": at(day, hour),
                "ends_at": at(day, hour + 1, 30),
                "theme": theme,
                "place": group.venue,
                "facilitator": facilitator,
                "observer": observer,
                "goals": f"围绕“{theme}”，{group.goals.splitlines()[0] if group.goals else ''}",
                "process": "1. 热身游戏（10分钟）\n2. 主题分享与讨论（50分钟）\n3. 总结与布置家庭作业（20分钟）",
                "observations": "组员参与积极，能主动分享自己的经历；个别组员较为拘谨，需要更多鼓励。",
                "reflection": "时间把控较好；下节可增加组员之间的互动环节。",
            },
        )
        draw = present_rng if recent_after is not None and number > recent_after else rng
        if session.starts_at <= now:
            for member in members:
                if draw.random() < 0.85:
                    attendances.append(
                        Attendance(session=session, member=member, created_by=recorder)
                    )
    if recent_after is not None:
        for _ in range(RECENT_SESSIONS_PASSED * len(members)):
            rng.random()
    Attendance.objects.bulk_create(attendances, ignore_conflicts=True)


def seed(station):
    ensure_residents(station)
    rng = random.Random(20220501)
    rooms = {room.code: room for room in Room.objects.filter(station=station)}
    users = {u.username: u for u in User.objects.filter(station=station)}
    staff = users.get("zhanzhang")
    worker1 = users.get("shegong01")
    worker2 = users.get("shegong02")
    supervisor = users.get("dudao")
    approved = {
        "plan_status": PlanStatus.APPROVED,
        "reviewed_by": supervisor,
        "reviewed_at": at(datetime.date(2022, 2, 25), 10),
        "review_comment": "计划书目标清晰、可测量，同意开展。注意做好活动安全预案。",
    }
    room_workers = list(
        User.objects.filter(station=station, role=Role.ROOM_WORKER).order_by("username")
    )[:13]

    # 1. 疫情防控志愿者支持小组
    volunteer_group = _upsert_group(
        station,
        "疫情防控志愿者支持小组",
        room=rooms.get("lianmeng"),
        group_type=GroupType.SUPPORT,
        start_date=datetime.date(2022, 3, 10),
        end_date=datetime.date(2022, 5, 12),
        practice_model="互惠模式",
        goals="缓解疫情防控志愿者的压力与疲惫感\n提升志愿者自我照顾和互助能力",
        target_members="参与社区疫情防控值守的志愿者",
        member_criteria="连续参与防控值守两周以上，自愿参加",
        planned_size=10,
        planned_sessions=6,
        schedule="每周四 19:00-20:30",
        venue="联盟社区小组活动室",
        budget=600,
        risk_plan="如遇疫情管控升级改为线上开展；如组员出现明显心理困扰，转介心理咨询资源。",
        evaluation_method="压力自评量表前后测、满意度问卷、社工观察记录",
        stage=GroupStage.ENDING,
        facilitators=[u for u in (worker1, staff) if u],
        created_by=worker1,
        **approved,
    )
    members = _members(
        volunteer_group,
        volunteers=_registered_volunteers(station, volunteer_group.room, 9),
    )
    _sessions(
        volunteer_group,
        weekly(datetime.date(2022, 3, 10), 6),
        ["相识与减压", "压力从哪里来", "情绪的觉察", "互助与支持", "自我照顾计划", "回顾与告别"],
        hour=19, facilitator=worker1, observer=staff, rng=rng, members=members, recorder=worker1,
    )  # fmt: skip

    # 2. 我是情绪小主人
    emotion_group = _upsert_group(
        station,
        "“我是情绪小主人”儿童情绪管理小组",
        room=rooms.get("xinhua"),
        group_type=GroupType.EDUCATION,
        start_date=datetime.date(2022, 4, 9),
        end_date=datetime.date(2022, 5, 28),
        practice_model="认知行为模式",
        goals="帮助儿童认识常见情绪\n学会 3 种以上情绪调节方法",
        target_members="新华社区 8-12 岁儿童，重点邀请留守儿童、困境儿童",
        member_criteria="家长同意并签署知情同意书；能连续参加 6 次活动",
        planned_size=10,
        planned_sessions=6,
        schedule="每周六 9:30-11:00",
        venue="新华社区儿童之家",
        budget=800,
        risk_plan="活动中安排两名志愿者看护；每次活动结束由家长接回。",
        evaluation_method="儿童情绪管理前后测、家长反馈、绘画作品分析",
        stage=GroupStage.ENDING,
        facilitators=[u for u in (worker2,) if u],
        created_by=worker2,
        **approved,
    )
    members = _members(
        emotion_group, residents=_residents(station, "xinhua", children=True, limit=10)
    )
    _sessions(
        emotion_group,
        weekly(datetime.date(2022, 4, 9), 6),
        ["情绪小精灵", "我的情绪温度计", "生气了怎么办", "难过的时候", "情绪魔法箱", "我是情绪小主人"],
        hour=9, facilitator=worker2, observer=worker1, rng=rng, members=members, recorder=worker2,
    )  # fmt: skip

    # 3. 盟盟乐智青少年成长小组
    youth_group = _upsert_group(
        station,
        "“盟盟乐智”青少年成长小组",
        room=rooms.get("lianmeng"),
        group_type=GroupType.GROWTH,
        start_date=datetime.date(2022, 7, 11),
        end_date=datetime.date(2022, 8, 29),
        practice_model="发展模式",
        goals="提升青少年自我认知与人际交往能力\n建立朋辈支持网络",
        target_members="联盟社区 10-15 岁青少年",
        member_criteria="自愿报名，家长同意",
        planned_size=12,
        planned_sessions=8,
        schedule="暑期每周一 15:00-16:30",
        venue="联盟社区小组活动室",
        budget=1200,
        risk_plan="户外环节购买意外险；高温天气调整到室内。",
        evaluation_method="自我效能感量表前后测、组员分享、满意度问卷",
        stage=GroupStage.ENDING,
        facilitators=[u for u in (worker1,) if u],
        created_by=worker1,
        **approved,
    )
    members = _members(
        youth_group, residents=_residents(station, "lianmeng", children=True, limit=12)
    )
    _sessions(
        youth_group,
        weekly(datetime.date(2022, 7, 11), 8),
        ["破冰相识", "认识我自己", "我的优点树", "沟通小达人", "合作闯关", "朋友圈", "我的梦想", "成长礼"],
        hour=15, facilitator=worker1, observer=staff, rng=rng, members=members, recorder=worker1,
    )  # fmt: skip

    # 4. 悦读人生·社工成长 读书会: weekly, station-level, members are social workers.
    today = timezone.localdate()
    reading = _upsert_group(
        station,
        "“悦读人生·社工成长”读书会",
        room=None,
        group_type=GroupType.GROWTH,
        start_date=datetime.date(2022, 3, 4),
        end_date=None,
        practice_model="互动模式（同辈互助）",
        goals="通过共读专业书籍、赏析专业影片，提升社工专业理论素养\n形成同辈互帮共学的氛围",
        target_members="各社区（村）社工室专职社工",
        member_criteria="社工站及社工室工作人员均可参加",
        planned_size=20,
        planned_sessions=40,
        schedule="每周五 16:00-17:30",
        venue="陈仓镇社工站会议室",
        budget=2000,
        risk_plan="如遇工作冲突可线上参加。",
        evaluation_method="读书笔记、分享记录、年终问卷",
        stage=GroupStage.MATURITY,
        facilitators=[u for u in (staff,) if u],
        created_by=staff,
        **approved,
    )
    members = _members(reading, users=[u for u in [staff, *room_workers] if u])
    days = weekly(datetime.date(2022, 3, 4), 40)
    # Recent and coming Fridays, so that the workbench shows the next meeting.
    last_friday = today - datetime.timedelta(days=(today.weekday() - 4) % 7)
    days += weekly(last_friday - datetime.timedelta(days=21), 6)
    _sessions(
        reading,
        days,
        ["《社会工作概论》共读", "《优势视角》共读", "影片赏析《心灵捕手》", "《小组工作》共读",
         "个案记录写作交流", "《社区工作》共读", "《叙事治疗》共读", "读书心得分享"],
        hour=16, facilitator=staff, observer=supervisor, rng=rng, members=members, recorder=staff,
        recent_after=40,
    )  # fmt: skip

    # 5. 社工督导小组: monthly group supervision.
    supervision = _upsert_group(
        station,
        "社工团体督导小组",
        room=None,
        group_type=GroupType.TASK,
        start_date=datetime.date(2022, 3, 18),
        end_date=datetime.date(2022, 12, 16),
        practice_model="团体督导",
        goals="就项目推进和实务服务中遇到的困惑开展团体督导\n提升社工实务技巧",
        target_members="社工站驻站社工及试点社区社工室社工",
        member_criteria="试点社区社工室专职社工必须参加",
        planned_size=10,
        planned_sessions=10,
        schedule="每月第三个周五 14:00-16:00",
        venue="陈仓镇社工站会议室",
        budget=3000,
        risk_plan="案例讨论使用化名，材料会后收回，遵守保密制度。",
        evaluation_method="督导反馈表、社工自评",
        stage=GroupStage.ENDING,
        facilitators=[u for u in (supervisor,) if u],
        created_by=staff,
        **approved,
    )
    members = _members(supervision, users=[u for u in [staff, *room_workers[:6]] if u])
    _sessions(
        supervision,
        [datetime.date(2022, month, 18) for month in range(3, 13)],
        ["个案评估中的困惑", "小组带领技巧", "社区活动策划", "与居民沟通技巧", "五社联动实务",
         "危机个案处理", "服务记录规范", "督导案例研讨", "项目设计与评估", "年度回顾"],
        hour=14, facilitator=supervisor, observer=staff, rng=rng, members=members, recorder=staff,
    )  # fmt: skip

    # 6. A plan waiting for the supervisor (dudao supervises rooms 1–7), so the workbench panel
    # "小组计划书待审核" and the approval queue have something to show.
    pending = _upsert_group(
        station,
        "“银龄同行”老年人社区融入小组",
        room=rooms.get("dongguan"),
        group_type=GroupType.SUPPORT,
        start_date=today + datetime.timedelta(days=14),
        end_date=today + datetime.timedelta(days=14 + 7 * 5),
        practice_model="互动模式",
        goals="帮助新迁入社区的老年人结识邻里\n提升老年人参与社区活动的意愿",
        target_members="近两年迁入东关社区、独居或随子女居住的 60 岁以上老年人",
        member_criteria="行动方便、自愿参加，能坚持参加六节活动",
        planned_size=8,
        planned_sessions=6,
        schedule="每周三 9:30-11:00",
        venue="东关社区小组活动室",
        budget=800,
        risk_plan="活动前了解组员健康状况，配备急救包；天气炎热时调整到室内。",
        evaluation_method="社区融入自评量表前后测、满意度问卷",
        stage=GroupStage.PREPARATION,
        plan_status=PlanStatus.SUBMITTED,
        facilitators=[u for u in (room_workers[2:3] or [worker1]) if u],
        created_by=(room_workers[2:3] or [worker1])[0],
    )
    _members(pending, residents=_residents(station, "dongguan", elderly=True, limit=6))

    for group, attainment, satisfaction, pre, post in [
        (volunteer_group, GoalAttainment.FULLY, 96, 31.5, 22.0),
        (emotion_group, GoalAttainment.MOSTLY, 92, 18.2, 24.6),
        (youth_group, GoalAttainment.FULLY, 95, 52.0, 63.5),
        (supervision, GoalAttainment.MOSTLY, 90, None, None),
    ]:
        GroupEvaluation.objects.update_or_create(
            group=group,
            defaults={
                "goal_attainment": attainment,
                "goal_notes": "组员反馈收获明显，达到计划书设定的主要目标。",
                "satisfaction": satisfaction,
                "pre_score_average": pre,
                "post_score_average": post,
                "summary": "小组按计划完成；建议后续以兴趣小组形式延续组员之间的支持网络。",
                "evaluated_by": group.facilitators.first(),
                "evaluated_on": group.end_date,
            },
        )
    return station
