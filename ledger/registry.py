"""The KINDs of ledger that can be imported. The names are a contract (commands, URLs)."""

from django.utils.translation import gettext_lazy as _

KIND_NAMES = [
    "residents",
    "volunteers",
    "volunteer_hours",
    "organizations",
    "activities",
    "cases",
    "service_records",
    "groups",
    "donations",
    "outreach",
]

KIND_TITLES = {
    "residents": _("服务对象"),
    "volunteers": _("志愿者"),
    "volunteer_hours": _("志愿服务时长"),
    "organizations": _("社区社会组织"),
    "activities": _("社区活动"),
    "cases": _("个案"),
    "service_records": _("服务记录"),
    "groups": _("小组"),
    "donations": _("捐赠与支出"),
    "outreach": _("宣传报道与交流"),
}


def kind_class(name: str):
    """The LedgerKind class of `name`, or None when that kind cannot be imported yet."""
    from ledger.kinds.activities import ActivitiesKind
    from ledger.kinds.cases import CasesKind
    from ledger.kinds.donations import DonationsKind
    from ledger.kinds.groups import GroupsKind
    from ledger.kinds.organizations import OrganizationsKind
    from ledger.kinds.outreach import OutreachKind
    from ledger.kinds.residents import ResidentsKind
    from ledger.kinds.service_records import ServiceRecordsKind
    from ledger.kinds.volunteer_hours import VolunteerHoursKind
    from ledger.kinds.volunteers import VolunteersKind

    available = {
        "residents": ResidentsKind,
        "volunteers": VolunteersKind,
        "organizations": OrganizationsKind,
        "volunteer_hours": VolunteerHoursKind,
        "activities": ActivitiesKind,
        "cases": CasesKind,
        "service_records": ServiceRecordsKind,
        "groups": GroupsKind,
        "outreach": OutreachKind,
        "donations": DonationsKind,
    }
    return available.get(name)


def available_kinds() -> list[str]:
    return [name for name in KIND_NAMES if kind_class(name) is not None]
