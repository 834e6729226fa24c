import pytest
from django.core.files.base import ContentFile

from activities.models import ActivityAttachment, AttachmentKind
from tests.activities.factories import (
    ActivityFactory,
    ExchangeVisitFactory,
    MediaReportFactory,
    NeedsAssessmentFactory,
    SeriesFactory,
)
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

STATION_WIDE = personal(other=200)
# A station-wide record (no room) is changed by station staff only.
STAFF_ONLY = {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 403, OFF: 403}


def activity(w, o):
    return {"pk": o["activity"].pk}


ROWS = [
    Row("activities:list", STATION_WIDE),
    Row("activities:create", STATION_WIDE),
    Row("activities:detail", personal(), kwargs=activity),
    Row(
        "activities:detail",
        STATION_WIDE,
        kwargs=lambda w, o: {"pk": o["station_activity"].pk},
        note="station-wide activity: every personal-data user of the station",
    ),
    Row("activities:edit", personal(), kwargs=activity),
    Row(
        "activities:edit",
        {ANON: 302, STAFF: 200, W1: 403, W2: 403, SUP: 403, OFF: 403},
        kwargs=lambda w, o: {"pk": o["station_activity"].pk},
        note="station-wide activity: station staff only",
    ),
    Row("activities:signin", personal(), kwargs=activity, note="officials see no sign-in list"),
    Row(
        "activities:signin",
        personal(own=302),
        kwargs=activity,
        method="post",
        data=lambda w, o: {},
        note="save",
    ),
    Row("activities:attachment_upload", personal(own=302), kwargs=activity, method="post"),
    Row(
        "activities:attachment",
        personal(),
        kwargs=lambda w, o: {"pk": o["attachment"].pk},
        note="files only through the access check",
    ),
    Row(
        "activities:attachment_delete",
        personal(own=302),
        kwargs=lambda w, o: {"pk": o["attachment"].pk},
        method="post",
        note="whoever may edit the activity",
    ),
    Row(
        "activities:attachment_delete",
        everyone(405),
        kwargs=lambda w, o: {"pk": o["attachment"].pk},
        note="POST only",
    ),
    Row(
        "activities:attachment_delete",
        {ANON: 302, STAFF: 302, W1: 403, W2: 403, SUP: 403, OFF: 403},
        kwargs=lambda w, o: {"pk": o["station_attachment"].pk},
        method="post",
        note="station-wide activity: station staff only",
    ),
    Row("activities:series_list", STATION_WIDE),
    Row("activities:series_create", STATION_WIDE),
    Row(
        "activities:series_detail",
        STATION_WIDE,
        kwargs=lambda w, o: {"pk": o["series"].pk},
    ),
    Row("activities:needs_list", STATION_WIDE),
    Row("activities:needs_create", STATION_WIDE),
    Row("activities:needs_detail", personal(), kwargs=lambda w, o: {"pk": o["needs"].pk}),
    Row("activities:needs_edit", personal(), kwargs=lambda w, o: {"pk": o["needs"].pk}),
    Row("activities:outreach", STATION_WIDE),
    Row("activities:media_create", STATION_WIDE),
    Row("activities:exchange_create", STATION_WIDE),
    Row("activities:exchange_list", STATION_WIDE),
    Row("activities:media_edit", personal(), kwargs=lambda w, o: {"pk": o["media"].pk}),
    Row(
        "activities:media_edit",
        STAFF_ONLY,
        kwargs=lambda w, o: {"pk": o["station_media"].pk},
        note="station-wide report",
    ),
    Row("activities:exchange_edit", personal(), kwargs=lambda w, o: {"pk": o["exchange"].pk}),
    Row(
        "activities:exchange_edit",
        STAFF_ONLY,
        kwargs=lambda w, o: {"pk": o["station_exchange"].pk},
        note="station-wide visit",
    ),
    Row("admin:activities_activity_changelist", ADMIN_ONLY),
    Row("admin:activities_activityseries_changelist", ADMIN_ONLY),
    Row("admin:activities_needsassessment_changelist", ADMIN_ONLY),
    Row("admin:activities_mediareport_changelist", ADMIN_ONLY),
    Row("admin:activities_exchangevisit_changelist", ADMIN_ONLY),
    Row("admin:activities_activityattachment_changelist", ADMIN_ONLY),
]


@pytest.fixture
def objects(world):
    series = SeriesFactory(station=world.station)
    activity = ActivityFactory(station=world.station, rooms=[world.room1], series=series)
    attachment = ActivityAttachment(
        activity=activity, kind=AttachmentKind.PHOTO, original_name="合影.jpg"
    )
    attachment.file.save("photo.jpg", ContentFile(b"\xff\xd8\xff fake jpeg"), save=True)
    station_activity = ActivityFactory(station=world.station)
    station_attachment = ActivityAttachment(
        activity=station_activity, kind=AttachmentKind.FILE, original_name="签到表.pdf"
    )
    station_attachment.file.save("list.pdf", ContentFile(b"%PDF fake"), save=True)
    return {
        "station_attachment": station_attachment,
        "media": MediaReportFactory(station=world.station, room=world.room1),
        "station_media": MediaReportFactory(station=world.station),
        "exchange": ExchangeVisitFactory(station=world.station, room=world.room1),
        "station_exchange": ExchangeVisitFactory(station=world.station),
        "series": series,
        "activity": activity,
        "station_activity": station_activity,
        "attachment": attachment,
        "needs": NeedsAssessmentFactory(station=world.station, room=world.room1),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
