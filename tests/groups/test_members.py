"""Members leaving the group (退出小组), removing a mistaken member, the score grid, and the
attendance rate that counts a member only while they belonged to the group."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from groups.models import Group, GroupMember, PlanStatus
from groups.services import attendance_rate
from tests.groups.factories import (
    AttendanceFactory,
    GroupFactory,
    GroupMemberFactory,
    GroupSessionFactory,
    local,
)

MAY_6, MAY_13, MAY_20 = local(2022, 5, 6), local(2022, 5, 13), local(2022, 5, 20)


@pytest.fixture
def group(world):
    return GroupFactory(room=world.room1, station=world.station)


def sessions(group):
    return [
        GroupSessionFactory(group=group, number=n, starts_at=day)
        for n, day in enumerate([MAY_6, MAY_13, MAY_20], start=1)
    ]


def test_attendance_rate_counts_a_member_only_while_in_the_group(group):
    """Three sessions. A stays; B leaves on 13 May (that day counts); C joins on 13 May but was
    already there on 6 May (a sign-in before joining counts). Expected: A 3 + B 2 + C 3 = 8."""
    first, second, third = sessions(group)
    a = GroupMemberFactory(group=group)
    b = GroupMemberFactory(group=group, left_on=datetime.date(2022, 5, 13))
    c = GroupMemberFactory(group=group, joined_on=datetime.date(2022, 5, 13))
    for session, member in [(first, a), (second, a), (third, a), (first, b), (second, b)]:
        AttendanceFactory(session=session, member=member)
    AttendanceFactory(session=first, member=c)
    AttendanceFactory(session=third, member=c)
    figures = attendance_rate(group)
    assert (figures["attendances"], figures["expected"], figures["rate"]) == (7, 8, 87.5)
    # Without the sign-in before joining, C is expected at 13 and 20 May only: 6 / 7.
    c.attendances.filter(session=first).delete()
    assert attendance_rate(group)["rate"] == round(100 * 6 / 7, 1)


def test_worker_leaves_a_member_who_then_shows_apart_and_is_not_offered_later(client, world, group):
    first, second, third = sessions(group)
    stays = GroupMemberFactory(group=group, volunteer_name="王小明")
    leaves = GroupMemberFactory(group=group, volunteer_name="李小红")
    AttendanceFactory(session=first, member=leaves)
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:member_leave", args=[leaves.pk]),
        {"left_on": "2022-05-13", "reason": "搬家"},
        follow=True,
    )
    assert "李小红 已退出小组" in response.text
    leaves.refresh_from_db()
    assert (leaves.left_on, leaves.left_reason) == (datetime.date(2022, 5, 13), "搬家")
    assert GroupMember.objects.filter(pk=leaves.pk).exists(), "history is kept"
    page = client.get(reverse("groups:detail", args=[group.pk])).text
    left_part = page[page.index('id="left-members"') :]
    assert "李小红" in left_part and "2022-05-13 退出" in left_part and "搬家" in left_part
    assert "王小明" not in left_part
    # Offered at the session of the day they left, not at the next one.
    assert "李小红" in client.get(reverse("groups:session_signin", args=[second.pk])).text
    later = client.get(reverse("groups:session_signin", args=[third.pk])).text
    assert "李小红" not in later and "王小明" in later
    assert stays.left_on is None


def test_sign_in_after_leaving_is_refused_with_a_message(client, world, group):
    _first, _second, third = sessions(group)
    member = GroupMemberFactory(
        group=group, volunteer_name="李小红", left_on=datetime.date(2022, 5, 13)
    )
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:session_signin", args=[third.pk]),
        {"member": member.pk, "present": "1"},
        follow=True,
    )
    assert "李小红 已于" in response.text and "退出小组，不能在之后的节次签到" in response.text
    assert not member.attendances.exists()


def test_leaving_before_a_later_sign_in_is_refused(client, world, group):
    _first, _second, third = sessions(group)
    member = GroupMemberFactory(group=group)
    AttendanceFactory(session=third, member=member)
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:member_leave", args=[member.pk]), {"left_on": "2022-05-13"}, follow=True
    )
    assert "退出日期之后的第 3 节有签到记录" in response.text
    member.refresh_from_db()
    assert member.left_on is None


def test_a_mistaken_member_without_sign_ins_is_deleted_one_who_signed_in_is_not(
    client, world, group
):
    (first, *_rest) = sessions(group)
    mistake = GroupMemberFactory(group=group, volunteer_name="误加的人")
    signed = GroupMemberFactory(group=group, volunteer_name="来过的人")
    AttendanceFactory(session=first, member=signed)
    client.force_login(world.worker1)
    page = client.get(reverse("groups:detail", args=[group.pk])).text
    assert page.count("误加删除（仅限无签到记录的成员）") == 1
    client.post(reverse("groups:member_remove", args=[mistake.pk]))
    assert not GroupMember.objects.filter(pk=mistake.pk).exists()
    response = client.post(reverse("groups:member_remove", args=[signed.pk]), follow=True)
    assert "该成员已有签到记录，不能删除" in response.text
    assert GroupMember.objects.filter(pk=signed.pk).exists()


def scores_url(group):
    return reverse("groups:member_scores", args=[group.pk])


def test_score_grid_saves_every_row_and_the_evaluation_shows_the_averages(client, world, group):
    a, b, c = GroupMemberFactory.create_batch(3, group=group)
    client.force_login(world.worker1)
    response = client.post(
        scores_url(group),
        {
            f"m{a.pk}-pre_score": "10",
            f"m{a.pk}-post_score": "20.5",
            f"m{b.pk}-pre_score": "15",
            f"m{b.pk}-post_score": "",
            f"m{c.pk}-pre_score": "",
            f"m{c.pk}-post_score": "25.5",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.pre_score, a.post_score) == (Decimal("10"), Decimal("20.5"))
    detail = client.get(reverse("groups:detail", args=[group.pk])).text
    assert "前测平均分 12.5（2 人），后测平均分 23.0（2 人）" in detail
    evaluation = client.get(reverse("groups:evaluation", args=[group.pk])).text
    assert "前测平均分 12.5（2 人）" in evaluation
    assert 'name="pre_score_average" value="12.5"' in evaluation, "prefilled from the members"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "得分须在 0 到 999.9 之间"),
        ("1000", "得分须在 0 到 999.9 之间"),
        ("abc", "请输入数字"),
    ],
)
def test_score_grid_refuses_bad_input_per_row_and_saves_nothing(
    client, world, group, value, message
):
    good, bad = GroupMemberFactory.create_batch(2, group=group)
    client.force_login(world.worker1)
    response = client.post(
        scores_url(group),
        {f"m{good.pk}-pre_score": "12", f"m{bad.pk}-pre_score": value},
    )
    assert response.status_code == 200
    page = response.text
    assert message in page[page.index(f'id="row-{bad.pk}"') :]
    assert message not in page[page.index(f'id="row-{good.pk}"') : page.index(f'id="row-{bad.pk}"')]
    assert "全部未保存" in page
    good.refresh_from_db()
    assert good.pre_score is None


SCORE_GRID_QUERIES = 5  # session, user, group, can_edit (rooms), members


def test_score_grid_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    few = GroupFactory(room=world.room1, station=world.station)
    GroupMemberFactory.create_batch(2, group=few)
    many = GroupFactory(room=world.room1, station=world.station)
    GroupMemberFactory.create_batch(30, group=many)
    with django_assert_num_queries(SCORE_GRID_QUERIES):
        client.get(scores_url(few))
    with django_assert_num_queries(SCORE_GRID_QUERIES):
        response = client.get(scores_url(many))
    assert response.text.count('name="m') == 60


def test_demo_has_a_plan_waiting_for_dudao(db):
    call_command("seed_demo", verbosity=0)
    count = Group.objects.count(), GroupMember.objects.count()
    call_command("seed_demo", verbosity=0)
    assert (Group.objects.count(), GroupMember.objects.count()) == count
    assert Group.objects.filter(
        plan_status=PlanStatus.SUBMITTED, room__staff__username="dudao"
    ).exists()
