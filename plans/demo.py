"""Demo data of plans: this year's targets, the staff's training, supervision and certificates,
and the work plans of the week and the month under way.

Idempotent and independent of the day it runs: every row is found by a fixed key (a target by
its figure or name, a course by worker and title, a supervision session by its topic, a work
plan by worker and period) and its dates are moved to the present, so a second run, even a later
one, adds nothing. No 2022 record is touched: the published figures do not move, and `"targets"`
names only the current year."""

import datetime
from decimal import Decimal

from django.utils import timezone

from plans.models import (
    AnnualTarget,
    CertificationRecord,
    SupervisionKind,
    SupervisionSession,
    TrainingRecord,
    WorkPlan,
    WorkPlanItem,
    WorkPlanPeriod,
    WorkPlanStatus,
)
from plans.workplans import period_bounds
from stations.models import Resident, Role, User

TARGETS = [
    # (figure, target): the contract's yearly indicators
    ("casework.cases_opened", 60),
    ("casework.home_visits", 600),
    ("groupwork.sessions", 80),
    ("community.activities", 120),
    ("totals.person_times", 6000),
]
FREE_TARGETS = [("新闻媒体及工作简报宣传", 24, 9)]

COURSES = [
    # (days ago, course, provider, hours, certificate)
    (200, "社会工作者职业水平考试辅导", "宝鸡市民政局", Decimal("16"), ""),
    (120, "老年人居家探访与风险评估", "陕西省社会工作协会", Decimal("8"), "陕社协培字第0312号"),
    (45, "儿童保护与困境儿童个案管理", "金台区民政局", Decimal("12"), "金民培字第27号"),
]

SUPERVISION = [
    # (days ago, kind, hours, topic, follow-up)
    (150, SupervisionKind.GROUP, Decimal("2"), "个案记录规范与常见问题", "各社工室自查近三个月个案记录"),
    (90, SupervisionKind.GROUP, Decimal("2"), "独居老人走访中的风险识别", "走访清单补充风险提示"),
    (60, SupervisionKind.INDIVIDUAL, Decimal("1"), "困境儿童个案的介入策略", "下周与学校老师联系"),
    (20, SupervisionKind.INDIVIDUAL, Decimal("1"), "工作压力与自我照顾", "每周预留半天整理台账"),
]  # fmt: skip

LEVEL_PREFIX = {"junior": "SW-J", "intermediate": "SW-M", "senior": "SW-S"}


def _targets(station, today):
    for figure, goal in TARGETS:
        target = AnnualTarget.objects.filter(station=station, room=None, figure=figure).first()
        if target is None:
            target = AnnualTarget(station=station, figure=figure)
        target.year, target.target = today.year, goal
        target.save()
    for name, goal, done in FREE_TARGETS:
        target = AnnualTarget.objects.filter(station=station, room=None, name=name).first()
        if target is None:
            target = AnnualTarget(station=station, name=name)
        target.year, target.target, target.manual_actual = today.year, goal, done
        target.save()


def _development(workers, supervisor, today):
    for worker in workers:
        for days, course, provider, hours, certificate in COURSES:
            TrainingRecord.objects.update_or_create(
                worker=worker,
                course=course,
                defaults={
                    "provider": provider,
                    "started_on": today - datetime.timedelta(days=days),
                    "hours": hours,
                    "certificate": certificate,
                },
            )
    if supervisor is None:
        return
    for index, (days, kind, hours, topic, follow_up) in enumerate(SUPERVISION):
        session, _ = SupervisionSession.objects.update_or_create(
            supervisor=supervisor,
            topics=topic,
            defaults={
                "kind": kind,
                "held_on": today - datetime.timedelta(days=days),
                "hours": hours,
                "follow_up": follow_up,
            },
        )
        if kind == SupervisionKind.GROUP:
            session.attendees.set(workers)
        else:
            session.attendees.set([workers[index % len(workers)]])


def _certificates(workers, today):
    for index, worker in enumerate(workers):
        if not worker.certification:
            continue
        obtained = datetime.date(2018 + index % 4, 6, 20)
        # The first worker's certificate runs out within the reminders' notice period.
        expires = today + datetime.timedelta(days=40) if index == 0 else None
        CertificationRecord.objects.update_or_create(
            worker=worker,
            number=f"{LEVEL_PREFIX.get(worker.certification, 'SW')}-{obtained.year}-{worker.pk:05d}",
            defaults={
                "level": worker.certification,
                "obtained_on": obtained,
                "expires_on": expires,
            },
        )


def _plan(station, worker, room, period, today, status, supervisor):
    first, last = period_bounds(period, today)
    plan = WorkPlan.objects.filter(worker=worker, room=room, period=period).first()
    created = plan is None
    if created:
        plan = WorkPlan(station=station, worker=worker, room=room, period=period, created_by=worker)
    plan.starts_on, plan.ends_on, plan.status = first, last, status
    plan.notes = (
        "重点走访独居老人和困境儿童，跟进在办个案"
        if period == WorkPlanPeriod.WEEK
        else "完成本月入户走访，开展一次社区活动，整理服务台账"
    )
    if status in (WorkPlanStatus.APPROVED, WorkPlanStatus.RETURNED) and supervisor:
        plan.reviewed_by = supervisor
        plan.reviewed_at = timezone.now()
        plan.review_comment = (
            "同意。" if status == WorkPlanStatus.APPROVED else "请补充重点对象的走访安排。"
        )
    plan.save()
    if not created:
        return plan
    residents = list(Resident.objects.filter(room=room).active().order_by("pk")[:2])
    if period == WorkPlanPeriod.WEEK:
        for resident in residents:
            WorkPlanItem.objects.create(plan=plan, kind="visit", resident=resident)
        WorkPlanItem.objects.create(plan=plan, kind="other", description="整理本周走访记录")
    else:
        WorkPlanItem.objects.create(plan=plan, kind="visit", planned_count=12)
        WorkPlanItem.objects.create(plan=plan, kind="activity", planned_count=1)
        WorkPlanItem.objects.create(plan=plan, kind="group_session", planned_count=2)
        WorkPlanItem.objects.create(
            plan=plan, kind="other", description="更新重点人群台账", done=True
        )
    return plan


def _work_plans(station, workers, supervisor, today):
    for index, worker in enumerate(workers[:4]):
        room = worker.rooms.order_by("order", "pk").first()
        if room is None:
            continue
        _plan(
            station,
            worker,
            room,
            WorkPlanPeriod.MONTH,
            today,
            WorkPlanStatus.APPROVED,
            supervisor,
        )
        week_status = [
            WorkPlanStatus.SUBMITTED,
            WorkPlanStatus.DRAFT,
            WorkPlanStatus.APPROVED,
            WorkPlanStatus.RETURNED,
        ][index]
        _plan(station, worker, room, WorkPlanPeriod.WEEK, today, week_status, supervisor)


def seed(station):
    today = timezone.localdate()
    workers = list(
        User.objects.filter(station=station, role=Role.ROOM_WORKER, is_active=True).order_by(
            "username"
        )[:6]
    )
    supervisor = User.objects.filter(station=station, username="dudao").first()
    _targets(station, today)
    if workers:
        _development(workers, supervisor, today)
        _certificates(workers, today)
        _work_plans(station, workers, supervisor, today)
    return station
