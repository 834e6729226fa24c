"""Residents (服务对象): the people the station serves. Personal data: see stations.privacy.

Every change to a resident, household, key-population tag or consent is recorded by PostgreSQL
triggers (django-pghistory), so that bulk updates are caught too. The encrypted columns are not
copied into the history tables: their lookup hashes are, so that a change shows as "changed"
without the value (and history survives a key rotation).
"""

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.identity import IdType, document_hash, phone_hash
from stations.models.fields import points_to
from stations.models.meta import RecordedBy, RecordMeta, Timestamped, Versioned
from stations.models.station import Room
from stations.privacy import EncryptedTextField, mask_id_number, mask_phone
from stations.querysets import RoomScopedQuerySet

__all__ = [
    "CHILD_AGE",
    "Consent",
    "ConsentGiver",
    "DisabilityCategory",
    "Household",
    "IdType",
    "KeyPopulation",
    "KeyPopulationTag",
    "Relation",
    "Resident",
    "RevealField",
    "RevealLog",
    "Sex",
]

CHILD_AGE = 14  # PIPL art. 28/31: everything about a child under 14 is sensitive


def history_trackers():
    """Fresh trackers per model: pghistory binds a tracker's condition to the first model."""
    return pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class KeyPopulation(models.TextChoices):
    DIBAO = "dibao", _("低保对象")
    NEAR_DIBAO = "near_dibao", _("低保边缘")
    EXTREME_POVERTY = "extreme_poverty", _("特困人员")
    ORPHAN = "orphan", _("孤儿/事实无人抚养儿童")
    CHILD_IN_DIFFICULTY = "child_in_difficulty", _("困境儿童")
    LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
    ELDERLY_ALONE = "elderly_alone", _("空巢/独居老人")
    DISABLED_ELDERLY = "disabled_elderly", _("失能/半失能老人")
    DISABLED = "disabled", _("残疾人")
    FAMILY_PLANNING_SPECIAL = "family_planning_special", _("计生特殊家庭")
    LEFT_BEHIND_ADULT = "left_behind_adult", _("留守老人/妇女")
    ENTITLED_GROUP = "entitled_group", _("优抚对象")
    COMMUNITY_CORRECTION = "community_correction", _("社区矫正对象")


# Specific identities, health and correction status: sensitive personal information (PIPL art. 28).
# On a child under 14 every tag is sensitive.
SENSITIVE_CATEGORIES = frozenset(
    {
        KeyPopulation.DIBAO,
        KeyPopulation.NEAR_DIBAO,
        KeyPopulation.EXTREME_POVERTY,
        KeyPopulation.ORPHAN,
        KeyPopulation.CHILD_IN_DIFFICULTY,
        KeyPopulation.LEFT_BEHIND_CHILD,
        KeyPopulation.DISABLED_ELDERLY,
        KeyPopulation.DISABLED,
        KeyPopulation.FAMILY_PLANNING_SPECIAL,
        KeyPopulation.COMMUNITY_CORRECTION,
    }
)


class DisabilityCategory(models.TextChoices):
    VISUAL = "visual", _("视力残疾")
    HEARING = "hearing", _("听力残疾")
    SPEECH = "speech", _("言语残疾")
    PHYSICAL = "physical", _("肢体残疾")
    INTELLECTUAL = "intellectual", _("智力残疾")
    MENTAL = "mental", _("精神残疾")
    MULTIPLE = "multiple", _("多重残疾")


