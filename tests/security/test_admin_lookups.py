"""No admin add page names a record the user may not see, whatever id its lookup boxes are given.

Django's raw-id widget reads the label of `?resident=206` with the model's default manager; the
walk below fills every foreign-key parameter of every admin add page with another room's or
another station's record and looks for its name."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse

from activities.models import Activity
from stations.models import Resident
from tests.activities.factories import ActivityFactory
from tests.admin_scoping import room2_supervisor
from tests.factories import ResidentFactory
from tests.volunteers.factories import VolunteerFactory
from volunteers.models import Volunteer


@pytest.fixture
def strangers(world):
    """For each looked-up model: records the room-2 supervisor must not see, by their names."""
    return {
        Resident: [
            ResidentFactory(room=world.room1, real_name="一室居民甲"),
            ResidentFactory(room=world.other_room, real_name="别镇居民乙"),
        ],
        Volunteer: [
            VolunteerFactory(room=world.room1, real_name="一室志愿者丙"),
            VolunteerFactory(room=world.other_room, real_name="别镇志愿者丁"),
        ],
        Activity: [
            ActivityFactory(station=world.station, rooms=[world.room1], title="一室活动标题戊"),
            ActivityFactory(station=world.other_station, title="别镇活动标题己"),
        ],
    }


def lookups():
    """(admin, field name) for every foreign key an admin add page takes from its URL."""
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey | models.ManyToManyField) and field.editable:
                yield model_admin, field


def looked_up_models():
    """The models that an admin shows in a raw-id box or an autocomplete."""
    found = set()
    for model_admin in admin.site._registry.values():
        for one in [model_admin, *model_admin.inlines]:
            for name in [*one.raw_id_fields, *one.autocomplete_fields]:
                found.add(one.model._meta.get_field(name).related_model)
    return found


def test_every_looked_up_model_has_strangers_in_this_test(world, strangers):
    assert looked_up_models() <= set(strangers), looked_up_models() - set(strangers)


def test_no_admin_add_page_names_a_foreign_record_in_its_lookups(client, world, strangers):
    user = room2_supervisor(world)
    client.force_login(user)
    checked = 0
    for model_admin, field in lookups():
        records = strangers.get(field.related_model)
        if not records:
            continue
        meta = model_admin.model._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        except NoReverseMatch:
            continue
        for record in records:
            response = client.get(url, {field.name: record.pk})
            assert response.status_code in (200, 302, 403), (url, field.name)
            assert str(record) not in response.text, (url, field.name, str(record))
            checked += 1
    assert checked >= 12


def test_a_visible_record_is_still_named_in_the_lookup_box(client, world):
    user = room2_supervisor(world)
    mine = ResidentFactory(room=world.room2, real_name="二室居民庚")
    client.force_login(user)
    response = client.get(reverse("admin:groups_groupmember_add"), {"resident": mine.pk})
    assert "二室居民庚" in response.text
