"""A foreign key written once: how a record points at its station, room, people and other records."""

from django.db import models


def points_to(to, label, *, related_name="+", optional=False, on_delete=models.PROTECT, **options):
    """A foreign key to `to` labelled `label`. By default the target cannot be deleted while a row
    points at it (PROTECT: records are never lost with what they point at), the target gets no
    reverse accessor (`related_name="+"`), and a value is required; `optional=True` lets it be
    empty (NULL in the database, blank in forms)."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=optional,
        blank=optional,
        related_name=related_name,
        verbose_name=label,
        **options,
    )
