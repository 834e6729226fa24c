import pytest

from groups.models import PlanStatus
from tests.factories import ResidentFactory
from tests.groups.factories import GroupFactory, GroupMemberFactory, GroupSessionFactory
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
    expand,
    param_ids,
    personal,
    run_row,
)

STATION_WIDE = personal(other=200)


def group(w, o):
    return {"pk": o["group"].pk}


def session(w, o):
    return {"pk": o["session"].pk}


ROWS = [
    Row("groups:list", STATION_WIDE, note="each sees their own rooms' groups"),
    Row("groups:create", STATION_WIDE),
    Row("groups:detail", personal(), kwargs=group),
    Row(
        "groups:detail",
        STATION_WIDE,
        kwargs=lambda w, o: {"pk": o["station_group"].pk},
        note="station-level group",
    ),
    Row("groups:edit", personal(), kwargs=group),
    Row(
        "groups:edit",
        {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 403, OFF: 403},
        kwargs=lambda w, o: {"pk": o["station_group"].pk},
        note="station-level group: station staff only",
    ),
    Row(
        "groups:submit",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["draft"].pk},
        method="post",
    ),
    Row(
        "groups:review",
        {ANON: 302, STAFF: 403, W1: 403, W2: 404, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["submitted"].pk},
        method="post",
        data=lambda w, o: {"decision": "approve"},
        note="supervisors only",
    ),
    Row(
        "groups:stage",
        personal(own=302),
        kwargs=group,
        method="post",
        data=lambda w, o: {"stage": "formation"},
    ),
    Row("groups:member_add", personal(), kwargs=group),
    Row("groups:member_scores", personal(), kwargs=group),
    Row(
        "groups:member_scores",
        personal(own=302),
        kwargs=group,
        method="post",
        data=lambda w, o: {f"m{o['member'].pk}-pre_score": "12"},
        note="save",
    ),
    Row(
        "groups:member_leave",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["member"].pk},
        method="post",
        data=lambda w, o: {"left_on": "2022-06-01"},
    ),
    Row(
        "groups:member_leave",
        personal(own=405, other=405, official=405),
        kwargs=lambda w, o: {"pk": o["member"].pk},
        note="POST only",
    ),
    Row(
        "groups:member_remove",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["member"].pk},
        method="post",
    ),
    Row(
        "groups:member_remove",
        personal(own=405, other=405, official=405),
        kwargs=lambda w, o: {"pk": o["member"].pk},
        note="POST only",
    ),
    Row("groups:session_create", personal(), kwargs=group),
    Row("groups:evaluation", personal(), kwargs=group),
    Row("groups:print_plan", personal(), kwargs=group),
    Row("groups:print_evaluation", personal(), kwargs=group),
    Row("groups:session_detail", personal(), kwargs=session),
    Row("groups:session_edit", personal(), kwargs=session),
    Row("groups:session_signin", personal(), kwargs=session, note="officials see no sign-in"),
    Row(
        "groups:session_signin",
        personal(own=302),
        kwargs=session,
        method="post",
        data=lambda w, o: {"member": o["member"].pk, "present": "1"},
        note="sign in",
    ),
    Row("groups:print_session", personal(), kwargs=session),
    Row("groups:print_signin", personal(), kwargs=session),
    Row("admin:groups_group_changelist", ADMIN_ONLY),
    Row("admin:groups_groupsession_changelist", ADMIN_ONLY),
    Row("admin:groups_groupmember_changelist", ADMIN_ONLY),
    Row("admin:groups_attendance_changelist", ADMIN_ONLY),
    Row("admin:groups_groupevaluation_changelist", ADMIN_ONLY),
]


@pytest.fixture
def objects(world):
    group = GroupFactory(room=world.room1, station=world.station)
    station_group = GroupFactory(room=None, station=world.station, name="社工读书会")
    member = GroupMemberFactory(
        group=group, volunteer_name="", resident=ResidentFactory(room=world.room1)
    )
    return {
        "group": group,
        "station_group": station_group,
        "session": GroupSessionFactory(group=group, number=1),
        "member": member,
        "draft": GroupFactory(
            room=world.room1, station=world.station, plan_status=PlanStatus.DRAFT
        ),
        "submitted": GroupFactory(
            room=world.room1, station=world.station, plan_status=PlanStatus.SUBMITTED
        ),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
