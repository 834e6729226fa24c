import datetime

import factory
from django.utils import timezone

from stations.models import Consent
from tests.factories import ResidentFactory


def years_ago(years: int, days: int = 30) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


class ChildFactory(ResidentFactory):
    """A child under 14 (10 years old)."""

    birth_date = factory.LazyFunction(lambda: years_ago(10))
    phone = ""


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    resident = factory.SubFactory(ResidentFactory)
    purpose = "社工服务建档"
    scope = "基本信息、家庭情况"
    covers_sensitive = True
    given_by = "self"
    given_on = datetime.date(2022, 1, 5)


class GuardianConsentFactory(ConsentFactory):
    given_by = "guardian"
    guardian_name = "李桂英"
    guardian_relation = "祖母"
