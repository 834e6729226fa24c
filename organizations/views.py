"""Community social organizations and the partner-unit registry (共建单位).

Organization pages show the leader's contact (masked): officials get 403, other rooms 404.
Partner units are the station's shared registry (stations.PartnerUnit); their pages carry a contact
person too, so they are for the station's workers only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from organizations import services
from organizations.forms import (
    IncubationRecordForm,
    OrganizationFilterForm,
    OrganizationForm,
    ParticipationForm,
    PartnerFilterForm,
    PartnerForm,
)
from organizations.models import Organization
from stations.access import get_visible_or_404, visible_rooms
from stations.concurrency import form_data
from stations.listing import filter_equal, paginate, search, sort_by
from stations.models import PartnerUnit, Role
from stations.views_base import personal_data_required, station_record_views


def can_edit_organization(user, organization) -> bool:
    """Workers of its room; a station-level organization: station staff and supervisors."""
    if user.is_superuser:
        return True
    if organization.room_id is None:
        return user.role in (Role.STATION_STAFF, Role.SUPERVISOR)
    return visible_rooms(user).filter(pk=organization.room_id).exists()


def get_organization_for_user(user, pk, *, write=False) -> Organization:
    organization = get_visible_or_404(
        Organization.objects.select_related("room", "station"), user, pk=pk
    )
    if write and not can_edit_organization(user, organization):
        raise PermissionDenied
    return organization


@personal_data_required
def organization_list(request):
    return _list_page(request, "organizations/organization_list.html", organization_list_queryset)


def _list_page(request, template, list_queryset):
    """A list of the app (organizations, partners): its filter form and the page of its rows, as
    `list_queryset(request)` (shared with the list's export) gives them."""
    form, rows = list_queryset(request)
    return render(request, template, {"form": form, "page_obj": paginate(request, rows)})


def organization_list_queryset(request):
    """The list's filter form and its ordered rows (shared with the list's export)."""
    form = OrganizationFilterForm(request.GET or None, user=request.user)
    organizations = Organization.objects.visible_to(request.user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        organizations = search(organizations, data["q"], "name", "leader_name", "service_area")
        organizations = filter_equal(organizations, data, "room", "category", "status")
    organizations = organizations.annotate(
        activity_count=Count("participations", distinct=True),
        people_served=Sum("participations__people_served"),
    )
    orderings = {
        "": ["room__order", "name", "pk"],
        "name": ["name", "pk"],
        "members": ["-member_count", "pk"],
        "started": ["-incubation_started_on", "pk"],
    }
    organizations, _sort = sort_by(request, organizations, orderings)
    return form, organizations


@personal_data_required
def organization_detail(request, pk):
    organization = get_organization_for_user(request.user, pk)
    participations = organization.participations.select_related("activity").order_by(
        "-activity__starts_at"
    )
    totals = participations.aggregate(people=Sum("people_served"))
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "incubation_records": organization.incubation_records.select_related("worker"),
            "participations": participations,
            "people_served": totals["people"] or 0,
            "can_edit": can_edit_organization(request.user, organization),
        },
    )


organization_create, organization_edit = station_record_views(
    OrganizationForm,
    get=lambda request, pk: get_organization_for_user(request.user, pk, write=True),
    create=services.organization_create,
    update=services.organization_update,
    record="organization",
    titles=(gettext_lazy("编辑社区社会组织"), gettext_lazy("登记社区社会组织")),
    saved_message=gettext_lazy("社区社会组织已保存。"),
    detail_url="organizations:detail",
)


def _organization_record_view(form_class, create, form_kwargs, *, saved_message, title):
    """A view that adds a record to an organization (an incubation record, a participation in an
    activity): they differ only by form (`form_kwargs(request, organization)`), service
    (`create(organization=, data=, by=)`) and wording (`title` names the organization)."""

    @personal_data_required
    def view(request, pk):
        organization = get_organization_for_user(request.user, pk, write=True)
        form = form_class(request.POST or None, **form_kwargs(request, organization))
        if request.method == "POST" and form.is_valid():
            create(organization=organization, data=form_data(form), by=request.user)
            messages.success(request, saved_message)
            return redirect("organizations:detail", pk=organization.pk)
        return render(
            request,
            "includes/form_page.html",
            {"form": form, "title": title % {"name": organization.name}},
        )

    return view


incubation_create = _organization_record_view(
    IncubationRecordForm,
    services.incubation_record_create,
    lambda request, organization: {"initial": {"date": timezone.localdate()}},
    saved_message=gettext_lazy("培育记录已保存。"),
    title=gettext_lazy("%(name)s：新增培育记录"),
)
participation_create = _organization_record_view(
    ParticipationForm,
    services.participation_create,
    lambda request, organization: {"user": request.user, "organization": organization},
    saved_message=gettext_lazy("已登记参与的活动。"),
    title=gettext_lazy("%(name)s：登记参与的活动"),
)


# ---------------------------------------------------------------- partner units (共建单位)


@personal_data_required
def partner_list(request):
    return _list_page(request, "organizations/partner_list.html", partner_list_queryset)


def partner_list_queryset(request):
    """The list's filter form and its rows (shared with the list's export)."""
    form = PartnerFilterForm(request.GET or None)
    partners = PartnerUnit.objects.visible_to(request.user).annotate(
        activity_count=Count("activities", distinct=True)
    )
    if form.is_valid():
        partners = search(partners, form.cleaned_data["q"], "name", "contact_person")
        partners = filter_equal(partners, form.cleaned_data, "kind")
    return form, partners.order_by("name", "pk")


@personal_data_required
def partner_detail(request, pk):
    partner = get_visible_or_404(PartnerUnit, request.user, pk=pk)
    return render(
        request,
        "organizations/partner_detail.html",
        {"partner": partner, "activities": partner.activities.order_by("-starts_at")[:100]},
    )


partner_create, partner_edit = station_record_views(
    PartnerForm,
    get=lambda request, pk: get_visible_or_404(PartnerUnit, request.user, pk=pk),
    create=services.partner_create,
    update=services.partner_update,
    record="partner",
    with_user=False,
    titles=(gettext_lazy("编辑共建单位"), gettext_lazy("登记共建单位")),
    saved_message=gettext_lazy("共建单位已保存。"),
    detail_url="organizations:partner_detail",
    conflict_status=409,
)
