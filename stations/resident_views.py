"""Pages for residents (服务对象), their households, key-population tags and consents.

Every view starts from the user's scope: another room's resident is a 404, an official a 403.
Full ID numbers and phones appear only on the reveal page, after an audited POST.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stations import services
from stations.access import can_see_history, get_visible_or_404, is_supervisor
from stations.concurrency import EditConflict, save_versioned
from stations.history import resident_history_entries
from stations.identity import search_redirect, searched_hashes, token_hashes
from stations.listing import paginate, search
from stations.models import Consent, Household, KeyPopulationTag, Resident, RevealField
from stations.readlog import log_read
from stations.resident_forms import (
    ArchiveForm,
    ConsentForm,
    ConsentWithdrawForm,
    HouseholdForm,
    ResidentForm,
    ResidentSearchForm,
    RevealForm,
    TagForm,
)
from stations.views_base import action_page, personal_data_required
from stations.visit_cadence import attach_visit_facts
from stations.workbench import resident_sections

PAGE_SIZE = 20

SORT_ORDERS = {
    "name": ["real_name", "pk"],
    "-registered": ["-registered_on", "-pk"],
    "age": ["-birth_date", "pk"],
    "-age": ["birth_date", "pk"],
    "room": ["room__order", "room_id", "real_name", "pk"],
}


def get_resident_for_user(user, pk, *, write=False) -> Resident:
    """The resident if `user` may see it, else Http404; an archived file is read-only."""
    resident = get_visible_or_404(Resident.objects.select_related("room", "household"), user, pk=pk)
    if write and resident.is_archived:
        raise PermissionDenied
    return resident


def filter_residents(queryset, data: dict):
    """Apply the list's search and filters (cleaned ResidentSearchForm data)."""
    status = data.get("status") or ""
    if status == "archived":
        queryset = queryset.archived()
    elif status != "all":
        queryset = queryset.active()
    query = (data.get("q") or "").strip()
    if query:
        hashes = searched_hashes(query)
        if token_hashes(query) is None:
            condition = Q(real_name__icontains=query) | Q(pseudonym__icontains=query)
        else:
            condition = Q(pk__in=[])
        if hashes:
            condition |= Q(id_number_hash__in=hashes) | Q(phone_hash__in=hashes)
        queryset = queryset.filter(condition)
    if data.get("room"):
        queryset = queryset.filter(room=data["room"])
    if data.get("sex"):
        queryset = queryset.filter(sex=data["sex"])
    if data.get("tag"):
        in_force = KeyPopulationTag.objects.in_force().filter(category=data["tag"])
        queryset = queryset.filter(pk__in=in_force.values("resident_id"))
    age = data.get("age")
    if age == "60+":
        queryset = queryset.born_between(oldest_age=60)
    elif age == "u18":
        queryset = queryset.born_between(younger_than=18)
    elif age == "u14":
        queryset = queryset.born_between(younger_than=14)
    return queryset.order_by(*SORT_ORDERS.get(data.get("sort") or "name", SORT_ORDERS["name"]))


@personal_data_required
def resident_list(request):
    # The search form posts: an ID number or phone is turned into its hashes before it could be
    # written into a URL (access log, proxy, browser history). A typed-in GET is redirected too.
    redirect_to = search_redirect(request)
    if redirect_to:
        return redirect(redirect_to)
    form, residents = resident_list_queryset(request)
    data = form.cleaned_data if form.is_bound else {}
    identifier_search = token_hashes(data.get("q") or "") is not None
    if identifier_search:  # the box shows no hash; the notice above the list says what was sought
        form.data = form.data.copy()
        form.data["q"] = ""
    page_obj = paginate(request, residents, PAGE_SIZE)
    attach_visit_facts(page_obj.object_list)  # one query for the page's rows (casework's)
    return render(
        request,
        "stations/resident_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "residents": page_obj.object_list,
            "identifier_search": identifier_search,
        },
    )


def resident_list_queryset(request):
    """The list's search form and its filtered rows (the list's export reads the same rows)."""
    form = ResidentSearchForm(request.GET or None, user=request.user)
    data = {}
    if form.is_bound:
        # An invalid filter (a room the user may not see) is dropped; the valid ones still apply.
        form.is_valid()
        data = form.cleaned_data
    return form, filter_residents(Resident.objects.visible_to(request.user).for_list(), data)


