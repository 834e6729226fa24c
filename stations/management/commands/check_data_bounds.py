"""List stored dates outside the plausible range (stations/bounds.py), one line per value.

Run it before a migration that adds a bounds constraint, and after an import: a row it lists is
corrected by hand (its page may not open). Exit status 1 when something is listed."""

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from stations.bounds import plausible_range

PROJECT_APPS = {
    "stations",
    "cases",
    "volunteers",
    "groups",
    "activities",
    "organizations",
    "charity",
    "reports",
}


def out_of_bounds():
    """(label, pk, field name, stored value as text) for every implausible stored date."""
    first, last = plausible_range()
    after_last = last + datetime.timedelta(days=1)
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                zone = timezone.get_current_timezone()
                low = datetime.datetime.combine(first, datetime.time(), tzinfo=zone)
                high = datetime.datetime.combine(after_last, datetime.time(), tzinfo=zone)
            elif isinstance(field, models.DateField):
                low, high = first, after_last
            else:
                continue
            rows = (
                model._base_manager.filter(
                    models.Q(**{f"{field.name}__lt": low})
                    | models.Q(**{f"{field.name}__gte": high})
                )
                # Read as text: psycopg cannot turn a year-1 timestamp into a Python datetime.
                .annotate(stored=Cast(field.name, models.CharField()))
                .values_list("pk", "stored")
                .order_by("pk")
            )
            for pk, stored in rows:
                yield model._meta.label, pk, field.name, stored


class Command(BaseCommand):
    help = "List stored dates outside the plausible range (settings PLAUSIBLE_YEAR_MIN/AHEAD)."

    def handle(self, *args, **options):
        first, last = plausible_range()
        found = 0
        for label, pk, name, stored in out_of_bounds():
            found += 1
            self.stdout.write(f"{label} pk={pk} {name}={stored}")
        if found:
            self.stderr.write(f"{found} stored dates outside {first} .. {last}.")
            raise SystemExit(1)
        self.stdout.write(f"No stored dates outside {first} .. {last}.")
