"""`service_records`: the 服务记录/入户走访台账, one row per contact with a resident.

A row names the resident (ID number hash, or name within the room or the importer's rooms), the
day, start time (09:00 when the paper ledger has none), the duration in minutes or the end time,
the form (入户 when empty), place, content, the worker (the importer when empty) and optionally
the case number: a number of this station, or else the resident's case that was under way that
day (a file exported from another station). Rows are checked with the rules of
`cases.services.record_create` (no future, under 24 hours, a record without a case is a home
visit, the case is the resident's and opened) and none before the resident's file was opened
(建档日期); they are then written with `bulk_create`, a chunk at a time, in the import's one
transaction (one service call per row is too slow for a year of visits).

Found again by resident, form and start: an identical row is unchanged; a different one refused.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, ContactForm, ServiceRecord, Stage
from ledger.kinds.people import (
    WORKER_HELP,
    StationPeople,
    resident_column,
    resident_id_number_column,
    resident_room_column,
    staff_column,
)
from ledger.spec import (
    DEFAULT_START,
    TIME,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    local_moment,
    lookup_hash,
    minutes_column,
    record_date_column,
    start_time_column,
)

MAX_MINUTES = 24 * 60


class ServiceRecordsKind(StationPeople, LedgerKind):
    name = "service_records"
    title = gettext_lazy("服务记录")
    chunk_size = 1000
    columns = [
        resident_room_column(),
        resident_column(("服务对象", "姓名")),
        resident_id_number_column(),
        Column(
            "case",
            gettext_lazy("个案编号"),
            ("编号",),
            max_length=40,
            help=gettext_lazy("个案服务填写；入户走访可留空"),
        ),
        record_date_column(gettext_lazy("服务日期"), ("走访日期", "日期"), "2022-03-05"),
        start_time_column(example="09:30"),
        minutes_column(
            ("时长", "服务时长"), help=gettext_lazy("时长或结束时间填一项"), example="45"
        ),
        Column("end", gettext_lazy("结束时间"), type=TIME),
        choice_column(
            "form",
            gettext_lazy("服务形式"),
            ContactForm,
            ("形式",),
            help=gettext_lazy("留空为入户；未关联个案的记录只能是入户走访"),
            example="入户",
        ),
        Column(
            "place", gettext_lazy("地点"), ("服务地点",), max_length=100, example="服务对象家中"
        ),
        Column(
            "content",
            gettext_lazy("服务内容"),
            ("走访内容", "内容摘要"),
            required=True,
            max_length=5000,
            example="了解近况，测量血压，提醒按时服药",
        ),
        staff_column("worker", gettext_lazy("服务社工"), ("社工", "走访人"), WORKER_HELP),
    ]
    instructions = [
        gettext_lazy(
            "每行一次服务或入户走访；第一行是表头。服务对象须已在本站登记（先导入服务对象、个案）。"
        ),
        gettext_lazy(
            "时长（分钟）或结束时间填一项；一次服务不超过 24 小时，不能晚于现在，不能早于服务对象的建档日期。"
        ),
        gettext_lazy(
            "个案编号可留空（入户走访）；本站没有该编号时，取服务对象当天正在服务中的个案。"
        ),
        gettext_lazy(
            "同一服务对象、同一服务形式、同一开始时间是同一条记录：再次导入时相同的跳过。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]

    # One row -----------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = []
        values["id_hash"], found = lookup_hash("id_number", values["id_number"])
        problems += found
        start = local_moment(values["date"], values["start"] or DEFAULT_START)
        if values["minutes"] is not None:
            minutes = values["minutes"]
        elif values["end"] is not None:
            end = local_moment(values["date"], values["end"])
            minutes = int((end - start).total_seconds() // 60)
        else:
            minutes = None
            problems.append(("minutes", _("请填写时长（分钟）或结束时间。")))
        if minutes is not None and not 0 < minutes <= MAX_MINUTES:
            key = "minutes" if values["minutes"] is not None else "end"
            problems.append((key, _("一次服务须长于 0 分钟、不超过 24 小时。")))
        if start > timezone.now():
            problems.append(("start", _("不能登记未来的服务：开始时间晚于当前时间。")))
        values["form"] = values["form"] or ContactForm.HOME_VISIT
        if not values["case"] and values["form"] != ContactForm.HOME_VISIT:
            problems.append(("form", _("未关联个案的服务记录只能是入户走访。")))
        if problems:
            raise RowError(problems)
        values["start_at"] = start
        values["minutes"] = minutes
        values["place"] = values["place"] or ""
        return values

    # Cases -------------------------------------------------------------------------------------

    def _cases(self, rows, found):
        """The cases a chunk names by number, and those of the residents whose number is not
        this station's: {"number": {number: case}, "resident": {resident pk: [cases]}}."""
        numbers = {values["case"].strip().upper() for _number, values in rows if values["case"]}
        by_number = {
            case.number: case
            for case in Case.objects.filter(station=self.station, number__in=numbers)
        }
        resident_ids = {resident.pk for residents in found.values() for resident in residents}
        by_resident = {}
        missing = numbers - set(by_number)
        if missing:
            cases = Case.objects.filter(station=self.station, resident__in=resident_ids)
            for case in cases.select_related("intake"):
                by_resident.setdefault(case.resident_id, []).append(case)
        return {"number": by_number, "resident": by_resident}

    def _case(self, values, resident, cases):
        if not values["case"]:
            return None
        case = cases["number"].get(values["case"].strip().upper())
        if case is None:
            day = values["date"]
            during = [
                case
                for case in cases["resident"].get(resident.pk, [])
                if case.intake.intake_date <= day
                and (case.closed_on is None or day <= case.closed_on)
            ]
            if len(during) != 1:
                raise RowError(
                    [("case", _("本站没有这个编号的个案（该服务对象当天也没有正在服务的个案）。"))]
                )
            case = during[0]
        if case.resident_id != resident.pk:
            raise RowError([("case", _("服务对象与个案不一致。"))])
        if case.room_id not in {room.pk for room in self.rooms}:
            raise RowError([("case", _("该个案不属于您的社工室。"))])
        if case.stage in (Stage.INQUIRY, Stage.NOT_ACCEPTED):
            raise RowError([("case", _("个案尚未开案，不能登记服务记录。"))])
        return case

    # Checking and writing ------------------------------------------------------------------------

    def _resolve(self, rows):
        """[(number, values, record or RowError)] for a chunk, and the records already there.
        The import checks a chunk and then writes it: the second call reuses the first's work
        (nothing is written in between)."""
        last = getattr(self, "_resolved", None)
        if last is not None and last[0] is rows:
            return last[1]
        found = self.residents_for(rows)
        cases = self._cases(rows, found)
        resolved = []
        for number, values in rows:
            try:
                resident = self.resident_for(values, found)
                if values["date"] < resident.registered_on:
                    raise RowError(
                        [
                            (
                                "date",
                                _("早于服务对象的建档日期 %(day)s。")
                                % {"day": resident.registered_on.isoformat()},
                            )
                        ]
                    )
                case = self._case(values, resident, cases)
                worker = self.staff_in(values, "worker", self.user)
            except RowError as error:
                resolved.append((number, values, error))
                continue
            start = values["start_at"]
            resolved.append(
                (
                    number,
                    values,
                    ServiceRecord(
                        case=case,
                        resident=resident,
                        room=resident.room,
                        worker=worker,
                        form=values["form"],
                        start_at=start,
                        end_at=start + datetime.timedelta(minutes=values["minutes"]),
                        duration_minutes=values["minutes"],
                        place=values["place"],
                        content=values["content"],
                    ),
                )
            )
        records = [item for _n, _v, item in resolved if isinstance(item, ServiceRecord)]
        existing = {}
        if records:
            starts = [record.start_at for record in records]
            # By room and time span first (the room/start index): every chunk of a year's visits
            # names most residents, so a lookup by resident reads all their records each time.
            there = ServiceRecord.objects.filter(
                room__in={record.room_id for record in records},
                start_at__gte=min(starts),
                start_at__lte=max(starts),
                resident__in={record.resident_id for record in records},
                start_at__in=set(starts),
            )
            for record in there:
                existing[(record.resident_id, record.form, record.start_at)] = record
        self._resolved = (rows, (resolved, existing))
        return resolved, existing

    @staticmethod
    def _key(record):
        return (record.resident_id, record.form, record.start_at)

    @staticmethod
    def _same(old, new) -> bool:
        fields = ("case_id", "duration_minutes", "content", "place", "worker_id")
        return all(getattr(old, name) == getattr(new, name) for name in fields)

    def check_chunk(self, rows):
        resolved, existing = self._resolve(rows)
        seen = {}
        for number, _values, item in resolved:
            if isinstance(item, RowError):
                for key, message in item.problems:
                    yield number, key, message
                continue
            first = seen.setdefault(self._key(item), number)
            if first != number:
                yield number, "start", _("与第 %(row)d 行是同一条服务记录。") % {"row": first}
                continue
            old = existing.get(self._key(item))
            if old is not None and not self._same(old, item):
                yield (
                    number,
                    "content",
                    _(
                        "已有这条服务记录（同一服务对象、形式和开始时间），内容不同：请在系统中修改。"
                    ),
                )

    def write_chunk(self, rows, outcome):
        resolved, existing = self._resolve(rows)
        new, keys = [], set()
        for _number, _values, record in resolved:
            key = self._key(record)
            if key in existing or key in keys:
                outcome.unchanged += 1
                continue
            keys.add(key)
            new.append(record)
        ServiceRecord.objects.bulk_create(new, batch_size=500)
        outcome.created += len(new)
        outcome.written += [(record, "created") for record in new]

    # Export --------------------------------------------------------------------------------------

    def export_rows(self):
        records = (
            ServiceRecord.objects.filter(room__station=self.station, room__in=self.rooms)
            .select_related("room", "resident", "case", "worker")
            .order_by("room__order", "start_at", "pk")
        )
        forms = dict(ContactForm.choices)
        for record in records.iterator(chunk_size=1000):
            start = timezone.localtime(record.start_at)
            yield [
                record.room.name,
                record.resident.real_name,
                record.resident.id_number,
                record.case.number if record.case_id else "",
                start.date(),
                start.strftime("%H:%M"),
                record.duration_minutes,
                "",
                str(forms[record.form]),
                record.place,
                record.content,
                str(record.worker),
            ]
