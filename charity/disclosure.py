"""The disclosure schedule (信息公开): when a project must post its figures on the notice board.

- Every project gets a final disclosure due within three months of its end date.
- A project longer than six months also gets a periodic disclosure due every three months from
  its start (start + 3 months, + 6 months, … before the end).
- A periodic due date is met by any disclosure published in the three months before it or later
  (a late disclosure catches up); the final one by a disclosure of kind "final".
The workbench reminds the responsible staff 14 days before a due date and after it (overdue).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from charity.models import CharityProject, Disclosure, DisclosureKind, ProjectStatus

REMIND_DAYS_BEFORE = 14


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class Due:
    kind: str
    due_on: datetime.date
    window_start: datetime.date

    @property
    def is_final(self) -> bool:
        return self.kind == DisclosureKind.FINAL


def schedule(project) -> list[Due]:
    dues = []
    if project.end_date > add_months(project.start_date, 6):
        k = 1
        while (due := add_months(project.start_date, 3 * k)) < project.end_date:
            dues.append(Due(DisclosureKind.PERIODIC, due, add_months(due, -3)))
            k += 1
    dues.append(Due(DisclosureKind.FINAL, add_months(project.end_date, 3), project.end_date))
    return dues


def outstanding(project, disclosures) -> list[Due]:
    """Due dates not yet met, given the project's disclosures (a list, already fetched)."""
    result = []
    for due in schedule(project):
        if due.is_final:
            met = any(d.kind == DisclosureKind.FINAL for d in disclosures)
        else:
            met = any(d.published_on >= due.window_start for d in disclosures)
        if not met:
            result.append(due)
    return result


@dataclass(frozen=True)
class Reminder:
    project: CharityProject
    due: Due
    overdue: bool
    days: int  # days left (positive) or days late (negative)


def reminders(projects_queryset, today: datetime.date) -> list[Reminder]:
    """The first unmet due date of each project that is due within 14 days or overdue.

    Two queries whatever the number of projects (projects, then their disclosures).
    """
    projects = projects_queryset.filter(
        status__in=[ProjectStatus.ACTIVE, ProjectStatus.COMPLETED]
    ).prefetch_related(Prefetch("disclosures", queryset=Disclosure.objects.order_by()))
    result = []
    for project in projects:
        dues = outstanding(project, list(project.disclosures.all()))
        if not dues:
            continue
        due = dues[0]
        if due.due_on <= today + datetime.timedelta(days=REMIND_DAYS_BEFORE):
            result.append(Reminder(project, due, due.due_on < today, (due.due_on - today).days))
    result.sort(key=lambda r: r.due.due_on)
    return result


def reminder_projects_for(user):
    """Whose reminders a user gets: station staff get every project of the station; others the
    projects they are responsible for or whose fund committee they sit on."""
    from stations.models import Role

    queryset = CharityProject.objects.visible_to(user).select_related("fund")
    if user.is_superuser or user.role == Role.STATION_STAFF:
        return queryset
    return queryset.filter(Q(responsible=user) | Q(fund__committee_members=user)).distinct()
