"""One taxonomy (issue 16): the code lists are rows, records keep codes, forms offer the rows, and
the old codes of cases, charity projects and volunteer projects were mapped to the shared ones."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from activities.models import Activity
from cases import services as case_services
from charity.models import CharityProject
from stations.identity import IdType as ResidentIdType
from stations.models import Term
from stations.vocabulary import IdType, ServiceArea, TargetPopulation, TermCodesValidator
from tests.activities.test_activities import activity_data
from tests.cases.factories import CaseFactory
from tests.charity.factories import CharityProjectFactory
from tests.factories import KeyPopulationTagFactory, ResidentFactory
from volunteers import models as volunteer_models

pytestmark = pytest.mark.django_db


def test_the_built_in_codes_are_seeded_rows():
    areas = set(Term.objects.filter(kind="service_area").values_list("code", flat=True))
    assert areas == set(ServiceArea.values)
    populations = Term.objects.filter(kind="target_population", built_in=True)
    assert set(populations.values_list("code", flat=True)) == set(TargetPopulation.values)
    assert Term.objects.filter(kind="id_type").count() == len(IdType.values)


def test_a_flushed_or_new_database_gets_the_built_in_rows_back_after_migrate():
    """After `flush` (the browser tests) or a built-in code added in code, post_migrate puts the
    missing rows back, as Django does for permissions; what the admin changed on a row stays."""
    Term.objects.filter(kind="service_area", code="elderly_care").delete()
    Term.objects.filter(kind="service_area", code="safety").update(active=False, order=999)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    restored = Term.objects.get(kind="service_area", code="elderly_care")
    assert (restored.label, restored.built_in, restored.active) == ("养老服务", True, True)
    kept = Term.objects.get(kind="service_area", code="safety")
    assert (kept.active, kept.order) == (False, 999)
    areas = set(Term.objects.filter(kind="service_area").values_list("code", flat=True))
    assert areas == set(ServiceArea.values)


def test_residents_and_volunteers_share_one_id_type_list():
    assert ResidentIdType is IdType
    assert volunteer_models.IdType is IdType
    field = volunteer_models.Volunteer._meta.get_field("id_type")
    assert [value for value, _label in field.choices] == IdType.values


def test_a_code_not_in_the_list_is_refused():
    validator = TermCodesValidator("service_area")
    validator(["elderly_care", "epidemic_prevention"])
    with pytest.raises(ValidationError, match="epidemic"):
        validator(["elderly_care", "epidemic"])


def test_a_service_area_added_in_the_admin_is_offered_on_the_activity_form(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("admin:stations_term_add"),
        {
            "kind": "service_area",
            "code": "rural_revival",
            "label": "乡村振兴",
            "order": 5,
            "active": "on",
        },
    )
    assert response.status_code == 302
    term = Term.objects.get(code="rural_revival")
    assert not term.built_in
    client.force_login(world.worker1)
    page = client.get(reverse("activities:create")).content.decode()
    assert 'value="rural_revival"' in page
    response = client.post(
        reverse("activities:create"), activity_data(world, service_areas=["rural_revival"])
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    assert activity.service_areas == ["rural_revival"]
    assert activity.get_service_areas_display() == ["乡村振兴"]


def test_an_area_switched_off_is_no_longer_offered(client, world):
    Term.objects.filter(code="mediation").update(active=False)
    client.force_login(world.worker1)
    page = client.get(reverse("activities:create")).content.decode()
    assert 'value="mediation"' not in page
    assert 'value="safety"' in page


def test_a_supervisor_cannot_change_the_code_lists(client, world):
    client.force_login(world.supervisor)
    response = client.post(
        reverse("admin:stations_term_add"),
        {"kind": "service_area", "code": "x_area", "label": "某领域", "order": 5},
    )
    assert response.status_code == 403
    assert not Term.objects.filter(code="x_area").exists()


def test_a_new_case_serves_the_populations_of_its_residents_tags(world):
    resident = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")
    KeyPopulationTagFactory(resident=resident, category="dibao")
    KeyPopulationTagFactory(
        resident=resident,
        category="disabled",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    case = case_services.case_create(
        resident=resident,
        worker=world.worker1,
        source="self",
        presenting_problem="独居",
        by=world.worker1,
    )
    assert case.target_populations == ["elderly", "hardship"]  # the ended tag does not count
    chosen = case_services.case_create(
        resident=resident,
        worker=world.worker1,
        source="self",
        presenting_problem="独居",
        target_populations=["families"],
        by=world.worker1,
    )
    assert chosen.target_populations == ["families"]


def test_old_case_codes_move_to_the_shared_list(world):
    migration = importlib.import_module("cases.migrations.0008_shared_codes")
    resident = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(
        resident=resident, category="left_behind_child", start_date=datetime.date(2021, 1, 1)
    )
    case = CaseFactory(
        resident=resident,
        worker=world.worker1,
        service_areas=["epidemic", "child_welfare", "other"],
        opened_on=datetime.date(2022, 3, 1),
    )
    migration.shared_codes(apps, None)
    case.refresh_from_db()
    assert case.service_areas == ["epidemic_prevention", "child_welfare", "other"]
    assert case.target_populations == ["children"]


def test_old_charity_codes_move_to_the_shared_lists(world):
    migration = importlib.import_module("charity.migrations.0004_shared_codes")
    project = CharityProjectFactory(
        fund__station=world.station,
        service_areas=["volunteering", "epidemic", "environment"],
        target_populations=["elderly_alone", "child_in_difficulty", "dibao", "extreme_poverty"],
    )
    migration.shared_codes(apps, None)
    project = CharityProject.objects.get(pk=project.pk)
    assert project.service_areas == ["public_welfare", "epidemic_prevention", "environment"]
    assert project.target_populations == ["children", "elderly", "hardship"]


def test_a_volunteer_projects_free_text_area_becomes_codes():
    migration = importlib.import_module("volunteers.migrations.0009_project_areas_and_populations")
    assert migration.codes_for_text("疫情防控") == ["epidemic_prevention"]
    assert migration.codes_for_text("养老服务、助残服务") == ["elderly_care", "disability"]
    assert migration.codes_for_text("植树") == []
    assert migration.codes_for_text("") == []
