"""Every station starts with the default home-visit checklists (cases.checklists)."""

from django.db import migrations

from cases.checklists import ensure_default_checklists


def seed(apps, schema_editor):
    Station = apps.get_model("stations", "Station")
    VisitChecklist = apps.get_model("cases", "VisitChecklist")
    ChecklistItem = apps.get_model("cases", "ChecklistItem")
    for station in Station.objects.all():
        ensure_default_checklists(station, VisitChecklist, ChecklistItem)


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_visit_checklists_photos_risk_flags")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
