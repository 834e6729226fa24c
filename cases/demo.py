"""Demo casework for 陈仓镇社工站: cases in every stage, service records and home visits.

Idempotent: a case is found by its fixed number (CCZ-2022-0001 …) and only created when missing;
a resident's routine home visits are only generated when they have none yet. Dates are spread
over 2022 (the report year) plus the last weeks relative to today, so that the workbench, the
approval queue and the overdue lists have content. Room 1 (shegong01, supervised by dudao) holds
one case in every stage, including overdue contacts and tasks.
"""

import datetime
import random

from django.utils import timezone

from cases.models import (
    DEFAULT_VISIT_INTERVALS,
    Approval,
    Assessment,
    Case,
    CaseNumberCounter,
    CaseTransition,
    Closing,
    Evaluation,
    FollowUp,
    Intake,
    PlanTask,
    Referral,
    ServiceGoal,
    ServicePlan,
    ServiceRecord,
    Stage,
    SupervisionNote,
    VisitInterval,
)
from stations.models import KeyPopulationTag, Resident, Room, User

REPORT_YEAR = 2022
PATH = [
    Stage.INQUIRY,
    Stage.INTAKE,
    Stage.ASSESSMENT,
    Stage.PLAN,
    Stage.INTERVENTION,
    Stage.EVALUATION,
    Stage.CLOSING,
    Stage.CLOSED,
    Stage.FOLLOW_UP,
]
ACTIONS = {
    Stage.INTAKE: "approve_opening",
    Stage.ASSESSMENT: "start_assessment",
    Stage.PLAN: "start_plan",
    Stage.INTERVENTION: "start_intervention",
    Stage.EVALUATION: "start_evaluation",
    Stage.CLOSING: "request_closing",
    Stage.CLOSED: "approve_closing",
    Stage.FOLLOW_UP: "start_follow_up",
}
# Room 1 gets one case per stage, twice for the busy ones; other rooms a few each.
ROOM1_STAGES = [
    Stage.INQUIRY,
    Stage.INTAKE,
    Stage.ASSESSMENT,
    Stage.PLAN,
    Stage.INTERVENTION,
    Stage.INTERVENTION,
    Stage.EVALUATION,
    Stage.CLOSING,
    Stage.CLOSED,
    Stage.FOLLOW_UP,
    Stage.NOT_ACCEPTED,
    Stage.REFERRED,
]
OTHER_STAGES = [
    Stage.INTERVENTION,
    Stage.CLOSED,
    Stage.PLAN,
    Stage.CLOSING,
    Stage.INQUIRY,
    Stage.EVALUATION,
    Stage.ASSESSMENT,
    Stage.FOLLOW_UP,
]
PROBLEMS = [
    ("独居，近期摔倒后行动不便，日常买菜做饭困难", ["elderly_care"], "task_centred"),
    ("父母外出务工，孩子学习动力不足、情绪低落", ["child_welfare"], "strengths"),
    ("家庭收入骤降，申请低保材料不全", ["social_assistance"], "support_network"),
    ("患慢性病，长期服药负担重，与子女关系紧张", ["elderly_care", "social_assistance"], "family"),
    ("肢体残疾，希望就业但缺乏技能和信息", ["disability"], "person_centred"),
    ("邻里纠纷多次升级，情绪激动", ["mediation"], "crisis"),
    ("疫情期间居家隔离，独自照顾失能老人，压力大", ["epidemic", "elderly_care"], "psychosocial"),
    ("困境儿童，监护人年迈，缺乏课后照顾", ["child_welfare"], "support_network"),
]
GOALS = [
    "三个月内每周至少两次获得助餐服务",
    "一个月内完成低保申请材料并提交",
    "建立由邻居、志愿者组成的每日问候网络",
    "学习成绩回到班级中等水平，情绪量表得分改善",
    "掌握一项可就业的技能并参加一次招聘会",
]
CONTENTS = [
    "入户了解近况，服务对象精神状态较好，反映腿脚仍不便。",
    "电话跟进助餐服务落实情况，服务对象表示满意。",
    "陪同服务对象到镇便民服务中心办理低保复审。",
    "与服务对象面谈，运用同理、鼓励技巧，协助梳理家庭关系。",
    "入户走访，检查居家安全隐患，更换了防滑垫。",
    "联系学校老师了解孩子在校情况，约定每月沟通一次。",
]
VISIT_NOTES = [
    "入户走访，老人身体尚可，家中有米面油，暖气正常。",
    "入户走访，提醒按时服药，留下社工联系电话。",
    "入户走访，孩子在家写作业，监护人反映近期情绪稳定。",
    "入户走访，了解到屋顶漏雨，已联系村委会协调维修。",
    "入户走访，服务对象外出未遇，与邻居了解近况。",
]
FORMS = ["home_visit", "home_visit", "phone", "interview", "accompaniment"]


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _ensure_residents(station, rooms, rng) -> None:
    """Only when the residents' demo has not run (a fresh branch): a few people per room."""
    if Resident.objects.filter(room__station=station).exists():
        return
    surnames, given = "王李张刘陈杨赵黄周吴", "秀英桂兰建国志强小明春燕玉梅国华"
    categories = ["elderly_alone", "extreme_poverty", "child_in_difficulty", "dibao", "disabled"]
    for room in rooms:
        for index in range(6):
            child = categories[index % 5] == "child_in_difficulty"
            resident = Resident.objects.create(
                room=room,
                real_name=rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                pseudonym=f"{room.community[:1]}{index + 1}号",
                sex=rng.choice(["male", "female"]),
                birth_date=datetime.date(2012 if child else 1945 + index, 1 + index, 10),
            )
            KeyPopulationTag.objects.create(
                resident=resident,
                category=categories[index % 5],
                start_date=datetime.date(2021, 6, 1),
                source="入户排查",
            )


