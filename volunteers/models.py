"""Volunteers (志愿者): the registry, service records with their hours, projects and certificates.

Rules from 志愿服务条例 (2017) and 志愿服务记录与证明出具办法 (2020): real-name registration, hours
actually served (travel excluded), confirmed by the organiser before they count, disputable and
corrected with the history kept, certificates numbered and archived.
"""

import datetime
from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.bounds import HOURS_IN_A_DAY, date_bounds
from stations.listing import among_ids
from stations.models import (
    RecordedBy,
    RecordMeta,
    Resident,
    Room,
    Sex,
    Station,
    Timestamped,
    Versioned,
    points_to,
)
from stations.models.residents import history_trackers
from stations.privacy import EncryptedTextField, blind_index, mask_id_number, mask_phone
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked
from stations.vocabulary import IdType, ServedTags

ADULT_AGE = 18


class VolunteerStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    PAUSED = "paused", _("暂停服务")
    LEFT = "left", _("已退出")


class Skill(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("助老陪护")
    TUTORING = "tutoring", _("课业辅导")
    MEDICAL = "medical", _("医疗护理")
    LEGAL = "legal", _("法律咨询")
    PSYCHOLOGY = "psychology", _("心理疏导")
    CULTURE_SPORTS = "culture_sports", _("文艺体育")
    EPIDEMIC = "epidemic", _("疫情防控")
    PUBLICITY = "publicity", _("宣传摄影")
    REPAIR = "repair", _("家电维修")
    DRIVING = "driving", _("驾驶接送")
    OTHER = "other", _("其他")


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


class VolunteerQuerySet(RoomScopedQuerySet):
    """Volunteers of the rooms `user` may see; none for officials."""

    room_paths = ("room",)

    def for_list(self):
        return self.select_related("room", "resident")


@pghistory.track(
    *history_trackers(),
    # As for residents: the encrypted ID number and phone never reach the history table; their
    # lookup hashes do, so a change shows as "changed" without the value.
    exclude=["id_number", "phone", "updated_at", "version"],
    append_only=True,
    model_name="VolunteerEvent",
    meta={"verbose_name": _("志愿者变更记录"), "verbose_name_plural": _("志愿者变更记录")},
)
class Volunteer(RecordMeta):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("社工站")
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("所属社工室")
    )
    resident = points_to(
        Resident,
        _("同为服务对象"),
        related_name="volunteer_registrations",
        optional=True,
        on_delete=models.SET_NULL,
        help_text=_("志愿者本人也是社工站的服务对象时选择"),
    )
    real_name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=10, choices=Sex)
    birth_date = models.DateField(_("出生日期"))
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType, default=IdType.RESIDENT_ID
    )
    id_number = EncryptedTextField(_("证件号码"))
    id_number_hash = models.CharField(max_length=64, editable=False)
    phone = EncryptedTextField(_("联系电话"))
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    skills = models.JSONField(_("技能特长"), default=list, blank=True)
    skills_text = models.CharField(_("其他技能说明"), max_length=200, blank=True)
    availability = models.CharField(
        _("可服务时间"), max_length=200, blank=True, help_text=_("如：周末全天、工作日晚上")
    )
    registered_on = models.DateField(_("注册日期"), default=timezone.localdate)
    status = models.CharField(
        _("状态"), max_length=10, choices=VolunteerStatus, default=VolunteerStatus.ACTIVE
    )
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    has_accident_insurance = models.BooleanField(
        _("已投保意外险"), default=False, help_text=_("参加有风险的活动前应投保")
    )
    guardian_name = models.CharField(_("监护人姓名"), max_length=50, blank=True)
    guardian_relation = models.CharField(_("与监护人关系"), max_length=20, blank=True)
    guardian_consent_on = models.DateField(_("监护人同意日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["room", "real_name", "pk"]
        # Hashes are looked up by equality only: plain indexes, without db_index's `_like` twin.
        indexes = [
            models.Index(fields=["id_number_hash"], name="volunteer_id_number_hash_idx"),
            models.Index(fields=["phone_hash"], name="volunteer_phone_hash_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "id_number_hash"], name="volunteer_id_unique_per_station"
            ),
            models.CheckConstraint(
                condition=Q(status="left", left_on__isnull=False) | ~Q(status="left"),
                name="volunteer_left_has_date",
            ),
            # A minor's consent is checked in clean() (the age depends on the date); here at least
            # a consent date never comes without the guardian's name.
            models.CheckConstraint(
                condition=Q(guardian_consent_on__isnull=True) | ~Q(guardian_name=""),
                name="volunteer_consent_names_guardian",
            ),
        ]

    def __str__(self):
        return self.real_name

    def save(self, *args, **kwargs):
        # The keyed hashes always follow the stored values (exact lookup, duplicate refusal).
        self.id_number_hash = blind_index(self.id_number)
        self.phone_hash = blind_index(self.phone)
        super().save(*args, **kwargs)

    def clean(self):
        """Rules the admin and the site's form share: a minor needs a guardian's consent."""
        errors = {}
        if self.birth_date and self.registered_on and self.is_minor_on(self.registered_on):
            consent = (self.guardian_name, self.guardian_relation, self.guardian_consent_on)
            if not all(consent):
                errors["guardian_name"] = _(
                    "未满18周岁的志愿者须经监护人同意：请填写监护人姓名、关系和同意日期。"
                )
        if self.status == VolunteerStatus.LEFT and not self.left_on:
            errors["left_on"] = _("状态为已退出时请填写退出日期。")
        if errors:
            raise ValidationError(errors)

    def is_minor_on(self, day: datetime.date) -> bool:
        return age_on(self.birth_date, day) < ADULT_AGE

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels.get(value, value)) for value in self.skills]


