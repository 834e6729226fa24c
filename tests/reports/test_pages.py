"""The report pages, charts and downloads, and the official's home-page panel."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

YEAR_2022 = {"kind": "year", "year": "2022"}


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def xlsx_cells(content: bytes) -> dict:
    book = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def rendered_figures(html: str) -> dict:
    """{"totals.person_times": "154", …} as the page shows them."""
    pattern = re.compile(
        r'data-figure="([\w.]+)">.*?<td class="text-end fw-bold" data-value>([^<]*)</td>', re.S
    )
    return {key: value.strip() for key, value in pattern.findall(html)}


def test_the_page_shows_the_assembled_figures_with_their_definitions(client, world, fake_figures):
    client.force_login(world.official)
    response = client.get(reverse("reports:summary"), YEAR_2022)
    html = response.content.decode()
    shown = rendered_figures(html)
    assert shown["totals.person_times"] == "150"
    assert shown["totals.activities"] == "11"
    assert shown["charity.cash_raised"] == "58000.00"
    assert "社区活动场次 + 小组活动节次" in html  # the definition of totals.activities
    for title in ["一个阵地", "五社联动", "三种方法", "X类服务诉求", "合计", "宣传交流"]:
        assert title in html
    for force in ["社区", "社工", "社会组织", "志愿者", "慈善资源"]:
        assert f'<th colspan="4" class="wrap">{force}</th>' in html


def test_the_command_prints_what_the_page_shows(client, world, fake_figures, capsys):
    client.force_login(world.staff)
    response = client.get(reverse("reports:summary"), {**YEAR_2022, "room": "r1"})
    call_command(
        "station_report",
        "--json",
        "--from",
        "2022-01-01",
        "--to",
        "2022-12-31",
        "--room",
        "r1",
        "--station",
        "TST",
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed.pop("targets") == []  # no targets set (plans adds the key)
    assert set(printed.pop("x")) >= {"by_target_population", "by_service_area"}  # issue 16
    assert printed == response.context["report"]
    from reports.services import flatten

    shown = rendered_figures(response.content.decode())
    flat = flatten(printed)
    assert shown  # the page shows figures at all
    for key, value in shown.items():
        assert value == str(flat[key]), key


def test_the_comparison_shows_the_change_from_the_previous_year(client, world, fake_figures):
    client.force_login(world.official)
    response = client.get(reverse("reports:summary"), YEAR_2022)
    periods = {(call[2], call[3]) for call in fake_figures.calls}
    assert (
        __import__("datetime").date(2021, 1, 1),
        __import__("datetime").date(2021, 12, 31),
    ) in periods
    assert "2021-01-01 至 2021-12-31" in response.content.decode()


def test_a_room_worker_sees_their_room_by_default_and_cannot_pick_the_whole_station(client, world):
    client.force_login(world.worker2)
    response = client.get(reverse("reports:summary"))
    assert response.context["report"]["room"] == "r2"
    html = response.content.decode()
    assert "全站（含站级记录）" not in html
    assert "一号社工室" not in html


def test_the_official_can_pick_2022_and_the_whole_station(client, world):
    client.force_login(world.official)
    response = client.get(reverse("reports:summary"))
    html = response.content.decode()
    assert '<option value="2022"' in html
    assert "全站（含站级记录）" in html
    assert response.context["report"]["room"] is None


def test_a_wrong_period_shows_an_error_not_a_crash(client, world):
    client.force_login(world.official)
    response = client.get(
        reverse("reports:summary"),
        {"kind": "custom", "year": "2022", "date_from": "2022-05-01", "date_to": "bad"},
    )
    assert response.status_code == 200
    assert "所选周期有误" in response.content.decode()


def test_the_summary_page_lists_the_charts_with_the_same_period(client, world):
    client.force_login(world.official)
    response = client.get(reverse("reports:summary"), YEAR_2022)
    names = [name for name, _title, _url in response.context["charts"]]
    assert names == [
        "activities-by-month",
        "person-times-by-month",
        "service-areas",
        "activities-by-room",
        "person-times-by-room",
        "key-populations",
    ]
    assert all("year=2022" in url for *_rest, url in response.context["charts"])


@pytest.mark.parametrize(
    "name",
    [
        "activities-by-month",
        "person-times-by-month",
        "activities-by-room",
        "person-times-by-room",
        "service-areas",
        "key-populations",
    ],
)
def test_charts_are_svg_without_scripts_or_outside_links(client, world, fake_figures, name):
    client.force_login(world.official)
    response = client.get(reverse("reports:chart", args=[name]), YEAR_2022)
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg
    assert "<script" not in svg
    assert "kozea.github.io" not in svg


def test_the_monthly_chart_has_one_bar_per_month(client, world, fake_figures):
    client.force_login(world.official)
    response = client.get(reverse("reports:chart", args=["activities-by-month"]), YEAR_2022)
    svg = response.content.decode()
    # one year's months are labelled 1月 … 12月 (legible on a phone)
    assert ">1月<" in svg and ">12月<" in svg


@pytest.fixture
def served_key_populations(world, fake_figures):
    """Room 1: seven served left-behind children and two served disabled residents."""
    from tests.factories import KeyPopulationTagFactory, ResidentFactory

    served = []
    for category, count in [("left_behind_child", 7), ("disabled", 2)]:
        for resident in ResidentFactory.create_batch(count, room=world.room1):
            KeyPopulationTagFactory(resident=resident, category=category)
            served.append(resident.pk)
    fake_figures.served["groups"] = served
    return fake_figures


def test_the_key_population_chart_of_a_room_draws_no_bar_for_small_counts(
    client, world, served_key_populations
):
    client.force_login(world.staff)
    response = client.get(
        reverse("reports:chart", args=["key-populations"]), {**YEAR_2022, "room": "r1"}
    )
    svg = response.content.decode()
    assert "残疾人（&lt;5）" in svg
    assert "留守儿童（" not in svg


def test_the_station_key_population_chart_is_exact(client, world, served_key_populations):
    client.force_login(world.official)
    response = client.get(reverse("reports:chart", args=["key-populations"]), YEAR_2022)
    assert "&lt;5" not in response.content.decode()


def test_the_room_page_suppresses_small_key_population_counts(
    client, world, served_key_populations
):
    client.force_login(world.official)
    response = client.get(reverse("reports:rooms"), YEAR_2022)
    rows = {row["room"].code: row["counts"] for row in response.context["populations"]["rows"]}
    categories = response.context["populations"]["categories"]
    room1 = dict(zip(categories, rows["r1"], strict=True))
    assert room1["残疾人"] == "<5"
    assert room1["留守儿童"] == 7
    assert room1["孤儿/事实无人抚养儿童"] == 0
    assert "&lt;5" in response.content.decode()


def test_the_summary_of_a_room_suppresses_but_the_station_stays_exact(
    client, world, served_key_populations
):
    client.force_login(world.official)
    station = client.get(reverse("reports:summary"), YEAR_2022).context["demands"]
    room = client.get(reverse("reports:summary"), {**YEAR_2022, "room": "r1"}).context["demands"]
    served = {row["key"]: row["served"] for row in station["key_populations"]}
    served_room = {row["key"]: row["served"] for row in room["key_populations"]}
    assert served["disabled"] == 2
    assert served_room["disabled"] == "<5"
    assert served_room["left_behind_child"] == 7


def test_the_room_page_of_a_room_worker_has_only_their_room(client, world):
    client.force_login(world.worker1)
    response = client.get(reverse("reports:rooms"))
    assert [row["room"].code for row in response.context["table"]] == ["r1"]
    assert response.context["station_row"] is None


def test_the_excel_export_has_the_summary_and_the_room_table_in_chinese(
    client, world, fake_figures
):
    client.force_login(world.official)
    response = client.get(reverse("reports:export_xlsx"), YEAR_2022)
    assert response["Content-Disposition"].startswith("attachment;")
    sheets = xlsx_cells(response.content)
    assert list(sheets) == ["汇总", "各社工室", "重点人群服务分社工室", "X类服务", "年度指标"]
    summary = sheets["汇总"]
    assert summary[2] == ["板块", "类别", "指标", "本期", "上期", "变化", "口径说明"]
    person_times = next(row for row in summary if row[2] == "直接服务人次")
    assert person_times[3] == 150
    cash = next(row for row in summary if row[2] == "募集资金（元）")
    assert cash[3] == 58000
    book = load_workbook(io.BytesIO(response.content))
    cash_row = next(r for r in book["汇总"].iter_rows() if r[2].value == "募集资金（元）")
    assert cash_row[3].number_format == "#,##0.00"
    rooms = sheets["各社工室"]
    assert rooms[0][:3] == ["社工室", "社区（村）", "社工室专职社工"]
    assert [row[0] for row in rooms[1:4]] == ["一号社工室", "二号社工室", "全站（含站级记录）"]
    assert sheets["重点人群服务分社工室"][0][0] == "社工室"


def test_the_word_draft_follows_the_153x_structure_with_figures_filled_in(
    client, world, fake_figures
):
    client.force_login(world.official)
    response = client.get(reverse("reports:export_docx"), YEAR_2022)
    assert response["Content-Disposition"].startswith("attachment;")
    text = docx_text(response.content)
    for heading in [
        "一、打造一个阵地",
        "二、坚持“五社联动”",
        "三、运用三种方法",
        "四、发挥专业优势，回应X类服务诉求",
        "五、总体成效",
    ]:
        assert heading in text
    assert "开展各项社会工作11场，直接服务群众150人次" in text
    assert "募集资金58000.00元" in text
    assert "【请在此补充" in text


def test_the_years_targets_are_in_the_excel_and_word_report(client, world, fake_figures):
    from plans.models import AnnualTarget

    AnnualTarget.objects.create(
        station=world.station, year=2022, figure="totals.person_times", target=300
    )
    AnnualTarget.objects.create(
        station=world.station, year=2022, name="宣传报道", target=20, manual_actual=5
    )
    AnnualTarget.objects.create(  # another year's target stays out
        station=world.station, year=2021, figure="totals.person_times", target=100
    )
    client.force_login(world.official)
    sheet = xlsx_cells(client.get(reverse("reports:export_xlsx"), YEAR_2022).content)["年度指标"]
    assert sheet[1][:5] == ["指标", "年度目标", "完成数", "完成率（%）", "按进度应完成"]
    assert [row[:4] for row in sheet[2:]] == [
        ["直接服务人次", 300, 150, 50],
        ["宣传报道", 20, 5, 25],
    ]
    text = docx_text(client.get(reverse("reports:export_docx"), YEAR_2022).content)
    assert "年度指标完成情况" in text
    assert "直接服务人次" in text and "50.0%" in text and "25.0%" in text


def test_every_role_has_the_report_in_the_navigation(client, world):
    for user in [world.staff, world.worker1, world.supervisor, world.official]:
        client.force_login(user)
        html = client.get(reverse("reports:summary")).content.decode()
        assert f'href="{reverse("reports:summary")}">数据报表</a>' in html


def test_the_official_home_page_shows_this_years_figures_and_links_to_the_report(
    client, world, fake_figures
):
    client.force_login(world.official)
    html = client.get(reverse("home")).content.decode()
    assert "本年度工作数据" in html
    assert "直接服务人次" in html and ">150<" in html
    assert "查看完整数据报表" in html


def test_the_report_panel_is_only_on_the_officials_home_page(client, world):
    client.force_login(world.worker1)
    assert "本年度工作数据" not in client.get(reverse("home")).content.decode()


def test_the_excel_room_sheet_of_key_populations_reads_less_than_five(
    client, world, served_key_populations
):
    client.force_login(world.official)
    response = client.get(reverse("reports:export_xlsx"), YEAR_2022)
    sheet = xlsx_cells(response.content)["重点人群服务分社工室"]
    header, room1 = sheet[0], sheet[1]
    by_category = dict(zip(header, room1, strict=False))
    assert by_category["社工室"] == "一号社工室"
    assert by_category["残疾人"] == "<5"
    assert by_category["留守儿童"] == 7


def test_the_word_draft_of_a_room_reads_less_than_five_for_small_key_populations(
    client, world, served_key_populations
):
    client.force_login(world.staff)
    response = client.get(reverse("reports:export_docx"), {**YEAR_2022, "room": "r1"})
    document = Document(io.BytesIO(response.content))
    rows = {row.cells[0].text: row.cells[2].text for row in document.tables[0].rows}
    assert rows["残疾人"] == "<5"
    assert rows["留守儿童"] == "7"


def test_the_word_draft_is_laid_out_as_an_official_document(client, world, fake_figures):
    """GB/T 9704: A4, margins 37/35/28/26 mm, 3号仿宋 body on 28 pt lines, 2号 title, 3号黑体 and
    楷体 headings, 4号 page numbers at the foot."""
    from docx.shared import Mm, Pt

    client.force_login(world.official)
    document = Document(io.BytesIO(client.get(reverse("reports:export_docx"), YEAR_2022).content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(margin.mm) for margin in margins] == [37, 35, 28, 26]

    def east_asian(style):
        return style.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )

    body, title = document.styles["Normal"], document.styles["Title"]
    first, second = document.styles["Heading 1"], document.styles["Heading 2"]
    assert (east_asian(body), body.font.size, body.paragraph_format.line_spacing) == (
        "仿宋",
        Pt(16),
        Pt(28),
    )
    assert (east_asian(title), title.font.size) == ("黑体", Pt(22))
    assert (east_asian(first), first.font.size, first.font.bold) == ("黑体", Pt(16), False)
    assert (east_asian(second), second.font.size) == ("楷体", Pt(16))
    assert first.font.color.rgb == (0, 0, 0)
    assert [p.style.name for p in document.paragraphs[:1]] == ["Title"]
    footer = section.footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.text == "—  —"
    assert {run.font.size for run in footer.runs} == {Pt(14)}
    assert Mm(0) < section.footer_distance < section.bottom_margin
