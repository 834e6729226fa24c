"""What a ledger file of one KIND looks like, and the generic part of checking its rows.

A kind (`ledger/kinds/<name>.py`) lists its `Column`s (Chinese header, the other names people
give the column, whether it is required, how the cell is read) and implements `clean_row` (the
rules of one row), optionally `check_chunk` (rules that need the database, a chunk of rows at a
time), `write_chunk` (save a chunk, saying what was created, updated or unchanged) and
`export_rows` (the station's records in the same layout, for the round trip).
"""

import contextlib
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.reader import Formula, cell_text, parse_date, parse_time
from stations.bounds import plausible_range
from stations.vocabulary import term_choices

TEXT, DATE, CHOICE, MULTI, INTEGER, DECIMAL, YESNO, TIME, MONEY = (
    "text",
    "date",
    "choice",
    "multi",
    "integer",
    "decimal",
    "yesno",
    "time",
    "money",
)
# Yuan, to the fen: what the charity ledger's MONEY columns hold (12 digits, 2 decimals).
MONEY_LIMIT = 10**10
MULTI_SEPARATORS = ("、", ",", "，", ";", "；")
# The other names people give the ID number and phone columns, in every kind that has them.
ID_NUMBER_ALIASES = ("公民身份号码", "身份证号码", "居民身份证号", "证件号码", "身份证")
PHONE_ALIASES = ("手机号", "手机号码", "电话", "联系方式", "电话号码")


def enum_choices(enum):
    """A column's lazy (value, label) choices from a TextChoices, or a list of (value, label)."""
    return lambda: [(value, str(label)) for value, label in getattr(enum, "choices", enum)]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    type: str = TEXT
    choices: Callable[[], list[tuple[str, str]]] | None = None  # (value, label), lazily
    max_length: int | None = None
    help: str = ""
    example: str = ""
    # A date column that may lie ahead (a planned activity): up to the plausible range's end.
    future: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


def choice_column(key, header, choices, aliases=(), **options) -> Column:
    """A column whose cell is one of `choices` (a TextChoices or a list of (value, label)), by
    label or stored value."""
    return Column(key, header, aliases, type=CHOICE, choices=enum_choices(choices), **options)


SEVERAL_HELP = gettext_lazy("可填多个，用顿号“、”分隔")


def several_column(key, header, choices, aliases=(), help=SEVERAL_HELP, **options) -> Column:
    """A column of several of `choices` (as `choice_column`), separated by 、 or another of the
    MULTI_SEPARATORS."""
    return Column(
        key, header, aliases, type=MULTI, choices=enum_choices(choices), help=help, **options
    )


# The columns several kinds share, written once: only what a kind says of them differs.
def room_column(help, aliases=("所属社工室",)) -> Column:
    return Column("room", gettext_lazy("社工室"), aliases, help=help, example="一号社工室")


def id_type_column(id_types) -> Column:
    """`id_types`: the TextChoices of the documents the registry accepts."""
    return choice_column(
        "id_type",
        gettext_lazy("证件类型"),
        id_types,
        help=gettext_lazy("留空为居民身份证"),
        example="居民身份证",
    )


def id_number_column(*, required=False, help="", example="") -> Column:
    return Column(
        "id_number",
        gettext_lazy("身份证号"),
        ID_NUMBER_ALIASES,
        required=required,
        max_length=40,
        help=help,
        example=example,
    )


# Read from a 居民身份证号 when left empty (the forms' identity check).
FROM_ID_NUMBER_HELP = gettext_lazy("填写身份证号时可留空")


def birth_date_column(example="") -> Column:
    return Column(
        "birth_date", gettext_lazy("出生日期"), type=DATE, help=FROM_ID_NUMBER_HELP, example=example
    )


def sex_column(example="") -> Column:
    from stations.models import Sex

    return choice_column(
        "sex", gettext_lazy("性别"), Sex, help=FROM_ID_NUMBER_HELP, example=example
    )


