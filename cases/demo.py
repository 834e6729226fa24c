"""Demo casework for 陈仓镇社工站: cases in every stage, service records and home visits.

Idempotent: a 2022 case is found by its fixed number (CCZ-2022-0001 …), a case opened lately by
its resident (numbered in its own year, CCZ-2026-0001 …); a resident's routine home visits are
only generated when they have none yet. Dates are spread over 2022 (the report year, whose
figures are the station's published ones: its random draws must not change) plus the last twelve
months relative to today, drawn from generators of their own, so that the workbench, the approval
queue and the overdue lists have content. Room 1 (shegong01, supervised by dudao) holds one case in
every stage, including overdue contacts and tasks. The texts fit the person (cases/demo_stories.py).
"""

import datetime
import random

from django.utils import timezone

from cases import demo_stories as stories
from cases.checklists import ensure_default_checklists
from cases.models import (
    DEFAULT_VISIT_INTERVALS,
    Approval,
    Assessment,
    Case,
    CaseNumberCounter,
    CaseTransition,
    ChecklistItem,
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
    VisitChecklist,
    VisitInterval,
)
from cases.services import allocate_case_number
from stations.models import KeyPopulationTag, Resident, Room, User
from stations.vocabulary import target_populations_for

REPORT_YEAR = 2022
# Stages of the cases opened in the last weeks (the others were opened in 2022).
RECENT_STAGES = (Stage.INQUIRY, Stage.INTAKE, Stage.ASSESSMENT, Stage.PLAN)
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
TECHNIQUES = ["同理、鼓励", "澄清、摘要", "资源链接", "倾听、支持"]
FINISHED = (Stage.CLOSED, Stage.FOLLOW_UP, Stage.REFERRED)
# The day (Asia/Shanghai) the station's published 2022 figures were drawn from this demo.
PUBLISHED_ON = datetime.date(2026, 12, 5)
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


def _story(resident, day) -> str:
    return stories.profile(resident.age_on(day), [tag.category for tag in resident.tags.all()])


def _file_opened_before(resident, day, rng) -> None:
    """A resident's file (建档) is opened before their first contact: a demo person drawn with a
    later registration date gets an earlier one (no figure of the report counts it)."""
    if resident.registered_on and resident.registered_on > day:
        resident.registered_on = day - datetime.timedelta(days=rng.randint(3, 40))
        Resident.objects.filter(pk=resident.pk).update(registered_on=resident.registered_on)


def _build_case(
    number, resident, worker, supervisor, stage, opened, rng, today, *, story, span_end=None
):
    problem, areas, model = stories.PROBLEMS[story][rng.randrange(8)]
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
        target_populations=target_populations_for(resident.tags.values_list("category", flat=True)),
        risk_level=rng.choice(["low", "medium", "medium", "high"]),
        created_by=worker,
    )
    day = opened - datetime.timedelta(days=3)
    Intake.objects.create(
        case=case,
        intake_date=day,
        consent="self",
        consent_date=day,
        background=stories.BACKGROUND[story],
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
        span_end = span_end or (datetime.date(REPORT_YEAR, 12, 20) if finished else today)
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
        _documents(case, worker, supervisor, target, opened, dates, rng, today, approvals, story)
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


def _dates_on(day, opened, count):
    """The stage dates of a case opened on `opened` and still open on `day` (as _build_case)."""
    span = max((day - opened).days, count + 1)
    return sorted(
        opened + datetime.timedelta(days=int(span * i / (count + 1))) for i in range(count)
    )


def _record_days(rng, start, end, stage, today):
    days = sorted(
        {
            start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))
            for _ in range(5)
        }
    )
    if stage == Stage.INTERVENTION:
        days.append(today - datetime.timedelta(days=rng.randrange(3, 20)))
    return days


def _record_draws(rng, story):
    """(hour, minutes, form, content, techniques, linked resource) of one service record."""
    hour = rng.choice([9, 10, 14, 15])
    minutes = rng.choice([30, 45, 60, 90])
    form = rng.choice(FORMS)
    content = rng.choice(stories.CONTENTS[story])
    techniques = rng.choice(TECHNIQUES)
    return hour, minutes, form, content, techniques, rng.choice(stories.LINKED[story])


