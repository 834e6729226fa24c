"""Reading the audit trail that the database triggers (pghistory) write.

The event tables are append-only (a trigger refuses UPDATE and DELETE); the app has no view that
edits them. Lookup hashes stand in for the encrypted ID number and phone: a change of either
shows as "changed", never as a value.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from pghistory import core
from pghistory.models import Events

from stations.models import User

LABELS = {"insert": _("新建"), "update": _("修改"), "delete": _("删除")}
HIDDEN_VALUES = {
    "id_number_hash": _("证件号码"),
    "phone_hash": _("电话"),
    "contact_phone_hash": _("联系电话"),
}
SKIPPED = {
    "id",
    "pgh_id",
    "pgh_created_at",
    "pgh_label",
    "pgh_obj",
    "pgh_context",
    "created_at",
    "station",
    "station_id",
}
# A record named in an event is shown by this column (one query per model named on the page).
NAME_COLUMNS = {
    "stations.room": "name",
    "stations.household": "name",
    "stations.resident": "real_name",
    "cases.case": "number",
    "groups.group": "name",
    "activities.activity": "title",
    "volunteers.volunteer": "real_name",
    "volunteers.volunteerproject": "name",
    "charity.fund": "name",
    "charity.charityproject": "title",
}
# Subjects of events whose model has no Chinese name of its own (auto-created M2M tables).
SUBJECT_NAMES = {"activities.activity_participants": _("签到")}


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


def _foreign_model(model, name):
    """The model a foreign-key column (`room` or `room_id`) points at, else None."""
    try:
        model_field = model._meta.get_field(name.removesuffix("_id"))
    except Exception:  # a field dropped since the event was written
        return None
    if model_field.many_to_one or model_field.one_to_one:
        return model_field.related_model
    return None


def _display(model, name, value, names):
    if value in (None, ""):
        return ""
    if name in HIDDEN_VALUES:
        return str(_("已填写（加密，不显示）"))
    related = _foreign_model(model, name)
    if related is not None:
        return names.get((related._meta.label_lower, value), f"#{value}")
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
    events = list(record_events(resident))
    if resident.household_id:
        # The household file itself (name, address); not the other members' own changes.
        events += Events.objects.tracks(resident.household)
    return history_entries(resident, events)


def history_entries(subject, events) -> list[Entry]:
    """`events` (pghistory Events rows) of `subject` and its dependent rows, as entries, newest
    first: who, when, what changed (old → new). Choice values show by label, records named by a
    foreign key by name, encrypted values never (only their lookup hashes reach the event
    tables, and those show as "changed"). A fixed number of queries: the events, the users, and
    one per kind of record named."""
    events = list(events)
    events.sort(key=lambda event: (event.pgh_created_at, event.pgh_id), reverse=True)
    wanted: dict[str, set] = {}
    user_ids = set()
    for event in events:
        if event.pgh_context and event.pgh_context.get("user"):
            user_ids.add(event.pgh_context["user"])
        model = _event_model(event)
        values = list((event.pgh_data or {}).items())
        values += [(name, pair[0]) for name, pair in (event.pgh_diff or {}).items()]
        for name, value in values:
            related = _foreign_model(model, name) if value not in (None, "") else None
            if related is not None:
                wanted.setdefault(related._meta.label_lower, set()).add(value)
    user_label = User._meta.label_lower
    user_ids |= wanted.pop(user_label, set())
    users = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids)}
    names = {(user_label, pk): name for pk, name in users.items()}
    for label, pks in wanted.items():
        column = NAME_COLUMNS.get(label)
        if column:
            related = apps.get_model(label)
            rows = related._default_manager.filter(pk__in=pks).values_list("pk", column)
            names |= {(label, pk): name for pk, name in rows}

    skipped = SKIPPED | _links_to(subject)
    entries = []
    for event in events:
        model = _event_model(event)
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
                if name not in skipped
            ]
        else:
            changes = [
                Change(
                    _label(model, name),
                    "" if event.pgh_label == "insert" else _display(model, name, value, names),
                    _display(model, name, value, names) if event.pgh_label == "insert" else "",
                )
                for name, value in _in_field_order(model, data)
                if name not in skipped and value not in (None, "")
            ]
        context = event.pgh_context or {}
        user = users.get(context.get("user"), str(_("系统（批量导入或后台任务）")))
        entries.append(
            Entry(
                when=event.pgh_created_at,
                action=str(LABELS.get(event.pgh_label, event.pgh_label)),
                subject=_subject(subject, model, data, names),
                user=user,
                changes=changes,
            )
        )
    return entries


def _event_model(event):
    return apps.get_model(event.pgh_obj_model)


def _links_to(subject) -> set:
    """Columns that name the page's own record: on its page they say nothing."""
    names = set()
    for event_model in event_models_of(type(subject)):
        tracked = event_model.pgh_tracked_model
        for model_field in tracked._meta.concrete_fields:
            if model_field.many_to_one and model_field.related_model is type(subject):
                names |= {model_field.name, model_field.attname}
    return names


def _subject(subject, model, data, names) -> str:
    label = model._meta.label_lower
    if label in SUBJECT_NAMES:
        return str(SUBJECT_NAMES[label])
    title = str(model._meta.verbose_name)
    if model is type(subject):
        return title
    detail = _display(model, "category", data.get("category"), names)
    record = detail or data.get("purpose") or data.get("name") or data.get("title", "")
    if not record:
        return title
    return _("%(model)s：%(record)s") % {"model": title, "record": record}


def event_models_of(model) -> list:
    """The event tables shown on a record's history page: its own, and those of the records of
    the same app that point at it (a case's documents, a group's sessions, an activity's
    sign-ins). Other apps' records that point at it have pages of their own."""
    app_label = model._meta.app_label
    return [
        event_model
        for event_model in core.event_models()
        if event_model._meta.app_label == app_label
        and (
            event_model.pgh_tracked_model is model
            or any(
                getattr(model_field, "related_model", None) is model
                for model_field in event_model.pgh_tracked_model._meta.concrete_fields
            )
        )
    ]


def tracked_model(label: str):
    """The tracked model named `app.model`, or None: only these have a history page."""
    for event_model in core.event_models():
        tracked = event_model.pgh_tracked_model
        if tracked._meta.label_lower == label and not tracked._meta.auto_created:
            return tracked
    return None


def record_events(record):
    """The events of `record` and of the same app's records that point at it."""
    return Events.objects.references(record).across(*event_models_of(type(record)))
