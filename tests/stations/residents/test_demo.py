from django.core.management import call_command

from stations.models import Consent, Household, KeyPopulationTag, Resident
from stations.privacy import normalize_ric


def test_demo_residents_are_valid_plausible_and_idempotent(db):
    call_command("seed_demo", verbosity=0)
    counts = (
        Resident.objects.count(),
        Household.objects.count(),
        KeyPopulationTag.objects.count(),
        Consent.objects.count(),
    )
    # 陈仓镇's own residents; the district's two small stations add a dozen each.
    assert 580 <= Resident.objects.filter(room__station__code="CCZ").count() <= 620
    call_command("seed_demo", verbosity=0)
    assert counts == (
        Resident.objects.count(),
        Household.objects.count(),
        KeyPopulationTag.objects.count(),
        Consent.objects.count(),
    )

    residents = list(
        Resident.objects.select_related("room__station").prefetch_related("tags", "consents")
    )
    assert len({r.room_id for r in residents if r.room.station.code == "CCZ"}) == 13
    for resident in residents:
        assert normalize_ric(resident.id_number) == resident.id_number
    categories = set(KeyPopulationTag.objects.values_list("category", flat=True))
    assert {
        "elderly_alone",
        "child_in_difficulty",
        "left_behind_child",
        "disabled",
        "dibao",
        "extreme_poverty",
    } <= categories
    children_with_tags = [r for r in residents if r.is_child and r.tags.all()]
    assert children_with_tags
    for child in children_with_tags:
        assert any(
            c.given_by == "guardian" and c.guardian_name and c.covers_sensitive
            for c in child.consents.all()
        )