class ProjectQuerySet(RoomScopedQuerySet):
    """Projects of the user's rooms and station-wide ones of their station."""

    room_paths = ("room",)
    station_field = "station"

    def annotate_signups(self):
        return self.annotate(signup_count=models.Count("signups", distinct=True))


class ProjectStatus(models.TextChoices):
    RECRUITING = "recruiting", _("招募中")
    UNDERWAY = "underway", _("进行中")
    CLOSED = "closed", _("已结束")


@tracked("VolunteerProjectEvent")
class VolunteerProject(ServedTags, Versioned, Timestamped):
    """志愿服务项目: a recruitment with slots, possibly over many days (e.g. epidemic-prevention duty)."""

    station = points_to(Station, _("社工站"), related_name="volunteer_projects")
    room = points_to(
        Room,
        _("社工室"),
        related_name="volunteer_projects",
        optional=True,
        help_text=_("不选则为全站项目"),
    )
    name = models.CharField(_("项目名称"), max_length=120)
    description = models.TextField(_("项目内容"), blank=True)
    place = models.CharField(_("服务地点"), max_length=200, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    max_daily_hours = models.DecimalField(
        _("每日服务时长上限（小时）"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("8"),
        help_text=_("一条服务记录的时长不能超过其服务天数×每日上限"),
    )
    slots = models.PositiveIntegerField(_("招募名额"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ProjectStatus, default=ProjectStatus.RECRUITING
    )
    organiser = points_to(settings.AUTH_USER_MODEL, _("负责人"), optional=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(max_daily_hours__gt=0) & Q(max_daily_hours__lte=24),
                name="project_daily_hours_in_range",
                violation_error_message=_("每日服务时长上限须大于0小时，且不超过24小时。"),
            ),
            models.CheckConstraint(
                condition=Q(slots__gt=0),
                name="project_has_slots",
                violation_error_message=_("招募名额须大于0。"),
            ),
        ]

    def __str__(self):
        return self.name


class SignupQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user))


@tracked("ProjectSignupEvent")
class ProjectSignup(models.Model):
    project = models.ForeignKey(
        VolunteerProject, on_delete=models.CASCADE, related_name="signups", verbose_name=_("项目")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="signups", verbose_name=_("志愿者")
    )
    signed_up_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("代为报名的工作人员"),
    )

    objects = SignupQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目报名")
        verbose_name_plural = _("项目报名")
        ordering = ["project", "signed_up_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "volunteer"], name="signup_once_per_project")
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.project}"


