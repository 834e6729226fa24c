"""One request cannot hold a worker: formsets are capped, bodies refused before they are read,
photos checked to be pictures."""

import contextlib
import importlib

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import ActivityAttachment
from stations.admin_base import INLINE_MAX_ROWS, ScopedInline
from tests.activities.factories import ActivityFactory, jpeg_bytes
from volunteers.forms import bulk_row_formset

PROJECT_APPS = ["stations", "cases", "volunteers", "groups", "activities", "organizations",
                "charity", "reports"]  # fmt: skip


def formset_classes():
    """Every formset class the project's forms and views modules define (factory-made)."""
    for app in PROJECT_APPS:
        for name in ("forms", "views"):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{app}.{name}")
    bulk_row_formset()
    found, todo = set(), [forms.BaseFormSet]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if hasattr(sub, "form") and sub.__module__.split(".")[0] in PROJECT_APPS:
                found.add(sub)
            if sub.__module__ == "django.forms.formsets" and hasattr(sub, "form"):
                form_module = sub.form.__module__.split(".")[0]
                if form_module in PROJECT_APPS:
                    found.add(sub)
    return found


def test_every_formset_has_an_absolute_max_and_validates_it():
    classes = formset_classes()
    assert len(classes) >= 2
    for cls in classes:
        assert cls.absolute_max <= 200, cls
        assert cls.validate_max, cls


def test_every_admin_inline_is_capped(rf, world):
    request = rf.get("/")
    request.user = world.staff
    checked = 0
    for model_admin in admin.site._registry.values():
        for inline_class in model_admin.inlines:
            assert issubclass(inline_class, ScopedInline), inline_class
            formset = inline_class(model_admin.model, admin.site).get_formset(request)
            assert formset.absolute_max == INLINE_MAX_ROWS, inline_class
            assert formset.validate_max, inline_class
            checked += 1
    assert checked


def test_a_huge_total_forms_on_a_disbursement_builds_at_most_the_cap(client, world):
    """1,050 announced rows built 1,050 forms (27 s, 5 MB); the formset now stops at its cap.
    Counting forms and bytes, not seconds: timings belong in the benchmark."""
    client.force_login(world.staff)
    response = client.post(
        reverse("charity:disbursement_create"),
        {"b-TOTAL_FORMS": "1050", "b-INITIAL_FORMS": "0", "b-MAX_NUM_FORMS": "50"},
    )
    assert response.status_code == 200
    assert len(response.content) < 1_000_000
    assert len(response.context["formset"].forms) <= 50


def test_an_oversized_body_is_refused_from_its_header_before_reading(client, world):
    client.force_login(world.worker1)
    response = client.post(
        reverse("charity:disbursement_create"), {"x": "1"}, CONTENT_LENGTH=str(60 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.text


def test_an_attachment_may_be_larger_than_a_form_but_not_unlimited(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    client.force_login(world.worker1)
    url = reverse("activities:attachment_upload", args=[activity.pk])
    big = client.post(url, {"kind": "photo"}, CONTENT_LENGTH=str(60 * 1024 * 1024))
    assert big.status_code == 413
    photo = SimpleUploadedFile("合影.jpg", jpeg_bytes(), content_type="image/jpeg")
    assert client.post(url, {"kind": "photo", "file": photo}).status_code == 302
    assert ActivityAttachment.objects.count() == 1


def test_a_photo_that_is_not_a_picture_is_refused(client, world):
    activity = ActivityFactory(station=world.station, rooms=[world.room1])
    client.force_login(world.worker1)
    fake = SimpleUploadedFile("合影.jpg", b"\xff\xd8\xff not really", content_type="image/jpeg")
    response = client.post(
        reverse("activities:attachment_upload", args=[activity.pk]),
        {"kind": "photo", "file": fake},
        follow=True,
    )
    assert "这不是一张可以打开的图片" in response.text
    assert not ActivityAttachment.objects.exists()


@pytest.mark.parametrize(
    "setting", ["DATA_UPLOAD_MAX_NUMBER_FIELDS", "FILE_UPLOAD_MAX_MEMORY_SIZE"]
)
def test_django_request_limits_are_set(settings, setting):
    assert 0 < getattr(settings, setting) <= 2 * 1024 * 1024


def test_apps_are_the_project_apps():
    assert set(PROJECT_APPS) <= {config.label for config in apps.get_app_configs()}
