"""The write rules of group work, at the service level (issue 11: one write path)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from groups import services
from groups.models import Group, GroupEvaluation, PlanStatus
from stations.concurrency import EditConflict
from tests.groups.factories import GroupFactory, GroupMemberFactory, GroupSessionFactory, local


def _session_data(**extra):
    return {
        "theme": "相识",
        "starts_at": local(2022, 5, 6),
        "ends_at": local(2022, 5, 6, 17),
    } | extra


def test_a_group_belongs_to_the_station_of_its_creator(world):
    group = services.group_create(
        data={
            "name": "成长小组",
            "group_type": "growth",
            "room": world.room1,
            "start_date": local(2022, 3, 1).date(),
        },
        by=world.worker1,
    )
    assert (group.station, group.created_by, group.plan_status) == (
        world.station,
        world.worker1,
        PlanStatus.DRAFT,
    )


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED])
def test_no_session_before_the_plan_is_approved(world, status):
    group = GroupFactory(room=world.room1, plan_status=status)
    with pytest.raises(ValidationError, match="计划书经督导批准后"):
        services.session_create(group=group, data=_session_data(), by=world.worker1)
    assert not group.sessions.exists()


def test_sessions_are_numbered_on_from_the_last(world):
    group = GroupFactory(room=world.room1)
    GroupSessionFactory(group=group, number=3)
    session = services.session_create(group=group, data=_session_data(), by=world.worker1)
    assert session.number == 4
    assert services.session_next_number(group) == 5


def test_a_session_number_is_not_taken_twice(world):
    group = GroupFactory(room=world.room1)
    GroupSessionFactory(group=group, number=1)
    with pytest.raises(ValidationError, match="已有第 1 节"):
        services.session_create(group=group, data=_session_data(number=1), by=world.worker1)
    other = GroupSessionFactory(group=group, number=2)
    with pytest.raises(ValidationError, match="已有第 1 节"):
        services.session_update(
            session=other, version=other.version, data={"number": 1}, by=world.worker1
        )


def test_a_worker_of_another_room_cannot_edit_the_group(world):
    group = GroupFactory(room=world.room1)
    with pytest.raises(PermissionDenied):
        services.group_update(group=group, version=1, data={"name": "改名"}, by=world.worker2)
    assert Group.objects.get(pk=group.pk).name == group.name


def test_a_stale_group_edit_is_a_conflict(world):
    group = GroupFactory(room=world.room1)
    services.group_update(group=group, version=1, data={"name": "甲"}, by=world.worker1)
    with pytest.raises(EditConflict):
        services.group_update(group=group, version=1, data={"name": "乙"}, by=world.worker1)
    assert Group.objects.get(pk=group.pk).name == "甲"


def test_the_evaluation_takes_the_computed_score_averages(world):
    group = GroupFactory(room=world.room1)
    GroupMemberFactory(group=group, pre_score=10, post_score=20)
    GroupMemberFactory(group=group, pre_score=20, post_score=30)
    evaluation = services.group_evaluation_save(
        group=group,
        version=None,
        data={"goal_attainment": "fully", "pre_score_average": 99},
        by=world.worker1,
    )
    evaluation = GroupEvaluation.objects.get(pk=evaluation.pk)
    assert (evaluation.pre_score_average, evaluation.post_score_average) == (15, 25)
    assert evaluation.evaluated_by == world.worker1
