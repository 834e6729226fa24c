import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import (
    Attendance,
    Group,
    GroupEvaluation,
    GroupMember,
    GroupSession,
    GroupStage,
    PlanStatus,
)
from groups.services import attendance_rate
from tests.factories import ResidentFactory
from tests.groups.factories import (
    AttendanceFactory,
    GroupFactory,
    GroupMemberFactory,
    GroupSessionFactory,
    local,
)
from tests.volunteers.factories import VolunteerFactory

LIST_QUERIES = (
    6  # session, user, count, page of groups with counts, rooms and code lists of the filter
)


def make_groups(world, count):
    for _ in range(count):
        group = GroupFactory(room=world.room1, station=world.station)
        GroupMemberFactory.create_batch(2, group=group)
        GroupSessionFactory(group=group, number=1)


def test_group_list_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    make_groups(world, 2)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("groups:list"))
    assert response.status_code == 200
    make_groups(world, 25)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("groups:list"))
    assert "共 27 个小组" in response.content.decode()


def test_worker_sees_own_rooms_and_station_level_groups_only(client, world):
    GroupFactory(room=world.room1, station=world.station, name="一号室成长小组")
    GroupFactory(room=world.room2, station=world.station, name="二号室支持小组")
    GroupFactory(room=None, station=world.station, name="社工读书会")
    client.force_login(world.worker1)
    page = client.get(reverse("groups:list")).content.decode()
    assert "一号室成长小组" in page
    assert "社工读书会" in page
    assert "二号室支持小组" not in page


def test_list_filters_by_stage_and_search(client, world):
    GroupFactory(
        room=world.room1, station=world.station, name="情绪小主人", stage=GroupStage.MATURITY
    )
    GroupFactory(room=world.room1, station=world.station, name="乐智成长", stage=GroupStage.ENDING)
    client.force_login(world.worker1)
    page = client.get(reverse("groups:list"), {"stage": "maturity"}).content.decode()
    assert "情绪小主人" in page and "乐智成长" not in page
    page = client.get(reverse("groups:list"), {"q": "乐智"}).content.decode()
    assert "乐智成长" in page and "情绪小主人" not in page


def test_list_filters_by_service_area_and_population(client, world):
    GroupFactory(
        room=world.room1, station=world.station, name="情绪小主人",
        service_areas=["child_welfare", "mental_health"], target_populations=["children"],
    )  # fmt: skip
    GroupFactory(
        room=world.room1, station=world.station, name="长者互助",
        service_areas=["elderly_care"], target_populations=["elderly"],
    )  # fmt: skip
    client.force_login(world.worker1)
    page = client.get(reverse("groups:list"), {"service_area": "mental_health"}).content.decode()
    assert "情绪小主人" in page and "长者互助" not in page
    page = client.get(reverse("groups:list"), {"population": "elderly"}).content.decode()
    assert "长者互助" in page and "情绪小主人" not in page
    detail = client.get(
        reverse("groups:detail", args=[Group.objects.get(name="情绪小主人").pk])
    ).content.decode()
    assert "儿童福利、精神卫生" in detail


