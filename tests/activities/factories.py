import datetime

import factory
from django.utils import timezone

from activities.models import (
    Activity,
    ActivitySeries,
    ActivityType,
    ExchangeDirection,
    ExchangeVisit,
    MediaReport,
    NeedsAssessment,
)
from tests.factories import StationFactory


def local(year, month, day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySeries

    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"系列{n}")
    start_date = datetime.date(2022, 7, 1)
    end_date = datetime.date(2022, 8, 31)


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity of the given `rooms` (none = station-wide)."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    title = factory.Sequence(lambda n: f"社区活动{n}")
    activity_type = ActivityType.CULTURE_SPORTS
    starts_at = factory.LazyFunction(lambda: local(2022, 6, 1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    direct_participant_count = 10
    indirect_beneficiaries = 5

    @factory.post_generation
    def rooms(self, create, extracted, **kwargs):
        if create and extracted:
            self.rooms.set(extracted)

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class NeedsAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsAssessment

    station = factory.SubFactory(StationFactory)
    title = factory.Sequence(lambda n: f"需求评估{n}")
    assessed_on = datetime.date(2022, 3, 15)
    basic_situation = "常住人口约 3200 人"


class MediaReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaReport

    station = factory.SubFactory(StationFactory)
    title = factory.Sequence(lambda n: f"报道{n}")
    outlet = "宝鸡日报"
    published_on = datetime.date(2022, 8, 1)


class ExchangeVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeVisit

    station = factory.SubFactory(StationFactory)
    counterpart = "渭滨区社工站"
    direction = ExchangeDirection.HOSTED
    visited_on = datetime.date(2022, 9, 1)
    topics = "五社联动经验交流"


def photo_of(activity, name="孩子正脸.jpg"):
    """An uploaded photo of `activity` (stored under MEDIA_ROOT: point it at a temporary folder)."""
    from django.core.files.base import ContentFile

    from activities.models import ActivityAttachment, AttachmentKind

    attachment = ActivityAttachment(
        activity=activity, kind=AttachmentKind.PHOTO, original_name=name
    )
    attachment.file.save("photo.jpg", ContentFile(b"\xff\xd8\xff fake jpeg"), save=True)
    return attachment


def jpeg_bytes(size=(4, 3)) -> bytes:
    """A real (tiny) JPEG: photos are checked to be pictures."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()
