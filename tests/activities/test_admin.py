"""The activities admin shows a supervisor only the activities and assessments of their rooms.

Rows of a room: Activity (its rooms) and NeedsAssessment (room). ActivitySeries has no room (a
series belongs to the station). MediaReport and ExchangeVisit carry an optional room but are
station-wide outreach records without personal data (OutreachQuerySet): every room of the
station sees them, another station does not.
"""

from django.urls import reverse

from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    NeedsAssessmentFactory,
    SeriesFactory,
)
from tests.admin_scoping import (
    assert_rows_hidden,
    assert_rows_shown,
    assert_sent_away,
    room2_supervisor,
)

ADMINS = [
    "activities_activity",
    "activities_activityseries",
    "activities_needsassessment",
    "activities_mediareport",
    "activities_exchangevisit",
]


def rows_of(world, room, prefix):
    series = SeriesFactory(station=world.station, name=f"{prefix}暑期托管系列")
    activity = ActivityFactory(
        station=world.station, rooms=[room], series=series, title=f"{prefix}重阳敬老活动"
    )
    assessment = NeedsAssessmentFactory(
        station=world.station, room=room, title=f"{prefix}留守儿童需求评估"
    )
    return [
        ("activities_activity", activity.pk, activity.title),
        ("activities_needsassessment", assessment.pk, assessment.title),
    ]


def test_a_room2_supervisor_finds_only_room2s_activities_in_the_admin(client, world):
    room1, room2 = rows_of(world, world.room1, "一室"), rows_of(world, world.room2, "二室")
    supervisor = room2_supervisor(world)
    assert_rows_hidden(client, supervisor, room1)
    assert_rows_shown(client, supervisor, room2)


def test_the_station_staff_finds_room1s_activities_in_the_admin(client, world):
    assert_rows_shown(client, world.staff, rows_of(world, world.room1, "一室"))


def test_series_and_outreach_records_are_shared_by_the_station_but_not_with_another(client, world):
    own = [
        (
            "activities_activityseries",
            SeriesFactory(station=world.station, name="本站系列").pk,
            "本站系列",
        ),
        (
            "activities_mediareport",
            MediaReportFactory(station=world.station, room=world.room1, title="一室报道").pk,
            "一室报道",
        ),
        (
            "activities_exchangevisit",
            ExchangeVisitFactory(
                station=world.station, room=world.room1, counterpart="一室接待的来访站"
            ).pk,
            "一室接待的来访站",
        ),
    ]
    other = [
        (
            "activities_activityseries",
            SeriesFactory(station=world.other_station, name="别镇系列").pk,
            "别镇系列",
        ),
        (
            "activities_mediareport",
            MediaReportFactory(station=world.other_station, title="别镇报道").pk,
            "别镇报道",
        ),
        (
            "activities_exchangevisit",
            ExchangeVisitFactory(station=world.other_station, counterpart="别镇来访站").pk,
            "别镇来访站",
        ),
    ]
    ActivityFactory(station=world.station, rooms=[world.room2], series_id=own[0][1])
    supervisor = room2_supervisor(world)
    assert_rows_shown(client, supervisor, own)
    assert_rows_hidden(client, supervisor, other)
    # The activity list's series filter offers only the series of the activities listed.
    page = client.get(reverse("admin:activities_activity_changelist")).content.decode()
    assert "本站系列" in page and "别镇系列" not in page


def test_officials_and_room_workers_are_sent_away_from_the_activities_admin(client, world):
    assert_sent_away(client, [world.official, world.worker1], ADMINS)
