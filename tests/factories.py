"""Factories for the base models. Each app keeps its own in tests/<app>/factories.py."""

import datetime
import random

import factory
from stdnum.cn import ric

from stations.models import Household, KeyPopulationTag, Resident, Role, Room, Station, User


def make_ric(
    birth_date: datetime.date, sex: str, area: str = "610303", serial: int | None = None
) -> str:
    """A fictional 居民身份证号 with a correct GB 11643 check character."""
    serial = random.randint(0, 49) if serial is None else serial
    sequence = serial * 2 + (1 if sex == "male" else 0)  # 17th digit: odd for men
    body = f"{area}{birth_date:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"测试镇社工站{n}")
    code = factory.Sequence(lambda n: f"ST{n}")
    township = "测试镇"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"第{n}社区社工室")
    community = factory.Sequence(lambda n: f"第{n}社区")
    code = factory.Sequence(lambda n: f"room{n}")
    order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"工{n}")
    role = Role.ROOM_WORKER
    station = factory.SubFactory(StationFactory)
    password = factory.django.Password("pass-for-tests-1")

    @factory.post_generation
    def rooms(self, create, extracted, **kwargs):
        if create and extracted:
            self.rooms.set(extracted)

    @factory.post_generation
    def roster(self, create, extracted, **kwargs):
        """On the roster (issue 16) from `roster=date`, or from before the records began."""
        if create:
            from stations.rosters import roster_record

            roster_record(user=self, effective_on=extracted)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    room = factory.SubFactory(RoomFactory)
    name = factory.Sequence(lambda n: f"张{n}户")


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    room = factory.SubFactory(RoomFactory)
    real_name = factory.Sequence(lambda n: f"居民甲{n}")
    pseudonym = factory.Sequence(lambda n: f"化名{n}")
    sex = "female"
    birth_date = datetime.date(1950, 3, 14)
    id_type = "resident_id"
    # The serial follows the sequence: residents made one after another in a test never share an
    # ID number by chance (a random serial did, in about one pair in fifty).
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_ric(o.birth_date, o.sex, serial=n % 50)
    )
    phone = factory.Sequence(lambda n: f"138{n % 100000000:08d}")


class KeyPopulationTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyPopulationTag

    resident = factory.SubFactory(ResidentFactory)
    category = "elderly_alone"
    start_date = datetime.date(2022, 1, 1)
    source = "入户排查"
