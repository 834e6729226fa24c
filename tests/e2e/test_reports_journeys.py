import re

from django.core.management import call_command
from playwright.sync_api import expect

from stations.demo import DEMO_PASSWORD
from tests.e2e.conftest import login


def test_official_picks_2022_sees_the_charts_and_downloads_excel_and_word(
    transactional_db, live_server, phone_page
):
    call_command("seed_demo", verbosity=0)
    login(phone_page, live_server, "guanyuan", DEMO_PASSWORD)
    expect(phone_page.locator("#panel-report_summary")).to_contain_text("本年度工作数据")
    phone_page.get_by_role("link", name="查看完整数据报表").click()
    expect(phone_page.locator("h1")).to_have_text("数据报表")

    # The key figures and charts come first; the period form opens on demand.
    expect(phone_page.locator("select[name=kind]")).to_be_hidden()
    phone_page.get_by_text("更改统计周期或范围").click()
    phone_page.select_option("select[name=kind]", "year")
    phone_page.select_option("select[name=year]", "2022")
    phone_page.get_by_role("button", name="查看").click()
    expect(phone_page).to_have_url(re.compile(r"year=2022"))
    expect(phone_page.locator("#report-scope")).to_contain_text("2022年")
    expect(phone_page.locator("#section-totals")).to_contain_text("直接服务人次")

    charts = phone_page.locator("img[data-chart]")
    expect(charts).to_have_count(6)
    charts.last.scroll_into_view_if_needed()
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    with phone_page.expect_download() as excel:
        phone_page.get_by_role("link", name="导出Excel").click()
    assert excel.value.suggested_filename.endswith(".xlsx")
    assert "2022" in excel.value.suggested_filename
    with phone_page.expect_download() as word:
        phone_page.get_by_role("link", name="下载年度工作报告初稿（Word）").click()
    assert word.value.suggested_filename.endswith(".docx")

    # The report fits a 375-px phone screen without sideways scrolling of the page.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_report_reads_at_a_glance_on_a_phone_and_prints_on_at_most_three_pages(
    transactional_db, live_server, phone_page
):
    import io

    from pypdf import PdfReader

    call_command("seed_demo", verbosity=0)
    login(phone_page, live_server, "guanyuan", DEMO_PASSWORD)
    phone_page.goto(f"{live_server.url}/reports/?kind=year&year=2022")

    # Key figures first, then the charts, then the tables.
    def top(selector):
        return phone_page.locator(selector).first.bounding_box()["y"]

    assert top("#key-figures") < top("img[data-chart]") < top("#report-tables")
    expect(phone_page.locator("[data-key-figure='totals.person_times'] .value")).not_to_be_empty()

    # Charts fill the phone's column and their labels (17 of 480 units) stay at 11 px or more.
    charts = phone_page.locator("img[data-chart]")
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        shown, drawn = chart.evaluate(
            "img => [img.getBoundingClientRect().width, img.naturalWidth]"
        )
        assert shown <= 375 and drawn <= 480 and 17 * shown / drawn >= 11
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375

    pdf = PdfReader(io.BytesIO(phone_page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) <= 3
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "宣传交流" in text.replace(" ", "")  # the last table is printed too
