"""Community social work (社区工作): activities, series, needs assessments, outreach.

Direct participants of an activity = `direct_participant_count` (people NOT signed in one by one)
+ the residents in `participants` (signed in). A person is therefore counted once: a worker either
signs a resident in, or counts them in the head count, never both.
"""

import datetime
import os

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from stations.aggregates import per_row
from stations.bounds import date_bounds
from stations.models import (
    PartnerUnit,
    RecordedBy,
    RecordMeta,
    Resident,
    Room,
    Station,
    Timestamped,
    Versioned,
    points_to,
)
from stations.querysets import RoomScopedQuerySet
from stations.tracking import tracked
from stations.vocabulary import ServedTags, SocialForce

# The longest one activity may last: a longer "activity" is a typo (2999 for 2022) whose hours
# would flood the volunteer and report sums.
ACTIVITY_MAX_LENGTH = datetime.timedelta(days=31)


class ActivityType(models.TextChoices):
    PUBLICITY = "publicity", _("宣传")
    EDUCATION = "education", _("教育")
    CULTURE_SPORTS = "culture_sports", _("文体")
    FESTIVAL = "festival", _("节庆")
    FREE_CLINIC = "free_clinic", _("义诊")
    VISITING = "visiting", _("探访")
    CONSULTATION = "consultation", _("议事协商")
    VOLUNTEERING = "volunteering", _("志愿服务")
    CONVENIENCE = "convenience", _("便民服务")
    OTHER = "other", _("其他")


def _station_rows(queryset, user):
    """Rows of the stations whose records `user` may see (series, outreach: no personal data
    themselves, but kept to personal-data users like the activities they summarise)."""
    from stations.access import scope_to_station

    return scope_to_station(queryset, user)


class ActivityQuerySet(RoomScopedQuerySet):
    """Activities of the user's rooms, and station-wide ones (no room) of their station."""

    room_paths = ("rooms",)
    station_field = "station_id"
    distinct_rows = True

    def for_list(self):
        return (
            self.select_related("series")
            .prefetch_related("rooms")
            .annotate(
                signed_in_count=per_row(
                    Activity.participants.through.objects.all(),
                    "activity",
                    models.Count("pk"),
                    0,
                    output_field=models.IntegerField(),
                )
            )
        )

    def in_rooms(self, rooms):
        """Activities linked to any of `rooms` (an iterable or queryset of Room)."""
        return self.filter(
            pk__in=Activity.rooms.through.objects.filter(room__in=rooms).values("activity_id")
        )


class ActivitySeriesQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _station_rows(self, user)

    def with_totals(self):
        """Totals over every activity of the series (a project's figures are aggregates):
        `activity_count`, `head_count`, `signed_in`, `direct_total`, `indirect_total`.
        Subqueries, so that the two kinds of join do not multiply each other."""
        activities = Activity.objects.filter(series=models.OuterRef("pk")).order_by()
        head = activities.values("series").annotate(n=models.Sum("direct_participant_count"))
        indirect = activities.values("series").annotate(n=models.Sum("indirect_beneficiaries"))
        count = activities.values("series").annotate(n=models.Count("pk"))
        signed = (
            Activity.participants.through.objects.filter(activity__series=models.OuterRef("pk"))
            .order_by()
            .values("activity__series")
            .annotate(n=models.Count("pk"))
        )
        zero = models.Value(0)
        return self.annotate(
            activity_count=Coalesce(models.Subquery(count.values("n")), zero),
            head_count=Coalesce(models.Subquery(head.values("n")), zero),
            signed_in=Coalesce(models.Subquery(signed.values("n")), zero),
            indirect_total=Coalesce(models.Subquery(indirect.values("n")), zero),
        ).annotate(direct_total=models.F("head_count") + models.F("signed_in"))


class ActivitySeries(models.Model):
    """A series or project of activities, e.g. the summer camp 夏日梦想."""

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="activity_series", verbose_name=_("社工站")
    )
    name = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("简介"), blank=True)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    objects = ActivitySeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动系列/项目")
        verbose_name_plural = _("活动系列/项目")
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["station", "name"], name="series_name_unique"),
        ]

    def __str__(self):
        return self.name


