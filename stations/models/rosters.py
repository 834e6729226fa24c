"""The roster over time (issue 16): who held which role, room and certificate, from when to when.

A user's `role`, `rooms` and `certification` say where they stand today; a `StaffTerm` keeps each
spell of it with its dates, so that the report of any period shows the roster of that period and
not today's. `stations.rosters.roster_record` writes the terms when a person's place changes.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models.fields import points_to
from stations.models.station import Certification, Role, Room, Station, User

# The roles that make up the station's roster (officials read figures; they are not staff).
ROSTER_ROLES = (Role.STATION_STAFF, Role.ROOM_WORKER, Role.SUPERVISOR)


class StaffTermQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Terms that held on `day`: begun by then (or from before the records began) and not yet
        ended."""
        return self.filter(Q(started_on__isnull=True) | Q(started_on__lte=day)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )

    def open(self):
        return self.filter(ended_on__isnull=True)


class StaffTerm(models.Model):
    """One spell of a person on the station's roster: a role, a room (none: the whole station,
    as station staff), a certificate, from `started_on` to `ended_on` (both inclusive; no end: to
    this day). A person serving two rooms holds two terms at once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="terms", verbose_name=_("工作人员")
    )
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="staff_terms", verbose_name=_("社工站")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role)
    room = points_to(Room, _("社工室"), related_name="staff_terms", optional=True)
    certification = models.CharField(
        _("职业资格"), max_length=20, choices=Certification, default=Certification.NONE
    )
    started_on = models.DateField(
        _("起始日期"), null=True, blank=True, help_text=_("不填表示系统启用前已在岗")
    )
    ended_on = models.DateField(_("截止日期"), null=True, blank=True)

    objects = StaffTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("在岗记录")
        verbose_name_plural = _("在岗记录")
        ordering = ["user", "started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="staff_term_ends_after_start",
                violation_error_message=_("截止日期不能早于起始日期。"),
            ),
        ]
        indexes = [models.Index(fields=["station", "ended_on"])]

    def __str__(self):
        return f"{self.user} {self.get_role_display()}"
