"""Who may open each organization and partner-unit page. The organization belongs to room 1."""

from types import SimpleNamespace

import pytest

from tests.organizations.factories import OrganizationFactory, PartnerUnitFactory
from tests.permissions import (
    ADMIN_ONLY,
    Row,
    assert_status,
    expand,
    param_ids,
    personal,
    run_row,
)

LIST = personal(own=200, other=200)


@pytest.fixture
def objects(world):
    return SimpleNamespace(
        organization=OrganizationFactory(room=world.room1),
        partner=PartnerUnitFactory(station=world.station),
        other_partner=PartnerUnitFactory(station=world.other_station),
    )


def org(w, o):
    return {"pk": o.organization.pk}


ROWS = [
    Row("organizations:list", LIST),
    Row(
        "organizations:list",
        LIST,
        query="q=社区&category=charity&status=incubating",
        note="filtered",
    ),
    Row("organizations:create", LIST),
    Row("organizations:detail", personal(), kwargs=org),
    Row("organizations:edit", personal(), kwargs=org),
    Row("organizations:incubation_create", personal(), kwargs=org),
    Row("organizations:participation_create", personal(), kwargs=org),
    Row("organizations:partner_list", LIST),
    Row("organizations:partner_list", LIST, query="kind=enterprise&q=共建", note="filtered"),
    Row("organizations:partner_create", LIST),
    Row("organizations:partner_detail", LIST, kwargs=lambda w, o: {"pk": o.partner.pk}),
    Row(
        "organizations:partner_detail",
        personal(own=404, other=404),
        kwargs=lambda w, o: {"pk": o.other_partner.pk},
        note="another station's unit",
    ),
    Row("organizations:partner_edit", LIST, kwargs=lambda w, o: {"pk": o.partner.pk}),
    Row("admin:organizations_organization_changelist", ADMIN_ONLY),
    Row("admin:organizations_incubationrecord_changelist", ADMIN_ONLY),
    Row("admin:organizations_organizationactivity_changelist", ADMIN_ONLY),
    Row("admin:organizations_organizationevent_changelist", ADMIN_ONLY),
]


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, objects, row, persona):
    assert_status(run_row(client, world, row, persona, objects), row, persona)
