import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Assessment, Case, CaseTransition, ServiceRecord
from cases.panels import resident_cases
from tests.cases.factories import CaseFactory, IntakeFactory, ServiceRecordFactory, complete_case
from tests.factories import KeyPopulationTagFactory, ResidentFactory


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_worker_registers_a_case_and_requests_opening(client, world):
    resident = ResidentFactory(room=world.room1, real_name="李秀英", pseudonym="华华")
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:create"),
        {
            "resident": resident.pk,
            "source": "outreach",
            "presenting_problem": "独居，近期摔倒",
            "service_areas": ["elderly_care"],
            "risk_level": "high",
            "worker": world.worker1.pk,
            "intake_date": "2022-03-01",
            "consent": "self",
            "consent_date": "2022-03-01",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.number.startswith("TST-")
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert "李秀英" in page.text and "咨询受理" in page.text

    client.post(reverse("cases:action", args=[case.pk, "request_opening"]))
    assert case.approvals.filter(kind="opening", status="pending").exists()


def test_case_form_keeps_input_and_explains_a_missing_referring_unit(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:create"),
        {
            "resident": resident.pk,
            "source": "referral",
            "presenting_problem": "需要助学帮扶",
            "risk_level": "low",
            "worker": world.worker1.pk,
            "intake_date": "2022-03-01",
            "consent": "none",
        },
    )
    assert response.status_code == 200
    assert "来源为转介时，请填写转介单位" in response.text
    assert "需要助学帮扶" in response.text
    assert not Case.objects.exists()


def test_another_rooms_resident_is_not_offered_on_the_case_form(client, world):
    ResidentFactory(room=world.room2, real_name="别室居民")
    client.force_login(world.worker1)
    assert "别室居民" not in client.get(reverse("cases:create")).text


def test_illegal_transition_shows_a_clear_message_and_changes_nothing(client, world):
    case = complete_case(stage="intervention", resident=ResidentFactory(room=world.room1))
    case.evaluations.all().delete()
    client.force_login(world.worker1)
    response = client.post(reverse("cases:action", args=[case.pk, "request_closing"]), follow=True)
    assert "个案处于“介入”阶段，不能“申请结案”" in response.text
    case.refresh_from_db()
    assert case.stage == "intervention"


def test_closing_without_evaluation_is_refused(client, world):
    from cases.models import Closing, ServiceGoal

    case = complete_case(stage="intervention", resident=ResidentFactory(room=world.room1))
    case.closing.delete()
    goal = ServiceGoal.objects.get(plan__case=case)
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:closing_edit", args=[case.pk]),
        {
            "closed_on": "2022-09-30",
            "reason": "goals_met",
            "summary": "结束",
            f"goal_{goal.pk}": "achieved",
        },
    )
    assert "尚未完成评估，不能填写结案表" in response.text
    assert not Closing.objects.filter(case=case).exists()
    goal.refresh_from_db()
    assert goal.attainment == ""


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.timedelta(hours=-2), datetime.timedelta(hours=-3), "结束时间必须晚于开始时间"),
        (datetime.timedelta(days=1), datetime.timedelta(days=1, hours=1), "不能登记未来的服务"),
    ],
)
def test_bad_service_record_times_are_refused_and_nothing_is_saved(
    client, world, start, end, message
):
    case = complete_case(stage="intervention", resident=ResidentFactory(room=world.room1))
    before = ServiceRecord.objects.count()
    now = timezone.now()
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:record_new", args=[case.pk]),
        {
            "form": "interview",
            "start_at": local(now + start),
            "end_at": local(now + end),
            "content": "面谈",
        },
    )
    assert response.status_code == 200
    assert message in response.text
    assert ServiceRecord.objects.count() == before


def test_home_visit_from_the_resident_page_takes_the_room_and_counts_minutes(client, world):
    resident = ResidentFactory(room=world.room1, real_name="张大爷")
    client.force_login(world.worker1)
    url = reverse("cases:visit_new") + f"?resident={resident.pk}"
    assert "张大爷" in client.get(url).text
    start = timezone.now() - datetime.timedelta(hours=2)
    response = client.post(
        url,
        {"resident": resident.pk, "start_at": local(start), "minutes": 40, "content": "身体尚好"},
    )
    assert response.status_code == 302
    visit = ServiceRecord.objects.get()
    assert (visit.room, visit.form, visit.duration_minutes, visit.case) == (
        world.room1,
        "home_visit",
        40,
        None,
    )


def test_home_visit_in_the_future_is_refused(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:visit_new"),
        {
            "resident": resident.pk,
            "start_at": local(timezone.now() + datetime.timedelta(hours=3)),
            "minutes": 30,
            "content": "走访",
        },
    )
    assert "不能登记未来的走访" in response.text
    assert not ServiceRecord.objects.exists()


