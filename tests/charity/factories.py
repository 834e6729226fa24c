import datetime
from decimal import Decimal

import factory

from charity import services
from charity.models import CharityProject, Fund, ProjectStatus
from stations.models import PartnerKind, PartnerUnit
from tests.factories import StationFactory


class PartnerUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerUnit

    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"爱心企业{n}")
    kind = PartnerKind.ENTERPRISE


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    name = factory.Sequence(lambda n: f"社区基金{n}")
    host_name = "宝鸡市慈善总会"

    @factory.post_generation
    def committee(self, create, extracted, **kwargs):
        if create and extracted:
            self.committee_members.set(extracted)

    @factory.post_generation
    def rooms(self, create, extracted, **kwargs):
        if create and extracted:
            self.rooms.set(extracted)


class CharityProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharityProject
        skip_postgeneration_save = True

    fund = factory.SubFactory(FundFactory)
    title = factory.Sequence(lambda n: f"慈善项目{n}")
    purpose = "为困难家庭提供帮扶"
    service_areas = ["social_assistance"]
    target_populations = ["hardship"]
    start_date = datetime.date(2022, 3, 1)
    end_date = datetime.date(2022, 12, 31)
    target_amount = Decimal("10000.00")
    status = ProjectStatus.ACTIVE

    @factory.post_generation
    def rooms(self, create, extracted, **kwargs):
        if create and extracted:
            self.rooms.set(extracted)


def donate(fund, by, amount="1000.00", *, project=None, form="cash", partner=None, **extra):
    fields = {
        "project": project,
        "form": form,
        "amount": Decimal(amount),
        "donor_type": "partner" if partner else "individual",
        "donor_partner": partner,
        "donor_name": "" if partner else "李善人",
        "donated_on": datetime.date(2022, 5, 1),
        "items": "书包" if form == "in_kind" else "",
    }
    fields.update(extra)
    return services.donation_record(fund=fund, by=by, **fields)


def pay(project, by, approver, amount="100.00", *, form="cash", beneficiaries=(), on=None):
    """Draft, approve and apply a disbursement; returns (disbursement, entry)."""
    disbursement = services.disbursement_create(
        fund=project.fund,
        project=project,
        form=form,
        amount=Decimal(amount),
        purpose="发放救助金",
        items="书包" if form == "in_kind" else "",
        beneficiaries=list(beneficiaries),
        by=by,
    )
    services.disbursement_approve(disbursement=disbursement, by=approver)
    entry = services.disbursement_apply(
        disbursement=disbursement, by=approver, on=on or datetime.date(2022, 6, 1)
    )
    disbursement.refresh_from_db()
    return disbursement, entry
