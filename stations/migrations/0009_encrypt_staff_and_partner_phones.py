"""Staff and partner-unit contact phones are encrypted at rest (issue 14), like residents' phones.

The columns become text (a Fernet token is longer than a phone), then every stored plaintext
phone is encrypted in place. Read and written with plain SQL: the historical models already
decrypt on read, which a plaintext value would fail. A value that already decrypts is left alone,
so the step can run again safely. Backwards: decrypted, then the columns narrow again.
"""

from cryptography.fernet import InvalidToken
from django.db import migrations

import stations.privacy
from stations.privacy import decrypt, encrypt

COLUMNS = [("stations_user", "phone"), ("stations_partnerunit", "contact_phone")]


def _rewrite(connection, convert):
    with connection.cursor() as cursor:
        for table, column in COLUMNS:
            table_sql = connection.ops.quote_name(table)
            column_sql = connection.ops.quote_name(column)
            cursor.execute(f"SELECT id, {column_sql} FROM {table_sql} WHERE {column_sql} <> ''")
            rows = [(convert(value), pk) for pk, value in cursor.fetchall()]
            rows = [(value, pk) for value, pk in rows if value is not None]
            if rows:
                cursor.executemany(
                    f"UPDATE {table_sql} SET {column_sql} = %s WHERE id = %s", rows
                )


def _encrypted(value):
    try:
        decrypt(value)
    except InvalidToken:
        return encrypt(value)
    return None  # already a token


def _decrypted(value):
    try:
        return decrypt(value)
    except InvalidToken:
        return None  # plaintext already


def encrypt_phones(apps, schema_editor):
    _rewrite(schema_editor.connection, _encrypted)


def decrypt_phones(apps, schema_editor):
    _rewrite(schema_editor.connection, _decrypted)


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0008_two_factor_event"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partnerunit",
            name="contact_phone",
            field=stations.privacy.EncryptedTextField(blank=True, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=stations.privacy.EncryptedTextField(blank=True, verbose_name="电话"),
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones),
    ]