def test_home_visit_cannot_name_another_rooms_resident(client, world):
    stranger = ResidentFactory(room=world.room2)
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:visit_new"),
        {
            "resident": stranger.pk,
            "start_at": local(timezone.now() - datetime.timedelta(hours=1)),
            "minutes": 30,
            "content": "走访",
        },
    )
    assert response.status_code == 200
    assert not ServiceRecord.objects.exists()


def test_the_second_of_two_edits_is_refused_and_shows_the_other_change(client, world):
    case = complete_case(stage="assessment", resident=ResidentFactory(room=world.room1))
    assessment = case.assessments.get()
    url = reverse("cases:assessment_edit", args=[case.pk, assessment.pk])
    data = {"assessed_on": "2022-03-05", "summary": "", "version": assessment.version}
    client.force_login(world.worker1)
    assert client.post(url, {**data, "summary": "第一位社工的结论"}).status_code == 302
    response = client.post(url, {**data, "summary": "第二位社工的结论"})
    assert response.status_code == 200
    assert "其他人已修改了这条记录" in response.text
    assert "第一位社工的结论" in response.text  # the other person's change
    assert "第二位社工的结论" in response.text  # the user's input is kept
    assert Assessment.objects.get().summary == "第一位社工的结论"
    # Having seen the other change, the second person may save on purpose.
    shown_version = response.context["form"]["version"].value()
    response = client.post(url, {**data, "summary": "第二位社工的结论", "version": shown_version})
    assert response.status_code == 302
    assert Assessment.objects.get().summary == "第二位社工的结论"


def test_print_shows_the_pseudonym_unless_the_real_name_is_asked_for(client, world):
    resident = ResidentFactory(room=world.room1, real_name="王真名", pseudonym="华华")
    case = complete_case(stage="closed", resident=resident)
    client.force_login(world.worker1)
    url = reverse("cases:print", args=[case.pk, "all"])
    page = client.get(url).text
    assert "华华" in page and "王真名" not in page
    for title in [
        "接案登记表",
        "预估表",
        "服务计划表",
        "服务记录表",
        "转介表",
        "结案表",
        "督导签名",
    ]:
        assert title in page
    assert "王真名" in client.get(url + "?real_name=1").text


def test_supervisor_approves_from_the_queue(client, world):
    case = CaseFactory(resident=ResidentFactory(room=world.room1))
    IntakeFactory(case=case)
    client.force_login(world.worker1)
    client.post(reverse("cases:action", args=[case.pk, "request_opening"]))
    client.force_login(world.supervisor)
    queue = client.get(reverse("cases:approvals"))
    assert case.number in queue.text
    approval = case.approvals.get()
    client.post(reverse("cases:approval_decide", args=[approval.pk]), {"decision": "approve"})
    case.refresh_from_db()
    assert case.stage == "intake"
    assert CaseTransition.objects.filter(case=case, to_stage="intake", by=world.supervisor).exists()


def test_supervisor_approves_in_the_admin_with_a_comment(client, world):
    case = complete_case(stage="closing", resident=ResidentFactory(room=world.room1))
    approval = case.approvals.create(kind="closing", requested_by=case.worker)
    client.force_login(world.supervisor)
    url = reverse("admin:cases_approval_changelist")
    response = client.post(url, {"action": "return_selected", "_selected_action": [approval.pk]})
    assert "审批意见" in response.text
    client.post(
        url,
        {
            "action": "return_selected",
            "_selected_action": [approval.pk],
            "apply": "1",
            "comment": "请补充评估",
        },
    )
    approval.refresh_from_db()
    case.refresh_from_db()
    assert (approval.status, approval.decision_comment, case.stage) == (
        "returned",
        "请补充评估",
        "evaluation",
    )


def test_station_staff_cannot_approve_in_the_admin(client, world):
    case = complete_case(stage="closing", resident=ResidentFactory(room=world.room1))
    approval = case.approvals.create(kind="closing", requested_by=case.worker)
    client.force_login(world.staff)
    client.post(
        reverse("admin:cases_approval_changelist"),
        {"action": "approve_selected", "_selected_action": [approval.pk], "apply": "1"},
    )
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_resident_section_lists_the_residents_cases_and_visits(rf, world):
    resident = ResidentFactory(room=world.room1)
    case = CaseFactory(resident=resident)
    ServiceRecordFactory(resident=resident, content="送米面油")
    request = rf.get("/")
    request.user = world.worker1
    data = resident_cases(request, resident)
    assert data["cases"] == [case]
    assert data["visits"][0].content == "送米面油"
    request.user = world.worker2
    assert resident_cases(request, resident)["cases"] == []