def _documents(case, worker, supervisor, stage, opened, dates, rng, today, approvals, story):
    index = PATH.index(stage)
    if index >= PATH.index(Stage.ASSESSMENT):
        Assessment.objects.create(
            case=case,
            assessed_on=dates[min(1, len(dates) - 1)],
            **stories.ASSESSMENT[story],
            created_by=worker,
        )
    if index < PATH.index(Stage.PLAN):
        return
    plan = ServicePlan.objects.create(
        case=case,
        planned_on=dates[min(2, len(dates) - 1)],
        intervention_model=rng.choice(["task_centred", "strengths", "support_network"]),
        resources=stories.RESOURCES[story],
        evaluation_method="前后测量表、服务对象自评与家属访谈。",
        created_by=worker,
    )
    goals = ServiceGoal.objects.bulk_create(
        [
            ServiceGoal(plan=plan, description=text, order=i)
            for i, text in enumerate(rng.sample(stories.GOALS[story], 2))
        ]
    )
    overdue = stage in (Stage.PLAN, Stage.INTERVENTION)
    PlanTask.objects.bulk_create(
        [
            PlanTask(
                plan=plan,
                goal=goals[0],
                description=stories.TASKS[story][0],
                owner=worker,
                due_date=plan.planned_on + datetime.timedelta(days=14),
                done_on=plan.planned_on + datetime.timedelta(days=10),
            ),
            PlanTask(
                plan=plan,
                goal=goals[1],
                description=stories.TASKS[story][1],
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
    draw = rng
    if case.stage not in FINISHED:
        # The dates of a case still open move with today, and with them how many random numbers
        # its records take. The main generator replays the draws of the day the published 2022
        # figures were drawn (PUBLISHED_ON), so that the cases after this one, and the 2022
        # figures, do not depend on the day the demo is loaded; the records draw from a copy.
        draw = random.Random()
        draw.setstate(rng.getstate())
        then = _dates_on(PUBLISHED_ON, opened, len(dates))
        then_end = then[PATH.index(Stage.EVALUATION) - 1] if index >= 5 else PUBLISHED_ON
        for _day in _record_days(
            rng, then[PATH.index(Stage.INTERVENTION) - 1], then_end, stage, PUBLISHED_ON
        ):
            _record_draws(rng, story)
    end = dates[PATH.index(Stage.EVALUATION) - 1] if index >= 5 else today
    records = []
    for when in _record_days(draw, start, end, stage, today):
        hour, minutes, form, content, techniques, linked = _record_draws(draw, story)
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
                content=content,
                techniques=techniques,
                response="服务对象积极配合，表示感谢。",
                next_steps=stories.NEXT_STEPS[story],
                resources_linked=linked,
            )
        )
    ServiceRecord.objects.bulk_create(records)
    SupervisionNote.objects.create(
        case=case,
        supervisor=supervisor,
        noted_on=start + datetime.timedelta(days=7),
        content=stories.SUPERVISION[story],
        suggestions="建议增加家属参与，注意记录在 24 小时内完成。",
    )
    if index < PATH.index(Stage.EVALUATION):
        return
    Evaluation.objects.create(
        case=case,
        evaluated_on=dates[PATH.index(Stage.EVALUATION) - 1],
        method="前后测对比、服务对象访谈",
        findings=stories.FINDINGS[story],
        created_by=worker,
    )
    if index < PATH.index(Stage.CLOSING):
        return
    Closing.objects.create(
        case=case,
        closed_on=dates[PATH.index(Stage.CLOSING) - 1],
        reason="goals_met",
        summary=stories.CLOSING[story],
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
            finding=stories.FOLLOW_UP[story],
            worker=worker,
        )


def _case_residents(room):
    return list(
        Resident.objects.filter(room=room).active().prefetch_related("tags").order_by("pk")[:40]
    )


def _seed_cases(station, rooms, rng, today) -> None:
    """The 2022 cases keep their numbers' order (CCZ-2022-0001 …) and the random draws that the
    published figures come from; the cases opened in the last weeks are numbered in their own
    year and found again by their resident."""
    workers = {u.username: u for u in User.objects.filter(station=station)}
    fix_rng = random.Random(20220405)
    serial = 0
    for room_index, room in enumerate(rooms):
        residents = _case_residents(room)
        if not residents:
            continue
        worker = workers.get(f"shegong{room_index + 1:02d}") or next(iter(workers.values()))
        supervisor = workers.get("dudao" if room_index < 7 else "dudao02") or worker
        stages = ROOM1_STAGES if room_index == 0 else OTHER_STAGES[room_index % 4 :][:3]
        for case_index, stage in enumerate(stages):
            resident = residents[(case_index * 3) % len(residents)]
            recent = stage in RECENT_STAGES
            if recent:
                if Case.objects.filter(resident=resident).exists():
                    continue
            else:
                serial += 1
                number = f"{station.code.upper()}-{REPORT_YEAR}-{serial:04d}"
                if Case.objects.filter(number=number).exists():
                    continue
            if recent:
                opened = today - datetime.timedelta(days=rng.randrange(10, 40))
            else:
                opened = datetime.date(REPORT_YEAR, rng.randrange(2, 8), rng.randrange(1, 28))
            created = opened - datetime.timedelta(days=3)
            if recent:
                number, _serial = allocate_case_number(station=station, year=created.year)
            _file_opened_before(resident, created, fix_rng)
            story = _story(resident, created)
            _build_case(
                number, resident, worker, supervisor, stage, opened, rng, today, story=story
            )
    counter, _ = CaseNumberCounter.objects.get_or_create(station=station, year=REPORT_YEAR)
    if counter.last_serial < serial:
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])


