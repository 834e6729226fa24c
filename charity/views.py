"""Charity pages. Funds, projects, ledgers and disclosures are figures: every user of the station
sees them (officials too). Donor names, disbursements and beneficiaries are internal; beneficiary
names are shown only for residents/households the user may see (stations.access)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charity import services
from charity.balances import ZERO, fund_balances, project_totals
from charity.disclosure import outstanding, schedule
from charity.forms import (
    ApprovalForm,
    BeneficiaryFormSet,
    DisbursementForm,
    DisclosureForm,
    DonationForm,
    PayoutDateForm,
    ReceiptForm,
    ReversalForm,
)
from charity.models import (
    MONEY,
    Beneficiary,
    CharityProject,
    Direction,
    Disbursement,
    DisbursementStatus,
    Donation,
    EntrySource,
    Fund,
    LedgerEntry,
    ProjectStatus,
    signed_amount,
)
from stations.access import can_see_personal_data, get_visible_or_404
from stations.listing import paginate, search, sort_by
from stations.models import Room
from stations.views_base import action_page, personal_data_required

MONEY_FIELD = DecimalField(**MONEY)


def _money_sum(expression, condition=None):
    return Coalesce(Sum(expression, filter=condition), ZERO, output_field=MONEY_FIELD)


def _service_error(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


# Funds -------------------------------------------------------------------------------------


def fund_list(request):
    query = request.GET.get("q", "").strip()
    page = paginate(request, fund_list_queryset(request))
    return render(
        request, "charity/fund_list.html", {"page_obj": page, "funds": page, "query": query}
    )


def fund_list_queryset(request):
    """The list's rows, with their balances (shared with the list's export)."""
    funds = Fund.objects.visible_to(request.user).for_list()
    funds = search(
        funds, request.GET.get("q", "").strip(), "name", "host_name", "host_partner__name"
    )
    return funds.annotate(
        cash=_money_sum(signed_amount("entries__"), Q(entries__form="cash")),
        in_kind=_money_sum(signed_amount("entries__"), Q(entries__form="in_kind")),
    ).order_by("name")


def get_fund_for_user(user, pk) -> Fund:
    return get_visible_or_404(Fund.objects.for_list(), user, pk=pk)


def fund_ledger_queryset(request, fund):
    """The fund's ledger entries under the page's `?form=` filter, newest first, each with its
    running balance (shared with the ledger's export)."""
    entries = (
        LedgerEntry.objects.filter(fund=fund)
        .select_related("project", "donation__donor_partner", "disbursement", "reverses")
        .annotate(
            signed_amount=signed_amount(),
            running=Window(Sum(signed_amount()), order_by="pk"),
            is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk"))),
        )
        .order_by("-pk")
    )
    form = request.GET.get("form", "")
    if form in {"cash", "in_kind"}:
        entries = entries.filter(form=form)
    return entries


def fund_detail(request, pk):
    fund = get_fund_for_user(request.user, pk)
    form = request.GET.get("form", "")
    page = paginate(request, fund_ledger_queryset(request, fund), 30)
    return render(
        request,
        "charity/fund_detail.html",
        {
            "fund": fund,
            "balances": fund_balances(fund),
            "page_obj": page,
            "entries": page,
            "form_filter": form,
            "internal": can_see_personal_data(request.user),
            "can_manage": services.can_manage_ledger(request.user, fund),
        },
    )


# Projects ----------------------------------------------------------------------------------

SORTS = {
    "start": ["-start_date", "pk"],
    "title": ["title", "pk"],
    "raised": ["-raised", "pk"],
    "left": ["-left", "pk"],
}


def project_list(request):
    projects, sort = project_list_queryset(request)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    room = request.GET.get("room", "")
    page = paginate(request, projects)
    rooms = (
        Room.objects.filter(charity_projects__in=CharityProject.objects.visible_to(request.user))
        .distinct()
        .order_by("order", "pk")
    )
    return render(
        request,
        "charity/project_list.html",
        {
            "page_obj": page,
            "projects": page,
            "query": query,
            "status": status,
            "room": room,
            "sort": sort,
            "statuses": ProjectStatus.choices,
            "rooms": rooms,
        },
    )


def project_list_queryset(request):
    """The list's rows with their totals and the sort key used (shared with the list's export)."""
    projects = CharityProject.objects.visible_to(request.user).for_list()
    query = request.GET.get("q", "").strip()
    projects = search(projects, query, "title", "purpose")
    status = request.GET.get("status", "")
    if status in ProjectStatus.values:
        projects = projects.filter(status=status)
    room = request.GET.get("room", "")
    if room.isdigit():
        projects = projects.filter(rooms=room)
    raised = _money_sum(signed_amount("entries__"), Q(entries__source=EntrySource.DONATION))
    spent = _money_sum(-signed_amount("entries__"), Q(entries__source=EntrySource.DISBURSEMENT))
    projects = projects.annotate(raised=raised, spent=spent).annotate(
        # Spending beyond the project's own gifts came from the fund: nothing of its own is left.
        left=Greatest(F("raised") - F("spent"), Value(ZERO), output_field=MONEY_FIELD)
    )
    return sort_by(request, projects, SORTS, default="start")


def _get_project(user, pk):
    return get_visible_or_404(
        CharityProject.objects.select_related(
            "fund__host_partner", "fund__station", "responsible"
        ).prefetch_related("rooms"),
        user,
        pk=pk,
    )


def _public_donations(project):
    """Donations to the project that still stand (not reversed), with public donor names."""
    return (
        Donation.objects.filter(project=project)
        .exclude(entries__reverses__isnull=False)
        .select_related("donor_partner")
        .order_by("donated_on", "pk")
    )


def _standing_disbursements(project):
    return (
        Disbursement.objects.filter(project=project)
        .exclude(entries__reverses__isnull=False)
        .annotate(
            household_count=Count("beneficiaries__household", distinct=True),
            resident_count=Count("beneficiaries__resident", distinct=True),
        )
        .order_by("created_at", "pk")
    )


def project_detail(request, pk):
    project = _get_project(request.user, pk)
    internal = can_see_personal_data(request.user)
    disbursements = list(
        _standing_disbursements(project)
        .select_related("approved_by")
        .order_by("-created_at", "-pk")
    )
    if not internal:
        disbursements = [d for d in disbursements if d.status == DisbursementStatus.APPLIED]
    disclosures = list(project.disclosures.select_related("published_by"))
    return render(
        request,
        "charity/project_detail.html",
        {
            "project": project,
            "totals": project_totals([project])[project.pk],
            "donations": _public_donations(project),
            "disbursements": disbursements,
            "disclosures": disclosures,
            "schedule": schedule(project),
            "outstanding": outstanding(project, disclosures),
            "internal": internal,
            "can_publish": services.can_manage_ledger(request.user, project.fund)
            or project.responsible_id == request.user.pk,
            "disclosure_form": DisclosureForm(),
        },
    )


def project_disclosure(request, pk):
    """The notice-board page: figures, purpose, progress; no personal data at all."""
    project = _get_project(request.user, pk)
    disbursements = _standing_disbursements(project).filter(status=DisbursementStatus.APPLIED)
    totals = project_totals([project])[project.pk]
    return render(
        request,
        "charity/project_disclosure.html",
        {
            "project": project,
            "totals": totals,
            "donations": _public_donations(project),
            "disbursements": disbursements,
            # Distinct over the whole project: a household helped twice counts once.
            **Beneficiary.objects.filter(disbursement__in=disbursements.values("pk")).aggregate(
                households=Count("household", distinct=True),
                residents=Count("resident", distinct=True),
            ),
            "today": timezone.localdate(),
            "progress_percent": (
                min(100, round(100 * totals["raised"] / project.target_amount))
                if project.target_amount
                else 0
            ),
        },
    )


@require_POST
@personal_data_required
def disclosure_create(request, pk):
    project = _get_project(request.user, pk)
    form = DisclosureForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("charity:project_detail", pk=project.pk)
    services.disclosure_publish(project=project, by=request.user, **form.cleaned_data)
    messages.success(request, _("已登记本次公示。"))
    return redirect("charity:project_detail", pk=project.pk)


# Donations ---------------------------------------------------------------------------------


def _project_asked(request):
    """The project that `?project=` names, if the user sees it (a form opened from its page
    starts from it); one query, none without the parameter."""
    if not request.GET.get("project", "").isdigit():
        return None
    return CharityProject.objects.visible_to(request.user).filter(pk=request.GET["project"]).first()


@personal_data_required
def donation_create(request):
    project = _project_asked(request)
    initial = {"project": project, "fund": project.fund_id} if project else {}
    form = DonationForm(request.POST or None, user=request.user, initial=initial)
    return action_page(
        request,
        form,
        lambda: services.donation_record(**form.cleaned_data, by=request.user),
        template="charity/donation_form.html",
        saved_message=lambda donation: (
            _("已登记捐赠 %(amount)s 元，并记入基金台账。") % {"amount": f"{donation.amount:,.2f}"}
        ),
        done=lambda donation: redirect("charity:fund_detail", pk=form.cleaned_data["fund"].pk),
    )


# Disbursements -----------------------------------------------------------------------------


def _get_disbursement(user, pk):
    return get_visible_or_404(
        Disbursement.objects.select_related(
            "fund", "project", "approved_by", "created_by", "applied_by"
        ),
        user,
        pk=pk,
    )


@personal_data_required
def disbursement_create(request):
    project = _project_asked(request)
    initial = {"project": project} if project else {}
    form = DisbursementForm(request.POST or None, user=request.user, initial=initial)
    formset = BeneficiaryFormSet(
        request.POST or None, prefix="b", form_kwargs={"user": request.user}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            disbursement = services.disbursement_create(
                **form.cleaned_data, beneficiaries=formset.lines(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("支出申请已保存，等待基金管委会审批。"))
            return redirect("charity:disbursement_detail", pk=disbursement.pk)
    return render(request, "charity/disbursement_form.html", {"form": form, "formset": formset})


@personal_data_required
def disbursement_detail(request, pk):
    disbursement = _get_disbursement(request.user, pk)
    lines = list(disbursement.beneficiaries.all())
    visible = set(
        Beneficiary.objects.visible_to(request.user)
        .filter(disbursement=disbursement)
        .values_list("pk", flat=True)
    )
    named = {
        line.pk: line
        for line in Beneficiary.objects.filter(pk__in=visible).select_related(
            "resident__room", "household__room"
        )
    }
    rows = [(line, named.get(line.pk)) for line in lines]
    fund = disbursement.fund
    return render(
        request,
        "charity/disbursement_detail.html",
        {
            "disbursement": disbursement,
            "rows": rows,
            "hidden_count": sum(1 for _line, shown in rows if shown is None),
            "reversed": LedgerEntry.objects.filter(
                disbursement=disbursement, reverses__isnull=False
            ).exists(),
            "can_approve": disbursement.status == DisbursementStatus.DRAFT
            and services.can_approve(request.user, fund)
            and disbursement.created_by_id != request.user.pk,
            "can_apply": disbursement.status == DisbursementStatus.APPROVED
            and services.can_manage_ledger(request.user, fund),
            "approval_form": ApprovalForm(),
        },
    )


@require_POST
@personal_data_required
def disbursement_approve(request, pk):
    disbursement = _get_disbursement(request.user, pk)
    form = ApprovalForm(request.POST)
    form.is_valid()
    try:
        services.disbursement_approve(
            disbursement=disbursement, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("已审批，款物已预留，待确认发放。"))
    return redirect("charity:disbursement_detail", pk=disbursement.pk)


@require_POST
@personal_data_required
def disbursement_apply(request, pk):
    disbursement = _get_disbursement(request.user, pk)
    form = PayoutDateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("发放日期格式不正确。"))
        services.disbursement_apply(
            disbursement=disbursement, by=request.user, on=form.cleaned_data["applied_on"]
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("已确认发放，并记入基金台账。"))
    return redirect("charity:disbursement_detail", pk=disbursement.pk)


@personal_data_required
def receipt_record(request, pk):
    line = get_visible_or_404(
        Beneficiary.objects.select_related("disbursement", "resident", "household"),
        request.user,
        pk=pk,
    )
    form = ReceiptForm(request.POST or None, instance=line)
    return action_page(
        request,
        form,
        lambda: services.receipt_record(beneficiary=line, by=request.user, **form.cleaned_data),
        template="charity/receipt_form.html",
        saved_message=_("已登记签收。"),
        done=lambda saved: redirect("charity:disbursement_detail", pk=line.disbursement_id),
        context={"line": line},
    )


# Ledger corrections ------------------------------------------------------------------------


@personal_data_required
def entry_reverse(request, pk):
    entry = get_visible_or_404(
        LedgerEntry.objects.select_related("fund", "project", "donation", "disbursement"),
        request.user,
        pk=pk,
    )
    if not services.can_manage_ledger(request.user, entry.fund):
        raise PermissionDenied
    form = ReversalForm(request.POST or None)
    return action_page(
        request,
        form,
        lambda: services.entry_reverse(
            entry=entry, reason=form.cleaned_data["reason"], by=request.user
        ),
        template="charity/entry_reverse.html",
        saved_message=_("已冲正，原分录和冲正分录都保留在台账中。"),
        done=lambda saved: redirect("charity:fund_detail", pk=entry.fund_id),
        context={"entry": entry, "direction_in": entry.direction == Direction.IN},
    )
