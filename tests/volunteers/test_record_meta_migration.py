"""The record-metadata migration renames the service record's `recorder` to `created_by` and keeps
who recorded each record (issue 12: migrations keep the data)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.volunteers.factories import ServiceRecordFactory

BEFORE = ("volunteers", "0008_merge_20261205_1510")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def column_value(pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "volunteers_servicerecord" WHERE "id" = %s', [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_who_recorded_a_service_record_survives_the_rename_both_ways(world):
    record = ServiceRecordFactory(created_by=world.worker1)
    leaves = latest()
    try:
        migrate([BEFORE])
        assert column_value(record.pk, "recorder_id") == world.worker1.pk
    finally:
        migrate(leaves)
    assert column_value(record.pk, "created_by_id") == world.worker1.pk
