"""Writes of the organization registry: organizations, their incubation and participation, and
the partner units. Keyword-only; a rule that refuses a change raises ValidationError."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.models import IncubationRecord, Organization, OrganizationActivity
from stations.concurrency import create_versioned, update_versioned
from stations.models import PartnerUnit, Role


def _require_room_unless_station_staff(data, by):
    """A town-wide organization (no room) is registered by station staff or a supervisor."""
    if (
        not data.get("room")
        and not by.is_superuser
        and by.role not in (Role.STATION_STAFF, Role.SUPERVISOR)
    ):
        raise ValidationError({"room": _("全镇性组织只能由驻站社工或督导登记，请选择社工室。")})


def organization_create(*, station, data: dict, by) -> Organization:
    _require_room_unless_station_staff(data, by)
    return create_versioned(Organization, data=data, station=station)


def organization_update(*, organization: Organization, version, data: dict, by) -> Organization:
    _require_room_unless_station_staff(data, by)
    return update_versioned(organization, version=version, data=data)


def incubation_record_create(*, organization: Organization, data: dict, by) -> IncubationRecord:
    return IncubationRecord.objects.create(organization=organization, worker=by, **data)


def participation_create(*, organization: Organization, data: dict, by) -> OrganizationActivity:
    return OrganizationActivity.objects.create(organization=organization, created_by=by, **data)


def partner_create(*, station, data: dict, by) -> PartnerUnit:
    return create_versioned(PartnerUnit, data=data, station=station)


def partner_update(*, partner: PartnerUnit, version, data: dict, by) -> PartnerUnit:
    return update_versioned(partner, version=version, data=data)
