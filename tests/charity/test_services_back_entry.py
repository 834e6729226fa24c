"""Back-entry of charity payouts (issue 13 item 1): a payout carries the day it was made."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from charity import services
from charity.models import LedgerEntry
from tests.charity.factories import donate


def _approved(world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="暖冬补助",
        by=world.staff,
    )
    services.disbursement_approve(disbursement=draft, by=world.supervisor)
    return draft


def test_a_payout_made_on_paper_is_entered_with_its_day(client, world, charity):
    draft = _approved(world, charity)
    client.force_login(world.supervisor)
    client.post(
        reverse("charity:disbursement_apply", kwargs={"pk": draft.pk}),
        {"applied_on": "2022-06-01"},
    )
    draft.refresh_from_db()
    assert draft.applied_on == datetime.date(2022, 6, 1)
    entry = LedgerEntry.objects.get(disbursement=draft)
    assert entry.entry_date == datetime.date(2022, 6, 1)


def test_a_payout_is_not_dated_in_the_future(world, charity):
    draft = _approved(world, charity)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.disbursement_apply(
            disbursement=draft,
            by=world.supervisor,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert not LedgerEntry.objects.filter(disbursement=draft).exists()