@personal_data_required
def resident_create(request):
    form = ResidentForm(request.POST or None, user=request.user)
    similar = []
    if request.method == "GET":
        form.initial["pseudonym"] = services.propose_pseudonym()
    if request.method == "POST" and form.is_valid():
        check = services.resident_find_duplicates(
            id_number=form.cleaned_data.get("id_number"),
            real_name=form.cleaned_data.get("real_name"),
            birth_date=form.cleaned_data.get("birth_date"),
            user=request.user,
        )
        if check.visible is not None:
            messages.info(request, _("该证件号码已登记，已为您打开已有档案，未新建记录。"))
            return redirect("stations:resident_detail", pk=check.visible.pk)
        if check.elsewhere:
            form.add_error(
                "id_number",
                _("此人已在其他社工室登记，未新建记录。如需为其服务，请联系社工站协调。"),
            )
        elif check.similar and not form.cleaned_data.get("confirm_similar"):
            similar = check.similar
            form.show_similar_confirmation()
            form.add_error(
                None,
                _(
                    "已有同名且出生日期相同的服务对象（见下方）。请核对是否为同一人；"
                    "确认不是同一人后勾选确认框再保存。"
                ),
            )
        else:
            resident = services.resident_register(form=form, by=request.user)
            messages.success(request, _("服务对象已登记。"))
            return redirect("stations:resident_detail", pk=resident.pk)
    if form.is_bound and form.data.get("confirm_similar"):
        form.show_similar_confirmation()
    return render(
        request,
        "stations/resident_form.html",
        {"form": form, "similar": similar, "title": _("登记服务对象")},
    )


@personal_data_required
def resident_detail(request, pk):
    resident = get_resident_for_user(request.user, pk)
    log_read(request, resident)
    tags = list(resident.tags.order_by("end_date", "category", "start_date"))
    today = timezone.localdate()
    members = []
    if resident.household_id:
        members = list(
            resident.household.members.visible_to(request.user).order_by("birth_date", "pk")
        )
    consents = list(resident.consents.select_related("created_by"))
    guardian_consent = any(
        c.given_by == "guardian"
        and c.covers_sensitive
        and c.given_on <= today
        and (c.withdrawn_on is None or c.withdrawn_on > today)
        for c in consents
    )
    sensitive_consent = any(
        c.covers_sensitive
        and c.given_on <= today
        and (c.withdrawn_on is None or c.withdrawn_on > today)
        for c in consents
    )
    has_sensitive_tag = any(tag.is_sensitive and tag.in_force_on(today) for tag in tags)
    return render(
        request,
        "stations/resident_detail.html",
        {
            "resident": resident,
            "needs_sensitive_consent": has_sensitive_tag and not sensitive_consent,
            "tags": [(tag, tag.in_force_on(today)) for tag in tags],
            "members": members,
            "consents": consents,
            "guardian_consent": guardian_consent,
            "needs_guardian_consent": resident.is_child and not guardian_consent,
            "can_restore": is_supervisor(request.user),
            "can_see_history": can_see_history(request.user),
            "reveal_form": RevealForm(),
            "sections": resident_sections(request, resident),
        },
    )


@personal_data_required
def resident_edit(request, pk):
    resident = get_resident_for_user(request.user, pk, write=True)
    form = ResidentForm(request.POST or None, instance=resident, user=request.user)
    if request.method == "POST" and form.is_valid():
        check = services.resident_find_duplicates(
            id_number=form.cleaned_data.get("id_number"),
            real_name="",
            birth_date=None,
            user=request.user,
            exclude_pk=resident.pk,
        )
        if check.visible is not None or check.elsewhere:
            form.add_error("id_number", _("该证件号码已登记在另一份档案中，不能重复使用。"))
        else:
            try:
                save_versioned(form)
            except EditConflict as conflict:
                return render(
                    request,
                    "stations/resident_form.html",
                    {"form": form, "conflict": conflict, "title": _("修改服务对象")},
                    status=409,
                )
            messages.success(request, _("已保存。"))
            return redirect("stations:resident_detail", pk=resident.pk)
    return render(
        request,
        "stations/resident_form.html",
        {"form": form, "resident": resident, "title": _("修改服务对象")},
    )


def _resident_form_page(request, resident, form, act, *, context=None, **page):
    """`action_page` of a form about `resident` (archive, tags, consents): the template sees
    the resident, an edit conflict is answered with 409, and a saved form goes back to the
    resident's page."""
    return action_page(
        request,
        form,
        act,
        done=lambda saved: redirect("stations:resident_detail", pk=resident.pk),
        context={"resident": resident, **(context or {})},
        conflict_status=409,
        **page,
    )


@personal_data_required
def resident_archive(request, pk):
    resident = get_resident_for_user(request.user, pk, write=True)
    form = ArchiveForm(request.POST or None)
    return _resident_form_page(
        request,
        resident,
        form,
        lambda: services.resident_archive(
            resident=resident, reason=form.cleaned_data["reason"], by=request.user
        ),
        template="stations/resident_archive.html",
        saved_message=_("档案已归档。督导可恢复。"),
    )


@require_POST
@personal_data_required
def resident_restore(request, pk):
    resident = get_resident_for_user(request.user, pk)
    services.resident_restore(resident=resident, by=request.user)
    messages.success(request, _("档案已恢复。"))
    return redirect("stations:resident_detail", pk=resident.pk)


