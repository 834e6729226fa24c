import datetime

import factory

from organizations.models import IncubationRecord, Organization, OrganizationActivity
from stations.models import PartnerUnit
from tests.factories import RoomFactory, UserFactory
from tests.volunteers.factories import ActivityFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    room = factory.SubFactory(RoomFactory)
    station = factory.LazyAttribute(lambda o: o.room.station)
    name = factory.Sequence(lambda n: f"社区组织{n}")
    category = "charity"
    incubation_started_on = datetime.date(2022, 3, 1)
    leader_name = "李会长"
    contact_phone = "13800001111"
    member_count = 12


class IncubationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncubationRecord

    organization = factory.SubFactory(OrganizationFactory)
    kind = "training"
    date = datetime.date(2022, 4, 1)
    content = "组织骨干培训"
    worker = factory.SubFactory(UserFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationActivity

    organization = factory.SubFactory(OrganizationFactory)
    activity = factory.SubFactory(
        ActivityFactory, station=factory.SelfAttribute("..organization.station")
    )
    people_served = 40


class PartnerUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerUnit

    station = factory.SubFactory("tests.factories.StationFactory")
    name = factory.Sequence(lambda n: f"共建单位{n}")
    kind = "enterprise"
    contact_person = "赵经理"
    contact_phone = "0917-1234567"