@tracked("ActivityEvent")
class Activity(ServedTags, RecordMeta):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="activities", verbose_name=_("社工站")
    )
    rooms = models.ManyToManyField(
        Room,
        blank=True,
        related_name="activities",
        verbose_name=_("社工室"),
        help_text=_("不选则为全站活动"),
    )
    series = points_to(
        ActivitySeries,
        _("所属系列/项目"),
        related_name="activities",
        optional=True,
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("活动名称"), max_length=200)
    activity_type = models.CharField(_("活动类型"), max_length=30, choices=ActivityType)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    partner_units = models.ManyToManyField(
        PartnerUnit, blank=True, related_name="activities", verbose_name=_("合作单位")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_activities",
        verbose_name=_("组织者"),
    )
    direct_participant_count = models.PositiveIntegerField(
        _("直接参与人数（人头数）"), default=0, help_text=_("未逐一签到的参与者人数")
    )
    indirect_beneficiaries = models.PositiveIntegerField(_("间接受益人数"), default=0)
    participants = models.ManyToManyField(
        Resident, blank=True, related_name="activities", verbose_name=_("签到的服务对象")
    )

    social_forces = ArrayField(
        models.CharField(max_length=30, choices=SocialForce),
        verbose_name=_("参与的“五社”力量"),
        default=list,
        blank=True,
    )
    content = models.TextField(_("活动内容"), blank=True)
    resources_used = models.TextField(_("链接/使用的资源"), blank=True)
    outcome = models.TextField(_("活动成效"), blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区活动")
        verbose_name_plural = _("社区活动")
        ordering = ["-starts_at"]
        # Lists sort by the start and report periods select by it.
        indexes = [models.Index(fields=["starts_at"], name="activity_starts_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=date_bounds("starts_at", "ends_at", datetime_fields=True)
                & models.Q(ends_at__lte=models.F("starts_at") + ACTIVITY_MAX_LENGTH),
                name="activity_times_plausible",
                violation_error_message=_("活动日期须在合理范围内，且一次活动不超过 31 天。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_social_forces_display(self):
        return [SocialForce(value).label for value in self.social_forces if value in SocialForce]


# Sign-ins (签到): each resident added to or removed from an activity is an event of its own.
pghistory.track(
    pghistory.InsertEvent(),
    pghistory.DeleteEvent(),
    append_only=True,
    obj_field=None,
    model_name="ActivityParticipantEvent",
)(Activity.participants.through)


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(activity__in=Activity.objects.visible_to(user))


def attachment_path(instance, filename):
    # Under MEDIA_ROOT, which has no URL: files are served only by activities:attachment.
    extension = os.path.splitext(filename)[1].lower()
    return f"activities/{instance.activity_id}/{os.urandom(8).hex()}{extension}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    FILE = "file", _("文件")


class ActivityAttachment(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("活动")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=AttachmentKind)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = points_to(settings.AUTH_USER_MODEL, _("上传人"), optional=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动照片/附件")
        verbose_name_plural = _("活动照片/附件")
        ordering = ["activity", "uploaded_at"]

    def __str__(self):
        return self.original_name


class NeedsAssessmentQuerySet(RoomScopedQuerySet):
    room_paths = ("room",)
    station_field = "station"


class NeedsAssessment(Versioned, RecordedBy):
    """A community needs assessment over the six dimensions of the station's method."""

    station = points_to(Station, _("社工站"), related_name="needs_assessments")
    room = points_to(
        Room,
        _("社工室"),
        related_name="needs_assessments",
        optional=True,
        help_text=_("不选则为全镇评估"),
    )
    title = models.CharField(_("标题"), max_length=200)
    assessed_on = models.DateField(_("评估日期"))
    method = models.CharField(
        _("调研方式"), max_length=200, blank=True, help_text=_("如 入户访谈、问卷、座谈会")
    )
    basic_situation = models.TextField(_("社区基本情况"), blank=True)
    key_populations = models.TextField(_("重点人群"), blank=True)
    incubation = models.TextField(_("培育孵化"), blank=True)
    talent_development = models.TextField(_("人才培养"), blank=True)
    individual_needs = models.TextField(_("个性需求"), blank=True)
    community_resources = models.TextField(_("社区资源"), blank=True)
    findings = models.TextField(_("主要发现与建议"), blank=True)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="needs_assessments", verbose_name=_("回应需求的活动")
    )

    objects = NeedsAssessmentQuerySet.as_manager()

    DIMENSIONS = [
        "basic_situation",
        "key_populations",
        "incubation",
        "talent_development",
        "individual_needs",
        "community_resources",
    ]

    class Meta:
        verbose_name = _("社区需求评估")
        verbose_name_plural = _("社区需求评估")
        ordering = ["-assessed_on", "pk"]

    def __str__(self):
        return self.title


class OutreachQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _station_rows(self, user)


class MediaReport(Versioned, Timestamped):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="media_reports", verbose_name=_("社工站")
    )
    room = points_to(Room, _("社工室"), related_name="media_reports", optional=True)
    title = models.CharField(_("标题"), max_length=200)
    outlet = models.CharField(_("媒体/刊物"), max_length=100)
    published_on = models.DateField(_("发布日期"))
    link = models.URLField(_("链接"), blank=True)
    activity = points_to(
        Activity,
        _("相关活动"),
        related_name="media_reports",
        optional=True,
        on_delete=models.SET_NULL,
    )

    objects = OutreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("宣传报道")
        verbose_name_plural = _("宣传报道")
        ordering = ["-published_on", "pk"]

    def __str__(self):
        return self.title


class ExchangeDirection(models.TextChoices):
    HOSTED = "hosted", _("来访接待")
    VISITED = "visited", _("外出交流")


class ExchangeVisit(Versioned, Timestamped):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="exchange_visits", verbose_name=_("社工站")
    )
    room = points_to(Room, _("社工室"), related_name="exchange_visits", optional=True)
    counterpart = models.CharField(_("交流单位"), max_length=200)
    direction = models.CharField(_("形式"), max_length=10, choices=ExchangeDirection)
    visited_on = models.DateField(_("日期"))
    topics = models.TextField(_("交流内容"))

    objects = OutreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("交流访问")
        verbose_name_plural = _("交流访问")
        ordering = ["-visited_on", "pk"]

    def __str__(self):
        return _("%(name)s（%(date)s）") % {"name": self.counterpart, "date": self.visited_on}