class Relation(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDPARENT = "grandparent", _("祖父母/外祖父母")
    GRANDCHILD = "grandchild", _("孙子女/外孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class ResidentQuerySet(RoomScopedQuerySet):
    """Residents of the rooms `user` may see; none for officials or users without rooms."""

    room_paths = ("room",)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def for_list(self):
        """Room and the tags in force today, preloaded (one query each, whatever the rows)."""
        current_tags = KeyPopulationTag.objects.in_force().order_by("category")
        return self.select_related("room").prefetch_related(
            models.Prefetch("tags", queryset=current_tags, to_attr="current_tags")
        )

    def born_between(self, *, oldest_age=None, younger_than=None, on=None):
        """Age bands by birth date: `younger_than=14` → under 14; `oldest_age=60` → 60 and over."""
        on = on or timezone.localdate()
        queryset = self
        if younger_than is not None:
            queryset = queryset.filter(birth_date__gt=_years_before(on, younger_than))
        if oldest_age is not None:
            queryset = queryset.filter(birth_date__lte=_years_before(on, oldest_age))
        return queryset


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class HouseholdQuerySet(RoomScopedQuerySet):
    room_paths = ("room",)


@pghistory.track(
    *history_trackers(),
    append_only=True,
    exclude=["version", "updated_at"],
    model_name="HouseholdEvent",
    meta={"verbose_name": _("家庭户变更记录"), "verbose_name_plural": _("家庭户变更记录")},
)
class Household(Versioned, Timestamped):
    """一户一档: a household file. Members point at it with their relation to the head."""

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="households", verbose_name=_("社工室")
    )
    name = models.CharField(_("户名"), max_length=100, help_text=_("通常为户主姓名＋户"))
    address = models.CharField(_("住址"), max_length=200, blank=True)
    notes = models.TextField(_("家庭情况"), blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭户")
        verbose_name_plural = _("家庭户")
        ordering = ["room", "name"]

    def __str__(self):
        return self.name


@pghistory.track(
    *history_trackers(),
    exclude=["id_number", "phone", "updated_at", "version"],
    append_only=True,
    model_name="ResidentEvent",
    meta={"verbose_name": _("服务对象变更记录"), "verbose_name_plural": _("服务对象变更记录")},
)
class Resident(RecordMeta):
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="residents", verbose_name=_("社工室")
    )
    household = points_to(
        Household, _("家庭户"), related_name="members", optional=True, on_delete=models.SET_NULL
    )
    relation_to_head = models.CharField(
        _("与户主关系"), max_length=20, blank=True, choices=Relation
    )
    real_name = models.CharField(_("姓名"), max_length=50)
    pseudonym = models.CharField(_("化名"), max_length=50, help_text=_("打印和导出材料中显示化名"))
    sex = models.CharField(_("性别"), max_length=10, choices=Sex)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族", blank=True)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType, default=IdType.RESIDENT_ID
    )
    id_number = EncryptedTextField(_("证件号码"), blank=True)
    id_number_hash = models.CharField(
        _("证件号码（摘要）"), max_length=64, blank=True, editable=False
    )
    phone = EncryptedTextField(_("电话"), blank=True)
    phone_hash = models.CharField(_("电话（摘要）"), max_length=64, blank=True, editable=False)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    registered_on = models.DateField(
        _("建档日期"), default=timezone.localdate, help_text=_("补录纸质档案时填原建档日期")
    )
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    archive_reason = models.CharField(_("归档原因"), max_length=200, blank=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务对象")
        verbose_name_plural = _("服务对象")
        ordering = ["room", "real_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(id_type=IdType.NONE) | Q(id_number_hash=""),
                name="resident_no_number_without_document",
            ),
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(relation_to_head=""),
                name="resident_relation_needs_household",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__gte=datetime.date(1900, 1, 1)),
                name="resident_birth_date_plausible",
            ),
            models.CheckConstraint(condition=~Q(real_name=""), name="resident_name_not_empty"),
        ]
        indexes = [
            models.Index(fields=["birth_date"], name="resident_birth_date_idx"),
            # Hashes are looked up by equality only: a plain index, not db_index=True, whose
            # second `_like` index for prefix searches is never used (issue 15).
            models.Index(fields=["id_number_hash"], name="resident_id_number_hash_idx"),
            models.Index(fields=["phone_hash"], name="resident_phone_hash_idx"),
            # The active residents of a user's rooms (`visible_to(user).active()`, the overdue
            # visits and the other home panels): an index-only scan of the rooms' ids, not a read
            # of every resident row to check `archived_at` (issue 15).
            models.Index(
                fields=["room", "id"],
                condition=Q(archived_at__isnull=True),
                name="resident_active_room_idx",
            ),
        ]

    def __str__(self):
        return self.real_name

    def save(self, *args, **kwargs):
        # The lookup hashes are a fact of the row: they always follow the encrypted values.
        self.refresh_lookup_hashes()
        if not self.pseudonym:
            from stations.services import propose_pseudonym

            self.pseudonym = propose_pseudonym()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"id_number", "phone"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"id_number_hash", "phone_hash"}
        super().save(*args, **kwargs)

    def refresh_lookup_hashes(self) -> None:
        self.id_number_hash = document_hash(self.id_number or "")
        self.phone_hash = phone_hash(self.phone or "")

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def is_child(self) -> bool:
        """Under 14: everything about them is sensitive personal information (PIPL art. 28)."""
        return self.age < CHILD_AGE

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone or "")


class KeyPopulationTagQuerySet(RoomScopedQuerySet):
    room_paths = ("resident__room",)

    def in_force(self, on=None):
        """Tags in force on the day `on` (today in Shanghai by default)."""
        on = on or timezone.localdate()
        return self.in_force_during(on, on)

    def in_force_during(self, date_from, date_to):
        """Tags in force on at least one day from `date_from` to `date_to`."""
        return self.filter(start_date__lte=date_to).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=date_from)
        )


