"""The write rules of community work, at the service level (issue 11: one write path)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from activities import services
from activities.models import Activity, MediaReport
from stations.concurrency import EditConflict
from tests.activities.factories import ActivityFactory, MediaReportFactory, local


def _data(**extra):
    return {
        "title": "重阳节活动",
        "activity_type": "culture_sports",
        "starts_at": local(2022, 10, 4),
        "ends_at": local(2022, 10, 4, 11),
    } | extra


def test_an_activity_belongs_to_its_creators_station(world):
    activity = services.activity_create(data=_data(rooms=[world.room1]), by=world.worker1)
    assert (activity.station, activity.created_by) == (world.station, world.worker1)
    assert list(activity.rooms.all()) == [world.room1]


def test_editing_a_joint_activity_keeps_the_room_the_editor_cannot_see(world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1, world.room2])
    services.activity_update(
        activity=activity, version=activity.version, data={"rooms": [world.room1]}, by=world.worker1
    )
    assert set(activity.rooms.all()) == {world.room1, world.room2}


def test_a_worker_of_another_room_cannot_edit_the_activity(world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    with pytest.raises(PermissionDenied):
        services.activity_update(
            activity=activity, version=1, data={"title": "x"}, by=world.worker2
        )


def test_a_stale_activity_edit_is_a_conflict(world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    services.activity_update(activity=activity, version=1, data={"title": "甲"}, by=world.worker1)
    with pytest.raises(EditConflict):
        services.activity_update(
            activity=activity, version=1, data={"title": "乙"}, by=world.worker1
        )
    assert Activity.objects.get(pk=activity.pk).title == "甲"


def test_a_series_needs_a_station(world, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x")
    with pytest.raises(PermissionDenied):
        services.series_create(data={"name": "夏令营"}, by=superuser)


def test_a_needs_assessment_without_station_or_room_is_refused(world, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password="x")
    with pytest.raises(ValidationError):
        services.needs_create(data={"title": "需求"}, by=superuser)


def test_outreach_records_are_created_and_edited_with_the_version_check(world):
    report = services.outreach_save(
        model=MediaReport,
        data={"title": "报道", "outlet": "日报", "published_on": local(2022, 8, 1).date()},
        by=world.worker1,
    )
    assert report.station == world.station
    services.outreach_save(
        model=MediaReport, record=report, version=1, data={"title": "甲"}, by=world.worker1
    )
    with pytest.raises(EditConflict):
        services.outreach_save(
            model=MediaReport, record=report, version=1, data={"title": "乙"}, by=world.worker1
        )
    assert MediaReportFactory._meta.model.objects.get(pk=report.pk).title == "甲"