@personal_data_required
def resident_reveal(request, pk):
    """GET asks for a reason; POST writes the audit entry and shows the full value once."""
    resident = get_resident_for_user(request.user, pk)
    form = RevealForm(request.POST or None, initial={"field": request.GET.get("field")})
    if request.method == "POST" and form.is_valid():
        field = form.cleaned_data["field"]
        try:
            value = services.resident_reveal(
                resident=resident, field=field, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render(
                request,
                "stations/resident_reveal.html",
                {
                    "resident": resident,
                    "value": value,
                    "field_label": RevealField(field).label,
                },
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "stations/resident_reveal.html", {"resident": resident, "form": form})


@personal_data_required
def resident_history(request, pk):
    resident = get_resident_for_user(request.user, pk)
    if not can_see_history(request.user):
        raise PermissionDenied
    entries = resident_history_entries(resident)
    reveals = resident.reveals.select_related("revealed_by").order_by("-revealed_at", "-pk")
    return render(
        request,
        "stations/resident_history.html",
        {"record": resident, "resident": resident, "entries": entries, "reveals": reveals},
    )


# Tags ----------------------------------------------------------------------------------------


@personal_data_required
def tag_create(request, pk):
    resident = get_resident_for_user(request.user, pk, write=True)
    form = TagForm(request.POST or None, resident=resident)
    return _resident_form_page(
        request,
        resident,
        form,
        lambda: services.tag_add(resident=resident, form=form, by=request.user),
        template="stations/resident_tag_form.html",
        saved_message=_("重点人群标签已添加。"),
        context={"title": _("添加重点人群标签")},
    )


@personal_data_required
def tag_edit(request, pk):
    tag = get_visible_or_404(
        KeyPopulationTag.objects.select_related("resident", "resident__room"), request.user, pk=pk
    )
    resident = tag.resident
    if resident.is_archived:
        raise PermissionDenied
    form = TagForm(request.POST or None, instance=tag, resident=resident)
    return _resident_form_page(
        request,
        resident,
        form,
        lambda: services.tag_update(tag=tag, form=form, by=request.user),
        template="stations/resident_tag_form.html",
        saved_message=_("标签已保存。"),
        context={"title": _("修改重点人群标签")},
    )


# Consents ------------------------------------------------------------------------------------


@personal_data_required
def consent_create(request, pk):
    resident = get_resident_for_user(request.user, pk, write=True)
    form = ConsentForm(request.POST or None, resident=resident)
    return _resident_form_page(
        request,
        resident,
        form,
        lambda: services.consent_record(resident=resident, form=form, by=request.user),
        template="stations/resident_consent_form.html",
        saved_message=_("知情同意已记录。"),
    )


@personal_data_required
def consent_withdraw(request, pk):
    consent = get_visible_or_404(Consent.objects.select_related("resident"), request.user, pk=pk)
    if consent.withdrawn_on is not None:
        messages.info(request, _("该同意已撤回，无需重复登记。"))
        return redirect("stations:resident_detail", pk=consent.resident_id)
    form = ConsentWithdrawForm(request.POST or None, consent=consent)
    return _resident_form_page(
        request,
        consent.resident,
        form,
        lambda: services.consent_withdraw(
            consent=consent,
            on=form.cleaned_data["withdrawn_on"],
            note=form.cleaned_data["withdrawal_note"],
            by=request.user,
        ),
        template="stations/resident_consent_withdraw.html",
        saved_message=_("已登记撤回同意。"),
        context={"consent": consent},
    )


# Households ----------------------------------------------------------------------------------


@personal_data_required
def household_list(request):
    households = household_list_queryset(request)
    query = (request.GET.get("q") or "").strip()
    page_obj = paginate(request, households, PAGE_SIZE)
    return render(
        request,
        "stations/resident_household_list.html",
        {"page_obj": page_obj, "households": page_obj.object_list, "query": query},
    )


def household_list_queryset(request):
    households = (
        Household.objects.visible_to(request.user)
        .select_related("room")
        .annotate(member_count=Count("members", filter=Q(members__archived_at__isnull=True)))
        .order_by("room__order", "name", "pk")
    )
    return search(households, (request.GET.get("q") or "").strip(), "name", "address")


@personal_data_required
def household_create(request):
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        household = form.save()
        messages.success(request, _("家庭户已建立。在成员的档案中选择该户并填写与户主关系。"))
        return redirect("stations:household_detail", pk=household.pk)
    return render(
        request, "stations/resident_household_form.html", {"form": form, "title": _("新建家庭户")}
    )


@personal_data_required
def household_detail(request, pk):
    household = get_visible_or_404(Household.objects.select_related("room"), request.user, pk=pk)
    members = household.members.visible_to(request.user).order_by("birth_date", "pk")
    return render(
        request,
        "stations/resident_household_detail.html",
        {"household": household, "members": list(members)},
    )


@personal_data_required
def household_edit(request, pk):
    household = get_visible_or_404(Household, request.user, pk=pk)
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        if "room" in form.changed_data and household.members.exists():
            form.add_error("room", _("该户已有成员，不能改到其他社工室。"))
        else:
            try:
                save_versioned(form)
            except EditConflict as conflict:
                return render(
                    request,
                    "stations/resident_household_form.html",
                    {
                        "form": form,
                        "household": household,
                        "conflict": conflict,
                        "title": _("修改家庭户"),
                    },
                    status=409,
                )
            messages.success(request, _("已保存。"))
            return redirect(reverse("stations:household_detail", kwargs={"pk": household.pk}))
    return render(
        request,
        "stations/resident_household_form.html",
        {"form": form, "household": household, "title": _("修改家庭户")},
    )
