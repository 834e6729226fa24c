"""Every casework URL × persona. The objects live in room 1 (worker1's room)."""

import datetime

import pytest
from django.core.files.base import ContentFile

from cases.models import Approval, PlanTask, RecordPhoto
from tests.activities.factories import jpeg_bytes
from tests.cases.factories import ServiceRecordFactory, complete_case
from tests.factories import ResidentFactory
from tests.permissions import (
    ADMIN_ONLY,
    ANON,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    everyone,
    expand,
    param_ids,
    personal,
    run_row,
)

SUPERVISOR_ONLY = {ANON: 302, STAFF: 403, W1: 403, W2: 403, SUP: 200, OFF: 403}
ANY_PERSONAL = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}


def case_kw(w, o):
    return {"pk": o["case"].pk}


def doc_kw(name):
    return lambda w, o: {"pk": o["case"].pk, "doc": o[name].pk}


ROWS = [
    Row("cases:list", ANY_PERSONAL),
    Row("cases:list", ANY_PERSONAL, query="q=TST&stage=open&sort=number", note="filtered"),
    Row("cases:create", ANY_PERSONAL),
    Row("cases:create", personal(), query="resident=RESIDENT", note="for a resident"),
    Row("cases:visit_new", ANY_PERSONAL),
    Row("cases:visit_new", personal(), query="resident=RESIDENT", note="for a resident"),
    Row("cases:approvals", SUPERVISOR_ONLY),
    Row(
        "cases:approval_decide",
        {ANON: 302, STAFF: 403, W1: 403, W2: 403, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["approval"].pk},
        method="post",
        data=lambda w, o: {"decision": "approve"},
    ),
    Row("cases:approval_paper", personal(), kwargs=lambda w, o: {"pk": o["approval"].pk}),
    Row("cases:record_edit", personal(), kwargs=lambda w, o: {"pk": o["record"].pk}),
    Row("cases:record_print", personal(), kwargs=lambda w, o: {"pk": o["record"].pk}),
    Row(
        "cases:record_print",
        personal(),
        kwargs=lambda w, o: {"pk": o["visit"].pk},
        note="home visit without a case",
    ),
    Row(
        "cases:photo",
        personal(),
        kwargs=lambda w, o: {"pk": o["photo"].pk},
        note="photos only through the access check",
    ),
    Row(
        "cases:photo_delete",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["photo"].pk},
        method="post",
        note="whoever may write to the record's room",
    ),
    Row(
        "cases:photo_delete",
        everyone(405),
        kwargs=lambda w, o: {"pk": o["photo"].pk},
        note="POST only",
    ),
    Row(
        "cases:task_done",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["task"].pk},
        method="post",
    ),
    Row("cases:detail", personal(), kwargs=case_kw),
    Row("cases:edit", personal(), kwargs=case_kw),
    Row(
        "cases:action",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["case"].pk, "action": "start_plan"},
        method="post",
    ),
    Row("cases:intake_edit", personal(), kwargs=case_kw),
    Row("cases:assessment_new", personal(), kwargs=case_kw),
    Row("cases:assessment_edit", personal(), kwargs=doc_kw("assessment")),
    Row("cases:plan_new", personal(), kwargs=case_kw),
    Row("cases:plan_edit", personal(), kwargs=doc_kw("plan")),
    Row("cases:plan_request", personal(own=302), kwargs=doc_kw("plan"), method="post"),
    Row("cases:task_add", personal(), kwargs=doc_kw("plan")),
    Row("cases:record_new", personal(), kwargs=case_kw),
    Row("cases:evaluation_new", personal(), kwargs=case_kw),
    Row("cases:evaluation_edit", personal(), kwargs=doc_kw("evaluation")),
    Row("cases:referral_new", personal(), kwargs=case_kw),
    Row("cases:referral_edit", personal(), kwargs=doc_kw("referral")),
    Row("cases:closing_edit", personal(), kwargs=case_kw),
    Row("cases:followup_new", personal(), kwargs=case_kw),
    Row("cases:addendum_new", personal(), kwargs=case_kw),
    Row("cases:transfer", personal(), kwargs=case_kw),
    Row(
        "cases:supervision_new",
        {ANON: 302, STAFF: 403, W1: 403, W2: 403, SUP: 200, OFF: 403},
        kwargs=case_kw,
    ),
    *[
        Row(
            "cases:print",
            personal(),
            kwargs=lambda w, o, p=part: {"pk": o["case"].pk, "part": p},
            note=part,
        )
        for part in ["all", "intake", "assessment", "plan", "records", "referral", "closing"]
    ],
    Row(
        "cases:print",
        personal(),
        kwargs=lambda w, o: {"pk": o["case"].pk, "part": "all"},
        query="real_name=1",
        note="real name",
    ),
    *[
        Row(f"admin:cases_{model}_changelist", ADMIN_ONLY)
        for model in [
            "case",
            "casetransition",
            "approval",
            "intake",
            "assessment",
            "serviceplan",
            "servicegoal",
            "plantask",
            "servicerecord",
            "evaluation",
            "referral",
            "closing",
            "followup",
            "supervisionnote",
            "visitinterval",
            "casenumbercounter",
            "visitchecklist",
            "residentriskflag",
            "recordphoto",
        ]
    ],
    Row("admin:cases_case_change", ADMIN_ONLY, kwargs=lambda w, o: {"object_id": o["case"].pk}),
    Row("admin:cases_visitchecklist_add", ADMIN_ONLY),
]


@pytest.fixture
def objects(world):
    case = complete_case(
        stage="assessment", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    plan = case.plans.get()
    visit = ServiceRecordFactory(resident=ResidentFactory(room=world.room1), worker=world.worker1)
    photo = RecordPhoto(record=visit, original_name="门口.jpg", uploaded_by=world.worker1)
    photo.file.save("photo.jpg", ContentFile(jpeg_bytes()), save=True)
    return {
        "photo": photo,
        "case": case,
        "resident": case.resident,
        "assessment": case.assessments.get(),
        "plan": plan,
        "evaluation": case.evaluations.get(),
        "referral": case.referrals.get(),
        "record": case.records.get(),
        "visit": visit,
        "task": PlanTask.objects.create(
            plan=plan,
            description="联系助餐点",
            owner=world.worker1,
            due_date=datetime.date(2022, 4, 1),
        ),
        "approval": Approval.objects.create(
            case=case, kind="plan", plan=plan, requested_by=world.worker1
        ),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    if "RESIDENT" in row.query:
        row = Row(
            **{**row.__dict__, "query": row.query.replace("RESIDENT", str(objects["resident"].pk))}
        )
    assert_status(run_row(client, world, row, persona, objects), row, persona)


def test_worker_of_another_room_cannot_change_the_case(client, world, objects):
    client.force_login(world.worker2)
    response = client.post(f"/cases/{objects['case'].pk}/actions/start_plan/", {"comment": ""})
    assert response.status_code == 404
    objects["case"].refresh_from_db()
    assert objects["case"].stage == "assessment"
