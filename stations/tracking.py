"""One decorator for the database-level history (django-pghistory) of a record.

PostgreSQL triggers write an append-only event row for every insert, update and delete, so bulk
updates and admin edits are caught too. Bookkeeping columns (`version`, `updated_at`) and encrypted
columns (ID numbers, phones: their lookup hashes are kept instead) never reach the event table.
`stations.history` reads the events; `stations.history.register_history` gives a model its page.
"""

import pghistory

from stations.privacy import EncryptedTextField

# Never copied into an event table: bookkeeping, and encrypted personal data (a plaintext or
# ciphertext ID number or phone must not sit in an append-only table that outlives key rotation).
NEVER_TRACKED = ("version", "updated_at", "id_number", "phone", "contact_phone")


def tracked(model_name: str, *, exclude=()):
    """Class decorator: record every change of the model in `<app>.<model_name>`."""

    def decorate(model):
        fields = model._meta.concrete_fields
        names = {field.name for field in fields}
        encrypted = [field.name for field in fields if isinstance(field, EncryptedTextField)]
        excluded = sorted(
            {name for name in (*NEVER_TRACKED, *exclude) if name in names} | set(encrypted)
        )
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            append_only=True,
            exclude=excluded,
            model_name=model_name,
        )(model)

    return decorate