def _seed_intervals(station) -> None:
    for category, days in DEFAULT_VISIT_INTERVALS.items():
        VisitInterval.objects.get_or_create(
            station=station, category=category, defaults={"days": days}
        )


def _build_case(number, resident, worker, supervisor, stage, opened, rng, today):
    problem, areas, model = PROBLEMS[rng.randrange(len(PROBLEMS))]
    source = rng.choice(["self", "outreach", "referral"])
    referring_unit = (
        rng.choice(["村（居）委会", "镇民政办", "镇中心小学", "镇卫生院"])
        if source == "referral"
        else ""
    )
    case = Case.objects.create(
        station=resident.room.station,
        number=number,
        resident=resident,
        household=resident.household,
        room=resident.room,
        worker=worker,
        supervisor=supervisor,
        source=source,
        referring_unit=referring_unit,
        intervention_model=model,
        presenting_problem=problem,
        service_areas=areas,
        risk_level=rng.choice(["low", "medium", "medium", "high"]),
        created_by=worker,
    )
    day = opened - datetime.timedelta(days=3)
    Intake.objects.create(
        case=case,
        intake_date=day,
        consent="self",
        consent_date=day,
        background="与配偶/子女的联系较少，邻里关系一般。",
        needs=problem,
    )
    transitions = [
        CaseTransition(
            case=case, action="create", to_stage=Stage.INQUIRY, by=worker, at=_aware(day, 9)
        )
    ]
    approvals = []
    if stage == Stage.NOT_ACCEPTED:
        transitions.append(
            CaseTransition(
                case=case,
                action="not_accept",
                from_stage=Stage.INQUIRY,
                to_stage=stage,
                by=worker,
                at=_aware(day + datetime.timedelta(days=2), 10),
                comment="需求属于医疗范畴，已告知可向镇卫生院求助。",
            )
        )
        case.stage, case.closed_on = stage, day + datetime.timedelta(days=2)
    elif stage == Stage.INQUIRY:
        approvals.append(
            Approval(
                case=case,
                kind="opening",
                requested_by=worker,
                requested_at=_aware(today - datetime.timedelta(days=2), 16),
                request_comment="服务对象已签署知情同意书，申请开案。",
            )
        )
    else:
        target = Stage.ASSESSMENT if stage == Stage.REFERRED else stage
        steps = PATH[1 : PATH.index(target) + 1]
        finished = stage in (Stage.CLOSED, Stage.FOLLOW_UP, Stage.REFERRED)
        span_end = datetime.date(REPORT_YEAR, 12, 20) if finished else today
        span = max((span_end - opened).days, len(steps) + 1)
        dates = sorted(
            opened + datetime.timedelta(days=int(span * i / (len(steps) + 1)))
            for i in range(len(steps))
        )
        previous = Stage.INQUIRY
        for step, when in zip(steps, dates, strict=True):
            by = supervisor if step in (Stage.INTAKE, Stage.CLOSED) else worker
            transitions.append(
                CaseTransition(
                    case=case,
                    action=ACTIONS[step],
                    from_stage=previous,
                    to_stage=step,
                    by=by,
                    at=_aware(when, 15),
                )
            )
            previous = step
        approvals.append(
            Approval(
                case=case,
                kind="opening",
                requested_by=worker,
                requested_at=_aware(opened - datetime.timedelta(days=1), 16),
                status="approved",
                decided_by=supervisor,
                decided_at=_aware(opened, 10),
                decision_comment="同意开案。",
            )
        )
        case.stage, case.opened_on = stage, opened
        _documents(case, worker, supervisor, target, opened, dates, rng, today, approvals)
        if stage == Stage.REFERRED:
            Referral.objects.create(
                case=case,
                referred_on=dates[-1] + datetime.timedelta(days=5),
                receiving_agency="金台区精神卫生中心",
                reason="服务对象需要专业心理评估与治疗，超出社工服务范围。",
                consent=True,
                feedback="已接收，安排每月门诊随访。",
                created_by=worker,
            )
            transitions.append(
                CaseTransition(
                    case=case,
                    action="refer",
                    from_stage=Stage.ASSESSMENT,
                    to_stage=Stage.REFERRED,
                    by=worker,
                    at=_aware(dates[-1] + datetime.timedelta(days=5), 11),
                )
            )
            case.closed_on = dates[-1] + datetime.timedelta(days=5)
        if stage in (Stage.CLOSED, Stage.FOLLOW_UP):
            case.closed_on = dates[PATH.index(Stage.CLOSED) - 1]
    if stage in (Stage.INTAKE, Stage.ASSESSMENT, Stage.PLAN, Stage.INTERVENTION, Stage.EVALUATION):
        # Some open cases are overdue for contact, others are due soon.
        case.next_contact_date = today + datetime.timedelta(days=rng.choice([-9, -3, 4, 10]))
    case.save()
    CaseTransition.objects.bulk_create(transitions)
    Approval.objects.bulk_create(approvals)
    Case.objects.filter(pk=case.pk).update(created_at=_aware(day, 9))
    return case


