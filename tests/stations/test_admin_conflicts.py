"""Supervisors edit in the admin too: there as on the site, the second of two edits of the same
record is refused, with the other person's values shown, instead of silently overwriting them."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from organizations.forms import PartnerForm
from stations.concurrency import is_versioned, save_versioned
from stations.models import KeyPopulationTag, PartnerUnit
from tests.admin_forms import admin_form_data
from tests.factories import KeyPopulationTagFactory, ResidentFactory

CONFLICT = "其他人已修改了这条记录"


def editable_versioned_admins():
    """Every admin form and inline in which a versioned record can be changed."""
    for model, model_admin in admin.site._registry.items():
        if getattr(model_admin, "read_only", False):
            continue
        if is_versioned(model):
            yield pytest.param(model_admin, None, id=model._meta.label)
        for inline in model_admin.inlines:
            if is_versioned(inline.model) and not getattr(inline, "read_only", False):
                yield pytest.param(model_admin, inline, id=f"{model._meta.label}+{inline.__name__}")


@pytest.mark.parametrize(("model_admin", "inline"), list(editable_versioned_admins()))
def test_every_admin_form_of_a_versioned_record_carries_its_version(world, model_admin, inline):
    request = RequestFactory().get("/")
    request.user = world.supervisor
    if inline is None:
        form, fieldsets = model_admin.get_form(request), model_admin.get_fieldsets(request)
    else:
        inline_admin = inline(model_admin.model, admin.site)
        form = inline_admin.get_formset(request).form
        fieldsets = inline_admin.get_fieldsets(request)
    assert "edit_version" in form.base_fields
    # Rendered, so that the browser sends it back.
    assert "edit_version" in flatten_fieldsets(fieldsets)


@pytest.fixture
def partner(world):
    return PartnerUnit.objects.create(station=world.station, name="宏远文具", kind="enterprise")


def someone_else_saves(partner, world, **changes):
    form = PartnerForm(
        {"name": partner.name, "kind": partner.kind, "version": partner.version, **changes},
        instance=PartnerUnit.objects.get(pk=partner.pk),
        station=world.station,
    )
    assert form.is_valid(), form.errors
    save_versioned(form)


def test_an_admin_save_after_someone_elses_is_refused_and_shows_their_values(
    client, world, partner
):
    url = reverse("admin:stations_partnerunit_change", args=[partner.pk])
    client.force_login(world.supervisor)
    opened = admin_form_data(client.get(url))
    assert opened["edit_version"] == "1"

    someone_else_saves(partner, world, name="宏远文具公司", kind="bank")

    response = client.post(url, {**opened, "contact_person": "李主任", "_save": "保存"})
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "类型：银行" in page and "名称：宏远文具公司" in page  # the other person's values
    partner.refresh_from_db()
    assert (partner.name, partner.kind, partner.contact_person) == ("宏远文具公司", "bank", "")

    # The supervisor's input is still on the form, and the form now carries the new version:
    # sending it again, having read the notice, saves on purpose.
    again = admin_form_data(response)
    assert (again["contact_person"], again["edit_version"]) == ("李主任", "2")
    assert client.post(url, {**again, "_save": "保存"}).status_code == 302
    partner.refresh_from_db()
    assert (partner.contact_person, partner.version) == ("李主任", 3)


def test_an_unchanged_record_saves_from_the_admin_and_moves_its_version_on(client, world, partner):
    url = reverse("admin:stations_partnerunit_change", args=[partner.pk])
    client.force_login(world.supervisor)
    response = client.post(url, {**admin_form_data(client.get(url)), "name": "宏远文具店"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.version) == ("宏远文具店", 2)


def test_a_stale_inline_row_refuses_the_whole_admin_save(client, world):
    resident = ResidentFactory(room=world.room1, real_name="王秀英")
    tag = KeyPopulationTagFactory(resident=resident, category="elderly_alone", source="入户发现")
    url = reverse("admin:stations_resident_change", args=[resident.pk])
    client.force_login(world.supervisor)
    opened = admin_form_data(client.get(url))
    assert opened["tags-0-edit_version"] == "1"

    # A worker changes the tag on the site meanwhile (what save_versioned does to the row).
    KeyPopulationTag.objects.filter(pk=tag.pk).update(source="村委会转介", version=F("version") + 1)

    response = client.post(
        url, {**opened, "real_name": "王秀英（改）", "tags-0-source": "督导核实", "_save": "保存"}
    )
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert "村委会转介" in response.content.decode()
    resident.refresh_from_db()
    tag.refresh_from_db()
    assert (resident.real_name, tag.source, tag.version) == ("王秀英", "村委会转介", 2)

    saved = client.post(url, {**admin_form_data(response), "_save": "保存"})
    assert saved.status_code == 302
    tag.refresh_from_db()
    assert (tag.source, tag.version) == ("督导核实", 3)
