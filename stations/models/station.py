"""The base (一个阵地): stations, their community rooms (社工室) and the people who work there."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models.fields import points_to
from stations.privacy import EncryptedTextField, mask_phone


class District(models.Model):
    """A district (区/县) whose civil affairs office funds the stations of its townships and
    reads their figures side by side."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.SlugField(
        _("编码"), max_length=20, unique=True, help_text=_("用于命令行和接口，如 jintai")
    )

    class Meta:
        verbose_name = _("区（县）")
        verbose_name_plural = _("区（县）")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Station(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.SlugField(
        _("编码"), max_length=20, unique=True, help_text=_("用于案号等编号，如 CCZ")
    )
    township = models.CharField(_("乡镇（街道）"), max_length=100)
    district = points_to(District, _("区（县）"), related_name="stations", optional=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("社工站")
        verbose_name_plural = _("社工站")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RoomQuerySet(models.QuerySet):
    def visible_to(self, user):
        from stations.access import visible_rooms

        return self.filter(pk__in=visible_rooms(user).values("pk"))


class Room(models.Model):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("社工站")
    )
    name = models.CharField(_("名称"), max_length=100)
    community = models.CharField(_("社区（村）"), max_length=100)
    code = models.SlugField(_("编码"), max_length=20)
    is_pilot = models.BooleanField(_("试点"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("社工室")
        verbose_name_plural = _("社工室")
        ordering = ["station", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "code"], name="room_code_unique_per_station"
            ),
            models.UniqueConstraint(
                fields=["station", "name"], name="room_name_unique_per_station"
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    STATION_STAFF = "station_staff", _("驻站社工/站长")
    ROOM_WORKER = "room_worker", _("社工室社工")
    SUPERVISOR = "supervisor", _("督导")
    OFFICIAL = "official", _("镇/区官员")
    DISTRICT_OFFICIAL = "district_official", _("区（县）民政官员")


class Certification(models.TextChoices):
    NONE = "none", _("无")
    JUNIOR = "junior", _("助理社会工作师（初级）")
    INTERMEDIATE = "intermediate", _("社会工作师（中级）")
    SENIOR = "senior", _("高级社会工作师")


class User(AbstractUser):
    """A person who logs in. Every user has a role; what they may see follows from it.

    `rooms` are the rooms a room worker serves or a supervisor supervises. Station staff and
    officials belong to a station as a whole. See `stations.access` for the rules.
    """

    role = models.CharField(_("角色"), max_length=20, choices=Role, blank=True)
    station = points_to(Station, _("社工站"), related_name="staff", optional=True)
    district = points_to(
        District,
        _("区（县）"),
        related_name="officials",
        optional=True,
        help_text=_("区（县）民政官员所属的区（县）：可查看其各社工站的汇总数据"),
    )
    rooms = models.ManyToManyField(
        Room,
        blank=True,
        related_name="staff",
        verbose_name=_("负责的社工室"),
        help_text=_("社工室社工服务的社工室；督导督导的社工室"),
    )
    certification = models.CharField(
        _("职业资格"), max_length=20, choices=Certification, default=Certification.NONE
    )
    # Encrypted at rest like a resident's phone; shown masked (`masked_phone`), never searched.
    phone = EncryptedTextField(_("电话"), blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="")
                | models.Q(station__isnull=False)
                | models.Q(role="district_official", district__isnull=False),
                name="user_with_role_belongs_to_station",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="district_official") | models.Q(district__isnull=False),
                name="district_official_belongs_to_district",
            ),
        ]

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def display_name(self):
        return str(self)
