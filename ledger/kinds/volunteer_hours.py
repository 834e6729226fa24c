"""`volunteer_hours`: past service hours of the station's volunteers.

A row names the volunteer by ID number (its hash) or by name and phone, within the station and the
importer's rooms; the service by the name of a volunteer project (created for the ledger when the
station has none of that name) or by the title and date of a community activity. The natural key
is the models' own: one record per volunteer and activity, or per volunteer, project and day.
Records go through `volunteers.services` (`record_create`, `record_confirm`, `record_correct`):
the same bounds on hours and dates as the forms, and the same change log. A row whose status is
confirmed is confirmed by the importer when the importer may confirm that service (the
organiser's room staff, station staff for station-wide services); otherwise it waits, pending.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from ledger.spec import (
    DATE,
    DECIMAL,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    id_number_column,
    local_moment,
    lookup_hash,
    phone_column,
    previous_values,
    record_date_column,
    row_problems,
)
from stations.access import is_station_staff
from stations.bounds import HOURS_IN_A_DAY, plain_number
from stations.identity import phone_hash
from stations.privacy import normalize_phone
from volunteers.models import (
    ProjectStatus,
    RecordStatus,
    ServiceRecord,
    Volunteer,
    VolunteerProject,
)
from volunteers.services import (
    can_confirm_record,
    project_create,
    record_confirm,
    record_create,
    validate_record,
)

# What confirming pending hours writes on a record (an undo puts them back).
CONFIRMATION_FIELDS = ("status", "confirmed_by", "confirmed_at", "confirmed_on")
IMPORTED_STATUSES = [
    (RecordStatus.CONFIRMED.value, str(RecordStatus.CONFIRMED.label)),
    (RecordStatus.RECORDED.value, str(RecordStatus.RECORDED.label)),
]


class VolunteerHoursKind(LedgerKind):
    name = "volunteer_hours"
    title = gettext_lazy("志愿服务时长")
    columns = [
        Column(
            "real_name",
            gettext_lazy("志愿者姓名"),
            ("姓名",),
            required=True,
            max_length=50,
            example="李志强",
        ),
        id_number_column(
            help=gettext_lazy("身份证号或联系电话至少填一项"), example="610303198805060015"
        ),
        phone_column(example="13891700001"),
        Column(
            "project",
            gettext_lazy("志愿服务项目"),
            ("服务项目", "项目名称"),
            max_length=120,
            help=gettext_lazy("项目或社区活动填一项；本站没有的项目导入时新建"),
            example="关爱独居老人志愿服务",
        ),
        Column(
            "activity",
            gettext_lazy("社区活动名称"),
            ("活动名称", "社区活动"),
            max_length=200,
            help=gettext_lazy("须是系统中已有的活动，按名称和服务日期查找"),
        ),
        record_date_column(gettext_lazy("服务日期"), ("日期",), "2022-03-05"),
        Column(
            "end_date",
            gettext_lazy("服务截止日期"),
            type=DATE,
            help=gettext_lazy("仅项目中连续多日的服务填写"),
        ),
        Column(
            "hours",
            gettext_lazy("服务时长（小时）"),
            ("服务时长", "时长", "小时数"),
            required=True,
            type=DECIMAL,
            help=gettext_lazy("不含往返路途时间；一天最多 24 小时"),
            example="2.5",
        ),
        Column(
            "content",
            gettext_lazy("服务内容"),
            required=True,
            max_length=300,
            example="入户探访独居老人",
        ),
        Column("place", gettext_lazy("服务地点"), ("地点",), max_length=200, example="联盟村"),
        choice_column(
            "status",
            gettext_lazy("状态"),
            IMPORTED_STATUSES,
            help=gettext_lazy("留空为已确认（您可确认该项目或活动时由您确认）"),
            example="已确认",
        ),
        Column(
            "confirmed_on",
            gettext_lazy("确认日期"),
            type=DATE,
            help=gettext_lazy("组织者确认（签字）的日期；留空为导入当天"),
            example="2022-03-31",
        ),
    ]
    instructions = [
        gettext_lazy("每行一条志愿服务记录；第一行是表头。志愿者须已在本站登记（先导入志愿者）。"),
        gettext_lazy("按身份证号查找志愿者；没有身份证号时按姓名和联系电话查找。"),
        gettext_lazy(
            "同一志愿者在同一活动只有一条记录，在同一项目每天一条：再次导入时时长有变化的更正，没有变化的跳过。"
        ),
        gettext_lazy(
            "状态为已确认的记录由导入人确认（须是该项目或活动所属社工室的社工，全站项目为驻站社工）；否则待组织者确认。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]
    FIELDS = {"volunteer": "real_name"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.room_ids = {room.pk for room in self.rooms}
        self._seen = {}
        self._projects = {}  # name → project (None: to be created by this import)
        self._activities = {}
        self._created_projects = set()  # by this import: they widen to cover its rows

    # One row -------------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = []
        if not values["id_number"] and not values["phone"]:
            problems.append(("id_number", _("身份证号或联系电话至少填一项。")))
        values["id_hash"], found = lookup_hash("id_number", values["id_number"])
        problems += found
        if values["phone"]:
            try:
                values["phone_hash"] = phone_hash(normalize_phone(values["phone"]))
            except ValidationError as error:
                problems += [("phone", message) for message in error.messages]
        else:
            values["phone_hash"] = ""
        if bool(values["project"]) == bool(values["activity"]):
            problems.append(("project", _("请填写志愿服务项目或社区活动名称（只填一项）。")))
        if values["hours"] is not None and values["hours"] <= 0:
            problems.append(("hours", _("服务时长必须大于0小时。")))
        days = ((values["end_date"] or values["date"]) - values["date"]).days + 1
        if values["end_date"] and values["end_date"] < values["date"]:
            problems.append(("end_date", _("截止日期不能早于服务日期。")))
        elif values["hours"] and values["hours"] > HOURS_IN_A_DAY * days:
            problems.append(
                ("hours", _("一天的服务时长不能超过 %(hours)d 小时。") % {"hours": HOURS_IN_A_DAY})
            )
        served = values["end_date"] or values["date"]
        if values["confirmed_on"] and values["confirmed_on"] < served:
            problems.append(
                (
                    "confirmed_on",
                    _("确认日期不能早于服务日期 %(day)s。") % {"day": served.isoformat()},
                )
            )
        if values["end_date"] and values["activity"]:
            problems.append(("end_date", _("只有志愿服务项目的记录可以跨日填写。")))
        if problems:
            raise RowError(problems)
        values["status"] = values["status"] or RecordStatus.CONFIRMED
        values["place"] = values["place"] or ""
        return values

    # Finding volunteers and services --------------------------------------------------------------

    def _volunteers(self, rows) -> dict:
        hashes = {values["id_hash"] for _number, values in rows if values["id_hash"]}
        phones = {values["phone_hash"] for _number, values in rows if values["phone_hash"]}
        found = Volunteer.objects.filter(station=self.station).filter(
            Q(id_number_hash__in=hashes) | Q(phone_hash__in=phones)
        )
        by_key = {}
        for volunteer in found:
            by_key[("id", volunteer.id_number_hash)] = volunteer
            by_key.setdefault(("phone", volunteer.real_name, volunteer.phone_hash), volunteer)
        return by_key

    def _volunteer(self, values, found):
        """The row's volunteer; RowError when not in the station or not in the importer's rooms."""
        if values["id_hash"]:
            volunteer = found.get(("id", values["id_hash"]))
        else:
            volunteer = found.get(("phone", values["real_name"], values["phone_hash"]))
        if volunteer is None or volunteer.room_id not in self.room_ids:
            raise RowError([("id_number", _("在您的社工室没有找到这位志愿者：请先导入志愿者。"))])
        if volunteer.real_name != values["real_name"]:
            raise RowError([("real_name", _("姓名与该证件号码登记的志愿者不一致。"))])
        return volunteer

    def _project(self, name):
        """The station's project of that name the importer may use; None if there is none yet."""
        if name not in self._projects:
            visible = Q(room__in=self.rooms)
            if is_station_staff(self.user) or self.user.is_superuser:
                visible |= Q(room__isnull=True)
            self._projects[name] = (
                VolunteerProject.objects.filter(visible, station=self.station, name=name)
                .order_by("pk")
                .first()
            )
        return self._projects[name]

    def _activity(self, title, day):
        """The station's activity of that title under way on `day` (one the importer may see)."""
        key = (title, day)
        if key not in self._activities:
            start = local_moment(day)
            activities = Activity.objects.filter(
                station=self.station,
                title=title,
                starts_at__lt=start + datetime.timedelta(days=1),
                ends_at__gte=start,
            )
            if not (is_station_staff(self.user) or self.user.is_superuser):
                activities = activities.filter(rooms__in=self.rooms)
            self._activities[key] = activities.order_by("starts_at", "pk").first()
        activity = self._activities[key]
        if activity is None:
            raise RowError(
                [("activity", _("本站这一天没有这个名称的社区活动（或不属于您的社工室）。"))]
            )
        return activity

    def _existing(self, volunteer, values, activity, project):
        if project is None and activity is None:
            return None
        records = ServiceRecord.objects.filter(volunteer=volunteer)
        if activity is not None:
            return records.filter(activity=activity).first()
        return records.filter(project=project, date=values["date"]).first()

    def _resolve(self, values, found):
        volunteer = self._volunteer(values, found)
        activity = (
            self._activity(values["activity"], values["date"]) if values["activity"] else None
        )
        project = self._project(values["project"]) if values["project"] else None
        return volunteer, activity, project

    # Checking and writing -------------------------------------------------------------------------

    def check_chunk(self, rows):
        found = self._volunteers(rows)
        for number, values in rows:
            try:
                volunteer, activity, project = self._resolve(values, found)
            except RowError as error:
                for key, message in error.problems:
                    yield number, key, message
                continue
            service = ("a", activity.pk) if activity else ("p", values["project"], values["date"])
            first = self._seen.setdefault((volunteer.pk, service), number)
            if first != number:
                yield number, "date", _("与第 %(row)d 行是同一条服务记录。") % {"row": first}
                continue
            if activity is None and (project is None or project.pk in self._created_projects):
                continue  # a project this import creates: the row's own bounds were checked
            existing = self._existing(volunteer, values, activity, project)
            if existing is not None and existing.hours != values["hours"]:
                yield (
                    number,
                    "hours",
                    _("已有这条记录，时长为 %(hours)s 小时：时长有误请在系统中提出异议后更正。")
                    % {"hours": plain_number(existing.hours)},
                )
                continue
            record = ServiceRecord(
                pk=existing.pk if existing else None,
                volunteer=volunteer,
                activity=activity,
                project=project,
                date=values["date"],
                end_date=values["end_date"],
                hours=values["hours"],
                content=values["content"],
            )
            try:
                validate_record(record)
            except ValidationError as error:
                for key, message in row_problems(error, self.FIELDS):
                    yield number, key, message

    def _new_project(self, values, volunteer):
        """A project for the ledger's rows of that name, over the days of this import's rows."""
        room = None if is_station_staff(self.user) or self.user.is_superuser else volunteer.room
        project = project_create(
            station=self.station,
            data={
                "room": room,
                "name": values["project"],
                "starts_on": values["date"],
                "ends_on": values["end_date"] or values["date"],
                "max_daily_hours": Decimal(HOURS_IN_A_DAY),
                "slots": 1,
                "status": ProjectStatus.CLOSED,
                "place": values["place"],
                "description": str(_("台账导入")),
            },
            by=self.user,
        )
        self._projects[values["project"]] = project
        self._created_projects.add(project.pk)
        return project

    def _widen(self, project, values):
        """A project this import created covers every day of its rows."""
        last = values["end_date"] or values["date"]
        if values["date"] < project.starts_on or last > project.ends_on:
            project.starts_on = min(project.starts_on, values["date"])
            project.ends_on = max(project.ends_on, last)
            project.save(update_fields=["starts_on", "ends_on"])

    def write_chunk(self, rows, outcome):
        found = self._volunteers(rows)
        for number, values in rows:
            volunteer, activity, project = self._resolve(values, found)
            if values["project"] and project is None:
                project = self._new_project(values, volunteer)
                outcome.written.append((project, "created"))
            elif project is not None and project.pk in self._created_projects:
                self._widen(project, values)
            existing = self._existing(volunteer, values, activity, project)
            try:
                if existing is None:
                    self._create(volunteer, activity, project, values, outcome)
                else:
                    self._update(existing, values, outcome)
            except ValidationError as error:
                message = "；".join(message for _key, message in row_problems(error, {}))
                raise ValidationError(
                    _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
                ) from None

    def _create(self, volunteer, activity, project, values, outcome):
        record = record_create(
            volunteer=volunteer,
            activity=activity,
            project=project,
            date=values["date"],
            end_date=values["end_date"],
            hours=values["hours"],
            content=values["content"],
            place=values["place"],
            by=self.user,
        )
        if values["status"] == RecordStatus.CONFIRMED and can_confirm_record(self.user, record):
            record = record_confirm(record=record, by=self.user, on=values["confirmed_on"])
        outcome.created_record(record)
        outcome.written += [(change, "created") for change in record.changes.all()]

    def _update(self, record, values, outcome):
        """The same record again: a pending one the importer may confirm is confirmed now."""
        pending = record.status == RecordStatus.RECORDED
        if not (
            values["status"] == RecordStatus.CONFIRMED
            and pending
            and can_confirm_record(self.user, record)
        ):
            outcome.unchanged += 1
            return
        known = set(record.changes.values_list("pk", flat=True))
        previous = previous_values(record, CONFIRMATION_FIELDS)
        record = record_confirm(record=record, by=self.user, on=values["confirmed_on"])
        outcome.updated_record(record, previous)
        outcome.written += [
            (change, "created") for change in record.changes.all() if change.pk not in known
        ]

    # Export ------------------------------------------------------------------------------------

    def export_rows(self):
        records = (
            ServiceRecord.objects.filter(
                volunteer__station=self.station, volunteer__room__in=self.rooms
            )
            .select_related("volunteer", "activity", "project")
            .order_by("volunteer__room__order", "volunteer__pk", "date", "pk")
        )
        labels = dict(IMPORTED_STATUSES)
        for record in records.iterator(chunk_size=500):
            # Disputed hours are not vouched for: they go out as pending, as they count.
            status = RecordStatus.CONFIRMED if record.is_counted else RecordStatus.RECORDED
            activity = record.activity
            yield [
                record.volunteer.real_name,
                record.volunteer.id_number,
                record.volunteer.phone,
                record.project.name if record.project_id else "",
                activity.title if activity else "",
                record.date,
                record.end_date,
                record.hours,
                record.content,
                record.place,
                labels[status],
                record.confirmed_on if record.is_counted else None,
            ]
