"""Volunteer figures for the station report: registered, active, person-times, confirmed hours.

Only confirmed (or corrected) records count: pending and disputed hours are not yet vouched for.
With `rooms`, only volunteers registered in those rooms (and their records) count.
"""

from django.db.models import Count, Q, Sum

from volunteers.models import COUNTED_STATUSES, ServiceRecord, Volunteer, VolunteerStatus


def volunteer_figures(*, station, date_from, date_to, rooms=None) -> dict:
    volunteers = Volunteer.objects.filter(station=station, registered_on__lte=date_to).exclude(
        Q(status=VolunteerStatus.LEFT) & Q(left_on__lt=date_from)
    )
    records = ServiceRecord.objects.filter(
        volunteer__station=station,
        status__in=COUNTED_STATUSES,
        date__gte=date_from,
        date__lte=date_to,
    )
    if rooms is not None:
        volunteers = volunteers.filter(room__in=rooms)
        records = records.filter(volunteer__room__in=rooms)
    totals = records.aggregate(
        active=Count("volunteer", distinct=True), person_times=Count("pk"), hours=Sum("hours")
    )
    return {
        "registered": volunteers.count(),
        "active": totals["active"],
        "person_times": totals["person_times"],
        "hours": float(totals["hours"] or 0),
    }
