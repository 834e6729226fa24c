"""Community social organizations (社区社会组织): registry, incubation and the activities they joined.

Partner units (共建单位) live in `stations.models.PartnerUnit` (one registry for every app); this app
only provides their pages.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import RecordedBy, Room, Station, Timestamped, Versioned, points_to
from stations.models.residents import history_trackers
from stations.privacy import EncryptedTextField, blind_index, mask_phone
from stations.querysets import RoomScopedQuerySet


class Category(models.TextChoices):
    CHARITY = "charity", _("公益慈善类")
    LIFE_SERVICES = "life_services", _("生活服务类")
    COMMUNITY_AFFAIRS = "community_affairs", _("社区事务类")
    CULTURE_SPORTS = "culture_sports", _("文体活动类")


class OrganizationStatus(models.TextChoices):
    INCUBATING = "incubating", _("培育中")
    FILED = "filed", _("已备案")
    REGISTERED = "registered", _("已登记")
    DISSOLVED = "dissolved", _("已注销")


# The only forward moves; dissolving is possible from any living status.
STATUS_ORDER = [
    OrganizationStatus.INCUBATING,
    OrganizationStatus.FILED,
    OrganizationStatus.REGISTERED,
    OrganizationStatus.DISSOLVED,
]


class OrganizationQuerySet(RoomScopedQuerySet):
    """Organizations of the user's rooms, and station-level ones (no room) of their station."""

    room_paths = ("room",)
    station_field = "station"

    def for_list(self):
        return self.select_related("room")


@pghistory.track(
    *history_trackers(),
    # The encrypted contact phone stays out of the history table; its lookup hash is kept.
    exclude=["contact_phone", "updated_at", "version"],
    append_only=True,
    model_name="OrganizationEvent",
    meta={
        "verbose_name": _("社区社会组织变更记录"),
        "verbose_name_plural": _("社区社会组织变更记录"),
    },
)
class Organization(Versioned, Timestamped):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("社工站")
    )
    room = points_to(
        Room,
        _("所属社工室"),
        related_name="organizations",
        optional=True,
        help_text=_("不选则为全镇性组织"),
    )
    name = models.CharField(_("组织名称"), max_length=120)
    category = models.CharField(_("类别"), max_length=20, choices=Category)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=OrganizationStatus,
        default=OrganizationStatus.INCUBATING,
    )
    incubation_started_on = models.DateField(_("开始培育日期"), default=timezone.localdate)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_number = models.CharField(_("备案编号"), max_length=50, blank=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    registration_number = models.CharField(
        _("登记证号/统一社会信用代码"), max_length=50, blank=True
    )
    dissolved_on = models.DateField(_("注销日期"), null=True, blank=True)
    leader_name = models.CharField(_("负责人"), max_length=50)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    contact_phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    member_count = models.PositiveIntegerField(_("成员人数"), default=0)
    service_area = models.CharField(_("服务领域/范围"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区社会组织")
        verbose_name_plural = _("社区社会组织")
        ordering = ["room", "name"]
        # Looked up by equality only: a plain index, without db_index's `_like` twin.
        indexes = [models.Index(fields=["contact_phone_hash"], name="org_contact_phone_hash_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "name"],
                name="organization_name_unique",
                violation_error_message=_("本站已有同名的社区社会组织。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["filed", "registered", "dissolved"])
                | Q(filed_on__isnull=False) & ~Q(filing_number="")
                | Q(status="dissolved"),
                name="organization_filed_has_date_and_number",
                violation_error_message=_("已备案或已登记的组织须填写备案日期和备案编号。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="registered")
                | Q(registered_on__isnull=False) & ~Q(registration_number=""),
                name="organization_registered_has_date_and_number",
                violation_error_message=_("已登记的组织须填写登记日期和登记证号。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="dissolved") | Q(dissolved_on__isnull=False),
                name="organization_dissolved_has_date",
                violation_error_message=_("已注销的组织须填写注销日期。"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.contact_phone_hash = blind_index(self.contact_phone)
        super().save(*args, **kwargs)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)


class IncubationKind(models.TextChoices):
    NEEDS_RESEARCH = "needs_research", _("需求调研")
    TRAINING = "training", _("培训")
    COACHING = "coaching", _("一对一辅导")
    MILESTONE = "milestone", _("里程碑")


class IncubationRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organization__in=Organization.objects.visible_to(user).values("pk"))


class IncubationRecord(Timestamped):
    organization = points_to(
        Organization, _("社区社会组织"), related_name="incubation_records", on_delete=models.CASCADE
    )
    kind = models.CharField(_("培育方式"), max_length=20, choices=IncubationKind)
    date = models.DateField(_("日期"))
    content = models.TextField(_("内容"))
    outcome = models.TextField(_("成效"), blank=True)
    worker = points_to(settings.AUTH_USER_MODEL, _("社工"))

    objects = IncubationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育记录")
        verbose_name_plural = _("培育记录")
        ordering = ["organization", "-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organization__in=Organization.objects.visible_to(user).values("pk"))


class OrganizationActivity(Timestamped, RecordedBy):
    """An activity the organization took part in, and how many people it served there."""

    organization = points_to(
        Organization, _("社区社会组织"), related_name="participations", on_delete=models.CASCADE
    )
    activity = points_to(
        "activities.Activity", _("社区活动"), related_name="organization_participations"
    )
    role = models.CharField(_("承担的工作"), max_length=200, blank=True)
    people_served = models.PositiveIntegerField(_("服务人数"), default=0)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("参与的活动")
        verbose_name_plural = _("参与的活动")
        ordering = ["organization", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "activity"], name="participation_once_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.organization} @ {self.activity}"
