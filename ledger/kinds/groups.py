"""`groups`: the 小组台账 as a station keeps it in Excel, one row per session: the group's columns
(room, name, type, start and end date) repeated on each of its rows, then the session (number,
date, start time, minutes, theme, place, facilitator) and the members who attended, listed in one
cell and separated by 、: a resident by name (in the group's room), a volunteer as 志愿者:姓名, a
staff member as 工作人员:姓名. A person joins the group at its first session in the file.

A group is found again by room, name and start date (created approved: its plan was approved on
paper), a session by its group and number: an identical session is unchanged, a different one
refused. Written by `groups.services.group_back_enter` and `session_back_enter`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import Group, GroupSession, GroupType
from groups.services import group_back_enter, session_back_enter
from ledger.kinds.people import StationPeople, staff_column
from ledger.spec import (
    DATE,
    DEFAULT_START,
    INTEGER,
    MULTI_SEPARATORS,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    local_moment,
    minutes_column,
    pick,
    room_column,
    row_problems,
    service_areas_column,
    start_time_column,
    target_populations_column,
    term_labels_text,
)
from stations.models import Resident
from volunteers.models import Volunteer

VOLUNTEER, STAFF = "志愿者", "工作人员"
PREFIX_SEPARATORS = (":", "：")

# What finds a row's group again, and what every row of one group must say alike.
GROUP_KEY = ("room", "name", "start_date")
GROUP_SHAPE = ("group_type", "end_date", "service_areas", "target_populations")


class GroupsKind(StationPeople, LedgerKind):
    name = "groups"
    title = gettext_lazy("小组")
    columns = [
        room_column(gettext_lazy("站级小组留空（驻站社工导入）")),
        Column(
            "name",
            gettext_lazy("小组名称"),
            required=True,
            max_length=120,
            example="长者健康互助小组",
        ),
        choice_column(
            "group_type",
            gettext_lazy("小组类型"),
            GroupType,
            required=True,
            example="支持小组",
        ),
        Column(
            "start_date",
            gettext_lazy("开始日期"),
            ("小组开始日期",),
            required=True,
            type=DATE,
            example="2022-03-01",
        ),
        Column(
            "end_date",
            gettext_lazy("结束日期"),
            ("小组结束日期",),
            type=DATE,
            help=gettext_lazy("小组已结束时填写"),
            example="2022-05-31",
        ),
        Column(
            "number", gettext_lazy("节次"), ("第几节",), required=True, type=INTEGER, example="1"
        ),
        Column(
            "date",
            gettext_lazy("活动日期"),
            ("节次日期", "日期"),
            required=True,
            type=DATE,
            future=True,
            help=gettext_lazy("已排期的节次可晚于今天（没有出席组员）"),
            example="2022-03-08",
        ),
        start_time_column(),
        minutes_column(("时长",), required=True, example="90"),
        Column("theme", gettext_lazy("主题"), ("本节主题",), max_length=200, example="相识"),
        Column("place", gettext_lazy("地点"), max_length=200, example="村活动室"),
        staff_column("facilitator", gettext_lazy("带领社工"), ("带领者",)),
        Column(
            "attendees",
            gettext_lazy("出席组员"),
            ("签到组员", "出席人员"),
            max_length=5000,
            help=gettext_lazy("用“、”分隔；志愿者写“志愿者:姓名”，工作人员写“工作人员:姓名”"),
            example="王秀英、李德福、志愿者:张明",
        ),
        service_areas_column(help=gettext_lazy("小组的服务领域，可填多个，用顿号“、”分隔")),
        target_populations_column(help=gettext_lazy("小组的服务人群，可填多个，用顿号“、”分隔")),
    ]
    instructions = [
        gettext_lazy(
            "每行一节小组活动；同一小组的各节写在多行，小组名称、类型、开始日期、服务领域、服务人群每行相同。第一行是表头。"
        ),
        gettext_lazy(
            "出席组员写在一格中，用“、”分隔：服务对象写姓名（在小组所属社工室中查找），志愿者写“志愿者:姓名”，工作人员写“工作人员:姓名”。首次出现的人员加入小组。"
        ),
        gettext_lazy(
            "导入的小组视为计划书已经督导纸质批准；节次日期不能早于小组开始日期；已排期、尚未开始的节次不填出席组员。"
        ),
        gettext_lazy(
            "按社工室、小组名称和开始日期找到已有小组，按节次找到已有的一节：相同的跳过，不同的请在系统中修改。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._groups = {}  # (room pk, name, start) → group or None
        self._shape = {}  # (room pk, name, start) → (type, end, first row)
        self._seen = {}

    # One row -----------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = self.resolve_room(values, station_wide=True)
        if values["end_date"] and values["end_date"] < values["start_date"]:
            problems.append(("end_date", _("结束日期不能早于开始日期。")))
        day = values["date"]
        if day < values["start_date"]:
            problems.append(("date", _("节次日期不能早于小组的开始日期。")))
        if values["number"] is not None and not 1 <= values["number"] <= 500:
            problems.append(("number", _("节次须在 1 到 500 之间。")))
        if values["minutes"] is not None and not 0 < values["minutes"] <= 24 * 60:
            problems.append(("minutes", _("一节须长于 0 分钟、不超过 24 小时。")))
        start = local_moment(day, values["start"] or DEFAULT_START)
        values["names"] = _split(values["attendees"] or "")
        if start > timezone.now() and values["names"]:
            problems.append(("attendees", _("尚未开始的节次不能有出席组员。")))
        if problems:
            raise RowError(problems)
        values["starts_at"] = start
        values["theme"] = values["theme"] or ""
        values["place"] = values["place"] or ""
        return values

    # People ------------------------------------------------------------------------------------

    def _attendees(self, values) -> list[dict]:
        rooms = [values["room"]] if values["room"] else self.rooms
        people, problems = [], []
        for name in values["names"]:
            prefix, _sep, rest = _prefixed(name)
            try:
                if prefix == VOLUNTEER:
                    people.append({"volunteer": self._volunteer(rest, rooms)})
                elif prefix == STAFF:
                    people.append({"user": self.staff_for("attendees", rest)})
                else:
                    people.append({"resident": self._resident(name, rooms)})
            except RowError as error:
                problems += [(key, f"{name}：{message}") for key, message in error.problems]
        if problems:
            raise RowError(problems)
        unique = []
        for person in people:
            if person not in unique:
                unique.append(person)
        return unique

    def _resident(self, name, rooms):
        cache = self._people_cache()
        key = ("resident", tuple(room.pk for room in rooms), name)
        if key not in cache:
            cache[key] = list(Resident.objects.filter(room__in=rooms, real_name=name)[:2])
        found = cache[key]
        if len(found) != 1:
            raise RowError(
                [
                    (
                        "attendees",
                        _("在小组所属社工室有重名的服务对象。")
                        if found
                        else _("在小组所属社工室没有找到这位服务对象。"),
                    )
                ]
            )
        return found[0]

    def _volunteer(self, name, rooms):
        cache = self._people_cache()
        key = ("volunteer", name)
        if key not in cache:
            cache[key] = list(Volunteer.objects.filter(station=self.station, real_name=name)[:2])
        found = cache[key]
        if len(found) != 1:
            raise RowError(
                [
                    (
                        "attendees",
                        _("本站有重名的志愿者。") if found else _("本站没有登记这位志愿者。"),
                    )
                ]
            )
        return found[0]

    # Groups and sessions -----------------------------------------------------------------------

    def _key(self, values):
        room = values["room"]
        return (room.pk if room else None, values["name"], values["start_date"])

    def _group(self, values):
        key = self._key(values)
        if key not in self._groups:
            self._groups[key] = Group.objects.filter(
                station=self.station, **pick(values, GROUP_KEY)
            ).first()
        return self._groups[key]

    def _session_problem(self, group, values):
        if group is None:
            return None
        session = GroupSession.objects.filter(group=group, number=values["number"]).first()
        if session is None:
            return None
        same = (
            session.starts_at == values["starts_at"]
            and session.ends_at
            == values["starts_at"] + datetime.timedelta(minutes=values["minutes"])
            and set(_person_keys(session)) == set(_attendee_keys(values["people"]))
        )
        return (
            "same"
            if same
            else _("本小组已有第 %(number)s 节，内容不同：请在系统中修改。")
            % {"number": values["number"]}
        )

    def _prepare(self, number, values):
        """People, facilitator and the group's consistency across rows; RowError."""
        values["people"] = self._attendees(values)
        values["facilitator_user"] = self.staff_in(values, "facilitator")
        key = self._key(values)
        shape = tuple(pick(values, GROUP_SHAPE).values())
        first = self._shape.setdefault(key, (*shape, number))
        if first[:-1] != shape:
            raise RowError(
                [
                    (
                        "group_type",
                        _("与第 %(row)d 行同一小组，类型、结束日期、服务领域或服务人群不同。")
                        % {"row": first[-1]},
                    )
                ]
            )
        seen = self._seen.setdefault((key, values["number"]), number)
        if seen != number:
            raise RowError([("number", _("与第 %(row)d 行是同一节。") % {"row": seen})])

    def check_chunk(self, rows):
        for number, values in rows:
            try:
                self._prepare(number, values)
            except RowError as error:
                for key, message in error.problems:
                    yield number, key, message
                continue
            problem = self._session_problem(self._group(values), values)
            if problem and problem != "same":
                yield number, "number", problem

    def write_chunk(self, rows, outcome):
        for number, values in rows:
            self._prepare(number, values)
            group = self._group(values)
            try:
                if group is None:
                    group = group_back_enter(
                        station=self.station,
                        **pick(values, GROUP_KEY),
                        **pick(values, GROUP_SHAPE),
                        by=self.user,
                    )
                    self._groups[self._key(values)] = group
                    outcome.written.append((group, "created"))
                if self._session_problem(group, values) == "same":
                    outcome.unchanged += 1
                    continue
                session, joined, signed = session_back_enter(
                    group=group,
                    number=values["number"],
                    starts_at=values["starts_at"],
                    ends_at=values["starts_at"] + datetime.timedelta(minutes=values["minutes"]),
                    theme=values["theme"],
                    place=values["place"],
                    facilitator=values["facilitator_user"],
                    attendees=values["people"],
                    by=self.user,
                )
            except ValidationError as error:
                message = "；".join(message for _key, message in row_problems(error, {}))
                raise ValidationError(
                    _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
                ) from None
            outcome.created += 1
            outcome.written += [(session, "created")]
            outcome.written += [(member, "created") for member in joined]
            outcome.written += [(attendance, "created") for attendance in signed]

    # Export ------------------------------------------------------------------------------------

    def export_rows(self):
        from django.db.models import Q

        scope = Q(group__room__in=self.rooms)
        if self.rooms and self.user and (self.user.is_superuser or _station_staff(self.user)):
            scope |= Q(group__room__isnull=True)
        sessions = (
            GroupSession.objects.filter(scope, group__station=self.station)
            .select_related("group__room", "facilitator")
            .prefetch_related(
                "attendances__member__resident",
                "attendances__member__user",
                "attendances__member__volunteer",
            )
            .order_by("group__room__order", "group__start_date", "group__pk", "number")
        )
        types = dict(GroupType.choices)
        for session in sessions.iterator(chunk_size=200):
            group = session.group
            start = timezone.localtime(session.starts_at)
            yield [
                group.room.name if group.room else "",
                group.name,
                str(types[group.group_type]),
                group.start_date,
                group.end_date,
                session.number,
                start.date(),
                start.strftime("%H:%M"),
                int((session.ends_at - session.starts_at).total_seconds() // 60),
                session.theme,
                session.place,
                str(session.facilitator) if session.facilitator_id else "",
                "、".join(_written(attendance.member) for attendance in session.attendances.all()),
                term_labels_text(self, "service_areas", group.service_areas),
                term_labels_text(self, "target_populations", group.target_populations),
            ]


def _station_staff(user) -> bool:
    from stations.access import is_station_staff

    return is_station_staff(user)


def _split(text) -> list[str]:
    parts = [text]
    for separator in MULTI_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    return [part.strip() for part in parts if part.strip()]


def _prefixed(name) -> tuple[str, str, str]:
    for separator in PREFIX_SEPARATORS:
        prefix, found, rest = name.partition(separator)
        prefix = {"volunteer": VOLUNTEER, "staff": STAFF}.get(
            prefix.strip().lower(), prefix.strip()
        )
        if found and prefix in (VOLUNTEER, STAFF):
            return prefix, found, rest.strip()
    return "", "", name


def _written(member) -> str:
    if member.resident_id:
        return member.resident.real_name
    if member.user_id:
        return f"{STAFF}:{member.user}"
    return f"{VOLUNTEER}:{member.volunteer.real_name if member.volunteer_id else member.volunteer_name}"


def _person_keys(session):
    return [
        (attendance.member.resident_id, attendance.member.user_id, attendance.member.volunteer_id)
        for attendance in session.attendances.select_related("member")
    ]


def _attendee_keys(people):
    return [
        (
            getattr(person.get("resident"), "pk", None),
            getattr(person.get("user"), "pk", None),
            getattr(person.get("volunteer"), "pk", None),
        )
        for person in people
    ]