def _seed_present_cases(station, rooms, today) -> None:
    """Cases of the last months closed lately, one per room, so that the current year has closed
    cases too. Own random numbers (the 2022 draws stay as they are); found again by resident."""
    rng = random.Random(20230404)
    workers = {u.username: u for u in User.objects.filter(station=station)}
    for room_index, room in enumerate(rooms):
        residents = _case_residents(room)
        worker = workers.get(f"shegong{room_index + 1:02d}")
        if not residents or worker is None:
            continue
        supervisor = workers.get("dudao" if room_index < 7 else "dudao02") or worker
        resident = residents[1 % len(residents)]
        if Case.objects.filter(resident=resident).exists():
            continue
        stage = Stage.FOLLOW_UP if room_index % 2 else Stage.CLOSED
        opened = today - datetime.timedelta(days=rng.randrange(120, 200))
        created = opened - datetime.timedelta(days=3)
        number, _serial = allocate_case_number(station=station, year=created.year)
        _file_opened_before(resident, created, rng)
        _build_case(
            number, resident, worker, supervisor, stage, opened, rng, today,
            story=_story(resident, created), span_end=today - datetime.timedelta(days=5),
        )  # fmt: skip


def _intervals(station) -> dict:
    intervals = dict(DEFAULT_VISIT_INTERVALS)
    intervals.update(VisitInterval.objects.filter(station=station).values_list("category", "days"))
    return intervals


def _visit_interval(resident, intervals, today):
    """The shortest visit interval of the resident's tags active today, or None."""
    days = [
        intervals[tag.category]
        for tag in resident.tags.all()
        if tag.category in intervals
        and tag.start_date <= today
        and (tag.end_date is None or tag.end_date >= today)
    ]
    return min(days, default=None)


def _seed_visits(station, rooms, rng, today) -> None:
    """Routine home visits (no case) to tagged residents: four in 2022 (the report year), then the
    last twelve months at each person's visit interval, mostly on time; about one in fifteen is
    left overdue for the workbench. The 2022 visits keep their random draws (the published figures
    count them); the last year draws from its own generator."""
    workers = {u.username: u for u in User.objects.filter(station=station)}
    visited = set(
        ServiceRecord.objects.filter(room__station=station, case__isnull=True).values_list(
            "resident_id", flat=True
        )
    )
    intervals = _intervals(station)
    present_rng = random.Random(20230505)
    year_ago = today - datetime.timedelta(days=365)
    records = []

    def visit(resident, room, worker, day, hour, minutes, content):
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
                content=content,
            )
        )

    for room_index, room in enumerate(rooms):
        worker = workers.get(f"shegong{room_index + 1:02d}")
        if worker is None:
            continue
        tagged = (
            Resident.objects.filter(room=room, tags__isnull=False)
            .active()
            .distinct()
            .prefetch_related("tags")
            .order_by("pk")
        )
        for index, resident in enumerate(tagged):
            if resident.pk in visited:
                continue
            days = [
                datetime.date(REPORT_YEAR, month, rng.randrange(1, 28)) for month in (3, 6, 9, 12)
            ]
            # Most get a visit in the last days; every fifth is handled below.
            if index % 5:
                days.append(today - datetime.timedelta(days=rng.randrange(1, 12)))
            _file_opened_before(resident, days[0], present_rng)
            for day in days:
                hour, minutes = rng.choice([9, 10, 15, 16]), rng.choice([20, 30, 40])
                content = rng.choice(stories.VISIT_NOTES[_story(resident, day)])
                visit(resident, room, worker, day, hour, minutes, content)

            interval = _visit_interval(resident, intervals, today)
            if interval is None:
                continue
            if index % 5:
                last = days[-1]
            elif index % 15:
                last = today - datetime.timedelta(days=present_rng.randrange(1, min(interval, 12)))
            else:  # overdue: the last visit is one and a half to two and a half intervals ago
                last = today - datetime.timedelta(
                    days=int(interval * present_rng.uniform(1.5, 2.5))
                )
            day = last
            while day > year_ago:
                if day != days[-1]:
                    notes = stories.VISIT_NOTES[_story(resident, day)]
                    visit(
                        resident, room, worker, day, present_rng.choice([9, 10, 15, 16]),
                        present_rng.choice([20, 30, 40]), present_rng.choice(notes),
                    )  # fmt: skip
                day -= datetime.timedelta(
                    days=max(7, int(interval * present_rng.uniform(0.7, 1.0)))
                )
    ServiceRecord.objects.bulk_create(records, batch_size=1000)


def seed(station):
    rng = random.Random(20220404)
    today = timezone.localdate()
    rooms = list(Room.objects.filter(station=station).order_by("order", "pk"))
    _seed_intervals(station)
    # The default home-visit checklists (no random draws: the 2022 figures stay as they are).
    ensure_default_checklists(station, VisitChecklist, ChecklistItem)
    _ensure_residents(station, rooms, rng)
    _seed_cases(station, rooms, rng, today)
    _seed_visits(station, rooms, rng, today)
    _seed_present_cases(station, rooms, today)
    return station
