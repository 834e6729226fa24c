"""`outreach`: media reports (宣传报道) and exchange visits (交流访问) in one sheet.

A station keeps them as one 宣传交流 register, a row per report or visit; the 类别 column says
which (宣传报道, 来访接待, 外出交流: the last two are the visit's direction), and each row fills
the columns of its category. Natural keys: a report by room, title and publication date; a visit
by room, counterpart, direction and date. Writes go through `activities.services.outreach_save`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity, ExchangeDirection, ExchangeVisit, MediaReport
from activities.services import outreach_save
from ledger.spec import (
    Column,
    LedgerKind,
    RowError,
    choice_column,
    local_moment,
    may_import_station_wide,
    record_date_column,
    room_column,
    row_problems,
    write_changes,
)

MEDIA = "media"
CATEGORIES = [
    (MEDIA, gettext_lazy("宣传报道")),
    (ExchangeDirection.HOSTED.value, ExchangeDirection.HOSTED.label),
    (ExchangeDirection.VISITED.value, ExchangeDirection.VISITED.label),
]
MEDIA_FIELDS = ("title", "outlet", "link", "activity")
VISIT_FIELDS = ("counterpart", "topics")
MODEL_COLUMNS = {"published_on": "date", "visited_on": "date", "direction": "category"}


class OutreachKind(LedgerKind):
    name = "outreach"
    title = gettext_lazy("宣传报道与交流")
    columns = [
        room_column(gettext_lazy("全站的报道或交流留空")),
        choice_column(
            "category",
            gettext_lazy("类别"),
            CATEGORIES,
            ("类型",),
            required=True,
            example="宣传报道",
        ),
        record_date_column(gettext_lazy("日期"), ("发布日期", "交流日期"), "2022-10-08"),
        Column(
            "title",
            gettext_lazy("报道标题"),
            ("标题",),
            max_length=200,
            help=gettext_lazy("宣传报道必填"),
            example="陈仓镇社工站开展重阳节敬老活动",
        ),
        Column(
            "outlet",
            gettext_lazy("媒体/刊物"),
            ("媒体", "发布媒体"),
            max_length=100,
            help=gettext_lazy("宣传报道必填"),
            example="宝鸡日报",
        ),
        Column("link", gettext_lazy("链接"), ("网址",), max_length=200),
        Column(
            "activity",
            gettext_lazy("相关活动"),
            max_length=200,
            help=gettext_lazy("活动名称：报道日期当天或之前最近一次同名活动"),
            example="重阳节敬老活动",
        ),
        Column(
            "counterpart",
            gettext_lazy("交流单位"),
            max_length=200,
            help=gettext_lazy("来访接待、外出交流必填"),
        ),
        Column("topics", gettext_lazy("交流内容"), help=gettext_lazy("来访接待、外出交流必填")),
    ]
    instructions = [
        gettext_lazy("每行一篇宣传报道或一次交流访问；“类别”说明是哪一种，按类别填写对应的列。"),
        gettext_lazy(
            "同一社工室同一天同名的报道、同一交流单位同一天同一形式的交流再次导入时更新，不会重复登记。"
        ),
        gettext_lazy("社工室留空为全站记录，只有驻站社工可以导入。"),
        gettext_lazy("不要合并单元格，不要使用公式。"),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen = {}
        self._activities = {}

    def clean_row(self, values):
        problems = self.resolve_room(values, station_wide=True)
        media = values["category"] == MEDIA
        needed = ("title", "outlet") if media else VISIT_FIELDS
        for key in needed:
            if not values[key]:
                problems.append((key, _("本类别必填，不能为空。")))
        for key in ("link", "activity") if not media else ("counterpart", "topics"):
            if values[key]:
                problems.append((key, _("本类别不填这一列。")))
        if problems:
            raise RowError(problems)
        values["link"] = values["link"] or ""
        record = self._model(values)(room=values["room"], **self._data(values, check=True))
        try:
            record.full_clean(exclude=["station", "room", "activity"], validate_unique=False)
        except ValidationError as error:
            raise RowError(row_problems(error, MODEL_COLUMNS)) from None
        return values

    @staticmethod
    def _model(values):
        return MediaReport if values["category"] == MEDIA else ExchangeVisit

    def _data(self, values, *, check=False) -> dict:
        if values["category"] == MEDIA:
            data = {
                "title": values["title"],
                "outlet": values["outlet"],
                "published_on": values["date"],
                "link": values["link"],
            }
            if not check:
                data["activity"] = self._activity(values)
            return data
        return {
            "counterpart": values["counterpart"],
            "direction": values["category"],
            "visited_on": values["date"],
            "topics": values["topics"],
        }

    def _activity(self, values):
        """The latest activity of that title in the station on or before the report's date."""
        title = values["activity"]
        if not title:
            return None
        key = (title, values["date"])
        if key not in self._activities:
            end = local_moment(values["date"] + datetime.timedelta(days=1))
            self._activities[key] = (
                Activity.objects.filter(station=self.station, title=title, starts_at__lt=end)
                .order_by("-starts_at", "-pk")
                .first()
            )
        return self._activities[key]

    def _find(self, values):
        room = Q(room=values["room"]) if values["room"] else Q(room__isnull=True)
        if values["category"] == MEDIA:
            records = MediaReport.objects.filter(
                room, station=self.station, title=values["title"], published_on=values["date"]
            )
        else:
            records = ExchangeVisit.objects.filter(
                room,
                station=self.station,
                counterpart=values["counterpart"],
                direction=values["category"],
                visited_on=values["date"],
            )
        return records.order_by("pk").first()

    def _key(self, values):
        room = values["room"].pk if values["room"] else None
        if values["category"] == MEDIA:
            return (room, MEDIA, values["title"], values["date"])
        return (room, values["category"], values["counterpart"], values["date"])

    def check_chunk(self, rows):
        for number, values in rows:
            first = self._seen.setdefault(self._key(values), number)
            if first != number:
                yield number, "date", _("与第 %(row)d 行是同一条记录。") % {"row": first}
                continue
            if values["activity"] and self._activity(values) is None:
                yield (
                    number,
                    "activity",
                    _("本站在这一天或之前没有这个名称的社区活动。"),
                )

    def write_chunk(self, rows, outcome):
        for _number, values in rows:
            data = self._data(values)
            record = self._find(values)
            if record is None:
                record = outreach_save(
                    model=self._model(values),
                    data={"room": values["room"], **data},
                    by=self.user,
                    station=self.station,
                )
                outcome.created_record(record)
                continue
            write_changes(record, data, outcome, save=self._save_changes)

    def _save_changes(self, record, changed):
        return outreach_save(
            model=type(record), record=record, version=record.version, data=changed, by=self.user
        )

    def export_rows(self):
        labels = dict(CATEGORIES)
        rooms = Q(room__in=self.rooms)
        if may_import_station_wide(self.user):
            rooms |= Q(room__isnull=True)
        reports = (
            MediaReport.objects.filter(rooms, station=self.station)
            .select_related("room", "activity")
            .order_by("published_on", "pk")
        )
        for report in reports.iterator(chunk_size=500):
            yield [
                report.room.name if report.room else "",
                str(labels[MEDIA]),
                report.published_on,
                report.title,
                report.outlet,
                report.link,
                report.activity.title if report.activity else "",
                "",
                "",
            ]
        visits = (
            ExchangeVisit.objects.filter(rooms, station=self.station)
            .select_related("room")
            .order_by("visited_on", "pk")
        )
        for visit in visits.iterator(chunk_size=500):
            yield [
                visit.room.name if visit.room else "",
                str(labels[visit.direction]),
                visit.visited_on,
                "",
                "",
                "",
                "",
                visit.counterpart,
                visit.topics,
            ]
