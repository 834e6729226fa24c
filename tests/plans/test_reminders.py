"""Reminders: built per user, shown on the home page, mailed as one daily digest."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Approval, PlanTask
from plans.models import CertificationRecord
from plans.reminders import reminders_for, send_reminder_digests
from tests.cases.factories import complete_case
from tests.factories import KeyPopulationTagFactory, ResidentFactory


def setup_reminders(world):
    overdue = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=overdue, category="elderly_alone")  # never visited
    case = complete_case(
        stage="plan", resident=ResidentFactory(room=world.room1), worker=world.worker1
    )
    plan = case.plans.get()
    PlanTask.objects.create(
        plan=plan, description="联系", owner=world.worker1, due_date=datetime.date(2022, 1, 1)
    )
    Approval.objects.create(case=case, kind="plan", plan=plan, requested_by=world.worker1)
    CertificationRecord.objects.create(
        worker=world.worker1,
        level="junior",
        number="A1",
        obtained_on=datetime.date(2021, 1, 1),
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def test_each_user_gets_their_own_reminders(world):
    setup_reminders(world)
    assert [r.kind for r in reminders_for(user=world.worker1)] == [
        "visits",
        "tasks",
        "certificates",
    ]
    assert [r.kind for r in reminders_for(user=world.supervisor)] == [
        "visits",
        "approvals",
        "certificates",
    ]
    assert reminders_for(user=world.worker2) == []
    assert reminders_for(user=world.official) == []


def test_reminders_show_on_the_home_page(client, world):
    setup_reminders(world)
    client.force_login(world.worker1)
    page = client.get(reverse("home")).text
    assert "我的提醒" in page and "1 项计划任务已到期" in page


def test_one_digest_per_user_with_reminders(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_reminders(world)
    for user in (world.worker1, world.worker2, world.supervisor):
        user.email = f"{user.username}@example.org"
        user.save()
    counts = send_reminder_digests()
    assert counts == {"users": 3, "digests": 2, "sent": 2}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "supervisor@example.org",
        "worker1@example.org",
    ]
    assert all("逾期未走访" in message.body for message in mail.outbox)


def test_without_a_mail_server_nothing_is_sent(world, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "localhost"
    setup_reminders(world)
    world.worker1.email = "w1@example.org"
    world.worker1.save()
    call_command("send_reminders")
    assert "1 digests not sent" in capsys.readouterr().out
    assert mail.outbox == []
