from django.core.management import call_command

from cases.models import Approval, Case, ServiceRecord, Stage, VisitInterval


def _counts():
    return (
        Case.objects.count(),
        ServiceRecord.objects.count(),
        Approval.objects.count(),
        VisitInterval.objects.count(),
    )


def test_demo_has_every_stage_and_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first

    room1 = Case.objects.filter(room__code="lianmeng")
    assert set(room1.values_list("stage", flat=True)) == set(Stage.values)
    assert room1.filter(worker__username="shegong01").count() >= 10
    assert Approval.objects.filter(status="pending", case__room__staff__username="dudao").exists()
    assert ServiceRecord.objects.filter(case__isnull=True, form="home_visit").exists()
    assert VisitInterval.objects.get(category="elderly_alone").days == 14
