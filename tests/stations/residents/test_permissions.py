"""Every resident URL × every persona. Records belong to room 1 unless the row says otherwise."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    HouseholdFactory,
    KeyPopulationTagFactory,
    ResidentFactory,
    make_ric,
)
from tests.permissions import (
    ADMIN_ONLY,
    ANON,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    expand,
    param_ids,
    personal,
    run_row,
)
from tests.stations.residents.factories import ConsentFactory

OWN_ROOMS = {ANON: 302, STAFF: 200, W1: 200, W2: 200, SUP: 200, OFF: 403}
SUPERVISORS_AND_STAFF = {ANON: 302, STAFF: 200, W1: 403, W2: 404, SUP: 200, OFF: 403}


def resident(w, o):
    return {"pk": o["resident"].pk}


ROWS = [
    Row("stations:resident_list", OWN_ROOMS),
    Row("stations:resident_list", OWN_ROOMS, query="q=张&age=60%2B&sort=-age", note="filtered"),
    Row("stations:resident_create", OWN_ROOMS),
    Row("stations:resident_detail", personal(), kwargs=resident),
    Row("stations:resident_edit", personal(), kwargs=resident),
    Row(
        "stations:resident_edit",
        personal(302),
        kwargs=resident,
        method="post",
        data=lambda w, o: {
            "room": w.room1.pk,
            "real_name": "改名",
            "pseudonym": "明明",
            "id_type": "resident_id",
            "sex": "female",
            "birth_date": "1950-03-14",
            "registered_on": "2022-01-01",
            "version": 1,
        },
    ),
    Row("stations:resident_archive", personal(), kwargs=resident),
    Row(
        "stations:resident_archive",
        personal(302),
        kwargs=resident,
        method="post",
        data=lambda w, o: {"reason": "迁出"},
    ),
    Row(
        "stations:resident_restore",
        {ANON: 302, STAFF: 403, W1: 403, W2: 404, SUP: 302, OFF: 403},
        kwargs=lambda w, o: {"pk": o["archived"].pk},
        method="post",
    ),
    Row("stations:resident_reveal", personal(), kwargs=resident, query="field=phone"),
    Row(
        "stations:resident_reveal",
        personal(200),
        kwargs=resident,
        method="post",
        data=lambda w, o: {"field": "id_number", "reason": "核对低保复核材料"},
    ),
    Row("stations:resident_history", SUPERVISORS_AND_STAFF, kwargs=resident),
    Row("stations:tag_create", personal(), kwargs=resident),
    Row(
        "stations:tag_create",
        personal(302),
        kwargs=resident,
        method="post",
        data=lambda w, o: {"category": "elderly_alone", "start_date": "2022-02-01"},
    ),
    Row("stations:tag_edit", personal(), kwargs=lambda w, o: {"pk": o["tag"].pk}),
    Row("stations:consent_create", personal(), kwargs=resident),
    Row(
        "stations:consent_create",
        personal(302),
        kwargs=resident,
        method="post",
        data=lambda w, o: {
            "purpose": "个案服务",
            "scope": "基本信息",
            "given_by": "self",
            "given_on": "2022-03-01",
        },
    ),
    Row("stations:consent_withdraw", personal(), kwargs=lambda w, o: {"pk": o["consent"].pk}),
    Row(
        "stations:consent_withdraw",
        personal(302),
        kwargs=lambda w, o: {"pk": o["consent"].pk},
        method="post",
        data=lambda w, o: {"withdrawn_on": timezone.localdate().isoformat()},
    ),
    Row("stations:household_list", OWN_ROOMS),
    # The pickers' search: every user of personal data searches what they may see (scope:
    # tests/stations/test_pickers.py); officials are refused.
    *(
        Row(
            "stations:pick",
            OWN_ROOMS,
            kwargs=lambda w, o, k=kind: {"kind": k},
            query="q=王",
            note=kind,
        )
        for kind in ("resident", "volunteer", "organization")
    ),
    Row("stations:household_create", OWN_ROOMS),
    Row("stations:household_detail", personal(), kwargs=lambda w, o: {"pk": o["household"].pk}),
    Row("stations:household_edit", personal(), kwargs=lambda w, o: {"pk": o["household"].pk}),
    Row("admin:stations_resident_changelist", ADMIN_ONLY),
    Row("admin:stations_household_changelist", ADMIN_ONLY),
    Row("admin:stations_keypopulationtag_changelist", ADMIN_ONLY),
    Row("admin:stations_consent_changelist", ADMIN_ONLY),
    Row("admin:stations_reveallog_changelist", ADMIN_ONLY),
    Row("admin:stations_residentevent_changelist", ADMIN_ONLY),
    Row("admin:stations_keypopulationtagevent_changelist", ADMIN_ONLY),
    Row("admin:stations_consentevent_changelist", ADMIN_ONLY),
    Row("admin:stations_householdevent_changelist", ADMIN_ONLY),
    Row(
        "admin:stations_resident_change",
        {ANON: 302, STAFF: 200, W1: 302, W2: 302, SUP: 200, OFF: 302},
        kwargs=lambda w, o: {"object_id": o["resident"].pk},
    ),
]


@pytest.fixture
def objects(world):
    household = HouseholdFactory(room=world.room1)
    # Explicit serials: two random ones can collide, and the edit would then see a duplicate.
    birth = datetime.date(1950, 3, 14)
    resident = ResidentFactory(
        room=world.room1,
        household=household,
        relation_to_head="head",
        birth_date=birth,
        id_number=make_ric(birth, "female", serial=1),
    )
    return {
        "resident": resident,
        "household": household,
        "tag": KeyPopulationTagFactory(resident=resident),
        "consent": ConsentFactory(resident=resident),
        "archived": ResidentFactory(
            room=world.room1,
            birth_date=birth,
            id_number=make_ric(birth, "female", serial=2),
            archived_at=datetime.datetime(2022, 5, 1, tzinfo=datetime.UTC),
        ),
    }


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