def test_the_plan_form_records_service_areas_and_populations(client, world):
    from django.forms.models import model_to_dict

    from groups.forms import GroupForm

    group = GroupFactory(room=world.room1, station=world.station)
    data = {
        key: value
        for key, value in model_to_dict(group, fields=GroupForm._meta.fields).items()
        if value is not None
    }
    data["facilitators"] = [user.pk for user in data.get("facilitators", [])]
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:edit", args=[group.pk]),
        {
            **data,
            "version": group.version,
            "service_areas": ["elderly_care", "mental_health"],
            "target_populations": ["elderly"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group.refresh_from_db()
    assert group.service_areas == ["elderly_care", "mental_health"]
    assert group.target_populations == ["elderly"]


def test_a_bad_date_filter_keeps_the_search_and_other_filters(client, world):
    GroupFactory(room=world.room1, station=world.station, name="乐智成长", stage=GroupStage.ENDING)
    GroupFactory(
        room=world.room1, station=world.station, name="乐智读书", stage=GroupStage.MATURITY
    )
    GroupFactory(room=world.room1, station=world.station, name="情绪小主人")
    client.force_login(world.worker1)
    response = client.get(
        reverse("groups:list"), {"q": "乐智", "stage": "ending", "date_from": "2022-13-45"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "乐智成长" in page
    assert "乐智读书" not in page and "情绪小主人" not in page
    assert '<p id="error_1_id_date_from"><strong>输入一个有效的日期。' in page


HTMX = {"HX-Request": "true"}


def signin_setup(world, members):
    group = GroupFactory(room=world.room1, station=world.station)
    session = GroupSessionFactory(group=group, number=1)
    for index in range(members):
        GroupMemberFactory(group=group, volunteer_name=f"组员{index}")
    return group, session


def test_session_signin_page_queries_do_not_grow(client, world, django_assert_num_queries):
    client.force_login(world.worker1)
    _group, few = signin_setup(world, 2)
    _group, many = signin_setup(world, 30)
    # session, user, session+group, can_edit (rooms), members with signed_in
    with django_assert_num_queries(5):
        client.get(reverse("groups:session_signin", args=[few.pk]))
    with django_assert_num_queries(5):
        response = client.get(reverse("groups:session_signin", args=[many.pk]))
    assert response.content.decode().count('name="member"') == 30


def test_one_tap_signs_a_member_in_and_a_second_tap_takes_it_back(client, world):
    group, session = signin_setup(world, 1)
    member = group.members.get()
    client.force_login(world.worker1)
    url = reverse("groups:session_signin", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'name="present" value="1"' in page, "the button asks to sign in"
    response = client.post(url, {"member": member.pk, "present": "1"}, headers=HTMX)
    assert response.status_code == 200
    button = response.content.decode()
    assert "已签到" in button
    assert 'name="present" value="0"' in button, "the next tap takes the sign-in back"
    assert Attendance.objects.filter(session=session, member=member).exists()
    response = client.post(url, {"member": member.pk, "present": "0"}, headers=HTMX)
    assert "未签到" in response.content.decode()
    assert not Attendance.objects.filter(session=session).exists()


def test_two_devices_tapping_the_same_member_leave_them_signed_in(client, world):
    group, session = signin_setup(world, 2)
    member = group.members.first()
    url = reverse("groups:session_signin", args=[session.pk])
    client.force_login(world.worker1)
    stale_button = client.get(url).content.decode()  # both screens show 未签到
    assert stale_button.count('name="present" value="1"') == 2
    client.post(url, {"member": member.pk, "present": "1"}, headers=HTMX)
    client.force_login(world.staff)
    response = client.post(url, {"member": member.pk, "present": "1"}, headers=HTMX)
    assert response.status_code == 200
    assert "已签到" in response.content.decode(), "the button shows the state that holds"
    assert '<span id="signed-count" hx-swap-oob="true">1</span>' in response.content.decode()
    attendance = Attendance.objects.get(session=session)
    assert attendance.member == member and attendance.created_by == world.worker1


def test_taking_back_a_sign_in_twice_does_not_sign_the_member_in_again(client, world):
    group, session = signin_setup(world, 1)
    member = group.members.get()
    AttendanceFactory(session=session, member=member)
    url = reverse("groups:session_signin", args=[session.pk])
    client.force_login(world.worker1)
    client.post(url, {"member": member.pk, "present": "0"})
    response = client.post(url, {"member": member.pk, "present": "0"}, follow=True)
    assert response.status_code == 200
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("present", ["", "2", "yes"])
def test_sign_in_without_the_wanted_state_is_refused(client, world, present):
    group, session = signin_setup(world, 1)
    client.force_login(world.worker1)
    url = reverse("groups:session_signin", args=[session.pk])
    data = {"member": group.members.get().pk, "present": present}
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == 400
    assert "请刷新页面后重试" in response.content.decode()
    assert not Attendance.objects.exists()


def test_sign_in_of_a_non_member_is_refused_and_saves_nothing(client, world):
    _group, session = signin_setup(world, 1)
    stranger = GroupMemberFactory(group=GroupFactory(room=world.room1, station=world.station))
    client.force_login(world.worker1)
    url = reverse("groups:session_signin", args=[session.pk])
    response = client.post(url, {"member": stranger.pk, "present": "1"}, follow=True)
    assert "该人员不是本小组成员" in response.content.decode()
    response = client.post(url, {"member": stranger.pk, "present": "1"}, headers=HTMX)
    assert response.status_code == 400
    assert "该人员不是本小组成员" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("member", ["abc", "", "1.5"])
def test_sign_in_with_a_malformed_member_is_refused_not_a_server_error(client, world, member):
    _group, session = signin_setup(world, 1)
    client.force_login(world.worker1)
    url = reverse("groups:session_signin", args=[session.pk])
    response = client.post(url, {"member": member, "present": "1"}, follow=True)
    assert response.status_code == 200
    assert "该人员不是本小组成员" in response.content.decode()
    assert not Attendance.objects.exists()


def session_data(**overrides):
    data = {
        "number": 1,
        "theme": "相识",
        "starts_at": "2022-05-06T15:00",
        "ends_at": "2022-05-06T16:30",
        "place": "活动室",
    }
    return {**data, **overrides}


def test_session_outside_the_groups_dates_is_refused(client, world):
    group = GroupFactory(
        room=world.room1,
        station=world.station,
        start_date=datetime.date(2022, 4, 1),
        end_date=datetime.date(2022, 5, 31),
    )
    client.force_login(world.worker1)
    url = reverse("groups:session_create", args=[group.pk])
    response = client.post(
        url, session_data(starts_at="2022-06-02T15:00", ends_at="2022-06-02T16:00")
    )
    assert response.status_code == 200
    assert "节次日期须在小组起止日期" in response.content.decode()
    assert not GroupSession.objects.exists()
    response = client.post(url, session_data())
    assert response.status_code == 302
    assert GroupSession.objects.get().theme == "相识"


def test_sessions_need_an_approved_plan(client, world):
    group = GroupFactory(room=world.room1, station=world.station, plan_status=PlanStatus.DRAFT)
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:session_create", args=[group.pk]), session_data(), follow=True
    )
    assert "计划书经督导批准后才能记录小组节次" in response.content.decode()
    assert not GroupSession.objects.exists()


def test_worker_creates_a_group_only_in_own_room(client, world):
    client.force_login(world.worker1)
    data = {"name": "新小组", "group_type": "growth", "start_date": "2022-03-01"}
    response = client.post(reverse("groups:create"), {**data, "room": world.room2.pk})
    assert response.status_code == 200
    assert not Group.objects.exists()
    response = client.post(reverse("groups:create"), {**data, "room": world.room1.pk})
    group = Group.objects.get()
    assert response.status_code == 302
    assert (group.station, group.room, group.created_by) == (
        world.station,
        world.room1,
        world.worker1,
    )
    assert group.plan_status == PlanStatus.DRAFT


def test_negative_budget_gets_a_chinese_message(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:create"),
        {
            "name": "x",
            "group_type": "growth",
            "start_date": "2022-03-01",
            "room": world.room1.pk,
            "budget": "-5",
        },
    )
    assert "预算不能为负数" in response.content.decode()
    assert not Group.objects.exists()


def test_plan_goes_from_submission_to_supervisor_approval(client, world):
    group = GroupFactory(room=world.room1, station=world.station, plan_status=PlanStatus.DRAFT)
    client.force_login(world.worker1)
    client.post(reverse("groups:submit", args=[group.pk]))
    group.refresh_from_db()
    assert group.plan_status == PlanStatus.SUBMITTED
    response = client.post(reverse("groups:review", args=[group.pk]), {"decision": "approve"})
    assert response.status_code == 403
    client.force_login(world.supervisor)
    client.post(reverse("groups:review", args=[group.pk]), {"decision": "return"})
    group.refresh_from_db()
    assert group.plan_status == PlanStatus.SUBMITTED, "a return needs a comment"
    client.post(
        reverse("groups:review", args=[group.pk]), {"decision": "approve", "comment": "同意"}
    )
    group.refresh_from_db()
    assert (group.plan_status, group.reviewed_by) == (PlanStatus.APPROVED, world.supervisor)


def test_a_review_signed_on_paper_keeps_its_day_and_when_it_was_entered(client, world):
    group = GroupFactory(room=world.room1, station=world.station, plan_status=PlanStatus.SUBMITTED)
    client.force_login(world.supervisor)
    url = reverse("groups:review", args=[group.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(url, {"decision": "approve", "reviewed_on": tomorrow.isoformat()})
    group.refresh_from_db()
    assert group.plan_status == PlanStatus.SUBMITTED, "no review dated in the future"
    client.post(url, {"decision": "approve", "comment": "同意", "reviewed_on": "2022-02-20"})
    group.refresh_from_db()
    assert group.plan_status == PlanStatus.APPROVED
    assert group.reviewed_on == datetime.date(2022, 2, 20)
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "2022-02-20" in page and "录入于" in page


def test_an_incomplete_plan_cannot_be_submitted(client, world):
    group = GroupFactory(
        room=world.room1, station=world.station, plan_status=PlanStatus.DRAFT, goals=""
    )
    client.force_login(world.worker1)
    response = client.post(reverse("groups:submit", args=[group.pk]), follow=True)
    assert "计划书尚不完整" in response.content.decode()
    group.refresh_from_db()
    assert group.plan_status == PlanStatus.DRAFT


def test_stages_advance_one_at_a_time_after_approval(client, world):
    draft = GroupFactory(room=world.room1, station=world.station, plan_status=PlanStatus.DRAFT)
    group = GroupFactory(room=world.room1, station=world.station)
    client.force_login(world.worker1)
    client.post(reverse("groups:stage", args=[draft.pk]), {"stage": "formation"})
    client.post(reverse("groups:stage", args=[group.pk]), {"stage": "maturity"})
    draft.refresh_from_db()
    group.refresh_from_db()
    assert draft.stage == group.stage == GroupStage.PREPARATION
    client.post(reverse("groups:stage", args=[group.pk]), {"stage": "formation"})
    group.refresh_from_db()
    assert group.stage == GroupStage.FORMATION


def test_members_can_be_residents_staff_or_volunteers_and_join_once(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("groups:member_add", args=[group.pk])
    client.post(url, {"kind": "resident", "resident": resident.pk})
    client.post(url, {"kind": "staff", "user": world.worker2.pk})
    volunteer = VolunteerFactory(room=world.room1, real_name="李秀兰")
    client.post(url, {"kind": "volunteer", "volunteer": volunteer.pk})
    kinds = sorted(member.kind for member in group.members.all())
    assert kinds == ["resident", "staff", "volunteer"]
    # A member joins once: the form no longer offers them, and the service refuses them.
    response = client.post(url, {"kind": "volunteer", "volunteer": volunteer.pk})
    assert "李秀兰" not in response.content.decode().split('name="volunteer"', 1)[1]
    assert group.members.count() == 3
    with pytest.raises(ValidationError, match="此人已经是本小组成员"):
        services.member_add(group=group, by=world.worker1, volunteer=volunteer)


def test_a_volunteer_member_comes_from_the_registry_of_the_users_rooms(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    own = VolunteerFactory(room=world.room1, real_name="本室志愿者")
    stranger = VolunteerFactory(room=world.room2, real_name="别室志愿者")
    left = VolunteerFactory(
        room=world.room1, real_name="已退出志愿者", status="left", left_on=datetime.date(2022, 1, 1)
    )
    client.force_login(world.worker1)
    url = reverse("groups:member_add", args=[group.pk])
    page = client.get(url).content.decode()
    assert "本室志愿者" in page and "别室志愿者" not in page and "已退出志愿者" not in page

    response = client.post(url, {"kind": "volunteer", "volunteer": stranger.pk})
    assert response.status_code == 200 and not group.members.exists()
    assert client.post(url, {"kind": "volunteer", "volunteer": left.pk}).status_code == 200
    with pytest.raises(ValidationError, match="您无权添加这位志愿者"):
        services.member_add(group=group, by=world.worker1, volunteer=stranger)

    assert client.post(url, {"kind": "volunteer", "volunteer": own.pk}).status_code == 302
    member = group.members.get()
    assert (member.volunteer, member.display_name) == (own, "本室志愿者")
    detail = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert "本室志愿者" in detail


def test_a_volunteer_member_must_be_chosen(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    client.force_login(world.worker1)
    response = client.post(reverse("groups:member_add", args=[group.pk]), {"kind": "volunteer"})
    assert "请选择成员" in response.content.decode()
    assert not group.members.exists()


def test_another_rooms_resident_cannot_be_added(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    stranger = ResidentFactory(room=world.room2)
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:member_add", args=[group.pk]), {"kind": "resident", "resident": stranger.pk}
    )
    assert response.status_code == 200
    assert not group.members.exists()


def test_a_member_is_exactly_one_kind_in_the_database(world):
    group = GroupFactory(room=world.room1, station=world.station)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(
            group=group, resident=ResidentFactory(room=world.room1), volunteer_name="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(group=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(
            group=group, volunteer=VolunteerFactory(room=world.room1), volunteer_name="x"
        )


def test_attendance_rate_is_sign_ins_over_members_times_sessions(world):
    group = GroupFactory(room=world.room1, station=world.station)
    members = GroupMemberFactory.create_batch(2, group=group)
    first = GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 6))
    second = GroupSessionFactory(group=group, number=2, starts_at=local(2022, 5, 13))
    AttendanceFactory(session=first, member=members[0])
    AttendanceFactory(session=first, member=members[1])
    AttendanceFactory(session=second, member=members[0])
    assert attendance_rate(group)["rate"] == 75.0


def test_evaluation_refuses_satisfaction_above_100(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    client.force_login(world.worker1)
    response = client.post(
        reverse("groups:evaluation", args=[group.pk]),
        {"goal_attainment": "fully", "satisfaction": "120"},
    )
    assert "满意度须在 0 到 100 之间" in response.content.decode()
    response = client.post(
        reverse("groups:evaluation", args=[group.pk]),
        {"goal_attainment": "fully", "satisfaction": "95"},
    )
    assert response.status_code == 302
    assert group.evaluation.satisfaction == 95


def test_print_pages_are_a4_chinese_forms(client, world):
    group = GroupFactory(room=world.room1, station=world.station, name="情绪小主人")
    session = GroupSessionFactory(group=group, number=1)
    GroupMemberFactory(group=group, volunteer_name="李秀兰")
    client.force_login(world.worker1)
    assert (
        "小组工作计划书"
        in client.get(reverse("groups:print_plan", args=[group.pk])).content.decode()
    )
    assert (
        "小组活动记录表"
        in client.get(reverse("groups:print_session", args=[session.pk])).content.decode()
    )
    sheet = client.get(reverse("groups:print_signin", args=[session.pk])).content.decode()
    assert "小组活动签到表" in sheet and "李秀兰" in sheet and "本人签名" in sheet


def test_the_final_evaluation_prints_on_a4_from_the_group_page(client, world):
    group = GroupFactory(room=world.room1, station=world.station, name="情绪小主人")
    client.force_login(world.worker1)
    url = reverse("groups:print_evaluation", args=[group.pk])
    assert url in client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    blank = client.get(url).content.decode()
    assert "小组总结评估表" in blank and "size:A4 portrait" in blank and world.station.name in blank
    GroupEvaluation.objects.create(
        group=group, goal_attainment="mostly", satisfaction=92, summary="组员互助意识明显增强"
    )
    sheet = client.get(url).content.decode()
    assert "组员互助意识明显增强" in sheet and "92" in sheet and "情绪小主人" in sheet


def test_navigation_shows_groups_and_activities_to_workers_not_officials(client, world):
    client.force_login(world.worker1)
    page = client.get(reverse("home")).content.decode()
    assert reverse("groups:list") in page and reverse("activities:list") in page
    client.force_login(world.official)
    page = client.get(reverse("home")).content.decode()
    assert reverse("groups:list") not in page and reverse("activities:list") not in page


def test_printed_sign_in_sheet_shows_pseudonyms_not_real_names(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    resident = ResidentFactory(room=world.room1, real_name="张真名", pseudonym="小花")
    GroupMemberFactory(group=group, volunteer_name="", resident=resident)
    session = GroupSessionFactory(group=group, number=1)
    client.force_login(world.worker1)
    sheet = client.get(reverse("groups:print_signin", args=[session.pk])).content.decode()
    assert "小花" in sheet and "张真名" not in sheet


def test_admin_pages_of_groups_open_for_staff_and_supervisors(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    session = GroupSessionFactory(group=group, number=1)
    for user in (world.staff, world.supervisor):
        client.force_login(user)
        for url in (
            reverse("admin:groups_group_add"),
            reverse("admin:groups_group_change", args=[group.pk]),
            reverse("admin:groups_groupsession_change", args=[session.pk]),
            reverse("admin:groups_groupmember_add"),
            reverse("admin:groups_groupevaluation_add"),
        ):
            assert client.get(url).status_code == 200, url
    other = GroupFactory(room=world.other_room, station=world.other_station)
    assert client.get(reverse("admin:groups_group_change", args=[other.pk])).status_code == 302


def test_resident_page_sections_list_groups_and_activities_in_fixed_queries(
    rf, world, django_assert_num_queries
):
    from activities.panels import resident_activities
    from groups.panels import resident_groups
    from tests.activities.factories import ActivityFactory

    resident = ResidentFactory(room=world.room1)
    group = GroupFactory(room=world.room1, station=world.station, name="乐智成长")
    member = GroupMemberFactory(group=group, volunteer_name="", resident=resident)
    AttendanceFactory(session=GroupSessionFactory(group=group, number=1), member=member)
    ActivityFactory(
        station=world.station, rooms=[world.room1], title="义诊", participants=[resident]
    )
    request = rf.get("/")
    request.user = world.worker1
    with django_assert_num_queries(2):
        groups = resident_groups(request, resident)
        activities = resident_activities(request, resident)
    assert [(m.group.name, m.attended) for m in groups["memberships"]] == [("乐智成长", 1)]
    assert [a.title for a in activities["activities"]] == ["义诊"]
    request.user = world.worker2
    assert resident_groups(request, resident)["memberships"] == []


def test_group_dates_cannot_be_moved_past_recorded_sessions(client, world):
    group = GroupFactory(room=world.room1, station=world.station)
    GroupSessionFactory(group=group, number=1, starts_at=local(2022, 5, 6))
    client.force_login(world.worker1)
    data = {
        "name": group.name, "group_type": "growth", "room": world.room1.pk,
        "start_date": "2022-03-01", "end_date": "2022-04-30", "version": group.version,
    }  # fmt: skip
    response = client.post(reverse("groups:edit", args=[group.pk]), data)
    assert "已有节次晚于该结束日期" in response.content.decode()
    group.refresh_from_db()
    assert group.end_date == datetime.date(2022, 12, 31)


def test_members_recorded_by_name_are_linked_to_the_one_registered_volunteer_of_that_name(world):
    """The data migration (groups 0003): a unique registered namesake in the station becomes the
    member; an unknown or ambiguous name stays a name."""
    import importlib

    from django.apps import apps

    link = importlib.import_module("groups.migrations.0003_member_volunteer")
    group = GroupFactory(room=world.room1, station=world.station)
    registered = VolunteerFactory(room=world.room1, real_name="王芳")
    VolunteerFactory(room=world.room1, real_name="李强")
    VolunteerFactory(room=world.room2, real_name="李强")
    VolunteerFactory(room=world.other_room, real_name="赵敏")  # another station's
    for name in ("王芳", "李强", "赵敏", "无名氏"):
        GroupMemberFactory(group=group, volunteer_name=name)

    link.link_registered_volunteers(apps, None)

    members = {m.display_name: m for m in group.members.select_related("volunteer")}
    assert members["王芳"].volunteer == registered and members["王芳"].volunteer_name == ""
    assert [members[n].volunteer for n in ("李强", "赵敏", "无名氏")] == [None, None, None]


def test_the_group_list_counts_the_members_who_have_not_left(client, world):
    group = GroupFactory(room=world.room1, station=world.station, name="向日葵小组")
    GroupMemberFactory.create_batch(3, group=group)
    GroupMemberFactory(group=group, left_on=datetime.date(2022, 5, 1))
    client.force_login(world.worker1)
    page = client.get(reverse("groups:list")).content.decode()
    row = page.split("向日葵小组", 1)[1].split("</tr>", 1)[0]
    assert '<td class="text-end" data-label="成员">3</td>' in row