def phone_column(*, example, required=False) -> Column:
    return Column(
        "phone",
        gettext_lazy("联系电话"),
        PHONE_ALIASES,
        required=required,
        max_length=30,
        example=example,
    )


TODAY_HELP = gettext_lazy("留空为今天")


def date_or_today_column(key, header, aliases=()) -> Column:
    """A date column left empty for today (the kind's `clean_row` puts `self.today` in)."""
    return Column(key, header, aliases, type=DATE, help=TODAY_HELP, example="2022-03-01")


def record_date_column(header, aliases, example) -> Column:
    """`date`: the day the row's record happened (a service, a report, a donation); required."""
    return Column("date", header, aliases, required=True, type=DATE, example=example)


# What an empty start time means (a service, a group session, an activity).
DEFAULT_START = datetime.time(9, 0)


def start_time_column(example="") -> Column:
    """`start`: the time a service or session began; empty for DEFAULT_START."""
    return Column(
        "start",
        gettext_lazy("开始时间"),
        type=TIME,
        help=gettext_lazy("留空为 09:00"),
        example=example,
    )


def minutes_column(aliases, **options) -> Column:
    """`minutes`: how long a service or session lasted, in whole minutes."""
    return Column("minutes", gettext_lazy("时长（分钟）"), aliases, type=INTEGER, **options)


def local_moment(day, time=datetime.time.min) -> datetime.datetime:
    """`day` at `time` (midnight by default) in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def service_areas_column(help=SEVERAL_HELP, example="养老服务") -> Column:
    """服务领域: codes of the service-area code list (stations.Term), by label or code."""
    return Column(
        "service_areas",
        gettext_lazy("服务领域"),
        type=MULTI,
        choices=lambda: term_choices("service_area"),
        help=help,
        example=example,
    )


def target_populations_column(help=SEVERAL_HELP, example="老年人") -> Column:
    """服务人群: codes of the target-population code list (stations.Term), by label or code."""
    return Column(
        "target_populations",
        gettext_lazy("服务人群"),
        ("服务对象类别",),
        type=MULTI,
        choices=lambda: term_choices("target_population"),
        help=help,
        example=example,
    )


def term_labels_text(kind: "LedgerKind", key: str, codes) -> str:
    """The cell of a MULTI column of codes (`service_areas_column`…): their labels, joined by 、
    (a code the list no longer has is written as it is stored)."""
    labels = kind.labels(key)
    return "、".join(str(labels.get(code, code)) for code in codes)


class RowError(Exception):
    """Problems of one row: a list of (column key or "", message)."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


@dataclass
class Problem:
    row: int  # the row number as Excel shows it (the header is row 1)
    column: str  # the column header as in the file ("" for the whole row)
    value: str
    message: str

    def as_list(self):
        return [self.row, self.column, self.value, self.message]


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (object, "created" | "updated"[, previous values]) for the batch's links
    written: list = field(default_factory=list)

    def created_record(self, record) -> None:
        """`record` was created by the batch (an undo deletes it)."""
        self.created += 1
        self.written.append((record, "created"))

    def updated_record(self, record, previous: dict) -> None:
        """`record` was updated by the batch (and saved); `previous` (from `previous_values`,
        taken before the change) lets an undo put it back. A record without a version keeps the
        values the batch gave it too, so that an undo can tell it was changed since."""
        if previous and not hasattr(record, "version"):
            names = [name for name in previous if name not in ("version", AFTER)]
            previous = {**previous, AFTER: previous_values(record, names)}
        self.updated += 1
        self.written.append((record, "updated", previous))


# Keys of a `previous` that are not a field: a many-to-many field's pks, the values written.
MANY = "__many__:"
AFTER = "__after__"


