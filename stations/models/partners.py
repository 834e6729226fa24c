"""Partner units (共建单位): enterprises, banks, hospitals, schools… linked by the station.

One registry, shared by activities (partners of an event), organizations and charity (donors).
It lives in the base so that no domain app has to import another.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stations.models.meta import Timestamped, Versioned
from stations.models.station import Station
from stations.privacy import EncryptedTextField, mask_phone


class PartnerKind(models.TextChoices):
    # 居委会/村委会: the community force of 五社联动 (issue 16); every other kind of partner unit
    # linked to an activity counts as a charity resource.
    COMMUNITY = "community", _("村（居）委会")
    ENTERPRISE = "enterprise", _("企业")
    BANK = "bank", _("银行")
    HOSPITAL = "hospital", _("医院/卫生院")
    SCHOOL = "school", _("学校")
    GOVERNMENT = "government", _("政府部门/事业单位")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    OTHER = "other", _("其他")


class PartnerUnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partner units are not personal data: every user of the station sees its registry."""
        from stations.access import visible_stations

        return self.filter(station__in=visible_stations(user))


class PartnerUnit(Versioned, Timestamped):
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="partner_units", verbose_name=_("社工站")
    )
    name = models.CharField(_("单位名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=30, choices=PartnerKind)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    # Encrypted at rest; shown masked (`masked_phone`), never searched.
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    notes = models.TextField(_("备注"), blank=True)

    objects = PartnerUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("共建单位")
        verbose_name_plural = _("共建单位")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "name"], name="partner_name_unique_per_station"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)
