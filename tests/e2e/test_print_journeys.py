"""A station head prints an activity's sign-in sheet: checked in the PDF Chromium prints."""

import io
import unicodedata

from pypdf import PdfReader

from tests.e2e.conftest import login


def _world():
    from stations.models import Role
    from tests.activities.factories import ActivityFactory
    from tests.factories import ResidentFactory, RoomFactory, StationFactory, UserFactory

    station = StationFactory(name="陈仓镇社工站", code="CCZ")
    room = RoomFactory(station=station, name="联盟社区社工室")
    head = UserFactory(username="zhanzhang", role=Role.STATION_STAFF, station=station)
    people = [
        ResidentFactory(room=room, real_name="李秀英", pseudonym="华华"),
        ResidentFactory(room=room, real_name="王建国", pseudonym="小王"),
    ]
    activity = ActivityFactory(
        station=station, rooms=[room], title="重阳敬老", place="社区活动室", participants=people
    )
    activity.organisers.set([head])
    return activity


def test_station_head_prints_an_activity_signin_sheet(transactional_db, live_server, phone_page):
    activity = _world()
    page = phone_page
    login(page, live_server, "zhanzhang")
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    page.get_by_role("link", name="打印签到表").click()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    # NFKC: the PDF's font maps some characters to CJK radicals (⼯ for 工).
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    text = text.replace(" ", "")
    assert "社区活动签到表" in text and "陈仓镇社工站" in text
    assert text.startswith("1/1陈仓镇社工站")  # page number and station name in the margin
    assert "李秀英" in text and "王建国" in text and "华华" not in text
    assert "本人签名" in text and "活动负责人签名" in text
    assert "应到" in text and "实到" in text
    # Ten numbered blank rows after the two people: 3 … 12.
    assert "12" in text
    assert page.locator("tr.blank-row").count() == 10
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # portrait