def _documents(case, worker, supervisor, stage, opened, dates, rng, today, approvals):
    index = PATH.index(stage)
    if index >= PATH.index(Stage.ASSESSMENT):
        Assessment.objects.create(
            case=case,
            assessed_on=dates[min(1, len(dates) - 1)],
            physical="患高血压，行走需扶拐杖。",
            psychological="情绪偶有低落，担心给子女添麻烦。",
            social_support="子女在外地，邻居偶尔照应。",
            economy="每月养老金约一千二百元。",
            housing="自建平房，卫生间无扶手。",
            family="丧偶，育有一子一女。",
            entitlements="高龄津贴；城乡居民医保。",
            strengths="性格开朗，愿意与人交流；邻里关系好。",
            risks="跌倒风险较高；无自伤风险。",
            summary="主要需求为生活照料与社会支持，风险中等。",
            created_by=worker,
        )
    if index < PATH.index(Stage.PLAN):
        return
    plan = ServicePlan.objects.create(
        case=case,
        planned_on=dates[min(2, len(dates) - 1)],
        intervention_model=rng.choice(["task_centred", "strengths", "support_network"]),
        resources="镇老年餐桌；社区志愿者队伍；村卫生室。",
        evaluation_method="前后测量表、服务对象自评与家属访谈。",
        created_by=worker,
    )
    goals = ServiceGoal.objects.bulk_create(
        [
            ServiceGoal(plan=plan, description=text, order=i)
            for i, text in enumerate(rng.sample(GOALS, 2))
        ]
    )
    overdue = stage in (Stage.PLAN, Stage.INTERVENTION)
    PlanTask.objects.bulk_create(
        [
            PlanTask(
                plan=plan,
                goal=goals[0],
                description="联系镇老年餐桌安排送餐",
                owner=worker,
                due_date=plan.planned_on + datetime.timedelta(days=14),
                done_on=plan.planned_on + datetime.timedelta(days=10),
            ),
            PlanTask(
                plan=plan,
                goal=goals[1],
                description="组织邻里志愿者建立问候群",
                owner=worker,
                due_date=today - datetime.timedelta(days=5) if overdue else today,
                done_on=None if overdue else plan.planned_on + datetime.timedelta(days=30),
            ),
        ]
    )
    if stage == Stage.PLAN:
        approvals.append(
            Approval(
                case=case,
                kind="plan",
                plan=plan,
                requested_by=worker,
                requested_at=_aware(today - datetime.timedelta(days=1), 17),
            )
        )
    else:
        ServicePlan.objects.filter(pk=plan.pk).update(
            approved_by=supervisor, approved_at=_aware(plan.planned_on, 11)
        )
    if index < PATH.index(Stage.INTERVENTION):
        return
    start = dates[PATH.index(Stage.INTERVENTION) - 1]
    end = dates[PATH.index(Stage.EVALUATION) - 1] if index >= 5 else today
    days = sorted(
        {
            start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))
            for _ in range(5)
        }
    )
    if stage == Stage.INTERVENTION:
        days.append(today - datetime.timedelta(days=rng.randrange(3, 20)))
    records = []
    for when in days:
        hour = rng.choice([9, 10, 14, 15])
        minutes = rng.choice([30, 45, 60, 90])
        form = rng.choice(FORMS)
        records.append(
            ServiceRecord(
                case=case,
                resident=case.resident,
                room=case.room,
                worker=worker,
                form=form,
                start_at=_aware(when, hour),
                end_at=_aware(when, hour) + datetime.timedelta(minutes=minutes),
                duration_minutes=minutes,
                place="服务对象家中" if form == "home_visit" else "社工室",
                content=rng.choice(CONTENTS),
                techniques=rng.choice(["同理、鼓励", "澄清、摘要", "资源链接", "倾听、支持"]),
                response="服务对象积极配合，表示感谢。",
                next_steps="下周电话回访，跟进送餐情况。",
                resources_linked=rng.choice(["", "镇老年餐桌", "社区志愿者", "村卫生室"]),
            )
        )
    ServiceRecord.objects.bulk_create(records)
    SupervisionNote.objects.create(
        case=case,
        supervisor=supervisor,
        noted_on=start + datetime.timedelta(days=7),
        content="讨论了服务对象的跌倒风险与介入重点。",
        suggestions="建议增加家属参与，注意记录在 24 小时内完成。",
    )
    if index < PATH.index(Stage.EVALUATION):
        return
    Evaluation.objects.create(
        case=case,
        evaluated_on=dates[PATH.index(Stage.EVALUATION) - 1],
        method="前后测对比、服务对象访谈",
        findings="生活照料需求基本得到满足，社会支持网络初步建立。",
        created_by=worker,
    )
    if index < PATH.index(Stage.CLOSING):
        return
    Closing.objects.create(
        case=case,
        closed_on=dates[PATH.index(Stage.CLOSING) - 1],
        reason="goals_met",
        summary="经过数月服务，服务对象生活照料问题得到解决，能够自行联系送餐与志愿者。",
        follow_up_plan="结案后一个月、三个月各电话回访一次。",
        created_by=worker,
    )
    ServiceGoal.objects.filter(plan=plan).update(attainment="achieved")
    if stage == Stage.CLOSING:
        approvals.append(
            Approval(
                case=case,
                kind="closing",
                requested_by=worker,
                requested_at=_aware(today - datetime.timedelta(days=1), 10),
                request_comment="目标已达成，申请结案。",
            )
        )
        return
    approvals.append(
        Approval(
            case=case,
            kind="closing",
            requested_by=worker,
            requested_at=_aware(dates[PATH.index(Stage.CLOSING) - 1], 10),
            status="approved",
            decided_by=supervisor,
            decided_at=_aware(dates[PATH.index(Stage.CLOSED) - 1], 10),
            decision_comment="同意结案。",
        )
    )
    if stage == Stage.FOLLOW_UP:
        FollowUp.objects.create(
            case=case,
            followed_on=dates[-1],
            form="phone",
            content="电话回访，了解结案后生活情况。",
            finding="状况稳定，送餐服务持续。",
            worker=worker,
        )