def test_case_list_searches_and_filters(client, world):
    CaseFactory(
        resident=ResidentFactory(room=world.room1, pseudonym="华华"), number="TST-2022-0100"
    )
    CaseFactory(
        resident=ResidentFactory(room=world.room1, pseudonym="明明"),
        number="TST-2022-0101",
        risk_level="high",
    )
    client.force_login(world.worker1)
    page = client.get(reverse("cases:list"), {"q": "华华"}).text
    assert "TST-2022-0100" in page and "TST-2022-0101" not in page
    page = client.get(reverse("cases:list"), {"risk": "high"}).text
    assert "TST-2022-0101" in page and "TST-2022-0100" not in page


def test_overdue_panel_lists_an_unvisited_elderly_resident(client, world):
    from cases.models import VisitInterval

    VisitInterval.objects.create(station=world.station, category="elderly_alone", days=14)
    overdue = ResidentFactory(room=world.room1, real_name="久未走访")
    KeyPopulationTagFactory(resident=overdue, category="elderly_alone")
    ServiceRecordFactory(resident=overdue, start_at=timezone.now() - datetime.timedelta(days=20))
    fresh = ResidentFactory(room=world.room1, real_name="刚走访过")
    KeyPopulationTagFactory(resident=fresh, category="elderly_alone")
    ServiceRecordFactory(resident=fresh, start_at=timezone.now() - datetime.timedelta(days=3))
    ended = ResidentFactory(room=world.room1, real_name="标签已结束")
    KeyPopulationTagFactory(
        resident=ended, category="elderly_alone", end_date=datetime.date(2022, 12, 31)
    )
    client.force_login(world.worker1)
    page = client.get(reverse("home")).text
    assert "久未走访" in page
    assert "刚走访过" not in page
    assert "标签已结束" not in page
    client.force_login(world.worker2)
    assert "久未走访" not in client.get(reverse("home")).text
    client.force_login(world.supervisor)
    assert "久未走访" in client.get(reverse("home")).text


def test_visit_interval_defaults_apply_until_the_station_sets_its_own(world):
    from cases.models import VisitInterval
    from cases.panels import overdue_visit_residents

    resident = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=resident, category="extreme_poverty")  # default 30 days
    ServiceRecordFactory(resident=resident, start_at=timezone.now() - datetime.timedelta(days=20))
    assert list(overdue_visit_residents(world.worker1)) == []

    VisitInterval.objects.create(station=world.station, category="extreme_poverty", days=7)
    [overdue] = overdue_visit_residents(world.worker1)
    assert (overdue, overdue.interval_days) == (resident, 7)


def test_the_shortest_interval_of_the_active_tags_counts(world):
    from cases.panels import overdue_visit_residents

    resident = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=resident, category="dibao")  # 90 days
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")  # 14 days
    ServiceRecordFactory(resident=resident, start_at=timezone.now() - datetime.timedelta(days=15))
    [overdue] = overdue_visit_residents(world.worker1)
    assert overdue.interval_days == 14


def test_resident_section_renders_the_big_visit_button(rf, world):
    from django.template.loader import render_to_string

    from stations.workbench import RESIDENT_SECTIONS

    resident = ResidentFactory(room=world.room1)
    case = CaseFactory(resident=resident)
    request = rf.get("/")
    request.user = world.worker1
    section = RESIDENT_SECTIONS["cases"]
    data = section.context(request, resident)
    html = render_to_string(section.actions, {"data": data}) + render_to_string(
        section.template, {"data": data}
    )
    assert "记录入户走访" in html
    assert f"/cases/visits/new/?resident={resident.pk}" in html
    assert case.number in html


def test_supervisor_writes_a_supervision_note(client, world):
    case = complete_case(stage="intervention", resident=ResidentFactory(room=world.room1))
    client.force_login(world.supervisor)
    response = client.post(
        reverse("cases:supervision_new", args=[case.pk]),
        {"noted_on": "2022-05-01", "content": "讨论风险", "suggestions": "增加家属参与"},
    )
    assert response.status_code == 302
    note = case.supervision_notes.get()
    assert (note.supervisor, note.content) == (world.supervisor, "讨论风险")


def test_editing_a_closed_cases_service_record_is_refused_with_a_message(client, world):
    case = complete_case(
        stage="closed", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    record = case.records.get()
    client.force_login(world.worker1)
    url = reverse("cases:record_edit", args=[record.pk])
    response = client.post(url, {"content": "改写", "version": record.version})
    assert response.status_code == 403
    assert "已结案" in response.content.decode()
    record.refresh_from_db()
    assert record.content != "改写"


def test_a_closed_case_shows_its_addendum_and_no_edit_links(client, world):
    case = complete_case(
        stage="closed", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    client.force_login(world.worker1)
    response = client.post(
        reverse("cases:addendum_new", args=[case.pk]),
        {"text": "漏记一次电话回访", "reason": "整理档案时发现"},
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "漏记一次电话回访" in page and "整理档案时发现" in page
    assert reverse("cases:record_edit", args=[case.records.get().pk]) not in page
    assert reverse("cases:edit", args=[case.pk]) not in page