class RecordStatus(models.TextChoices):
    RECORDED = "recorded", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DISPUTED = "disputed", _("有异议")
    CORRECTED = "corrected", _("已更正")


# Only these count in figures, exports and certificates: the organiser has vouched for the hours.
COUNTED_STATUSES = (RecordStatus.CONFIRMED, RecordStatus.CORRECTED)


def _union(querysets):
    return querysets[0].union(*querysets[1:])


def _among(records, ids):
    """`records` whose id is one of `ids` (the union of a scope's id sets), read by primary key:
    `id = ANY(ARRAY(union))` runs the union once and looks its ids up in the primary key. As
    `id IN (union)` PostgreSQL hash-joins the union to a scan of the whole table, every station's
    records (issue 15: the record list read 1,000,000 rows at tier L, three times a page)."""
    return among_ids(records, ids)


def _confirmable_parts(user, *, status=None, records=None) -> list:
    """The ids of the records `user` may confirm as separate querysets, one per way to confirm,
    for a UNION: an OR of joins through activities, sessions and projects is planned as one scan
    with a filter per row, the union of their id sets as a few index scans (issue 15).

    `records`: the records to choose from (a narrowed `ServiceRecord` queryset, each part keeps
    its filters); the parts are left without `values()`."""
    from stations.access import visible_rooms
    from stations.models import Role

    rooms = visible_rooms(user).values("pk")
    if records is None:
        records = ServiceRecord.objects.all()
        fields = ("pk",)
    else:
        fields = None
    records = records.order_by()
    if status is not None:
        records = records.filter(status=status)
    conditions = [
        Q(activity__rooms__in=rooms),
        Q(group_session__group__room__in=rooms),
        Q(project__room__in=rooms),
    ]
    if user.role in (Role.STATION_STAFF, Role.SUPERVISOR):
        conditions += [
            Q(
                activity__isnull=False,
                activity__rooms__isnull=True,
                activity__station_id=user.station_id,
            ),
            Q(project__room__isnull=True, project__station_id=user.station_id),
            Q(
                group_session__group__room__isnull=True,
                group_session__group__station_id=user.station_id,
            ),
        ]
    parts = [records.filter(condition) for condition in conditions]
    return [part.values(*fields) for part in parts] if fields else parts


class ServiceRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Records of volunteers the user may see, and records the user could confirm.

        The one rule for every page, export and admin that lists service records:

        - a record of a volunteer of the user's rooms (`Volunteer.objects.visible_to`) is visible;
        - a record of another room's volunteer is visible only to those who confirm it
          (`confirmable_by`, the same rule as `services.can_confirm_record`): the staff of the
          organising room of its activity, group session or project, and for station-wide
          services (no room) the station staff and supervisors of the station.

        So a room worker never sees other rooms' volunteers through a station-wide activity or
        project: station-wide projects are created and confirmed by station staff or supervisors.
        Figures (volunteers.figures) are counts and stay station-wide; they do not use this.
        """
        from stations.access import can_see_personal_data

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        own = ServiceRecord.objects.filter(
            volunteer__in=Volunteer.objects.visible_to(user).values("pk")
        ).order_by()
        parts = [own.values("pk"), *_confirmable_parts(user)]
        return _among(self, _union(parts))

    def visible_union(self, user, *fields, narrow=None):
        """The rows of `visible_to(user)` as a UNION of `values("pk", *fields)` querysets, one per
        way to see a record, each narrowed by `narrow(records)` (the list's filters: a row filter
        gives the same rows inside each part as after the union). Summed or counted as it is,
        the union is not joined back to the table (issue 15: the record list's totals read every
        visible record again by primary key)."""
        from stations.access import can_see_personal_data

        narrow = narrow or (lambda records: records)
        if not can_see_personal_data(user):
            return self.none().values("pk", *fields)
        if user.is_superuser:
            return narrow(self.order_by()).values("pk", *fields)
        own = narrow(
            ServiceRecord.objects.filter(
                volunteer__in=Volunteer.objects.visible_to(user).values("pk")
            ).order_by()
        )
        parts = [own, *_confirmable_parts(user, records=narrow(ServiceRecord.objects.all()))]
        return _union([part.values("pk", *fields) for part in parts])

    def confirmable_by(self, user, *, status=None):
        """Records `user` may confirm, dispute-settle or correct: their organising room is one of
        the user's rooms, or the service is station-wide and the user is station staff or a
        supervisor of its station. Mirrors `services.can_confirm_service` for one record.

        With `status`, only the records in that status: the filter goes into each part of the
        union, so that the pending records are found without listing every confirmable one."""
        from stations.access import can_see_personal_data

        if not can_see_personal_data(user):
            return self.none()
        if user.is_superuser:
            return self
        parts = _confirmable_parts(user, status=status)
        return _among(self, _union(parts))

    def confirmable_ids(self, user, *, status=None):
        """The ids of `confirmable_by(user, status=status)` as one `values("pk")` queryset, the
        UNION of the ways to confirm, to count or to read by id. `confirmable_by` wraps it in
        `pk IN (…)`, which PostgreSQL answers by scanning every record of the table to match them
        (issue 15: 100,000 rows at tier M for 2,000 pending ones, 1,000,000 at tier L); counted
        or read by id the union reads only the pending records (partial indexes, migration 0011)."""
        from stations.access import can_see_personal_data

        if not can_see_personal_data(user):
            return self.none().values("pk")
        if user.is_superuser:
            records = self.order_by() if status is None else self.filter(status=status).order_by()
            return records.values("pk")
        return _union(_confirmable_parts(user, status=status))

    def counted(self):
        return self.filter(status__in=COUNTED_STATUSES)

    def for_list(self):
        return self.select_related(
            "volunteer",
            "volunteer__room",
            "activity",
            "group_session__group",
            "project",
            "created_by",
        )


@tracked("ServiceRecordEvent")
class ServiceRecord(RecordedBy):
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="records", verbose_name=_("志愿者")
    )
    activity = points_to(
        "activities.Activity", _("社区活动"), related_name="volunteer_records", optional=True
    )
    group_session = points_to(
        "groups.GroupSession", _("小组活动节次"), related_name="volunteer_records", optional=True
    )
    project = points_to(VolunteerProject, _("志愿服务项目"), related_name="records", optional=True)
    date = models.DateField(_("服务日期"))
    end_date = models.DateField(
        _("服务截止日期"), null=True, blank=True, help_text=_("仅项目中连续多日的服务填写")
    )
    place = models.CharField(_("服务地点"), max_length=200, blank=True)
    content = models.CharField(_("服务内容"), max_length=300)
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=7,
        decimal_places=2,
        help_text=_("实际服务时长，不含往返路途时间"),
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=RecordStatus, default=RecordStatus.RECORDED
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now, editable=False)
    confirmed_by = points_to(settings.AUTH_USER_MODEL, _("确认人"), optional=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # The day the organiser confirmed (entered by the user, back-entry of a paper sign-off),
    # apart from `confirmed_at`, when the confirmation was recorded.
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务记录")
        verbose_name_plural = _("志愿服务记录")
        ordering = ["-date", "volunteer", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(activity__isnull=False, group_session__isnull=True, project__isnull=True)
                    | Q(activity__isnull=True, group_session__isnull=False, project__isnull=True)
                    | Q(activity__isnull=True, group_session__isnull=True, project__isnull=False)
                ),
                name="record_tied_to_exactly_one_service",
                violation_error_message=_(
                    "请在社区活动、小组节次、志愿服务项目中选择且只选择一项。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="record_hours_positive",
                violation_error_message=_("服务时长必须大于0小时。"),
            ),
            models.CheckConstraint(
                condition=date_bounds("date", "end_date")
                & (
                    Q(end_date__isnull=True, hours__lte=HOURS_IN_A_DAY)
                    | Q(
                        end_date__isnull=False,
                        end_date__lte=models.F("date") + datetime.timedelta(days=366),
                    )
                ),
                name="record_hours_plausible",
                violation_error_message=_("一天的服务时长不能超过 24 小时，日期须在合理范围内。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="record_end_date_after_date",
            ),
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=Q(activity__isnull=False),
                name="record_once_per_volunteer_activity",
                violation_error_message=_(
                    "该志愿者在这次活动已有服务记录，不能重复登记；如有错误请更正原记录。"
                ),
            ),
            models.UniqueConstraint(
                fields=["volunteer", "group_session"],
                condition=Q(group_session__isnull=False),
                name="record_once_per_volunteer_session",
                violation_error_message=_("该志愿者在这一节小组活动已有服务记录，不能重复登记。"),
            ),
            models.UniqueConstraint(
                fields=["volunteer", "project", "date"],
                condition=Q(project__isnull=False),
                name="record_once_per_volunteer_project_day",
                violation_error_message=_("该志愿者在该项目这一天已有服务记录。"),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "date"]),
            # The pending records by what they serve: each part of `confirmable_ids` (the home
            # page's pending confirmations) reads only the records waiting, not every record of the
            # activities, sessions or projects (issue 15).
            models.Index(
                fields=["activity"],
                condition=Q(status="recorded"),
                name="vol_record_pending_activity",
            ),
            models.Index(
                fields=["group_session"],
                condition=Q(status="recorded"),
                name="vol_record_pending_session",
            ),
            models.Index(
                fields=["project"],
                condition=Q(status="recorded"),
                name="vol_record_pending_project",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} {self.date} {self.hours}h"

    @property
    def is_counted(self) -> bool:
        return self.status in COUNTED_STATUSES


def served_activities():
    """The community activities a volunteer can serve at.

    Activities and groups sit above this app (they register volunteers as members and helpers), so
    this app reaches their models through its own foreign keys instead of importing them: the one
    seam through which volunteers speaks of the services its records belong to."""
    return ServiceRecord._meta.get_field("activity").related_model


def served_group_sessions():
    """The group sessions a volunteer can serve at (see served_activities)."""
    return ServiceRecord._meta.get_field("group_session").related_model


class RecordChangeAction(models.TextChoices):
    RECORD = "record", _("记录")
    CONFIRM = "confirm", _("确认")
    DISPUTE = "dispute", _("提出异议")
    CORRECT = "correct", _("更正")


@pgtrigger.register(pgtrigger.Protect(name="record_change_append_only", operation=pgtrigger.Update))
class ServiceRecordChange(models.Model):
    """Append-only history of a service record: who did what, when, to how many hours, and why."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="changes", verbose_name=_("服务记录")
    )
    action = models.CharField(_("操作"), max_length=10, choices=RecordChangeAction)
    old_hours = models.DecimalField(
        _("原时长"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    new_hours = models.DecimalField(
        _("新时长"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("理由"), blank=True)
    changed_by = points_to(settings.AUTH_USER_MODEL, _("操作人"))
    changed_at = models.DateTimeField(_("操作时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("服务时长变更记录")
        verbose_name_plural = _("服务时长变更记录")
        ordering = ["record", "changed_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.changed_at:%Y-%m-%d %H:%M}"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(volunteer__in=Volunteer.objects.visible_to(user).values("pk"))

    def for_list(self):
        return self.select_related("volunteer", "volunteer__room", "issued_by")


class Certificate(models.Model):
    """志愿服务记录证明. `snapshot` holds everything printed, so a reprint is identical even if
    records change later."""

    station = points_to(Station, _("出具单位"), related_name="volunteer_certificates")
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("志愿者")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("证明编号"), max_length=40, unique=True)
    period_from = models.DateField(_("服务起始日期"))
    period_to = models.DateField(_("服务截止日期"))
    issued_on = models.DateField(_("出具日期"))
    person_in_charge = models.CharField(_("负责人"), max_length=50)
    total_hours = models.DecimalField(_("累计服务时长"), max_digits=9, decimal_places=2)
    snapshot = models.JSONField(_("证明内容快照"), editable=False)
    issued_by = points_to(settings.AUTH_USER_MODEL, _("经办人"))
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "year", "sequence"], name="certificate_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="certificate_period_ordered",
            ),
        ]

    def __str__(self):
        return self.number
