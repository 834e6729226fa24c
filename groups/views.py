from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import services
from groups.forms import (
    EvaluationForm,
    GroupFilterForm,
    GroupForm,
    LeaveForm,
    MemberForm,
    MemberScoreForm,
    ReviewForm,
    SessionForm,
    StageForm,
)
from groups.models import Attendance, Group, GroupEvaluation, GroupMember, GroupSession
from stations.access import get_visible_or_404
from stations.concurrency import form_data
from stations.listing import filter_equal, search
from stations.views_base import (
    action_page,
    filter_rows,
    filtered_list_page,
    form_page,
    personal_data_required,
    plan_review,
    record_edit_page,
    run_service,
    signin_tap,
)


def get_group_for_user(user, pk, *, write=False) -> Group:
    """The group if `user` may see it, else Http404; PermissionDenied if `write` and read-only."""
    group = get_visible_or_404(Group.objects.select_related("room", "station"), user, pk=pk)
    if write and not services.can_edit_group(user, group):
        raise PermissionDenied
    return group


def get_session_for_user(user, pk, *, write=False) -> GroupSession:
    session = get_visible_or_404(
        GroupSession.objects.select_related(
            "group", "group__room", "group__station", "facilitator", "observer"
        ),
        user,
        pk=pk,
    )
    if write and not services.can_edit_group(user, session.group):
        raise PermissionDenied
    return session


@personal_data_required
def group_list(request):
    form, groups = group_list_queryset(request)
    return filtered_list_page(request, "groups/group_list.html", form, groups, "groups", 20)


def filter_groups(groups, data):
    groups = search(groups, data.get("q"), "name", "goals")
    groups = filter_equal(groups, data, "room", "group_type", "stage", "plan_status")
    groups = GroupFilterForm.apply(groups, data)
    if data.get("date_from"):
        groups = groups.filter(Q(end_date__isnull=True) | Q(end_date__gte=data["date_from"]))
    if data.get("date_to"):
        groups = groups.filter(start_date__lte=data["date_to"])
    return groups


def group_list_queryset(request):
    """The list's filter form and its ordered rows (shared with the list's export)."""
    form = GroupFilterForm(request.GET or None, user=request.user)
    groups = Group.objects.visible_to(request.user).for_list()
    groups = filter_rows(form, groups, filter_groups)
    return form, groups.order_by("-start_date", "pk")


@personal_data_required
def group_create(request):
    form = GroupForm(request.POST or None, user=request.user)
    return action_page(
        request,
        form,
        lambda: services.group_create(data=form_data(form), by=request.user),
        template="groups/group_form.html",
        saved_message=_("小组已创建。完善计划书后请提交督导审核。"),
        done=lambda group: redirect("groups:detail", pk=group.pk),
    )


def group_members_queryset(request, group):
    """The group's members, current and left, with the sessions each attended (shared with the
    group's attendance export)."""
    return (
        group.members.select_related("resident", "user", "volunteer")
        .annotate(attendance_count=Count("attendances"))
        .order_by("pk")
    )


@personal_data_required
def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    members = list(group_members_queryset(request, group))
    sessions = list(
        group.sessions.select_related("facilitator")
        .annotate(signed_count=Count("attendances"))
        .order_by("number")
    )
    evaluation = GroupEvaluation.objects.filter(group=group).first()
    can_edit = services.can_edit_group(request.user, group)
    next_stage = services.next_stage(group)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "members": [m for m in members if m.left_on is None],
            "left_members": [m for m in members if m.left_on is not None],
            "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
            "sessions": sessions,
            "evaluation": evaluation,
            "scores": services.score_averages(group),
            "rate": services.attendance_rate(group),
            "facilitators": list(group.facilitators.all()),
            "can_edit": can_edit,
            "can_review": services.can_review_plan(request.user, group),
            "review_form": ReviewForm(),
            "next_stages": [next_stage] if next_stage else [],
        },
    )


