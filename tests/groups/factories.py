import datetime

import factory
from django.utils import timezone

from groups.models import Attendance, Group, GroupMember, GroupSession, GroupType, PlanStatus
from tests.factories import RoomFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    room = factory.SubFactory(RoomFactory)
    station = factory.LazyAttribute(lambda o: o.room.station)
    name = factory.Sequence(lambda n: f"测试小组{n}")
    group_type = GroupType.GROWTH
    start_date = datetime.date(2022, 3, 1)
    end_date = datetime.date(2022, 12, 31)
    goals = "提升组员情绪管理能力"
    target_members = "8-12 岁儿童"
    planned_sessions = 6
    evaluation_method = "前后测问卷"
    plan_status = PlanStatus.APPROVED


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(GroupFactory)
    volunteer_name = factory.Sequence(lambda n: f"志愿者{n}")


def local(year, month, day, hour=15, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class GroupSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupSession

    group = factory.SubFactory(GroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: local(2022, 5, 6))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1, minutes=30))
    theme = "相识你我"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(GroupSessionFactory)
    member = factory.SubFactory(GroupMemberFactory, group=factory.SelfAttribute("..session.group"))
