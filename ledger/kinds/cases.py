"""`cases`: the station's 个案台账, one row per case with the dates of its stages.

A row names the resident (by ID number hash, or by name within the row's room or the importer's
rooms), the responsible worker and optionally the supervisor who signed on paper (station users,
by name or login), the day the case came in (接案), was opened (开案, the opening approved), the
stage it reached and the day it did, and for an ended case the day and reason it ended. The case
is written by `cases.services.case_back_enter`: the stage log carries those days
(`happened_on`), so a 2022 case entered now counts in 2022's report, and its number carries the
year it was opened. A number in the station's own format (CCZ-2022-0007) is kept; any other is
noted in the stage log and the case numbered anew.

Found again by its number (station format) or by resident and intake date: an identical row is
unchanged; a row whose stage or dates differ from the recorded case is refused (the case's own
page moves it on).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Closing, ClosingReason, RiskLevel, Source, Stage
from cases.services import (
    CaseError,
    case_back_enter,
    case_number_parts,
    check_back_entry_dates,
)
from ledger.kinds.people import (
    WORKER_HELP,
    StationPeople,
    resident_column,
    resident_id_number_column,
    resident_room_column,
    staff_column,
)
from ledger.spec import (
    DATE,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    lookup_hash,
    pick,
    row_problems,
    service_areas_column,
    target_populations_column,
    term_labels_text,
)

# The stage a row's case reached and its days, checked and written as `cases.services` takes them.
STAGE_DATES = ("stage", "intake_date", "opened_on", "stage_on", "closed_on")
# The row's other values the case is written with as they are.
CASE_FIELDS = (
    "source",
    "referring_unit",
    "presenting_problem",
    "risk_level",
    "number",
    "service_areas",
)


class CasesKind(StationPeople, LedgerKind):
    name = "cases"
    title = gettext_lazy("个案")
    columns = [
        resident_room_column(),
        Column(
            "number",
            gettext_lazy("个案编号"),
            ("编号", "案号"),
            max_length=40,
            help=gettext_lazy(
                "本站格式（站点代码-年份-序号）的编号保留；其他编号记入阶段记录，按开案年份重新编号"
            ),
            example="CCZ-2022-0001",
        ),
        resident_column(("服务对象", "姓名", "案主姓名")),
        resident_id_number_column(),
        staff_column("worker", gettext_lazy("负责社工"), ("社工", "个案社工"), WORKER_HELP),
        staff_column(
            "supervisor",
            gettext_lazy("督导"),
            ("签批督导",),
            gettext_lazy("在纸质材料上签批开案、结案的督导（本站督导的姓名或登录名）"),
        ),
        choice_column(
            "source",
            gettext_lazy("个案来源"),
            Source,
            ("来源",),
            help=gettext_lazy("留空为主动求助"),
            example="主动求助",
        ),
        Column("referring_unit", gettext_lazy("转介单位"), max_length=100),
        Column(
            "presenting_problem",
            gettext_lazy("主要问题"),
            ("问题描述", "个案问题"),
            required=True,
            max_length=2000,
            example="独居，行动不便，缺少照料",
        ),
        choice_column(
            "risk_level",
            gettext_lazy("风险等级"),
            RiskLevel,
            help=gettext_lazy("留空为低"),
        ),
        Column(
            "intake_date",
            gettext_lazy("接案日期"),
            ("受理日期",),
            required=True,
            type=DATE,
            example="2022-02-25",
        ),
        Column(
            "opened_on",
            gettext_lazy("开案日期"),
            type=DATE,
            help=gettext_lazy("开案经督导批准的日期；未开案（咨询受理、不予接案）不填"),
            example="2022-03-01",
        ),
        choice_column(
            "stage",
            gettext_lazy("当前阶段"),
            Stage,
            ("阶段",),
            required=True,
            example="已结案",
        ),
        Column(
            "stage_on",
            gettext_lazy("进入该阶段日期"),
            ("阶段日期",),
            type=DATE,
            help=gettext_lazy("留空时取开案日期（已结束的个案取结案日期）"),
            example="2022-09-20",
        ),
        Column(
            "closed_on",
            gettext_lazy("结案日期"),
            type=DATE,
            help=gettext_lazy("已结案、跟进回访、已转介、不予接案的个案必填"),
            example="2022-09-20",
        ),
        choice_column(
            "closing_reason",
            gettext_lazy("结案原因"),
            ClosingReason,
            help=gettext_lazy("已结案、跟进回访的个案必填；结案审批中的个案填写结案表上的原因"),
            example="目标达成",
        ),
        service_areas_column(),
        target_populations_column(
            help=gettext_lazy(
                "可填多个，用顿号“、”分隔；留空时取服务对象在接案日期有效的重点人群标签"
            ),
        ),
    ]
    instructions = [
        gettext_lazy("每行一个个案；第一行是表头。服务对象须已在本站登记（先导入服务对象）。"),
        gettext_lazy(
            "按身份证号查找服务对象；没有身份证号时在社工室中按姓名查找（重名时须填身份证号）。"
        ),
        gettext_lazy(
            "日期须依次不早于前者：接案日期、开案日期、进入该阶段日期、结案日期（跟进回访在结案之后）；都不能晚于今天。"
        ),
        gettext_lazy(
            "个案按开案日期计入统计（2022年开案、结案的个案计入2022年报表），编号带开案年份。"
        ),
        gettext_lazy(
            "再次导入时按个案编号（或服务对象和接案日期）找到已有个案：相同的跳过；阶段或日期不同的请在个案页办理。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]
    FIELDS = {"resident": "resident", "worker": "worker"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen = {}

    # One row -----------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = []
        values["id_hash"], found = lookup_hash("id_number", values["id_number"])
        problems += found
        values["source"] = values["source"] or Source.SELF_REFERRAL
        values["risk_level"] = values["risk_level"] or RiskLevel.LOW
        values["referring_unit"] = values["referring_unit"] or ""
        values["number"] = values["number"] or ""
        if values["source"] == Source.REFERRAL and not values["referring_unit"]:
            problems.append(("referring_unit", _("来源为转介时，请填写转介单位。")))
        problems += check_back_entry_dates(**pick(values, STAGE_DATES))
        ended = values["stage"] in (Stage.CLOSED, Stage.FOLLOW_UP)
        if ended and not values["closing_reason"]:
            problems.append(("closing_reason", _("已结案的个案请填写结案原因。")))
        if values["closing_reason"] and not ended and values["stage"] != Stage.CLOSING:
            problems.append(
                ("closing_reason", _("只有结案审批中、已结案、跟进回访的个案填写结案原因。"))
            )
        if problems:
            raise RowError(problems)
        return values

    # Finding people ------------------------------------------------------------------------------

    def _resolve(self, values, found=None):
        resident = self.resident_for(values, found or self.residents_for([(0, values)]))
        worker = self.staff_in(values, "worker", self.user)
        supervisor = self.staff_in(values, "supervisor", supervisor=True)
        return resident, worker, supervisor

    def _existing(self, resident, values):
        kept = case_number_parts(self.station, values["number"])
        if kept is not None:
            number = f"{self.station.code.upper()}-{kept[0]}-{kept[1]:04d}"
            case = Case.objects.filter(number=number).first()
            if case is not None and case.resident_id != resident.pk:
                raise RowError([("number", _("该编号的个案属于另一位服务对象。"))])
            return case
        return Case.objects.filter(
            resident=resident, intake__intake_date=values["intake_date"]
        ).first()

    def _same(self, case, values) -> bool:
        return (case.stage, case.opened_on, case.closed_on) == (
            values["stage"],
            values["opened_on"],
            values["closed_on"],
        )

    # Checking and writing ------------------------------------------------------------------------

    def check_chunk(self, rows):
        found = self.residents_for(rows)
        for number, values in rows:
            try:
                resident, _worker, _supervisor = self._resolve(values, found)
                existing = self._existing(resident, values)
            except RowError as error:
                for key, message in error.problems:
                    yield number, key, message
                continue
            key = values["number"] or (resident.pk, values["intake_date"])
            first = self._seen.setdefault(key, number)
            if first != number:
                yield number, "number", _("与第 %(row)d 行是同一个个案。") % {"row": first}
                continue
            if existing is not None and not self._same(existing, values):
                yield (
                    number,
                    "stage",
                    _("已有这个个案（%(number)s，%(stage)s）：阶段或日期不同，请在个案页办理。")
                    % {"number": existing.number, "stage": existing.get_stage_display()},
                )

    def write_chunk(self, rows, outcome):
        found = self.residents_for(rows)
        for number, values in rows:
            resident, worker, supervisor = self._resolve(values, found)
            if self._existing(resident, values) is not None:
                outcome.unchanged += 1
                continue
            try:
                case = case_back_enter(
                    resident=resident,
                    worker=worker,
                    supervisor=supervisor,
                    **pick(values, CASE_FIELDS),
                    **pick(values, STAGE_DATES),
                    closing_reason=values["closing_reason"] or "",
                    # None: the populations of the resident's tags in force on the intake date.
                    target_populations=values["target_populations"] or None,
                    by=self.user,
                )
            except CaseError as error:
                message = "；".join(message for _key, message in row_problems(error, {}))
                raise CaseError(
                    _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
                ) from None
            outcome.created += 1
            # The case's own parts too: undo stops when anything added later points at the case.
            outcome.written += [
                (record, "created")
                for record in [
                    case,
                    *case.transitions.all(),
                    *case.approvals.all(),
                    case.intake,
                    *Closing.objects.filter(case=case),
                ]
            ]

    # Export --------------------------------------------------------------------------------------

    def export_rows(self):
        cases = (
            Case.objects.filter(station=self.station, room__in=self.rooms)
            .select_related("room", "resident", "worker", "supervisor", "intake", "closing")
            .prefetch_related("transitions")
            .order_by("room__order", "number", "pk")
        )
        labels = {
            "source": dict(Source.choices),
            "risk": dict(RiskLevel.choices),
            "stage": dict(Stage.choices),
            "reason": dict(ClosingReason.choices),
        }
        for case in cases.iterator(chunk_size=200):
            closing = getattr(case, "closing", None)
            ended = case.stage in (Stage.CLOSING, Stage.CLOSED, Stage.FOLLOW_UP)
            yield [
                case.room.name,
                case.number,
                case.resident.real_name,
                case.resident.id_number,
                str(case.worker),
                str(case.supervisor) if case.supervisor_id else "",
                str(labels["source"][case.source]),
                case.referring_unit,
                case.presenting_problem,
                str(labels["risk"][case.risk_level]),
                _intake_date(case),
                case.opened_on,
                str(labels["stage"][case.stage]),
                _stage_on(case),
                case.closed_on,
                str(labels["reason"][closing.reason]) if ended and closing else "",
                term_labels_text(self, "service_areas", case.service_areas),
                term_labels_text(self, "target_populations", case.target_populations),
            ]


def _intake_date(case):
    intake = getattr(case, "intake", None)
    day = intake.intake_date if intake else timezone.localdate(case.created_at)
    return min(day, case.opened_on) if case.opened_on else day


def _stage_on(case):
    """The day the case reached its stage: the last step into it in the stage log (an ended
    case: its closing date), never before the opening or, in follow-up, the closing."""
    if case.stage in (Stage.CLOSED, Stage.REFERRED, Stage.NOT_ACCEPTED):
        return case.closed_on
    steps = [step for step in case.transitions.all() if step.to_stage == case.stage]
    if not steps:
        return None
    day = steps[-1].happened_on or timezone.localdate(steps[-1].at)
    floors = [case.opened_on, case.closed_on if case.stage == Stage.FOLLOW_UP else None]
    return max([day, *filter(None, floors)])
