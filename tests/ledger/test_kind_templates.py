"""The templates of volunteer_hours, activities, outreach and donations: downloaded from the
import page, their header is the kind's (nothing missing), their example row reads without a
problem in any cell, and coded columns carry a drop-down list."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledger.services import make_kind, map_header
from ledger.spec import CHOICE

pytestmark = pytest.mark.django_db

KINDS = ["volunteer_hours", "activities", "outreach", "donations"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_reads_back_as_its_kind(client, world, kind):
    client.force_login(world.worker1)
    response = client.get(reverse("ledger:template", args=[kind]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header, example = [list(row) for row in sheet.iter_rows(max_row=2, values_only=True)]
    ledger = make_kind(kind, station=world.station, user=world.worker1)
    mapping = map_header(ledger, header)
    assert sorted(mapping.values()) == sorted(column.key for column in ledger.columns)
    ledger.read_cells({key: example[index] for index, key in mapping.items()})
    validated = {
        str(validation.sqref).split(":")[0][:-1]
        for validation in sheet.data_validations.dataValidation
    }
    choice_columns = [index for index, column in enumerate(ledger.columns) if column.type == CHOICE]
    assert len(validated) >= len(choice_columns) > 0
    assert "填写说明" in workbook.sheetnames