def previous_values(record, names) -> dict:
    """The fields `names` (names or attnames; many-to-many fields too) of `record` as they are
    now, stored as text (an encrypted column as its token, never in clear; None as None; a
    many-to-many field as its sorted pks), with its version: taken before an import changes it."""
    from stations.privacy import EncryptedTextField

    values = {}
    for name in names:
        if name.startswith(MANY):
            name = name.removeprefix(MANY)
        model_field = record._meta.get_field(name)
        if model_field.many_to_many:
            manager = getattr(record, model_field.name)
            values[MANY + model_field.name] = sorted(manager.values_list("pk", flat=True))
        elif isinstance(model_field, EncryptedTextField):
            values[model_field.attname] = model_field.get_prep_value(getattr(record, name))
        elif model_field.value_from_object(record) is None:
            values[model_field.attname] = None
        else:
            values[model_field.attname] = model_field.value_to_string(record)
    if hasattr(record, "version"):
        values["version"] = record.version
    return values


def pick(values: dict, names) -> dict:
    """The row's `values` of the keys `names` ({name: value}): what a model or service is given."""
    return {name: values[name] for name in names}


def save_versioned(record, changed: dict):
    """Set `changed` ({field: value}) on `record`, move its version on and save it."""
    for name, value in changed.items():
        setattr(record, name, value)
    record.version += 1
    record.save()
    return record


def write_changes(record, data: dict, outcome: Outcome, save=save_versioned) -> None:
    """Write to a record already there the values of `data` that differ from its own: counted as
    updated, with the previous values for an undo, or as unchanged when none differ. `save(record,
    changed)` writes them and returns the record (by default `save_versioned`)."""
    changed = {name: value for name, value in data.items() if getattr(record, name) != value}
    if not changed:
        outcome.unchanged += 1
        return
    previous = previous_values(record, list(changed))
    outcome.updated_record(save(record, changed), previous)


def restore_previous(record, previous: dict) -> list[str]:
    """Put `previous` back on `record`: the many-to-many fields at once (the record is saved),
    the columns on the instance, not saved; returns the attnames of those columns."""
    from stations.privacy import EncryptedTextField

    names = []
    for attname, stored in previous.items():
        if attname == "version" or attname == AFTER:
            continue
        if attname.startswith(MANY):
            getattr(record, attname.removeprefix(MANY)).set(stored)
            continue
        model_field = next(f for f in record._meta.concrete_fields if f.attname == attname)
        if isinstance(model_field, EncryptedTextField):
            value = model_field.from_db_value(stored, None, None)
        elif stored is None or (stored == "" and model_field.null):
            value = None
        else:
            value = model_field.to_python(stored)
        setattr(record, attname, value)
        names.append(attname)
    return names


def changed_since(record, previous: dict) -> bool:
    """Whether `record` was changed after the batch updated it: its version moved on, or (a
    record without a version) a field no longer holds what the batch wrote."""
    if "version" in previous:
        return record.version != previous["version"] + 1
    after = previous.get(AFTER)
    if after is None:
        return False
    return previous_values(record, list(after)) != after


def normalise_header(text) -> str:
    return "".join(cell_text(text).split()).replace("*", "").replace("（必填）", "")


def choice_lookup(column: Column) -> dict[str, str]:
    """Label or stored value (case and spaces ignored) → stored value."""
    lookup = {}
    for value, label in column.choices():
        lookup[str(label).strip().lower()] = value
        lookup[str(value).strip().lower()] = value
    return lookup