def _seed_cases(station, rooms, rng, today) -> None:
    workers = {u.username: u for u in User.objects.filter(station=station)}
    serial = 0
    for room_index, room in enumerate(rooms):
        residents = list(Resident.objects.filter(room=room).active().order_by("pk")[:40])
        if not residents:
            continue
        worker = workers.get(f"shegong{room_index + 1:02d}") or next(iter(workers.values()))
        supervisor = workers.get("dudao" if room_index < 7 else "dudao02") or worker
        stages = ROOM1_STAGES if room_index == 0 else OTHER_STAGES[room_index % 4 :][:3]
        for case_index, stage in enumerate(stages):
            serial += 1
            number = f"{station.code.upper()}-{REPORT_YEAR}-{serial:04d}"
            if Case.objects.filter(number=number).exists():
                continue
            resident = residents[(case_index * 3) % len(residents)]
            if stage in (Stage.INQUIRY, Stage.INTAKE, Stage.ASSESSMENT, Stage.PLAN):
                opened = today - datetime.timedelta(days=rng.randrange(10, 40))
            else:
                opened = datetime.date(REPORT_YEAR, rng.randrange(2, 8), rng.randrange(1, 28))
            _build_case(number, resident, worker, supervisor, stage, opened, rng, today)
    counter, _ = CaseNumberCounter.objects.get_or_create(station=station, year=REPORT_YEAR)
    highest = serial
    if counter.last_serial < highest:
        counter.last_serial = highest
        counter.save(update_fields=["last_serial"])


