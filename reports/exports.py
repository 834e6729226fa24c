"""Downloads: the Excel workbook (summary and per-room table) and the Word draft of the annual
work report, structured like the station's own report (一个阵地 / 五社联动 / 三种方法 / X类诉求).

Both are built from the same `services.station_report()` as the pages; neither names a person.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.services import report_targets
from reports import services
from reports.definitions import (
    FORCE_TICKS_HELP,
    KEY_POPULATION_HELP,
    KEY_POPULATION_SERVED_HELP,
    ROOM_TABLE,
    SERVICE_AREA_HELP,
    X_DEFINITIONS,
    label,
)
from reports.presentation import report_sections
from stations.exports import cell_value

HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
MONEY_FORMAT = "#,##0.00"


def placeholder(topic: str) -> str:
    """Where the station writes its own narrative in the Word draft."""
    return _("【请在此补充：%(topic)s】") % {"topic": topic}


def filename(scope, extension: str) -> str:
    from urllib.parse import quote

    period = f"{scope.period.date_from:%Y%m%d}-{scope.period.date_to:%Y%m%d}"
    kind = _("数据报表") if extension == "xlsx" else _("年度工作报告初稿")
    return quote(f"{scope.title}-{kind}-{period}.{extension}")


def _cell_value(value):
    """Money stays exact in Excel: a Decimal, not a float."""
    if isinstance(value, str) and value.replace(".", "", 1).lstrip("-+").isdigit():
        return Decimal(value)
    return value


def _append(sheet, values):
    """Every cell through the one formula-safe conversion (a room's community name is free text)."""
    sheet.append([cell_value(value) for value in values])


def _heading_row(sheet, values):
    _append(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _targets(scope) -> list:
    """The annual targets of the report's scope (the room's, or the station-wide ones), with their
    progress by the end of the period (plans.services.report_targets)."""
    return report_targets(station=scope.station, date_to=scope.period.date_to, room=scope.room)


X_DOMAIN_LABELS = {
    "casework": _("个案"),
    "groups": _("小组"),
    "activities": _("活动"),
    "total": _("合计"),
}
X_FIGURE_LABELS = {"records": _("记录"), "person_times": _("人次"), "people": _("人数")}


def _x_sheet(book, x):
    """The X block (issue 16): one row per target population, combination and service area."""
    sheet = book.create_sheet(_("X类服务"))
    domains = (*services.X_DOMAINS, "total")
    _heading_row(
        sheet,
        [_("分类"), _("名称")]
        + [
            _("%(domain)s·%(figure)s")
            % {"domain": X_DOMAIN_LABELS[domain], "figure": X_FIGURE_LABELS[figure]}
            for domain in domains
            for figure in services.X_FIGURES
        ],
    )
    for title, rows in (
        (_("服务人群"), x["by_target_population"]),
        (_("人群组合"), x["combinations"]),
        (_("服务领域"), x["by_service_area"]),
    ):
        for row in rows:
            _append(
                sheet,
                [str(title), row["label"]]
                + [row[domain][figure] for domain in domains for figure in services.X_FIGURES],
            )
    for key in (*services.X_DOMAINS, "total", "combinations"):
        _append(sheet, [str(X_DEFINITIONS[key])])
    _widths(sheet, [12, 24] + [10] * (len(domains) * len(services.X_FIGURES)))


def workbook(scope) -> bytes:
    arguments = scope.arguments()
    report = services.station_report(**arguments)
    previous_period = scope.period.previous()
    previous = services.station_report(
        **{
            **arguments,
            "date_from": previous_period.date_from,
            "date_to": previous_period.date_to,
        }
    )
    demands = services.demands(**arguments)
    book = Workbook()

    summary = book.active
    summary.title = _("汇总")
    _append(summary, [f"{scope.title} · {scope.period.label}"])
    summary["A1"].font = Font(bold=True, size=14)
    _append(
        summary,
        [
            _("统计周期：%(start)s 至 %(end)s；对比上期：%(pstart)s 至 %(pend)s")
            % {
                "start": scope.period.date_from.isoformat(),
                "end": scope.period.date_to.isoformat(),
                "pstart": previous_period.date_from.isoformat(),
                "pend": previous_period.date_to.isoformat(),
            }
        ],
    )
    _heading_row(
        summary, [_("板块"), _("类别"), _("指标"), _("本期"), _("上期"), _("变化"), _("口径说明")]
    )
    for section in report_sections(report, previous):
        for group in section["groups"]:
            for row in group["rows"]:
                _append(
                    summary,
                    [
                        str(section["title"]),
                        str(group["title"]),
                        str(row["label"]),
                        _cell_value(row["value"]),
                        _cell_value(row["previous"]),
                        _cell_value(row["change"]),
                        str(row["help"]),
                    ],
                )
                if isinstance(row["value"], str):
                    for cell in summary[summary.max_row][3:6]:
                        cell.number_format = MONEY_FORMAT
    populations = demands["key_populations"]
    for title, rows, help_text in (
        (_("X类诉求·服务领域"), demands["service_areas"], SERVICE_AREA_HELP),
        (_("X类诉求·联动力量（勾选）"), demands["forces"], FORCE_TICKS_HELP),
        (
            _("X类诉求·重点人群在册"),
            [{"label": row["label"], "count": row["registered"]} for row in populations],
            KEY_POPULATION_HELP,
        ),
        (
            _("X类诉求·重点人群服务"),
            [{"label": row["label"], "count": row["served"]} for row in populations],
            KEY_POPULATION_SERVED_HELP,
        ),
    ):
        for row in rows:
            _append(
                summary, [str(title), "", row["label"], row["count"], None, None, str(help_text)]
            )
    _widths(summary, [14, 12, 22, 12, 12, 12, 60])

    per_room = book.create_sheet(_("各社工室"))
    _heading_row(per_room, [_("社工室"), _("社区（村）")] + [str(label(key)) for key in ROOM_TABLE])
    table = services.room_table(
        station=scope.station,
        date_from=arguments["date_from"],
        date_to=arguments["date_to"],
        rooms=[scope.room] if scope.room else scope.rooms,
    )
    for row in table:
        _append(
            per_room,
            [row["room"].name, row["room"].community]
            + [_cell_value(value) for _key, value in row["figures"]],
        )
    if scope.room is None and scope.whole_station:
        whole = services.flatten(report)
        _append(
            per_room,
            [_("全站（含站级记录）"), ""] + [_cell_value(whole[key]) for key in ROOM_TABLE],
        )
        _append(
            per_room,
            [_("说明：全站合计包含不属于任何社工室的站级记录，跨社工室的活动在各社工室各计一次。")],
        )
    _widths(per_room, [18, 12] + [12] * len(ROOM_TABLE))

    populations = services.key_populations_by_room(
        station=scope.station,
        date_from=arguments["date_from"],
        date_to=arguments["date_to"],
        rooms=[scope.room] if scope.room else scope.rooms,
    )
    sheet = book.create_sheet(_("重点人群服务分社工室"))
    _heading_row(sheet, [_("社工室")] + populations["categories"])
    for row in populations["rows"]:
        _append(sheet, [row["room"].name] + row["counts"])
    _append(sheet, [str(KEY_POPULATION_SERVED_HELP)])
    _widths(sheet, [18] + [12] * len(populations["categories"]))

    _x_sheet(book, services.x_block(**arguments))

    sheet = book.create_sheet(_("年度指标"))
    _append(sheet, [_("截至 %(date)s") % {"date": scope.period.date_to.isoformat()}])
    _heading_row(
        sheet,
        [_("指标"), _("年度目标"), _("完成数"), _("完成率（%）"), _("按进度应完成"), _("口径说明")],
    )
    for row in _targets(scope):
        _append(
            sheet,
            [
                row.label,
                row.goal,
                row.actual,
                row.percent,
                row.expected,
                row.definition or (_("手工填报") if not row.computed else ""),
            ],
        )
    _widths(sheet, [24, 12, 12, 12, 14, 60])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# GB/T 9704-2012 (党政机关公文格式): A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
# body 3号仿宋 (16 pt) on a 28 pt line with a two-character indent; title 2号小标宋 (22 pt; 黑体
# where the 方正 fonts are not installed, as on most office PCs); first-level headings 3号黑体,
# second-level 3号楷体; page numbers 4号 (14 pt) 宋体 "— 1 —" at the foot of the page.
BODY_FONT, TITLE_FONT, HEADING_FONTS, PAGE_NUMBER_FONT = "仿宋", "黑体", ("黑体", "楷体"), "宋体"
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(14), Pt(12)
LINE = Pt(28)


def _fonts(style_or_run, name):
    """Set every font slot (Word reads Chinese from eastAsia) and drop the theme fonts."""
    style_or_run.font.name = name
    fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _official_style(style, font, size, *, indent=True, center=False):
    _fonts(style, font)
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    layout = style.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    layout.first_line_indent = size * 2 if indent else Pt(0)
    if center:
        layout.alignment = WD_ALIGN_PARAGRAPH.CENTER
    border = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
    if border is not None:  # the default template underlines the Title
        style.element.pPr.remove(border)


def _page_number_footer(section):
    """ "— PAGE —" centred at the foot of each page, 4号宋体."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = ["— ", None, " —"]
    for part in parts:
        run = paragraph.add_run()
        _fonts(run, PAGE_NUMBER_FONT)
        run.font.size = PAGE_NUMBER_SIZE
        if part is not None:
            run.text = part
            continue
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)


def official_layout(document):
    """Lay `document` out as a Chinese official document (GB/T 9704): page, fonts, page numbers;
    tables in 12 pt on single lines so that they fit the type area."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28) - Mm(7)
        _page_number_footer(section)
    styles = document.styles
    _official_style(styles["Normal"], BODY_FONT, BODY_SIZE)
    _official_style(styles["Title"], TITLE_FONT, TITLE_SIZE, indent=False, center=True)
    _official_style(styles["Heading 1"], HEADING_FONTS[0], BODY_SIZE)
    _official_style(styles["Heading 2"], HEADING_FONTS[1], BODY_SIZE)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.first_line_indent = Pt(0)
                    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                    for run in paragraph.runs:
                        run.font.size = TABLE_SIZE


def _word_table(document, headings, rows):
    """A grid table in `document`: a row of `headings`, then a row of texts for each of `rows`."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


@dataclass(frozen=True)
class _Figures:
    """A paragraph of the draft that states figures, under its `heading` (level 2; "" for none):
    `keys` maps each placeholder of `text` to the key of its figure. `narrative` is what the
    station writes after it (a placeholder)."""

    heading: str
    text: str
    keys: dict
    narrative: str = ""

    def write(self, document, figures):
        if self.heading:
            document.add_heading(self.heading, level=2)
        document.add_paragraph(self.text % {name: figures[key] for name, key in self.keys.items()})
        if self.narrative:
            document.add_paragraph(placeholder(self.narrative))


def _figure_sections() -> list[tuple[str, list[_Figures]]]:
    """Sections 一 to 三 of the draft, each a heading and its paragraphs of figures."""
    return [
        (
            _("一、打造一个阵地，夯实基础建设"),
            [
                _Figures(
                    "",
                    _(
                        "全镇共有社区（村）社工室%(rooms)s个，其中试点社区%(pilot)s个。"
                        "社工站由%(station_workers)s名驻站社工和%(room_workers)s名社工室专职社工共同开展服务，"
                        "%(supervisors)s名督导定期提供专业督导。"
                    ),
                    {
                        "rooms": "base.rooms",
                        "pilot": "base.pilot_rooms",
                        "station_workers": "base.station_workers",
                        "room_workers": "base.room_workers",
                        "supervisors": "base.supervisors",
                    },
                    narrative=_("阵地建设、制度建设和队伍建设情况"),
                ),
            ],
        ),
        (
            _("二、坚持“五社联动”，整合多元力量"),
            [
                _Figures(
                    _("（一）社区"),
                    _(
                        "已覆盖社工室%(covered)s个，社工室覆盖率%(percent)s%%；完成社区需求评估%(needs)s份；"
                        "联动共建单位%(partners)s家。"
                    ),
                    {
                        "covered": "base.rooms_covered",
                        "percent": "base.coverage_percent",
                        "needs": "community.needs_assessments",
                        "partners": "demands.partners",
                    },
                ),
                _Figures(
                    _("（二）社会工作者"),
                    _(
                        "持证社工中，高级社工师%(senior)s人，中级社工师%(intermediate)s人，初级社工师%(junior)s人。"
                    ),
                    {
                        "senior": "base.certified.senior",
                        "intermediate": "base.certified.intermediate",
                        "junior": "base.certified.junior",
                    },
                    narrative=_("培训、督导、读书会等人才培养情况"),
                ),
                _Figures(
                    _("（三）社区社会组织"),
                    _(
                        "共有社区社会组织%(total)s家，其中公益慈善类%(charity)s家、生活服务类%(life)s家、"
                        "社区事务类%(affairs)s家、文体活动类%(culture)s家；"
                        "社区社会组织参与服务活动%(activities)s场，服务群众%(people)s人次。"
                    ),
                    {
                        "total": "organizations.total",
                        "charity": "organizations.by_category.charity",
                        "life": "organizations.by_category.life_services",
                        "affairs": "organizations.by_category.community_affairs",
                        "culture": "organizations.by_category.culture_sports",
                        "activities": "organizations.activities",
                        "people": "organizations.people_served",
                    },
                ),
                _Figures(
                    _("（四）社区志愿者"),
                    _(
                        "注册志愿者%(registered)s名，其中本期参与服务%(active)s名；"
                        "联动志愿者%(person_times)s人次，志愿服务时长%(hours)s小时。"
                    ),
                    {
                        "registered": "volunteers.registered",
                        "active": "volunteers.active",
                        "person_times": "volunteers.person_times",
                        "hours": "volunteers.hours",
                    },
                ),
                _Figures(
                    _("（五）社区慈善资源"),
                    _(
                        "开展社区慈善项目%(projects)s个，募集资金%(cash)s元，接收物资折价%(in_kind)s元，"
                        "支出%(disbursed)s元，链接爱心单位%(partners)s家。"
                    ),
                    {
                        "projects": "charity.projects",
                        "cash": "charity.cash_raised",
                        "in_kind": "charity.in_kind_value",
                        "disbursed": "charity.disbursed",
                        "partners": "charity.partners",
                    },
                    narrative=_("五社联动的典型做法和特色活动"),
                ),
            ],
        ),
        (
            _("三、运用三种方法，提升服务质量"),
            [
                _Figures(
                    _("（一）个案工作"),
                    _(
                        "新开个案%(opened)s例，结案%(closed)s例，期末在案%(open)s例；"
                        "个案服务记录%(contacts)s次，入户走访%(visits)s次，服务时长%(hours)s小时。"
                    ),
                    {
                        "opened": "casework.cases_opened",
                        "closed": "casework.cases_closed",
                        "open": "casework.cases_open_at_end",
                        "contacts": "casework.contacts",
                        "visits": "casework.home_visits",
                        "hours": "casework.service_hours",
                    },
                    narrative=_("个案服务案例（一律使用化名）"),
                ),
                _Figures(
                    _("（二）小组工作"),
                    _(
                        "开展专业小组%(groups)s个、小组活动%(sessions)s节，小组成员%(members)s人，签到%(attendances)s人次。"
                    ),
                    {
                        "groups": "groupwork.groups",
                        "sessions": "groupwork.sessions",
                        "members": "groupwork.members",
                        "attendances": "groupwork.attendances",
                    },
                ),
                _Figures(
                    _("（三）社区社会工作"),
                    _(
                        "累计开展各项社区社会工作%(activities)s场，直接参与%(direct)s人次，间接惠及%(indirect)s人。"
                    ),
                    {
                        "activities": "community.activities",
                        "direct": "community.direct_participants",
                        "indirect": "community.indirect_beneficiaries",
                    },
                    narrative=_("需求调研和社区服务的做法与成效"),
                ),
            ],
        ),
    ]


def annual_report(scope) -> bytes:
    """A Word draft of the annual work report: every figure filled in, narrative left to write."""
    arguments = scope.arguments()
    report = services.station_report(**arguments)
    demands = services.demands(**arguments)
    # The flattened report, and the partner units the demands block counts.
    figures = {**services.flatten(report), "demands.partners": demands["partners"]}
    document = Document()

    document.add_heading(
        _("%(title)s%(period)s工作报告（初稿）")
        % {"title": scope.title, "period": scope.period.label},
        level=0,
    )
    document.add_paragraph(
        _(
            "统计周期：%(start)s 至 %(end)s。本稿中的数字由系统根据业务记录自动生成，不含任何个人信息。"
        )
        % {
            "start": scope.period.date_from.isoformat(),
            "end": scope.period.date_to.isoformat(),
        }
    )
    document.add_paragraph(placeholder(_("建站背景、总体思路和“153X”服务模式概述")))

    for heading, parts in _figure_sections():
        document.add_heading(heading, level=1)
        for part in parts:
            part.write(document, figures)

    document.add_heading(_("四、发挥专业优势，回应X类服务诉求"), level=1)
    areas = [row for row in demands["service_areas"] if row["count"]]
    if areas:
        document.add_paragraph(
            _("按服务领域统计的社区活动：%(areas)s。")
            % {
                "areas": _("；").join(
                    _("%(area)s %(count)d 场") % {"area": row["label"], "count": row["count"]}
                    for row in areas
                )
            }
        )
    _word_table(
        document,
        [_("重点人群"), _("在册人数"), _("本期服务人数")],
        (
            [row["label"], str(row["registered"]), str(row["served"])]
            for row in demands["key_populations"]
        ),
    )
    document.add_paragraph(str(KEY_POPULATION_HELP))
    document.add_paragraph(str(KEY_POPULATION_SERVED_HELP))
    document.add_paragraph(placeholder(_("回应群众诉求的重点服务和典型事例")))

    document.add_heading(_("五、总体成效"), level=1)
    _Figures(
        "",
        _(
            "开展各项社会工作%(activities)s场，直接服务群众%(person_times)s人次，服务%(people)s人，"
            "服务时长%(hours)s小时，受益人群%(beneficiaries)s人次。"
            "开展交流%(exchanges)s次，新闻媒体及工作简报宣传%(media)s次。"
        ),
        {
            "activities": "totals.activities",
            "person_times": "totals.person_times",
            "people": "totals.people_served",
            "hours": "totals.service_hours",
            "beneficiaries": "totals.beneficiaries",
            "exchanges": "outreach.exchanges",
            "media": "outreach.media_reports",
        },
    ).write(document, figures)
    targets = _targets(scope)
    if targets:
        document.add_heading(_("年度指标完成情况"), level=2)
        _word_table(
            document,
            [_("指标"), _("年度目标"), _("完成数"), _("完成率")],
            (
                [
                    row.label,
                    str(row.goal),
                    "—" if row.actual is None else str(row.actual),
                    "—" if row.percent is None else f"{row.percent}%",
                ]
                for row in targets
            ),
        )
    document.add_paragraph(placeholder(_("下一步工作计划")))

    document.add_heading(_("附：主要指标及口径"), level=1)
    _word_table(
        document,
        [_("指标"), _("数值"), _("口径说明")],
        (
            [f"{section['title']}·{row['label']}", str(row["value"]), str(row["help"])]
            for section in report_sections(report)
            for group in section["groups"]
            for row in group["rows"]
        ),
    )

    official_layout(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