@pghistory.track(
    *history_trackers(),
    append_only=True,
    exclude=["version"],
    model_name="KeyPopulationTagEvent",
    meta={
        "verbose_name": _("重点人群标签变更记录"),
        "verbose_name_plural": _("重点人群标签变更记录"),
    },
)
class KeyPopulationTag(Versioned):
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="tags", verbose_name=_("服务对象")
    )
    category = models.CharField(_("重点人群类别"), max_length=40, choices=KeyPopulation)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    source = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("如 民政认定、入户排查")
    )
    disability_category = models.CharField(
        _("残疾类别"), max_length=20, choices=DisabilityCategory, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"),
        null=True,
        blank=True,
        choices=[(1, _("一级")), (2, _("二级")), (3, _("三级")), (4, _("四级"))],
    )

    objects = KeyPopulationTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点人群标签")
        verbose_name_plural = _("重点人群标签")
        ordering = ["category", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="tag_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(disability_grade__isnull=True)
                | Q(disability_grade__gte=1, disability_grade__lte=4),
                name="tag_disability_grade_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(category=KeyPopulation.DISABLED)
                | (Q(disability_category="") & Q(disability_grade__isnull=True)),
                name="tag_disability_only_for_disabled",
            ),
        ]

    def __str__(self):
        return self.get_category_display()

    def in_force_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @property
    def is_sensitive(self) -> bool:
        return self.category in SENSITIVE_CATEGORIES


class ConsentGiver(models.TextChoices):
    SELF = "self", _("本人")
    GUARDIAN = "guardian", _("监护人")


class ConsentQuerySet(RoomScopedQuerySet):
    room_paths = ("resident__room",)

    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(given_on__lte=on).filter(
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
        )

    def guardian_sensitive(self):
        """Consents that allow processing a child's sensitive information (PIPL art. 31)."""
        return self.filter(given_by=ConsentGiver.GUARDIAN, covers_sensitive=True)


@pghistory.track(
    *history_trackers(),
    append_only=True,
    exclude=["updated_at"],
    model_name="ConsentEvent",
    meta={"verbose_name": _("知情同意变更记录"), "verbose_name_plural": _("知情同意变更记录")},
)
class Consent(Timestamped, RecordedBy):
    """A consent to process a resident's personal information (PIPL art. 14, 29, 31)."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="consents", verbose_name=_("服务对象")
    )
    purpose = models.CharField(
        _("处理目的"), max_length=200, help_text=_("如 个案服务、困境儿童关爱、入户走访")
    )
    scope = models.TextField(
        _("信息范围"), help_text=_("收集和使用哪些信息，如 基本信息、家庭情况、健康状况")
    )
    covers_sensitive = models.BooleanField(
        _("单独同意处理敏感个人信息"),
        default=False,
        help_text=_("低保/特困身份、健康、残疾、未满十四周岁未成年人信息等需单独同意"),
    )
    given_by = models.CharField(
        _("同意人"), max_length=10, choices=ConsentGiver, default=ConsentGiver.SELF
    )
    guardian_name = models.CharField(_("监护人姓名"), max_length=50, blank=True)
    guardian_relation = models.CharField(
        _("监护人与本人关系"), max_length=20, blank=True, help_text=_("如 母亲、祖父")
    )
    given_on = models.DateField(_("同意日期"))
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_note = models.CharField(_("撤回说明"), max_length=200, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("知情同意")
        verbose_name_plural = _("知情同意")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_by=ConsentGiver.GUARDIAN) | ~Q(guardian_name=""),
                name="consent_guardian_named",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return _("%(name)s（%(date)s）") % {
            "name": self.purpose,
            "date": f"{self.given_on:%Y-%m-%d}",
        }

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= timezone.localdate()


class RevealField(models.TextChoices):
    ID_NUMBER = "id_number", _("证件号码")
    PHONE = "phone", _("电话")


class RevealLogQuerySet(RoomScopedQuerySet):
    room_paths = ("resident__room",)


@pgtrigger.register(
    pgtrigger.Protect(name="reveal_log_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
)
class RevealLog(models.Model):
    """Who saw a full ID number or phone, whose, when and why. Rows are never changed."""

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="reveals", verbose_name=_("服务对象")
    )
    field = models.CharField(_("查看内容"), max_length=20, choices=RevealField)
    reason = models.CharField(_("查看原因"), max_length=200)
    revealed_by = points_to(settings.AUTH_USER_MODEL, _("查看人"))
    revealed_at = models.DateTimeField(_("查看时间"), auto_now_add=True)

    objects = RevealLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("完整信息查看记录")
        verbose_name_plural = _("完整信息查看记录")
        ordering = ["-revealed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="reveal_reason_required")
        ]

    def __str__(self):
        return (
            f"{self.revealed_by} · {self.get_field_display()} · {self.revealed_at:%Y-%m-%d %H:%M}"
        )