def _seed_visits(station, rooms, rng, today) -> None:
    """Routine home visits (no case) to tagged residents over 2022 and the last weeks."""
    workers = {u.username: u for u in User.objects.filter(station=station)}
    visited = set(
        ServiceRecord.objects.filter(room__station=station, case__isnull=True).values_list(
            "resident_id", flat=True
        )
    )
    records = []
    for room_index, room in enumerate(rooms):
        worker = workers.get(f"shegong{room_index + 1:02d}")
        if worker is None:
            continue
        tagged = (
            Resident.objects.filter(room=room, tags__isnull=False)
            .active()
            .distinct()
            .order_by("pk")
        )
        for index, resident in enumerate(tagged):
            if resident.pk in visited:
                continue
            days = [
                datetime.date(REPORT_YEAR, month, rng.randrange(1, 28)) for month in (3, 6, 9, 12)
            ]
            # Most get a visit in the last weeks; every fifth is left overdue for the workbench.
            if index % 5:
                days.append(today - datetime.timedelta(days=rng.randrange(1, 12)))
            for day in days:
                hour, minutes = rng.choice([9, 10, 15, 16]), rng.choice([20, 30, 40])
                start = _aware(day, hour)
                records.append(
                    ServiceRecord(
                        resident=resident,
                        room=room,
                        worker=worker,
                        form="home_visit",
                        start_at=start,
                        end_at=start + datetime.timedelta(minutes=minutes),
                        duration_minutes=minutes,
                        place="服务对象家中",
                        content=rng.choice(VISIT_NOTES),
                    )
                )
    ServiceRecord.objects.bulk_create(records, batch_size=1000)


def seed(station):
    rng = random.Random(20220404)
    today = timezone.localdate()
    rooms = list(Room.objects.filter(station=station).order_by("order", "pk"))
    _seed_intervals(station)
    _ensure_residents(station, rooms, rng)
    _seed_cases(station, rooms, rng, today)
    _seed_visits(station, rooms, rng, today)
    return station
