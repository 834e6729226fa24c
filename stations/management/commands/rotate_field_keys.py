"""Re-encrypt every encrypted column under the first key of FIELD_ENCRYPTION_KEY.

Works on the raw tokens (no decryption into Python objects and back through the ORM), model by
model, in batches, inside one transaction: either every value is rotated or none is.
Any model of any app with an `EncryptedTextField` is included, so volunteers' columns are too.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from stations.privacy import EncryptedTextField, rotate

BATCH = 500


def encrypted_columns():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt every encrypted personal-data value under the first FIELD_ENCRYPTION_KEY."

    def handle(self, *args, **options):
        total = 0
        with transaction.atomic():
            for model, fields in encrypted_columns():
                table = connection.ops.quote_name(model._meta.db_table)
                pk = connection.ops.quote_name(model._meta.pk.column)
                columns = [connection.ops.quote_name(f.column) for f in fields]
                rotated = 0
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table} ORDER BY {pk}")
                    rows = cursor.fetchall()
                for start in range(0, len(rows), BATCH):
                    updates = []
                    for row in rows[start : start + BATCH]:
                        values = [rotate(value) if value else value for value in row[1:]]
                        updates.append((*values, row[0]))
                    assignments = ", ".join(f"{column} = %s" for column in columns)
                    with connection.cursor() as cursor:
                        cursor.executemany(
                            f"UPDATE {table} SET {assignments} WHERE {pk} = %s", updates
                        )
                    rotated += len(updates)
                total += rotated
                self.stdout.write(f"  {model._meta.label}: {rotated} rows")
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} rows under the first key."))