class LedgerKind:
    name = ""
    title = ""
    columns: list[Column] = []
    instructions: list[str] = []
    # Rows handed to check_chunk / write_chunk at a time (bounded memory on large files).
    chunk_size = 500
    # Many-to-many link tables (`Model.field.through`) whose rows are deleted with the kind's
    # imported rows when a batch is undone (an activity's rooms); other links stop the undo.
    owned_links: tuple = ()

    def __init__(self, *, station, user, default_room=None, rooms=None):
        self.station = station
        self.user = user
        self.default_room = default_room
        # The rooms this import may write into (the user's scope within the station).
        self.rooms = list(rooms if rooms is not None else [])
        self._choices = {
            column.key: choice_lookup(column) for column in self.columns if column.choices
        }
        self.today = timezone.localdate()

    # Reading cells ---------------------------------------------------------------------------

    def read_cells(self, raw: dict[str, object]) -> dict:
        """Convert the raw cells of one row by column type; RowError lists every bad cell."""
        values, problems = {}, []
        for column in self.columns:
            value = raw.get(column.key)
            if isinstance(value, Formula):
                problems.append((column.key, _("单元格含公式：请复制后“粘贴为数值”再上传。")))
                continue
            text = cell_text(value)
            if not text:
                if column.required:
                    problems.append((column.key, _("必填，不能为空。")))
                values[column.key] = [] if column.type == MULTI else None
                continue
            try:
                values[column.key] = self.read_cell(column, value, text)
            except RowError as error:
                problems.extend(error.problems)
        if problems:
            raise RowError(problems)
        return values

    def read_cell(self, column: Column, value, text: str):
        if column.type == DATE:
            try:
                day = parse_date(value)
            except (ValueError, OverflowError):
                raise RowError(
                    [(column.key, _("日期格式无法识别：请写成 2022-03-01 或 2022年3月1日。"))]
                ) from None
            if day > self.today and not column.future:
                raise RowError([(column.key, _("日期不能晚于今天。"))])
            if column.future and day > plausible_range()[1]:
                raise RowError([(column.key, _("日期不合理，请核对。"))])
            if day < datetime.date(1900, 1, 1):
                raise RowError([(column.key, _("日期不合理，请核对。"))])
            return day
        if column.type == TIME:
            try:
                return parse_time(value)
            except (ValueError, OverflowError):
                raise RowError([(column.key, _("时间格式无法识别：请写成 09:30。"))]) from None
        if column.type == CHOICE:
            found = self._choices[column.key].get(text.lower())
            if found is None:
                raise RowError([(column.key, self._choice_message(column))])
            return found
        if column.type == MULTI:
            parts = [text]
            for separator in MULTI_SEPARATORS:
                parts = [piece for part in parts for piece in part.split(separator)]
            found = []
            for part in (piece.strip() for piece in parts):
                if not part:
                    continue
                value = self._choices[column.key].get(part.lower())
                if value is None:
                    raise RowError([(column.key, self._choice_message(column))])
                if value not in found:
                    found.append(value)
            return found
        if column.type == YESNO:
            if text in ("是", "有", "Y", "y", "1", "TRUE", "true", "√"):
                return True
            if text in ("否", "无", "N", "n", "0", "FALSE", "false"):
                return False
            raise RowError([(column.key, _("请填写“是”或“否”。"))])
        if column.type == INTEGER:
            try:
                number = float(text)
            except ValueError:
                raise RowError([(column.key, _("请填写整数。"))]) from None
            if number != int(number) or number < 0 or number > 10_000_000:
                raise RowError([(column.key, _("请填写不小于 0 的整数。"))])
            return int(number)
        if column.type == MONEY:
            from decimal import Decimal, InvalidOperation

            try:
                number = Decimal(text.replace(",", "").replace("，", "").removeprefix("¥"))
            except InvalidOperation:
                raise RowError([(column.key, _("请填写金额（元）。"))]) from None
            if not number.is_finite() or number <= 0 or number >= MONEY_LIMIT:
                raise RowError([(column.key, _("金额必须大于零且小于一百亿元。"))])
            if number != number.quantize(Decimal("0.01")):
                raise RowError([(column.key, _("金额最多保留两位小数（精确到分）。"))])
            return number.quantize(Decimal("0.01"))
        if column.type == DECIMAL:
            from decimal import Decimal, InvalidOperation

            try:
                number = Decimal(text.replace(",", ""))
            except InvalidOperation:
                raise RowError([(column.key, _("请填写数字。"))]) from None
            if number < 0 or number > 10**10:
                raise RowError([(column.key, _("请填写不小于 0 的数字。"))])
            return number.quantize(Decimal("0.01"))
        if column.max_length and len(text) > column.max_length:
            raise RowError(
                [(column.key, _("内容过长：最多 %(count)d 个字。") % {"count": column.max_length})]
            )
        return text

    def _choice_message(self, column: Column) -> str:
        labels = [str(label) for _value, label in column.choices()]
        return _("不在可选范围内：可填 %(labels)s。") % {"labels": "、".join(labels[:20])}

    # The kind's own rules ----------------------------------------------------------------------

    def clean_row(self, values: dict) -> dict:
        """The row's own rules; return the values to save. Raise RowError."""
        return values

    def check_chunk(self, rows: list[tuple[int, dict]]) -> Iterable[tuple[int, str, str]]:
        """Rules that need the database: yield (row number, column key, message)."""
        return ()

    def write_chunk(self, rows: list[tuple[int, dict]], outcome: Outcome) -> None:
        raise NotImplementedError

    def finish(self, outcome: Outcome) -> None:
        """After the last chunk: save what a kind held back (rows that belong together)."""

    @classmethod
    def undoing(cls):
        """The context in which a batch of this kind deletes its rows (nothing special by
        default; a kind of append-only records lifts their guard for its own rows)."""
        return contextlib.nullcontext()

    def export_rows(self) -> Iterator[list]:
        """The station's records (self.rooms) as rows of cells in the template's column order."""
        raise NotImplementedError

    def example_row(self) -> list:
        return [column.example for column in self.columns]

    def labels(self, key: str) -> dict:
        """{stored value: label} of the column `key`'s choices, read once per kind."""
        if not hasattr(self, "_labels"):
            self._labels = {}
        if key not in self._labels:
            self._labels[key] = dict(self.column(key).choices())
        return self._labels[key]

    def choice_labels(self) -> dict:
        """{column key: {stored value: label}} of every column with choices: what an export
        writes for the stored values."""
        return {column.key: self.labels(column.key) for column in self.columns if column.choices}

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def room_for(self, name) -> object:
        """The room a row names (by name or code), or the default room; RowError if not allowed."""
        if not name:
            if self.default_room is None:
                raise RowError([("room", _("请填写社工室（或在导入时选择默认社工室）。"))])
            return self.default_room
        for room in self.rooms:
            if name in (room.name, room.code):
                return room
        raise RowError([("room", _("不是您可以导入的社工室。"))])

    def resolve_room(self, values, *, station_wide=False) -> list:
        """Put the room the row names in `values["room"]` (`room_or_station` if `station_wide`,
        else `room_for`); return the problems instead of raising them, to be listed with the
        row's others."""
        find = self.room_or_station if station_wide else self.room_for
        try:
            values["room"] = find(values["room"])
        except RowError as error:
            return error.problems
        return []

    def room_or_station(self, name):
        """The row's room, or None for a station-wide record: an empty room column without a
        default room, imported by station staff. RowError as `room_for`."""
        if name or self.default_room is not None or not may_import_station_wide(self.user):
            return self.room_for(name)
        return None


def row_problems(error: ValidationError, fields: dict[str, str]) -> list:
    """A model or service ValidationError as (column key, message) problems; `fields` maps model
    field names to the kind's column keys where they differ (a field that is no column of the
    kind puts its message on the whole row)."""
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    return [
        (fields.get(name, "" if name == NON_FIELD_ERRORS else name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def lookup_hash(key: str, text) -> tuple[str, list]:
    """The lookup hash of an ID number a row names to find someone already registered, and the
    problems of the number: a 居民身份证号 is normalised as on the forms (an 18-character number
    must be valid); other documents (passports) are looked up as typed."""
    from stations.identity import document_hash
    from stations.privacy import normalize_ric

    if not text:
        return "", []
    number = "".join(str(text).split()).upper()
    try:
        number = normalize_ric(number)
    except ValidationError as error:
        if len(number) == 18:
            return "", [(key, message) for message in error.messages]
    return document_hash(number), []


def may_import_station_wide(user) -> bool:
    """Station-wide records (no room) are imported by station staff (and superusers)."""
    from stations.access import is_station_staff

    return user.is_superuser or is_station_staff(user)


def room_choices(kind: LedgerKind) -> list[tuple[str, str]]:
    return [(room.name, room.name) for room in kind.rooms]
