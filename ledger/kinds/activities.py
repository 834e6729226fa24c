"""`activities`: community activities (社区活动), found again by their room, title and start date.

A row names its rooms (several joined by 、; none for a station-wide activity, which only station
staff import), the series by name (created when the station has none of that name), the partner
units by name (added to the station's registry when new) and the community social organizations
that took part (`名称:服务人数`, from the organization registry: import those first). The five
forces (五社联动) are five tick columns.

`直接参与人数` is the activity's total of direct participants, as a paper ledger counts them: on
the site that total is the head count plus the residents signed in one by one, so the head count
stored is the total less the sign-ins (a file cannot sign residents in). Writes go through
`activities.services` (`activity_create`, `activity_update`, `series_create`) and
`organizations.services` (`partner_create`, `participation_create`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import (
    ACTIVITY_MAX_LENGTH,
    Activity,
    ActivitySeries,
    ActivityType,
)
from activities.services import activity_create, activity_update, can_edit_activity, series_create
from charity.models import CharityProject
from ledger.kinds.people import StationPeople
from ledger.spec import (
    DATE,
    DEFAULT_START,
    INTEGER,
    MULTI_SEPARATORS,
    TIME,
    YESNO,
    Column,
    LedgerKind,
    RowError,
    choice_column,
    local_moment,
    previous_values,
    room_column,
    row_problems,
    service_areas_column,
    target_populations_column,
    term_labels_text,
)
from organizations.models import Organization, OrganizationActivity
from organizations.services import participation_create, partner_create
from stations.access import is_station_staff
from stations.models import PartnerKind, PartnerUnit
from stations.vocabulary import SocialForce

# The tick column of each of the five forces, in the order of SocialForce.
FORCE_COLUMNS = {
    SocialForce.COMMUNITY: ("force_community", gettext_lazy("社区参与")),
    SocialForce.SOCIAL_WORKERS: ("force_social_workers", gettext_lazy("社工参与")),
    SocialForce.SOCIAL_ORGANIZATIONS: (
        "force_social_organizations",
        gettext_lazy("社会组织参与"),
    ),
    SocialForce.VOLUNTEERS: ("force_volunteers", gettext_lazy("志愿者参与")),
    SocialForce.CHARITY: ("force_charity", gettext_lazy("慈善资源参与")),
}
FIELDS = (
    "activity_type",
    "starts_at",
    "ends_at",
    "place",
    "series",
    "service_areas",
    "target_populations",
    "direct_participant_count",
    "indirect_beneficiaries",
    "social_forces",
    "content",
    "outcome",
    "resources_used",
)
MODEL_COLUMNS = {
    "starts_at": "start_date",
    "ends_at": "end_date",
    "direct_participant_count": "direct",
    "indirect_beneficiaries": "indirect",
    "rooms": "room",
    "__all__": "start_date",
}


def split_names(text) -> list[str]:
    """The names of a cell listing several (separated by 、 , ; in either width), in order."""
    parts = [text or ""]
    for separator in MULTI_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    names = []
    for part in (piece.strip() for piece in parts):
        if part and part not in names:
            names.append(part)
    return names


def local_time(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def partner_text(unit) -> str:
    """A partner unit as the file writes it: 名称（类别）."""
    return _("%(name)s（%(kind)s）") % {"name": unit.name, "kind": unit.get_kind_display()}


def partner_name_and_kind(text) -> tuple[str, str | None]:
    """(name, kind) of `名称（类别）` or `名称(类别)` whose 类别 is a PartnerKind label or code;
    (text, None) otherwise (a name that has brackets of its own, such as 某公司（宝鸡分公司）)."""
    kinds = {str(label): value for value, label in PartnerKind.choices}
    kinds.update({value: value for value in PartnerKind.values})
    for opening, closing in (("（", "）"), ("(", ")")):
        if not text.endswith(closing):
            continue
        # The category's own label may hold brackets (村（居）委会): try each opening from the left.
        start = text.find(opening)
        while start > 0:
            name, category = text[:start].strip(), text[start + 1 : -1].strip()
            if name and category in kinds:
                return name, kinds[category]
            start = text.find(opening, start + 1)
    return text, None


class ActivitiesKind(StationPeople, LedgerKind):
    name = "activities"
    title = gettext_lazy("社区活动")
    columns = [
        room_column(
            gettext_lazy("几个社工室联合举办时用顿号“、”分隔；全站活动留空"),
            ("所属社工室", "主办社工室"),
        ),
        Column(
            "title",
            gettext_lazy("活动名称"),
            ("活动主题",),
            required=True,
            max_length=200,
            example="重阳节敬老活动",
        ),
        choice_column(
            "activity_type",
            gettext_lazy("活动类型"),
            ActivityType,
            required=True,
            example="节庆",
        ),
        Column(
            "start_date",
            gettext_lazy("活动日期"),
            ("开始日期", "日期"),
            required=True,
            type=DATE,
            future=True,
            help=gettext_lazy("已安排的活动可填以后的日期，参与人数填 0"),
            example="2022-10-04",
        ),
        Column("start_time", gettext_lazy("开始时间"), type=TIME, example="09:00"),
        Column(
            "end_date",
            gettext_lazy("结束日期"),
            type=DATE,
            future=True,
            help=gettext_lazy("当天结束的活动留空"),
        ),
        Column(
            "end_time",
            gettext_lazy("结束时间"),
            type=TIME,
            help=gettext_lazy("留空为开始后 2 小时"),
            example="11:00",
        ),
        Column(
            "place", gettext_lazy("活动地点"), ("地点",), max_length=200, example="党群服务中心"
        ),
        Column(
            "series",
            gettext_lazy("所属系列/项目"),
            ("活动系列", "所属项目"),
            max_length=120,
            help=gettext_lazy("本站没有的系列导入时新建"),
        ),
        service_areas_column(),
        target_populations_column(),
        Column(
            "direct",
            gettext_lazy("直接参与人数"),
            ("参与人数", "参加人数"),
            type=INTEGER,
            help=gettext_lazy("全部直接参与者（含系统中已签到的服务对象）"),
            example="45",
        ),
        Column("indirect", gettext_lazy("间接受益人数"), ("受益人数",), type=INTEGER, example="20"),
        *[
            Column(key, header, type=YESNO, help=gettext_lazy("参与的填“是”或“√”"), example="是")
            for key, header in FORCE_COLUMNS.values()
        ],
        Column(
            "partner_units",
            gettext_lazy("合作单位"),
            ("共建单位",),
            help=gettext_lazy(
                "用顿号“、”分隔，可写成“名称（类别）”，如 联盟村委会（村（居）委会）；"
                "本站没有的单位导入时按所写类别登记（不写类别为“其他”）"
            ),
            example="陈仓镇卫生院（医院/卫生院）",
        ),
        Column(
            "charity_projects",
            gettext_lazy("资助的慈善项目"),
            ("慈善项目",),
            help=gettext_lazy(
                "资助这次活动的本站慈善项目名称，多个用顿号“、”分隔；须是已建立的项目；"
                "留空时不改动已关联的项目"
            ),
        ),
        Column(
            "organizations",
            gettext_lazy("参与的社区社会组织"),
            ("参与的社会组织", "社会组织"),
            help=gettext_lazy("写成“组织名称:服务人数”，多个用顿号“、”分隔；须是已登记的组织"),
            example="联盟村老年协会:30",
        ),
        Column(
            "organisers",
            gettext_lazy("组织社工"),
            ("组织者", "负责社工"),
            max_length=500,
            help=gettext_lazy(
                "组织这次活动的本站工作人员，写姓名或登录名，多个用顿号“、”分隔；留空时不改动已登记的组织社工"
            ),
            example="李娜",
        ),
        Column("content", gettext_lazy("活动内容"), ("活动简介",)),
        Column("outcome", gettext_lazy("活动成效"), ("成效",)),
        Column("resources_used", gettext_lazy("链接/使用的资源"), ("链接资源",)),
    ]
    instructions = [
        gettext_lazy(
            "每行一次活动；第一行是表头。同一社工室、同一名称、同一天的活动再次导入时更新，不会重复登记。"
        ),
        gettext_lazy("社工室留空为全站活动，只有驻站社工可以导入；社工室只能导入本社工室的活动。"),
        gettext_lazy(
            "直接参与人数是全部直接参与者；系统中已逐一签到的服务对象包含在内，不会重复计算。"
        ),
        gettext_lazy("参与的社区社会组织须先在“社区社会组织”台账中导入。"),
        gettext_lazy(
            "五社联动按记录统计：社工参与看“组织社工”，社区参与看类别为村（居）委会的合作单位，"
            "慈善资源看其他类别的合作单位（政府部门/事业单位除外）和资助的慈善项目；"
            "只打勾没有记录的不计入。"
        ),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]

    # Links that go with an imported activity when its batch is undone; a sign-in does not.
    owned_links = (
        Activity.rooms.through,
        Activity.partner_units.through,
        Activity.organisers.through,
        Activity.charity_projects.through,
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen = {}
        self._series = {}
        self._partners = {}
        self._projects = None  # the station's charity projects by title, read once
        self.staff = is_station_staff(self.user) or self.user.is_superuser
        self._created = set()  # activities this import created (counted once, when created)

    # One row -------------------------------------------------------------------------------------

    def clean_row(self, values):
        problems = []
        rooms = []
        names = split_names(values["room"])
        if names or self.default_room is not None or not self.staff:
            for name in names or [None]:
                try:
                    room = self.room_for(name)
                except RowError as error:
                    problems += error.problems
                    break
                if room not in rooms:
                    rooms.append(room)
        values["rooms"] = rooms
        try:
            values["starts_at"], values["ends_at"] = self._times(values)
        except RowError as error:
            problems += error.problems
        try:
            values["participations"] = self._participations(values["organizations"])
        except RowError as error:
            problems += error.problems
        if values["start_date"] > self.today and (values["direct"] or values["indirect"]):
            problems.append(("direct", _("还没有举办的活动不能填写参与人数。")))
        if problems:
            raise RowError(problems)
        values["social_forces"] = [
            force for force, (key, _header) in FORCE_COLUMNS.items() if values[key]
        ]
        values["partners"] = [
            partner_name_and_kind(name) for name in split_names(values["partner_units"])
        ]
        values["project_titles"] = split_names(values["charity_projects"])
        values["direct"] = values["direct"] or 0
        values["indirect"] = values["indirect"] or 0
        for name in ("place", "content", "outcome", "resources_used"):
            values[name] = values[name] or ""
        return values

    def _times(self, values):
        start = local_moment(values["start_date"], values["start_time"] or DEFAULT_START)
        if values["end_time"] is None and values["end_date"] is None:
            end = start + datetime.timedelta(hours=2)
        else:
            end = local_moment(
                values["end_date"] or values["start_date"],
                values["end_time"] or values["start_time"] or datetime.time(11, 0),
            )
        if end < start:
            raise RowError([("end_time", _("结束时间应晚于开始时间。"))])
        if end - start > ACTIVITY_MAX_LENGTH:
            raise RowError([("end_date", _("一次活动不超过 31 天：请核对结束日期。"))])
        return start, end

    def _participations(self, text) -> list[tuple[str, int]]:
        found = []
        for part in split_names(text):
            name, separator, count = part.replace("：", ":").rpartition(":")
            if not separator:
                name, count = part, "0"
            if not count.strip().isdigit() or not name.strip():
                raise RowError(
                    [("organizations", _("请写成“组织名称:服务人数”，如 联盟村老年协会:30。"))]
                )
            found.append((name.strip(), int(count)))
        return found

    # The database -------------------------------------------------------------------------------

    def _find(self, values):
        """The activity of the row's natural key: first room (or none), title, start date."""
        day = timezone.localtime(values["starts_at"]).date()
        start = local_moment(day)
        activities = Activity.objects.filter(
            station=self.station,
            title=values["title"],
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        if values["rooms"]:
            activities = activities.filter(rooms=values["rooms"][0])
        else:
            activities = activities.filter(rooms__isnull=True)
        return activities.order_by("pk").first()

    def _organizations(self, rows) -> dict:
        names = {name for _number, values in rows for name, _count in values["participations"]}
        if not names:
            return {}
        return {
            organization.name: organization
            for organization in Organization.objects.filter(station=self.station, name__in=names)
        }

    def _charity_projects(self, values) -> list:
        """The station's charity projects the row names (set up on the site first); RowError."""
        if self._projects is None:
            self._projects = {
                project.title: project
                for project in CharityProject.objects.filter(fund__station=self.station)
            }
        missing = [title for title in values["project_titles"] if title not in self._projects]
        if missing:
            raise RowError(
                [
                    (
                        "charity_projects",
                        _("本站没有慈善项目“%(title)s”：请先在系统中建立。")
                        % {"title": "、".join(missing)},
                    )
                ]
            )
        return [self._projects[title] for title in values["project_titles"]]

    def _organisers(self, values) -> list:
        """The station's staff the row names as its 组织社工; RowError."""
        users = []
        for name in split_names(values["organisers"]):
            user = self.staff_for("organisers", name)
            if user not in users:
                users.append(user)
        return users

    def check_chunk(self, rows):
        organizations = self._organizations(rows)
        room_ids = {room.pk for room in self.rooms}
        for number, values in rows:
            try:
                values["organiser_users"] = self._organisers(values)
                values["projects"] = self._charity_projects(values)
            except RowError as error:
                for key, message in error.problems:
                    yield number, key, message
                continue
            day = timezone.localtime(values["starts_at"]).date()
            first_room = values["rooms"][0].pk if values["rooms"] else None
            key = (first_room, values["title"], day)
            first = self._seen.setdefault(key, number)
            if first != number:
                yield number, "title", _("与第 %(row)d 行是同一次活动。") % {"row": first}
                continue
            activity = self._find(values)
            if activity is not None and not can_edit_activity(self.user, activity):
                yield number, "title", _("本站已有这次活动，且您不能修改。")
                continue
            for name, _count in values["participations"]:
                organization = organizations.get(name)
                if organization is None:
                    yield (
                        number,
                        "organizations",
                        _("本站没有登记“%(name)s”：请先导入社区社会组织。") % {"name": name},
                    )
                elif organization.room_id is not None and organization.room_id not in room_ids:
                    yield (
                        number,
                        "organizations",
                        _("“%(name)s”不属于您的社工室。") % {"name": name},
                    )
            if activity is not None:
                signed_in = activity.participants.count()
                if values["direct"] < signed_in:
                    yield (
                        number,
                        "direct",
                        _("少于系统中已签到的 %(count)d 人。") % {"count": signed_in},
                    )

    def _series_named(self, name, outcome):
        if not name:
            return None
        if name not in self._series:
            series = ActivitySeries.objects.filter(station=self.station, name=name).first()
            if series is None:
                series = series_create(data={"name": name}, by=self.user, station=self.station)
                outcome.written.append((series, "created"))
            self._series[name] = series
        return self._series[name]

    def _partner_units(self, partners, outcome) -> list:
        """The station's partner units named (a unit not yet registered is registered with the
        category the file gives, else 其他; a registered unit keeps its own)."""
        names = [name for name, _kind in partners]
        missing = [name for name in names if name not in self._partners]
        if missing:
            for unit in PartnerUnit.objects.filter(station=self.station, name__in=missing):
                self._partners[unit.name] = unit
        for name, kind in partners:
            if name not in self._partners:
                unit = partner_create(
                    station=self.station,
                    data={"name": name, "kind": kind or PartnerKind.OTHER},
                    by=self.user,
                )
                outcome.written.append((unit, "created"))
                self._partners[name] = unit
        return [self._partners[name] for name in names]

    def _data(self, values, outcome, signed_in=0) -> dict:
        data = {name: values.get(name) for name in FIELDS}
        data["series"] = self._series_named(values["series"], outcome)
        data["direct_participant_count"] = values["direct"] - signed_in
        data["indirect_beneficiaries"] = values["indirect"]
        data["service_areas"] = list(values["service_areas"])
        data["target_populations"] = list(values["target_populations"])
        return data

    def write_chunk(self, rows, outcome):
        organizations = self._organizations(rows)
        for number, values in rows:
            values["organiser_users"] = self._organisers(values)
            values["projects"] = self._charity_projects(values)
            activity = self._find(values)
            partners = self._partner_units(values["partners"], outcome)
            previous = None
            try:
                if activity is None:
                    activity = self._create(values, partners, outcome)
                    changed = True
                else:
                    activity, previous = self._update(activity, values, partners, outcome)
                    changed = previous is not None
                changed |= self._join(activity, values, organizations, outcome)
            except ValidationError as error:
                message = "；".join(message for _key, message in row_problems(error, MODEL_COLUMNS))
                raise ValidationError(
                    _("第 %(row)d 行：%(message)s") % {"row": number, "message": message}
                ) from None
            if activity.pk in self._created:
                continue
            if previous is not None:
                outcome.updated_record(activity, previous)
            elif changed:  # only organizations joined: deleting their rows undoes it
                outcome.updated += 1
                outcome.written.append((activity, "updated"))
            else:
                outcome.unchanged += 1

    def _create(self, values, partners, outcome):
        data = self._data(values, outcome)
        data.update(
            title=values["title"],
            rooms=values["rooms"],
            partner_units=partners,
            organisers=values["organiser_users"],
            charity_projects=values["projects"],
        )
        plain = {name: value for name, value in data.items() if name in FIELDS}
        Activity(station=self.station, title=values["title"], **plain).full_clean(
            exclude=["series", "station"], validate_unique=False
        )
        activity = activity_create(data=data, by=self.user, station=self.station)
        self._created.add(activity.pk)
        outcome.created_record(activity)
        return activity

    def _update(self, activity, values, partners, outcome):
        """(the activity, its previous values) after writing what the row changes; (the
        activity, None) when the row changes nothing."""
        data = self._data(values, outcome, signed_in=activity.participants.count())
        changed = {name: value for name, value in data.items() if getattr(activity, name) != value}
        rooms = {room.pk for room in values["rooms"]}
        if rooms - set(activity.rooms.values_list("pk", flat=True)):
            changed["rooms"] = values["rooms"]
        if {unit.pk for unit in partners} != set(
            activity.partner_units.values_list("pk", flat=True)
        ):
            changed["partner_units"] = partners
        projects = values["projects"]
        if projects and {project.pk for project in projects} != set(
            activity.charity_projects.values_list("pk", flat=True)
        ):
            changed["charity_projects"] = values["projects"]
        organisers = values["organiser_users"]
        if organisers and {user.pk for user in organisers} != set(
            activity.organisers.values_list("pk", flat=True)
        ):
            changed["organisers"] = organisers
        if not changed:
            return activity, None
        previous = previous_values(activity, list(changed))
        activity = activity_update(
            activity=activity, version=activity.version, data=changed, by=self.user
        )
        return activity, previous

    def _join(self, activity, values, organizations, outcome) -> bool:
        """The organizations of the row take part in the activity (those not yet recorded)."""
        if not values["participations"]:
            return False
        known = set(
            OrganizationActivity.objects.filter(activity=activity).values_list(
                "organization__name", flat=True
            )
        )
        added = False
        for name, count in values["participations"]:
            if name in known:
                continue
            participation = participation_create(
                organization=organizations[name],
                data={"activity": activity, "people_served": count},
                by=self.user,
            )
            outcome.written.append((participation, "created"))
            added = True
        return added

    # Export ------------------------------------------------------------------------------------

    def export_rows(self):
        labels = self.choice_labels()
        room_ids = {room.pk for room in self.rooms}
        scope = Q(pk__in=Activity.objects.in_rooms(self.rooms).values("pk"))
        if self.staff:
            scope |= Q(pk__in=Activity.objects.filter(rooms__isnull=True).values("pk"))
        activities = (
            Activity.objects.filter(scope, station=self.station)
            .for_list()
            .prefetch_related("partner_units", "organisers", "charity_projects")
            .order_by("starts_at", "pk")
        )
        participations = {}
        for participation in OrganizationActivity.objects.filter(
            activity__in=activities
        ).select_related("organization"):
            participations.setdefault(participation.activity_id, []).append(
                f"{participation.organization.name}:{participation.people_served}"
            )
        for activity in activities.iterator(chunk_size=500):
            rooms = sorted(
                (room for room in activity.rooms.all() if room.pk in room_ids),
                key=lambda room: (room.order, room.pk),
            )
            starts, ends = (
                timezone.localtime(activity.starts_at),
                timezone.localtime(activity.ends_at),
            )
            yield [
                "、".join(room.name for room in rooms),
                activity.title,
                labels["activity_type"].get(activity.activity_type, ""),
                starts.date(),
                local_time(activity.starts_at),
                ends.date() if ends.date() != starts.date() else None,
                local_time(activity.ends_at),
                activity.place,
                activity.series.name if activity.series else "",
                term_labels_text(self, "service_areas", activity.service_areas),
                term_labels_text(self, "target_populations", activity.target_populations),
                activity.direct_participant_count + activity.signed_in_count,
                activity.indirect_beneficiaries,
                *["是" if force in activity.social_forces else "否" for force in FORCE_COLUMNS],
                "、".join(partner_text(unit) for unit in activity.partner_units.all()),
                "、".join(project.title for project in activity.charity_projects.all()),
                "、".join(participations.get(activity.pk, [])),
                "、".join(self.staff_name(user) for user in activity.organisers.all()),
                activity.content,
                activity.outcome,
                activity.resources_used,
            ]
