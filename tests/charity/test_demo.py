import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from charity.figures import charity_figures
from charity.models import (
    Beneficiary,
    CharityProject,
    Disbursement,
    Disclosure,
    Donation,
    Fund,
    LedgerEntry,
)
from stations.models import Station

MODELS = (Fund, CharityProject, Donation, Disbursement, Beneficiary, LedgerEntry, Disclosure)


@pytest.mark.django_db
def test_the_demo_has_the_six_projects_of_the_report_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = {model: model.objects.count() for model in MODELS}
    call_command("seed_demo", verbosity=0)
    assert {model: model.objects.count() for model in MODELS} == first

    station = Station.objects.get(code="CCZ")
    figures = charity_figures(
        station=station, date_from=datetime.date(2022, 1, 1), date_to=datetime.date(2022, 12, 31)
    )
    assert figures["projects"] == 6
    assert figures["cash_raised"] >= Decimal("58000.00")
    supplies = Donation.objects.get(form="in_kind", amount=Decimal("15000.00"))
    assert supplies.donor_partner.kind == "enterprise" and "学习用品" in supplies.items
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 1
    assert Beneficiary.objects.filter(household__isnull=False).exists()
    assert Disbursement.objects.filter(status="draft").count() == 1


@pytest.mark.django_db
def test_the_demo_uses_the_stations_residents_and_creates_none_when_some_exist():
    from charity import demo as charity_demo
    from stations import demo as stations_demo
    from stations.models import Household, Resident
    from tests.factories import ResidentFactory

    station = stations_demo.seed_base()
    room = station.rooms.get(code="xinhua")
    existing = ResidentFactory.create_batch(5, room=room)
    charity_demo.seed(station)
    assert Resident.objects.count() == 5 and not Household.objects.exists()
    reached = set(Beneficiary.objects.values_list("resident_id", flat=True))
    assert reached <= {resident.pk for resident in existing} and reached
