"""Reading the audit trail that the database triggers (pghistory) write.

The event tables are append-only (a trigger refuses UPDATE and DELETE); the app has no view that
edits them. Lookup hashes stand in for the encrypted ID number and phone: a change of either
shows as "changed", never as a value.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from stations.models import Household, Room, User

LABELS = {"insert": _("新建"), "update": _("修改"), "delete": _("删除")}
HIDDEN_VALUES = {"id_number_hash": _("证件号码"), "phone_hash": _("电话")}
SKIPPED = {
    "id",
    "pgh_id",
    "pgh_created_at",
    "pgh_label",
    "pgh_obj",
    "pgh_context",
    "created_at",
    "resident",
    "resident_id",
    "station",
    "station_id",
}
FOREIGN_KEYS = {"room": Room, "household": Household, "created_by": User, "recorded_by": User}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    action: str
    subject: str
    user: str
    changes: list = field(default_factory=list)


def _display(model, name, value, names):
    if value in (None, ""):
        return ""
    if name in HIDDEN_VALUES:
        return str(_("已填写（加密，不显示）"))
    if name.removesuffix("_id") in FOREIGN_KEYS:
        return names.get((name.removesuffix("_id"), value), f"#{value}")
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # a field dropped since the event was written
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    return str(value)


def _label(model, name):
    if name in HIDDEN_VALUES:
        return str(HIDDEN_VALUES[name])
    try:
        return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
    except Exception:
        return name


def _in_field_order(model, data: dict):
    order = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)}
    return sorted(data.items(), key=lambda item: order.get(item[0], len(order)))


def resident_history_entries(resident) -> list[Entry]:
    """Events of the resident, their tags and consents, newest first: who, when, what changed.

    A fixed number of queries: the events (and the household's), then names for the users, rooms
    and households named.
    """
    events = list(Events.objects.references(resident))
    if resident.household_id:
        # The household file itself (name, address); not the other members' own changes.
        events += Events.objects.tracks(resident.household)
    return history_entries(resident, events)


def history_entries(subject, events) -> list[Entry]:
    """`events` (pghistory Events rows) of `subject` and its dependent rows, as entries, newest
    first. Any tracked model whose encrypted columns are kept only as `*_hash` columns works."""
    events = list(events)
    events.sort(key=lambda event: (event.pgh_created_at, event.pgh_id), reverse=True)
    wanted = {key: set() for key in FOREIGN_KEYS}
    user_ids = set()
    for event in events:
        if event.pgh_context and event.pgh_context.get("user"):
            user_ids.add(event.pgh_context["user"])
        data = dict(event.pgh_data or {})
        for name, values in (event.pgh_diff or {}).items():
            data[f"{name}__old"] = values[0]
        for key in FOREIGN_KEYS:
            for name in (f"{key}_id", f"{key}_id__old", key):
                if data.get(name):
                    wanted[key].add(data[name])
    user_ids |= wanted["created_by"] | wanted["recorded_by"]
    users = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids)}
    names = {
        ("room", pk): name
        for pk, name in Room.objects.filter(pk__in=wanted["room"]).values_list("pk", "name")
    }
    names |= {
        ("household", pk): name
        for pk, name in Household.objects.filter(pk__in=wanted["household"]).values_list(
            "pk", "name"
        )
    }
    names |= {("created_by", pk): name for pk, name in users.items()}
    names |= {("recorded_by", pk): name for pk, name in users.items()}

    entries = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        data = event.pgh_data or {}
        if event.pgh_label == "update" and event.pgh_diff:
            changes = [
                Change(_label(model, name), "", str(_("已更改")))
                if name in HIDDEN_VALUES
                else Change(
                    _label(model, name),
                    _display(model, name, old, names),
                    _display(model, name, new, names),
                )
                for name, (old, new) in event.pgh_diff.items()
                if name not in SKIPPED
            ]
        else:
            changes = [
                Change(
                    _label(model, name),
                    "" if event.pgh_label == "insert" else _display(model, name, value, names),
                    _display(model, name, value, names) if event.pgh_label == "insert" else "",
                )
                for name, value in _in_field_order(model, data)
                if name not in SKIPPED and value not in (None, "")
            ]
        context = event.pgh_context or {}
        user = users.get(context.get("user"), str(_("系统（批量导入或后台任务）")))
        subject = str(model._meta.verbose_name)
        if model is not type(subject):
            detail = _display(model, "category", data.get("category"), names)
            record = detail or data.get("purpose") or data.get("name", "")
            subject = _("%(model)s：%(record)s") % {"model": subject, "record": record}
        entries.append(
            Entry(
                when=event.pgh_created_at,
                action=str(LABELS.get(event.pgh_label, event.pgh_label)),
                subject=subject,
                user=user,
                changes=changes,
            )
        )
    return entries
