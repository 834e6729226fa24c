"""Reviewing is reading: what a supervisor approves, the change since the previous version,
and the worker told of the decision.

`review_details(approvals)` gives each approval what it is about (the plan's goals and tasks and
its difference from the previous version, the closing summary, the opening request) in a fixed
number of queries for a whole page. `approval_notify(approval)` sends the decision to the worker.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import ApprovalKind, ApprovalStatus, Closing, PlanTask, ServicePlan
from stations.notifications import notify

PLAN_FIELDS = ("intervention_model", "resources", "evaluation_method")


@dataclass
class Difference:
    label: str
    old: str
    new: str


@dataclass
class Review:
    approval: object
    plan: object = None
    goals: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    previous: object = None
    goals_added: list = field(default_factory=list)
    goals_removed: list = field(default_factory=list)
    differences: list = field(default_factory=list)
    closing: object = None


def _plan_value(plan, name) -> str:
    if name == "intervention_model":
        return str(plan.get_intervention_model_display())
    return getattr(plan, name) or ""


def _tasks_text(plan) -> list[str]:
    return [
        _("%(task)s（%(due)s）") % {"task": task.description, "due": f"{task.due_date:%Y-%m-%d}"}
        for task in plan.tasks.all()
    ]


def _compare(review: Review) -> None:
    plan, previous = review.plan, review.previous
    old_goals = [goal.description for goal in previous.goals.all()]
    new_goals = [goal.description for goal in plan.goals.all()]
    review.goals_added = [goal for goal in new_goals if goal not in old_goals]
    review.goals_removed = [goal for goal in old_goals if goal not in new_goals]
    for name in PLAN_FIELDS:
        old, new = _plan_value(previous, name), _plan_value(plan, name)
        if old != new:
            label = str(ServicePlan._meta.get_field(name).verbose_name)
            review.differences.append(Difference(label, old, new))
    old_tasks, new_tasks = _tasks_text(previous), _tasks_text(plan)
    if old_tasks != new_tasks:
        review.differences.append(
            Difference(str(_("计划任务")), "\n".join(old_tasks), "\n".join(new_tasks))
        )


def review_details(approvals) -> list[Review]:
    """One `Review` per approval, in order. Queries: the plans of the cases with a plan approval
    (with goals and tasks: three), their closings (one); none for a kind not on the page."""
    approvals = list(approvals)
    plan_cases = {a.case_id for a in approvals if a.kind == ApprovalKind.PLAN}
    closing_cases = {a.case_id for a in approvals if a.kind == ApprovalKind.CLOSING}
    plans = {}
    if plan_cases:
        tasks = PlanTask.objects.select_related("owner").order_by("due_date", "pk")
        for plan in ServicePlan.objects.filter(case_id__in=plan_cases).prefetch_related(
            "goals", Prefetch("tasks", queryset=tasks)
        ):
            plans[plan.pk] = plan
    closings = {}
    if closing_cases:
        closings = {c.case_id: c for c in Closing.objects.filter(case_id__in=closing_cases)}

    reviews = []
    for approval in approvals:
        review = Review(approval=approval)
        if approval.kind == ApprovalKind.PLAN and approval.plan_id in plans:
            plan = plans[approval.plan_id]
            review.plan = plan
            review.goals = list(plan.goals.all())
            review.tasks = list(plan.tasks.all())
            earlier = [
                other
                for other in plans.values()
                if other.case_id == plan.case_id and other.sequence < plan.sequence
            ]
            if earlier:
                review.previous = max(earlier, key=lambda other: other.sequence)
                _compare(review)
        elif approval.kind == ApprovalKind.CLOSING:
            review.closing = closings.get(approval.case_id)
        reviews.append(review)
    return reviews


def approval_notify(approval) -> None:
    """Tell the worker who asked (and the case's worker, if another) what was decided."""
    if approval.status == ApprovalStatus.PENDING:
        return
    case = approval.case
    title = _("%(case)s %(kind)s：%(decision)s") % {
        "case": case.number,
        "kind": approval.get_kind_display(),
        "decision": approval.get_status_display(),
    }
    url = reverse("cases:detail", kwargs={"pk": case.pk})
    recipients = {user.pk: user for user in (approval.requested_by, case.worker) if user}
    for user in recipients.values():
        if user.pk != approval.decided_by_id:
            notify(
                user=user,
                title=title,
                comment=approval.decision_comment,
                url=url,
                by=approval.decided_by,
            )
