import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import RoomFactory, UserFactory, make_ric
from volunteers.models import (
    Certificate,
    RecordStatus,
    ServiceRecord,
    Volunteer,
    VolunteerProject,
)


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        exclude = ["serial"]

    room = factory.SubFactory(RoomFactory)
    station = factory.LazyAttribute(lambda o: o.room.station)
    real_name = factory.Sequence(lambda n: f"志愿者{n}")
    sex = "female"
    serial = factory.Sequence(lambda n: n)
    birth_date = factory.LazyAttribute(
        lambda o: datetime.date(1985, 1, 1) + datetime.timedelta(days=o.serial // 50)
    )
    id_type = "resident_id"
    id_number = factory.LazyAttribute(lambda o: make_ric(o.birth_date, o.sex, serial=o.serial % 50))
    phone = factory.Sequence(lambda n: f"139{n % 100000000:08d}")
    registered_on = datetime.date(2021, 1, 1)
    skills = factory.LazyFunction(lambda: ["elderly_care"])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Activity"
        skip_postgeneration_save = True

    station = factory.SubFactory("tests.factories.StationFactory")
    title = factory.Sequence(lambda n: f"社区活动{n}")
    activity_type = "volunteering"
    starts_at = factory.LazyFunction(lambda: aware(datetime.date(2022, 5, 10), 9))
    ends_at = factory.LazyFunction(lambda: aware(datetime.date(2022, 5, 10), 12))

    @factory.post_generation
    def rooms(self, create, extracted, **kwargs):
        if create and extracted:
            self.rooms.set(extracted)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "groups.Group"

    station = factory.SubFactory("tests.factories.StationFactory")
    name = factory.Sequence(lambda n: f"小组{n}")
    group_type = "support"
    start_date = datetime.date(2022, 3, 1)


class GroupSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "groups.GroupSession"

    group = factory.SubFactory(GroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: aware(datetime.date(2022, 3, 8), 14))
    ends_at = factory.LazyFunction(lambda: aware(datetime.date(2022, 3, 8), 16))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProject

    room = factory.SubFactory(RoomFactory)
    station = factory.LazyAttribute(lambda o: o.room.station if o.room else None)
    name = factory.Sequence(lambda n: f"志愿服务项目{n}")
    starts_on = datetime.date(2022, 1, 1)
    ends_on = datetime.date(2022, 12, 31)
    max_daily_hours = Decimal("8")
    slots = 10


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    volunteer = factory.SubFactory(VolunteerFactory)
    project = factory.SubFactory(ProjectFactory, room=factory.SelfAttribute("..volunteer.room"))
    date = datetime.date(2022, 6, 1)
    content = "助老服务"
    hours = Decimal("3")
    status = RecordStatus.CONFIRMED
    created_by = factory.SubFactory(UserFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    volunteer = factory.SubFactory(VolunteerFactory)
    station = factory.LazyAttribute(lambda o: o.volunteer.station)
    year = 2022
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"TST-ZYZ-{o.year}-{o.sequence:04d}")
    period_from = datetime.date(2022, 1, 1)
    period_to = datetime.date(2022, 12, 31)
    issued_on = datetime.date(2022, 12, 31)
    person_in_charge = "王站长"
    total_hours = Decimal("3")
    snapshot = factory.LazyAttribute(
        lambda o: {
            "number": o.number,
            "issuer": "测试镇社工站",
            "person_in_charge": o.person_in_charge,
            "issued_on": "2022-12-31",
            "period_from": "2022-01-01",
            "period_to": "2022-12-31",
            "volunteer": {
                "name": o.volunteer.real_name,
                "sex": "女",
                "id_type": "居民身份证",
                "id_number": "610303********0021",
                "registered_on": "2021-01-01",
            },
            "lines": [],
            "record_count": 0,
            "total_hours": "3",
        }
    )
    issued_by = factory.SubFactory(UserFactory)
