"""`organizations`: community social organizations, found again by their name in the station (the
model's unique constraint). A row without a room is a station-wide organization: only station
staff import those. The status rules are the model's own constraints."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.spec import (
    DATE,
    INTEGER,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    date_or_today_column,
    pick,
    room_column,
    row_problems,
    write_changes,
)
from organizations.models import Category, Organization, OrganizationStatus
from stations.access import is_station_staff
from stations.privacy import normalize_phone


class OrganizationsKind(LedgerKind):
    name = "organizations"
    title = gettext_lazy("社区社会组织")
    columns = [
        room_column(gettext_lazy("全镇性组织留空")),
        Column(
            "name",
            gettext_lazy("组织名称"),
            ("名称",),
            required=True,
            max_length=120,
            example="联盟村老年协会",
        ),
        choice_column(
            "category",
            gettext_lazy("类别"),
            Category,
            required=True,
            example="生活服务类",
        ),
        choice_column(
            "status",
            gettext_lazy("状态"),
            OrganizationStatus,
            help=gettext_lazy("留空为培育中"),
            example="已备案",
        ),
        date_or_today_column("incubation_started_on", gettext_lazy("开始培育日期")),
        Column("filed_on", gettext_lazy("备案日期"), type=DATE, example="2022-06-01"),
        Column("filing_number", gettext_lazy("备案编号"), max_length=50, example="JT-2022-001"),
        Column("registered_on", gettext_lazy("登记日期"), type=DATE),
        Column(
            "registration_number",
            gettext_lazy("登记证号/统一社会信用代码"),
            ("登记证号", "统一社会信用代码"),
            max_length=50,
        ),
        Column("dissolved_on", gettext_lazy("注销日期"), type=DATE),
        Column(
            "leader_name", gettext_lazy("负责人"), required=True, max_length=50, example="王德福"
        ),
        Column(
            "contact_phone",
            gettext_lazy("联系电话"),
            ("手机号", "电话"),
            max_length=30,
            example="13991700005",
        ),
        Column("member_count", gettext_lazy("成员人数"), type=INTEGER, example="25"),
        Column("service_area", gettext_lazy("服务领域/范围"), ("服务领域",), max_length=200),
        Column("description", gettext_lazy("简介")),
    ]
    instructions = [
        gettext_lazy("每行一个组织；同一组织名称再次导入时更新，不会重复登记。"),
        gettext_lazy(
            "已备案、已登记的组织须填写备案日期和备案编号；已登记的还须填写登记日期和登记证号；已注销的须填写注销日期。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]
    # What a row writes: every column but the room and the name (the organization's key).
    FIELDS = tuple(column.key for column in columns if column.key not in ("room", "name"))
    TEXT = ("filing_number", "registration_number", "contact_phone", "service_area", "description")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen = {}

    def clean_row(self, values):
        problems = self.resolve_room(values, station_wide=True)
        if values["contact_phone"]:
            try:
                values["contact_phone"] = normalize_phone(values["contact_phone"])
            except ValidationError as error:
                problems += [("contact_phone", message) for message in error.messages]
        if problems:
            raise RowError(problems)
        values["status"] = values["status"] or OrganizationStatus.INCUBATING
        values["incubation_started_on"] = values["incubation_started_on"] or self.today
        values["member_count"] = values["member_count"] or 0
        for name in self.TEXT:
            values[name] = values[name] or ""
        organization = Organization(
            station=self.station, room=values["room"], name=values["name"], **self._data(values)
        )
        try:
            organization.full_clean(exclude=["station", "room"], validate_unique=False)
        except ValidationError as error:
            # A rule across the status and its dates is the status column's problem.
            raise RowError(row_problems(error, {NON_FIELD_ERRORS: "status"})) from None
        return values

    def _data(self, values):
        return pick(values, self.FIELDS)

    def check_chunk(self, rows):
        existing = self._existing(rows)
        room_ids = {room.pk for room in self.rooms}
        for number, values in rows:
            first = self._seen.setdefault(values["name"], number)
            if first != number:
                yield number, "name", _("与第 %(row)d 行的组织名称相同。") % {"row": first}
                continue
            organization = existing.get(values["name"])
            if organization is None:
                continue
            outside = organization.room_id is None and not is_station_staff(self.user)
            if outside or (
                organization.room_id is not None and organization.room_id not in room_ids
            ):
                yield number, "name", _("本站已有同名组织，且不属于您的社工室。")

    def _existing(self, rows):
        names = [values["name"] for _number, values in rows]
        return {
            organization.name: organization
            for organization in Organization.objects.filter(station=self.station, name__in=names)
        }

    def write_chunk(self, rows, outcome):
        existing = self._existing(rows)
        for _number, values in rows:
            data = self._data(values)
            data["room"] = values["room"]
            organization = existing.get(values["name"])
            if organization is None:
                organization = Organization(station=self.station, name=values["name"], **data)
                organization.save()
                outcome.created_record(organization)
                continue
            write_changes(organization, data, outcome)

    def export_rows(self):
        from django.db.models import Q

        labels = self.choice_labels()
        organizations = (
            Organization.objects.filter(
                Q(room__in=self.rooms) | Q(room__isnull=True), station=self.station
            )
            .select_related("room")
            .order_by("pk")
        )
        for organization in organizations.iterator(chunk_size=500):
            yield [
                organization.room.name if organization.room else "",
                organization.name,
                labels["category"].get(organization.category, ""),
                labels["status"].get(organization.status, ""),
                organization.incubation_started_on,
                organization.filed_on,
                organization.filing_number,
                organization.registered_on,
                organization.registration_number,
                organization.dissolved_on,
                organization.leader_name,
                organization.contact_phone,
                organization.member_count,
                organization.service_area,
                organization.description,
            ]
