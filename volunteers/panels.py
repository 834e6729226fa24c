"""Home-page panel and resident-page section contributed by the volunteers app."""

from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from stations.access import can_see_personal_data
from stations.listing import among_ids
from stations.pickers import Picker, age_filter, register_picker
from volunteers.models import (
    COUNTED_STATUSES,
    RecordStatus,
    ServiceRecord,
    Skill,
    Volunteer,
    VolunteerStatus,
)


def volunteer_label(volunteer) -> str:
    return gettext("%(name)s（%(room)s）") % {"name": volunteer.real_name, "room": volunteer.room}


def volunteer_choices(user):
    """The active volunteers `user` may see (the picker's search; never ID numbers or phones)."""
    return (
        Volunteer.objects.visible_to(user)
        .filter(status=VolunteerStatus.ACTIVE)
        .select_related("room")
        .order_by("real_name", "pk")
    )


def volunteer_search(queryset, words):
    """Every word matches the name, the room, the age or a skill."""
    for word in words:
        match = Q(real_name__icontains=word) | Q(room__name__icontains=word)
        age = age_filter(word)
        if age is not None:
            match |= age
        for value, label in Skill.choices:
            if word in str(label):
                match |= Q(skills__contains=[value])
        queryset = queryset.filter(match)
    return queryset


def volunteer_describe(volunteers) -> list[dict]:
    return [
        {
            "id": volunteer.pk,
            "label": volunteer_label(volunteer),
            "detail": gettext("、").join(volunteer.skill_labels()),
        }
        for volunteer in volunteers
    ]


def pending_confirmations(request) -> dict:
    """Records waiting for the user's confirmation (their rooms' activities, sessions and projects;
    station-wide ones for station staff and supervisors). Two queries."""
    user = request.user
    if not can_see_personal_data(user):
        return {"count": 0, "records": []}
    # The union of the pending ids, counted as it is and read by id (the table is not scanned to
    # match them); the five newest ids first, then their joined rows (one query): joining first
    # read every record.
    ids = ServiceRecord.objects.confirmable_ids(user, status=RecordStatus.RECORDED)
    first = among_ids(ServiceRecord.objects.all(), ids).order_by("-date", "pk").values("pk")[:5]
    return {
        "count": ids.count(),
        "records": list(among_ids(ServiceRecord.objects.for_list(), first).order_by("-date", "pk")),
    }


def resident_volunteering(request, resident) -> dict:
    """The resident's volunteer registration, if they are also a volunteer. One query."""
    volunteers = (
        Volunteer.objects.visible_to(request.user)
        .filter(resident=resident)
        .annotate(
            confirmed_hours=Coalesce(
                Sum("records__hours", filter=Q(records__status__in=COUNTED_STATUSES)),
                Value(Decimal("0")),
                output_field=DecimalField(),
            )
        )
    )
    return {"volunteers": list(volunteers)}


def register():
    """The app's navigation entry, home-page panels and page sections (CONTRIBUTING)."""
    from stations.panels import PERSONAL_ROLES
    from stations.workbench import (
        NavItem,
        Panel,
        ResidentSection,
        register_nav,
        register_panel,
        register_resident_section,
    )

    register_picker(
        Picker(
            kind="volunteer",
            queryset=volunteer_choices,
            search=volunteer_search,
            describe=volunteer_describe,
            placeholder=_("输入志愿者姓名、社工室、年龄或技能查找"),
        )
    )
    register_nav(
        NavItem(
            pgettext_lazy("list", "志愿者"), "volunteers:list", PERSONAL_ROLES, 50, "/volunteers/"
        )
    )
    register_panel(
        Panel(
            "volunteer_pending_confirmations",
            _("待确认的志愿服务时长"),
            "volunteers/panels/pending.html",
            pending_confirmations,
            PERSONAL_ROLES,
            60,
        )
    )
    register_resident_section(
        ResidentSection(
            "volunteering",
            _("志愿服务"),
            "volunteers/panels/resident.html",
            resident_volunteering,
            80,
        )
    )

    # The tabs above the app's pages: {% tabs "volunteers" "<key>" %}.
    from stations.workbench import Tab, register_tabs

    register_tabs(
        "volunteers",
        [
            Tab("volunteers", pgettext_lazy("list", "志愿者"), "volunteers:list"),
            Tab("records", _("服务记录"), "volunteers:record_list"),
            Tab("bulk", _("按活动录入"), "volunteers:activity_pick"),
            Tab("projects", _("志愿服务项目"), "volunteers:project_list"),
            Tab("certificates", _("服务证明"), "volunteers:certificate_list"),
            Tab("export", _("导出"), "volunteers:record_export"),
        ],
    )
