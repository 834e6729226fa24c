"""The paper approval form: a worker enters an approval a supervisor signed on paper; the
supervisor is named, the entry is recorded with who made it, and the case timeline shows it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Approval, ApprovalStatus
from cases.services import case_request_opening
from tests.cases.factories import complete_case
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(world):
    resident = ResidentFactory(room=world.room1)
    case = complete_case(stage="inquiry", worker=world.worker1, resident=resident)
    case.intake.consent = "self"
    case.intake.consent_date = datetime.date(2022, 2, 20)
    case.intake.intake_date = datetime.date(2022, 2, 20)
    case.intake.save()
    return case_request_opening(case=case, by=world.worker1)


def test_a_worker_enters_an_opening_signed_on_paper(client, world, pending):
    client.force_login(world.worker1)
    url = reverse("cases:approval_paper", args=[pending.pk])
    response = client.post(
        url,
        {
            "supervisor": world.supervisor.pk,
            "decided_on": "2022-03-01",
            "decision": "approve",
            "comment": "同意开案",
        },
    )
    assert response.status_code == 302
    approval = Approval.objects.get(pk=pending.pk)
    assert approval.status == ApprovalStatus.APPROVED
    assert (approval.paper_supervisor, approval.decided_by) == (world.supervisor, world.worker1)
    assert approval.decided_on == datetime.date(2022, 3, 1)
    case = approval.case
    case.refresh_from_db()
    assert case.opened_on == datetime.date(2022, 3, 1) and case.stage == "intake"
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "纸质审批补录" in page and str(world.supervisor) in page
    assert "2022-03-01" in page


def test_a_paper_approval_needs_a_past_date(client, world, pending):
    client.force_login(world.worker1)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("cases:approval_paper", args=[pending.pk]),
        {"supervisor": world.supervisor.pk, "decided_on": today, "decision": "approve"},
    )
    assert response.status_code == 200
    assert "早于今天" in response.content.decode()
    assert Approval.objects.get(pk=pending.pk).status == ApprovalStatus.PENDING


def test_the_case_page_links_the_form_for_a_pending_approval(client, world, pending):
    client.force_login(world.worker1)
    page = client.get(reverse("cases:detail", args=[pending.case_id])).content.decode()
    assert reverse("cases:approval_paper", args=[pending.pk]) in page
