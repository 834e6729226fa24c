"""The report API's tokens (issue 16): a token reads one station's or one district's report, as
JSON, and nothing else. Only a hash of the token is stored; the token itself is shown once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import District, Station, points_to


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tokens of the stations whose admin `user` may use (station staff: their station's);
        district tokens are the superuser's."""
        from stations.access import can_use_admin, scope_to_station

        if not can_use_admin(user):
            return self.none()
        if user.is_superuser:
            return self
        return scope_to_station(self, user)

    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    name = models.CharField(
        _("名称"), max_length=100, help_text=_("使用这个令牌的系统，如“区民政局数据平台”")
    )
    station = points_to(
        Station,
        _("社工站"),
        related_name="api_tokens",
        optional=True,
        help_text=_("令牌可读取该社工站的报表"),
    )
    district = points_to(
        District,
        _("区（县）"),
        related_name="api_tokens",
        optional=True,
        help_text=_("令牌可读取该区（县）各社工站的报表及合计"),
    )
    prefix = models.CharField(_("令牌开头"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("创建人"),
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("撤销人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(station__isnull=False, district__isnull=True)
                | Q(station__isnull=True, district__isnull=False),
                name="api_token_for_one_station_or_district",
                violation_error_message=_("令牌须属于一个社工站或一个区（县），二者选一。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(token__in=ApiToken.objects.visible_to(user))


class ApiRequest(models.Model):
    """One use of a token: when, what it asked for, what it got. Also the rate limit's count."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="requests", verbose_name=_("接口令牌")
    )
    at = models.DateTimeField(_("时间"))
    status = models.PositiveSmallIntegerField(_("状态码"))
    query = models.CharField(_("查询参数"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)

    objects = ApiRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口调用记录")
        verbose_name_plural = _("接口调用记录")
        ordering = ["-at"]
        indexes = [models.Index(fields=["token", "at"], name="api_request_token_at_idx")]

    def __str__(self):
        return f"{self.token_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status}"
