"""What every scoped admin gets from stations.admin_base and stations.concurrency."""

import pytest
from django.urls import reverse

from organizations.forms import PartnerForm
from stations.concurrency import EditConflict, save_versioned
from stations.models import PartnerUnit


@pytest.fixture
def partner(world):
    return PartnerUnit.objects.create(station=world.station, name="宏远文具", kind="enterprise")


def test_an_admin_edit_moves_the_version_on_so_an_older_app_edit_is_refused(client, world, partner):
    stale = PartnerForm(
        {"name": "宏远文具公司", "kind": "enterprise", "version": 1},
        instance=PartnerUnit.objects.get(pk=partner.pk),
        station=world.station,
    )
    client.force_login(world.staff)
    response = client.post(
        reverse("admin:stations_partnerunit_change", args=[partner.pk]),
        {"station": world.station.pk, "name": "宏远文具有限公司", "kind": "bank"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.version) == ("宏远文具有限公司", 2)

    assert stale.is_valid(), stale.errors
    with pytest.raises(EditConflict) as conflict:
        save_versioned(stale)
    partner.refresh_from_db()
    assert partner.name == "宏远文具有限公司"
    # The other person's change is shown as the user reads it: the label, not the code.
    assert ("类型", "银行") in [
        (str(label), value) for label, value in conflict.value.changed_fields
    ]


def test_relation_filters_in_the_admin_list_only_what_the_user_may_see(client, world):
    client.force_login(world.staff)
    body = client.get(reverse("admin:stations_room_changelist")).content.decode()
    sidebar = body.split('id="changelist-filter"', 1)[1]
    assert "试点" in sidebar  # the sidebar is there
    # A plain relation filter would offer every station in the deployment.
    assert "别镇社工站" not in sidebar
