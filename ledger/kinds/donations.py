"""`donations`: the charity fund's 收支台账 — donations received and payouts made — in one sheet.

Why one sheet: a station keeps its fund's income and spending as one register in date order, the
payout lines (one per beneficiary, the 发放花名册) under the payout they belong to; the import
reads a file's first sheet, and a payout can only spend what the donations above it brought in.
The 收支 column says which a row is: 捐赠 rows fill the donor columns; 支出 rows the payout and
beneficiary columns, one row per beneficiary, the rows of one payout (same 支出编号) together.

Funds and projects are set up on the site (their committee approves spending) and are named here.
A donation is found again by its receipt number, or without one by fund, date, form, amount and
donor; a payout by fund and number. Both are fixed once recorded (the ledger is append-only): a
row that differs from what is recorded is refused. A past payout was approved on paper: the
审批人 column names the committee member who signed it (never the importer, as on the site);
the importer drafts and applies it on its own date. Writes go through `charity.services`
(`donation_record`, `disbursement_create`, `disbursement_approve`, `disbursement_apply`,
`receipt_record`) and `organizations.services.partner_create` for a new donor unit.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charity import services
from charity.models import (
    Beneficiary,
    CharityProject,
    Disbursement,
    DisbursementStatus,
    Donation,
    DonorType,
    Form,
    Fund,
    LedgerEntry,
    signed_amount,
)
from ledger.spec import (
    DATE,
    ID_NUMBER_ALIASES,
    INTEGER,
    MONEY,
    YESNO,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    lookup_hash,
    previous_values,
    record_date_column,
    row_problems,
)
from organizations.services import partner_create
from stations.models import Household, PartnerKind, PartnerUnit, Resident

DONATION, PAYOUT = "donation", "payout"
ENTRIES = [(DONATION, gettext_lazy("捐赠")), (PAYOUT, gettext_lazy("支出"))]
RECEIPT_METHODS = Beneficiary._meta.get_field("receipt_method").choices
DONATION_COLUMNS = ("donor", "receipt_number")
PAYOUT_COLUMNS = ("number", "purpose", "approver")
# What recording a receipt writes on a beneficiary line (an undo puts them back).
RECEIPT_FIELDS = ("received_on", "signed_by", "receipt_method", "receipt_recorded_by")


class DonationsKind(LedgerKind):
    name = "donations"
    title = gettext_lazy("捐赠与支出")
    columns = [
        choice_column(
            "entry",
            gettext_lazy("收支"),
            ENTRIES,
            ("类别", "收支类别"),
            required=True,
            example="捐赠",
        ),
        Column(
            "fund", gettext_lazy("基金"), ("基金名称",), required=True, example="陈仓镇社区基金"
        ),
        Column(
            "project",
            gettext_lazy("慈善项目"),
            ("项目", "定向项目"),
            help=gettext_lazy("支出必填；定向捐赠填写"),
        ),
        record_date_column(gettext_lazy("日期"), ("捐赠日期", "发放日期"), "2022-05-01"),
        choice_column(
            "form",
            gettext_lazy("形式"),
            Form,
            ("捐赠形式", "支出形式"),
            help=gettext_lazy("留空为资金"),
            example="资金",
        ),
        Column(
            "amount",
            gettext_lazy("金额/估值（元）"),
            ("金额", "金额（元）", "支出金额"),
            required=True,
            type=MONEY,
            help=gettext_lazy("物资填折合人民币估值；支出填这笔支出的总额（每行相同）"),
            example="5000.00",
        ),
        Column("items", gettext_lazy("物资名称"), max_length=200),
        Column("quantity", gettext_lazy("数量"), type=INTEGER),
        Column("unit", gettext_lazy("单位"), max_length=10),
        choice_column(
            "donor_type",
            gettext_lazy("捐赠方类型"),
            DonorType,
            help=gettext_lazy("留空为个人"),
            example="个人",
        ),
        Column(
            "donor",
            gettext_lazy("捐赠方"),
            ("捐赠人", "捐赠单位"),
            max_length=100,
            help=gettext_lazy("个人姓名或单位名称；本站没有的单位导入时登记为共建单位"),
            example="李善人",
        ),
        Column("name_consent", gettext_lazy("同意公开署名"), type=YESNO, example="否"),
        Column("receipt_number", gettext_lazy("捐赠票据号"), ("票据号",), max_length=50),
        Column("number", gettext_lazy("支出编号"), max_length=30, help=gettext_lazy("支出必填")),
        Column("purpose", gettext_lazy("用途"), max_length=200, help=gettext_lazy("支出必填")),
        Column(
            "approver",
            gettext_lazy("审批人"),
            help=gettext_lazy(
                "支出必填：在纸面上审批的管委会成员（系统用户名或姓名），不能是导入人"
            ),
        ),
        Column("beneficiary_room", gettext_lazy("受助人社工室")),
        Column("beneficiary_name", gettext_lazy("受助人姓名"), ("受助人",), max_length=50),
        Column("beneficiary_id", gettext_lazy("受助人身份证号"), ID_NUMBER_ALIASES, max_length=40),
        Column("household", gettext_lazy("受助家庭"), ("户名",), max_length=100),
        Column("share", gettext_lazy("受助金额/估值（元）"), ("受助金额",), type=MONEY),
        Column("share_items", gettext_lazy("发放物资"), max_length=200),
        Column("received_on", gettext_lazy("签收日期"), type=DATE),
        Column("signed_by", gettext_lazy("签收人"), max_length=50),
        choice_column(
            "receipt_method",
            gettext_lazy("签收方式"),
            RECEIPT_METHODS,
        ),
        Column("notes", gettext_lazy("备注")),
    ]
    instructions = [
        gettext_lazy(
            "每行一笔捐赠或一位受助对象的发放；“收支”说明是哪一种。基金和慈善项目须先在系统中设立。"
        ),
        gettext_lazy(
            "支出按受助对象一人一行，同一笔支出的各行支出编号、金额、审批人相同，且须连在一起；支出须排在为它筹款的捐赠之后。"
        ),
        gettext_lazy(
            "受助人按身份证号查找；没有身份证号时按姓名在您的社工室中查找，也可以填受助家庭的户名。"
        ),
        gettext_lazy(
            "已登记的捐赠和支出不能修改：再次导入时相同的跳过，不同的报错（请在系统中冲正）。"
        ),
        gettext_lazy("金额以元为单位，最多两位小数。不要合并单元格，不要使用公式。"),
    ]
    chunk_size = 500

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.room_ids = {room.pk for room in self.rooms}
        self._funds = {}
        self._projects = {}
        self._approvers = {}
        self._payouts = {}  # number → (first row, total, fund pk), for the rows of one payout
        self._last_number = None
        self._held = []  # the rows of the last payout of a chunk: it may go on in the next one

    # One row -------------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = []
        donation = values["entry"] == DONATION
        values["form"] = values["form"] or Form.CASH
        needed = DONATION_COLUMNS[:1] if donation else ("project", *PAYOUT_COLUMNS)
        for key in needed:
            if not values[key]:
                problems.append((key, _("本类别必填，不能为空。")))
        if values["form"] == Form.IN_KIND and donation and not values["items"]:
            problems.append(("items", _("物资捐赠请填写物资名称。")))
        values["beneficiary_hash"], found = lookup_hash("beneficiary_id", values["beneficiary_id"])
        problems += found
        person = values["beneficiary_name"] or values["beneficiary_id"] or values["household"]
        if not donation and person and not values["share"]:
            problems.append(("share", _("请填写受助金额。")))
        if values["received_on"] and values["received_on"] < values["date"]:
            problems.append(("received_on", _("签收日期不能早于发放日期。")))
        if problems:
            raise RowError(problems)
        values["donor_type"] = values["donor_type"] or DonorType.INDIVIDUAL
        values["person"] = bool(person)
        for name in ("items", "unit", "receipt_number", "purpose", "share_items", "notes"):
            values[name] = values[name] or ""
        values["signed_by"] = values["signed_by"] or ""
        values["receipt_method"] = values["receipt_method"] or ""
        return values

    # Looking things up ---------------------------------------------------------------------------

    def _fund(self, name):
        if name not in self._funds:
            self._funds[name] = Fund.objects.filter(station=self.station, name=name).first()
        fund = self._funds[name]
        if fund is None:
            raise RowError([("fund", _("本站没有这个基金：请先在系统中设立。"))])
        return fund

    def _project(self, fund, title):
        if not title:
            return None
        key = (fund.pk, title)
        if key not in self._projects:
            self._projects[key] = CharityProject.objects.filter(fund=fund, title=title).first()
        if self._projects[key] is None:
            raise RowError([("project", _("该基金没有这个慈善项目：请先在系统中设立。"))])
        return self._projects[key]

    def _approver(self, fund, name):
        key = (fund.pk, name)
        if key not in self._approvers:
            members = fund.committee_members.annotate(
                written_name=Concat("last_name", "first_name")
            ).filter(Q(username=name) | Q(written_name=name))
            self._approvers[key] = list(members[:2])
        found = self._approvers[key]
        if len(found) != 1:
            raise RowError([("approver", _("审批人须是该基金管委会中的一位系统用户。"))])
        if found[0].pk == self.user.pk:
            raise RowError([("approver", _("申请人不能审批自己提交的支出：请由其他人导入。"))])
        return found[0]

    def _beneficiary(self, values) -> dict:
        """{"resident": …} or {"household": …} in the importer's rooms; RowError otherwise."""
        rooms = list(self.rooms)
        if values["beneficiary_room"]:
            rooms = [self.room_for(values["beneficiary_room"])]
        if values["household"] and not values["beneficiary_name"]:
            households = list(
                Household.objects.filter(room__in=rooms, name=values["household"])[:2]
            )
            if len(households) != 1:
                raise RowError([("household", _("在您的社工室没有找到这个家庭户（或有重名）。"))])
            return {"household": households[0]}
        residents = Resident.objects.filter(room__in=rooms)
        if values["beneficiary_hash"]:
            residents = residents.filter(id_number_hash=values["beneficiary_hash"])
        else:
            residents = residents.filter(real_name=values["beneficiary_name"])
        found = list(residents[:2])
        if len(found) != 1:
            message = (
                _("在您的社工室有重名的服务对象：请填写身份证号。")
                if found
                else _("在您的社工室没有找到这位服务对象。")
            )
            raise RowError([("beneficiary_name", message)])
        return {"resident": found[0]}

    def _existing_donation(self, fund, values, partner):
        donations = Donation.objects.filter(fund=fund)
        if values["receipt_number"]:
            return donations.filter(receipt_number=values["receipt_number"]).first()
        donor = (
            Q(donor_partner=partner)
            if values["donor_type"] == DonorType.PARTNER
            else Q(donor_name=values["donor"])
        )
        return (
            donations.filter(
                donor,
                receipt_number="",
                donated_on=values["date"],
                form=values["form"],
                amount=values["amount"],
            )
            .order_by("pk")
            .first()
        )

    def _partner(self, name):
        return PartnerUnit.objects.filter(station=self.station, name=name).first()

    # Checking ------------------------------------------------------------------------------------

    def check_chunk(self, rows):
        for number, values in rows:
            try:
                problems = list(self._check_row(number, values))
            except RowError as error:
                problems = error.problems
            for key, message in problems:
                yield number, key, message

    def _check_row(self, number, values):
        fund = self._fund(values["fund"])
        project = self._project(fund, values["project"])
        if values["entry"] == DONATION:
            self._last_number = None
            partner = self._partner(values["donor"])
            existing = self._existing_donation(fund, values, partner)
            if existing is not None and (
                existing.donated_on != values["date"]
                or existing.amount != values["amount"]
                or existing.form != values["form"]
                or existing.project_id != (project.pk if project else None)
            ):
                yield "receipt_number", _("这张票据已登记为另一笔捐赠：已登记的捐赠不能修改。")
            return
        self._approver(fund, values["approver"])
        if not services.can_manage_ledger(self.user, fund):
            yield "entry", _("只有驻站社工或基金管委会成员可以导入支出。")
            return
        payout = self._payouts.get(values["number"])
        if payout is None:
            self._payouts[values["number"]] = [number, values["amount"], fund.pk, Decimal(0)]
            payout = self._payouts[values["number"]]
        elif self._last_number != values["number"]:
            yield (
                "number",
                _("同一笔支出的各行须连在一起（见第 %(row)d 行）。") % {"row": payout[0]},
            )
        elif payout[1] != values["amount"] or payout[2] != fund.pk:
            yield "amount", _("与第 %(row)d 行同一笔支出的金额或基金不同。") % {"row": payout[0]}
        self._last_number = values["number"]
        if values["person"]:
            line = self._beneficiary(values)
            payout[3] += values["share"]
            if payout[3] > payout[1]:
                yield "share", _("受助对象分配金额合计超过本次支出金额。")
        existing = Disbursement.objects.filter(fund=fund, number=values["number"]).first()
        if existing is None:
            if project.start_date > values["date"]:
                yield "date", _("发放日期早于项目开始日期 %(day)s。") % {"day": project.start_date}
            return
        if existing.amount != values["amount"] or existing.project_id != project.pk:
            yield "number", _("这个支出编号已登记为另一笔支出：已登记的支出不能修改。")
        elif values["person"] and not existing.beneficiaries.filter(**line).exists():
            yield "beneficiary_name", _("已登记的支出不能增加受助对象。")

    # Writing -------------------------------------------------------------------------------------

    def write_chunk(self, rows, outcome):
        for number, values in rows:
            if values["entry"] == DONATION:
                self._write_payout(outcome)
                self._write_donation(number, values, outcome)
            else:
                if self._held and self._held[0][1]["number"] != values["number"]:
                    self._write_payout(outcome)
                self._held.append((number, values))

    def finish(self, outcome):
        self._write_payout(outcome)

    def _fail(self, number, error):
        if isinstance(error, PermissionDenied):
            message = str(error) or _("没有权限。")
        else:
            message = "；".join(message for _key, message in row_problems(error, {}))
        raise ValidationError(
            _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
        ) from None

    def _write_donation(self, number, values, outcome):
        fund = self._fund(values["fund"])
        partner = None
        if values["donor_type"] == DonorType.PARTNER:
            partner = self._partner(values["donor"])
            if partner is None:
                partner = partner_create(
                    station=self.station,
                    data={"name": values["donor"], "kind": PartnerKind.ENTERPRISE},
                    by=self.user,
                )
                outcome.written.append((partner, "created"))
        if self._existing_donation(fund, values, partner) is not None:
            outcome.unchanged += 1
            return
        try:
            donation = services.donation_record(
                fund=fund,
                by=self.user,
                project=self._project(fund, values["project"]),
                form=values["form"],
                amount=values["amount"],
                items=values["items"],
                quantity=values["quantity"],
                unit=values["unit"],
                donor_type=values["donor_type"],
                donor_partner=partner,
                donor_name="" if partner else values["donor"],
                name_consent=bool(values["name_consent"]),
                receipt_number=values["receipt_number"],
                donated_on=values["date"],
                notes=values["notes"],
            )
        except ValidationError as error:
            self._fail(number, error)
        outcome.created_record(donation)
        outcome.written += [(entry, "created") for entry in donation.entries.all()]

    def _write_payout(self, outcome):
        rows, self._held = self._held, []
        if not rows:
            return
        number, first = rows[0]
        fund = self._fund(first["fund"])
        existing = Disbursement.objects.filter(fund=fund, number=first["number"]).first()
        try:
            if existing is None:
                self._create_payout(fund, rows, outcome)
            else:
                self._receipts(existing, rows, outcome)
        except (ValidationError, PermissionDenied) as error:
            self._fail(number, error)

    def _create_payout(self, fund, rows, outcome):
        first = rows[0][1]
        self._refuse_before_the_money(fund, first)
        lines = [
            {
                **self._beneficiary(values),
                "amount": values["share"],
                "items": values["share_items"],
            }
            for _number, values in rows
            if values["person"]
        ]
        disbursement = services.disbursement_create(
            fund=fund,
            project=self._project(fund, first["project"]),
            form=first["form"],
            amount=first["amount"],
            items=first["items"],
            purpose=first["purpose"],
            beneficiaries=lines,
            by=self.user,
            number=first["number"],
        )
        approver = self._approver(fund, first["approver"])
        services.disbursement_approve(disbursement=disbursement, by=approver)
        entry = services.disbursement_apply(
            disbursement=disbursement, by=self.user, on=first["date"]
        )
        outcome.written += [(disbursement, "created"), (entry, "created")]
        self._receipts(disbursement, rows, outcome, new=True)

    @staticmethod
    def _refuse_before_the_money(fund, values):
        """A payout is not dated before the fund held its amount: the donations (less what was
        spent) entered by the payout's date must cover it, in its form. The service checks the
        balance of today, with the projects' claims; this is the same money by the date."""
        held = LedgerEntry.objects.filter(
            fund=fund, form=values["form"], entry_date__lte=values["date"]
        ).aggregate(net=Sum(signed_amount(), default=Decimal(0)))["net"]
        if values["amount"] > held:
            raise ValidationError(
                _("发放日期 %(day)s 时基金的%(form)s只有 %(held)s 元，不够这笔支出：请核对日期。")
                % {
                    "day": values["date"].isoformat(),
                    "form": Form(values["form"]).label,
                    "held": f"{max(held, Decimal(0)):,.2f}",
                }
            )

    def _receipts(self, disbursement, rows, outcome, *, new=False):
        """Each row's line: its receipt recorded when the file has one and the line has none."""
        for _number, values in rows:
            if not values["person"]:
                if new:
                    outcome.created += 1
                else:
                    outcome.unchanged += 1
                continue
            line = disbursement.beneficiaries.get(**self._beneficiary(values))
            if new:
                outcome.written.append((line, "created"))
            receipt = values["received_on"] and not line.received_on
            previous = None
            if receipt and not new:
                previous = previous_values(line, RECEIPT_FIELDS)
            if receipt:
                line = services.receipt_record(
                    beneficiary=line,
                    received_on=values["received_on"],
                    signed_by=values["signed_by"],
                    receipt_method=values["receipt_method"],
                    by=self.user,
                )
            if new:
                outcome.created += 1
            elif receipt:
                outcome.updated_record(line, previous)
            else:
                outcome.unchanged += 1

    # Undo --------------------------------------------------------------------------------------

    @classmethod
    def undoing(cls):
        """Donations, approved payouts and ledger entries are append-only on the site; an
        undone import deletes the ones it brought in (and only while nothing else points at
        them: a reversal, a disclosure's project, another payout)."""
        import pgtrigger

        return pgtrigger.ignore(
            "charity.Donation:donation_not_deleted",
            "charity.Disbursement:disbursement_kept_once_approved",
            "charity.LedgerEntry:ledger_entry_append_only",
        )

    # Export ------------------------------------------------------------------------------------

    def export_rows(self):
        entries = dict(ENTRIES)
        forms = dict(Form.choices)
        donor_types = dict(DonorType.choices)
        methods = dict(RECEIPT_METHODS)
        reversed_entries = LedgerEntry.objects.filter(reverses__isnull=False).values("reverses_id")
        standing = ~Q(entries__pk__in=reversed_entries)
        donations = (
            Donation.objects.filter(standing, fund__station=self.station)
            .select_related("fund", "project", "donor_partner")
            .order_by("donated_on", "pk")
        )
        blank = [""] * 12
        for donation in donations.iterator(chunk_size=500):
            yield [
                str(entries[DONATION]),
                donation.fund.name,
                donation.project.title if donation.project else "",
                donation.donated_on,
                str(forms[donation.form]),
                donation.amount,
                donation.items,
                donation.quantity,
                donation.unit,
                str(donor_types[donation.donor_type]),
                donation.internal_donor_name
                if donation.donor_type == DonorType.PARTNER
                else donation.donor_name,
                "是" if donation.name_consent else "否",
                donation.receipt_number,
                *blank,
                donation.notes,
            ]
        payouts = (
            Disbursement.objects.filter(
                standing, fund__station=self.station, status=DisbursementStatus.APPLIED
            )
            .select_related("fund", "project", "approved_by")
            .order_by("applied_on", "pk")
        )
        for payout in payouts.iterator(chunk_size=100):
            lines = list(
                payout.beneficiaries.filter(
                    Q(resident__room__in=self.rooms) | Q(household__room__in=self.rooms)
                ).select_related("resident__room", "household__room")
            ) or [None]
            for line in lines:
                person = (line.resident or line.household) if line else None
                yield [
                    str(entries[PAYOUT]),
                    payout.fund.name,
                    payout.project.title,
                    payout.applied_on,
                    str(forms[payout.form]),
                    payout.amount,
                    payout.items,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    payout.number,
                    payout.purpose,
                    payout.approved_by.username,
                    person.room.name if person else "",
                    line.resident.real_name if line and line.resident else "",
                    line.resident.id_number if line and line.resident else "",
                    line.household.name if line and line.household else "",
                    line.amount if line else "",
                    line.items if line else "",
                    line.received_on if line else "",
                    line.signed_by if line else "",
                    str(methods.get(line.receipt_method, "")) if line else "",
                    "",
                ]