@personal_data_required
def group_edit(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    return record_edit_page(
        request,
        form,
        group,
        services.group_update,
        name="group",
        detail_url="groups:detail",
        template="groups/group_form.html",
        saved_message=_("小组计划书已保存。"),
    )


@require_POST
@personal_data_required
def group_submit(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    run_service(
        request,
        lambda: services.group_submit_plan(group=group, by=request.user),
        _("计划书已提交督导审核。"),
    )
    return redirect("groups:detail", pk=group.pk)


@require_POST
@personal_data_required
def group_review(request, pk):
    group = get_group_for_user(request.user, pk)
    return plan_review(
        request,
        ReviewForm(request.POST),
        lambda approve, data: services.group_review_plan(
            group=group,
            approve=approve,
            comment=data["comment"],
            by=request.user,
            on=data["reviewed_on"],
        ),
        back=reverse("groups:detail", args=[group.pk]),
    )


@require_POST
@personal_data_required
def group_stage(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    form = StageForm(request.POST)
    run_service(
        request,
        lambda: services.group_set_stage(
            group=group, stage=form.cleaned_data["stage"], by=request.user
        ),
        _("小组阶段已更新。"),
        form=form,
        invalid_message=_("未知的小组阶段。"),
    )
    return redirect("groups:detail", pk=group.pk)


@personal_data_required
def member_add(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST or None, user=request.user, group=group)
    again = "add_another" in request.POST
    return action_page(
        request,
        form,
        lambda: services.member_add(
            group=group,
            by=request.user,
            resident=form.cleaned_data.get("resident"),
            user=form.cleaned_data.get("user"),
            volunteer=form.cleaned_data.get("volunteer"),
            joined_on=form.cleaned_data.get("joined_on"),
        ),
        template="groups/member_form.html",
        saved_message=_("成员已加入小组。"),
        done=lambda member: redirect(
            "groups:member_add" if again else "groups:detail", pk=group.pk
        ),
        context={"group": group},
    )


def get_member_for_user(user, pk) -> GroupMember:
    """A member of a group `user` may edit, else Http404 (not visible) or PermissionDenied."""
    member = get_visible_or_404(
        GroupMember.objects.select_related("group", "resident", "user", "volunteer"), user, pk=pk
    )
    if not services.can_edit_group(user, member.group):
        raise PermissionDenied
    return member


@require_POST
@personal_data_required
def member_leave(request, pk):
    member = get_member_for_user(request.user, pk)
    form = LeaveForm(request.POST)
    run_service(
        request,
        lambda: services.member_leave(
            member=member,
            left_on=form.cleaned_data["left_on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        _("%(name)s 已退出小组，记录保留在“已退出”名单中。") % {"name": member},
        form=form,
        invalid_message=_("请填写有效的退出日期。"),
    )
    return redirect("groups:detail", pk=member.group_id)


@require_POST
@personal_data_required
def member_remove(request, pk):
    member = get_member_for_user(request.user, pk)
    run_service(
        request,
        lambda: services.member_remove(member=member, by=request.user),
        _("已删除误加的成员 %(name)s。") % {"name": member},
    )
    return redirect("groups:detail", pk=member.group_id)


@personal_data_required
def member_scores(request, pk):
    """The score grid: one row per member, pre- and post-test. A POST saves every row in one
    transaction, or nothing if any row is invalid (each bad row shows its own message)."""
    group = get_group_for_user(request.user, pk, write=True)
    members = list(group.members.select_related("resident", "user", "volunteer").order_by("pk"))
    rows = [
        (
            member,
            MemberScoreForm(
                request.POST if request.method == "POST" else None,
                prefix=f"m{member.pk}",
                initial={"pre_score": member.pre_score, "post_score": member.post_score},
            ),
        )
        for member in members
    ]
    if request.method == "POST":
        if all(form.is_valid() for _member, form in rows):
            changed = services.member_scores_save(
                group=group,
                scores={
                    member.pk: (form.cleaned_data["pre_score"], form.cleaned_data["post_score"])
                    for member, form in rows
                },
                by=request.user,
            )
            messages.success(
                request, _("成员得分已保存（%(count)s 人有变动）。") % {"count": changed}
            )
            return redirect("groups:detail", pk=group.pk)
        messages.error(request, _("有得分填写有误，全部未保存；请按各行提示修改后再保存。"))
    return render(request, "groups/member_scores.html", {"group": group, "rows": rows})


@personal_data_required
def session_create(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    if not run_service(request, lambda: services.require_approved_plan(group)):
        return redirect("groups:detail", pk=group.pk)
    next_number = services.session_next_number(group)
    form = SessionForm(
        request.POST or None,
        user=request.user,
        group=group,
        initial={"number": next_number, "facilitator": request.user, "place": group.venue},
    )
    return action_page(
        request,
        form,
        lambda: services.session_create(group=group, data=form_data(form), by=request.user),
        template="groups/session_form.html",
        saved_message=_("节次已保存，可以开始签到。"),
        done=lambda session: redirect("groups:session_signin", pk=session.pk),
        context={"group": group},
    )


def _session_attendances(session):
    """The session's sign-ins with their members, for its page and its printed record."""
    return list(
        session.attendances.select_related(
            "member__resident", "member__user", "member__volunteer"
        ).order_by("member")
    )


@personal_data_required
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    attendances = _session_attendances(session)
    return render(
        request,
        "groups/session_detail.html",
        {
            "session": session,
            "group": session.group,
            "attendances": attendances,
            "member_count": session.group.members.filter(
                Q(left_on__isnull=True) | Q(left_on__gte=timezone.localdate(session.starts_at))
            ).count(),
            "can_edit": services.can_edit_group(request.user, session.group),
        },
    )


@personal_data_required
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    form = SessionForm(
        request.POST or None, instance=session, user=request.user, group=session.group
    )
    return record_edit_page(
        request,
        form,
        session,
        services.session_update,
        name="session",
        detail_url="groups:session_detail",
        template="groups/session_form.html",
        saved_message=_("节次记录已保存。"),
        context={"group": session.group},
    )


def _signin_button(request, session, member, signed_in):
    """The tapped member's button, swapped in place, with the session's new count."""
    member.signed_in = signed_in
    count = Attendance.objects.filter(session=session).count()
    return render(
        request,
        "groups/_signin_button.html",
        {"member": member, "session": session, "signed_count": count, "oob": True},
    )


def _signin_members(session):
    """Members of the session's group on the session's day (not those who left before it), with
    `signed_in` annotated: one query."""
    day = timezone.localdate(session.starts_at)
    return (
        GroupMember.objects.filter(group_id=session.group_id)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("resident", "user", "volunteer")
        .annotate(
            signed_in=Exists(Attendance.objects.filter(session=session, member=OuterRef("pk")))
        )
        .order_by("pk")
    )


@personal_data_required
def session_signin(request, pk):
    """One tap per member; the button posts the state it asks for (`present=1` signs in,
    `present=0` takes the sign-in back), so repeating a tap is harmless. With htmx the tapped
    button is swapped in place; without, the page reloads. A member of another group is refused with a message and nothing is saved."""
    session = get_session_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "POST":
        return signin_tap(
            request,
            lambda present: services.attendance_set(
                session=session,
                member_id=request.POST.get("member"),
                present=present,
                by=request.user,
            ),
            button=lambda member, signed_in: _signin_button(request, session, member, signed_in),
            back=reverse("groups:session_signin", args=[session.pk]),
        )
    members = list(_signin_members(session))
    return render(
        request,
        "groups/session_signin.html",
        {
            "session": session,
            "group": session.group,
            "members": members,
            "signed_count": sum(1 for m in members if m.signed_in),
            "can_edit": services.can_edit_group(request.user, session.group),
        },
    )


@personal_data_required
def evaluation_edit(request, pk):
    group = get_group_for_user(request.user, pk, write=True)
    evaluation = GroupEvaluation.objects.filter(group=group).first() or GroupEvaluation(group=group)
    scores = services.score_averages(group)
    # Averages computed from the members' scores replace what was typed; the fields stay typed
    # by hand only for groups that recorded no per-member scores (older paper records).
    initial = {
        f"{name}_score_average": scores[name]
        for name in ("pre", "post")
        if scores[name] is not None
    }
    form = EvaluationForm(request.POST or None, instance=evaluation, initial=initial)
    return form_page(
        request,
        form,
        lambda data, version: services.group_evaluation_save(
            group=group, version=version, data=data, by=request.user
        ),
        template="groups/evaluation_form.html",
        saved_message=_("总结评估已保存。"),
        done=lambda saved: redirect("groups:detail", pk=group.pk),
        # The attendance rate costs a query: read only when the form is shown.
        context=lambda: {
            "group": group,
            "rate": services.attendance_rate(group),
            "scores": scores,
        },
    )


@personal_data_required
def print_plan(request, pk):
    group = get_group_for_user(request.user, pk)
    return render(
        request,
        "groups/print_plan.html",
        {"group": group, "facilitators": list(group.facilitators.all())},
    )


@personal_data_required
def print_evaluation(request, pk):
    """The final evaluation on A4: the figures of the group page, with signature lines. Without an
    evaluation yet it prints the computed figures and blank fields to fill in by hand."""
    group = get_group_for_user(request.user, pk)
    return render(
        request,
        "groups/print_evaluation.html",
        {
            "group": group,
            "evaluation": GroupEvaluation.objects.filter(group=group)
            .select_related("evaluated_by")
            .first(),
            "scores": services.score_averages(group),
            "rate": services.attendance_rate(group),
            "facilitators": list(group.facilitators.all()),
            "station_name": group.station.name,
        },
    )


@personal_data_required
def print_session(request, pk):
    session = get_session_for_user(request.user, pk)
    attendances = _session_attendances(session)
    return render(
        request,
        "groups/print_session.html",
        {"session": session, "group": session.group, "attendances": attendances},
    )


@personal_data_required
def print_signin(request, pk):
    session = get_session_for_user(request.user, pk)
    return render(
        request,
        "groups/print_signin.html",
        {"session": session, "group": session.group, "members": list(_signin_members(session))},
    )
