"""A structured home visit on a phone (issue 19, items 2-3): the checklist of the chosen
resident's population, a photo from the camera shrunk on the phone, saved without a signal into
the outbox and sent once when the signal returns; nothing of it stays on the phone."""

import io

from PIL import Image
from playwright.sync_api import expect

from cases.checklists import ensure_default_checklists
from cases.models import ChecklistItem, ResidentRiskFlag, ServiceRecord, VisitChecklist
from tests.e2e.conftest import login
from tests.factories import KeyPopulationTagFactory, ResidentFactory


def _camera_photo() -> bytes:
    """A photo as a phone camera takes it: 3000 × 2000 px."""
    buffer = io.BytesIO()
    Image.effect_noise((3000, 2000), 60).convert("RGB").save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def test_a_checklist_visit_with_a_photo_saved_offline_arrives_once_with_its_answers(
    transactional_db, live_server, phone_page, world
):
    ensure_default_checklists(world.station, VisitChecklist, ChecklistItem)
    elder = ResidentFactory(room=world.room1, real_name="周玉珍")
    KeyPopulationTagFactory(resident=elder, category="elderly_alone")
    child = ResidentFactory(room=world.room1, real_name="小明")
    KeyPopulationTagFactory(resident=child, category="child_in_difficulty")
    safety = ChecklistItem.objects.get(checklist__category="elderly_alone", topic="safety")
    needs = ChecklistItem.objects.get(checklist__category="elderly_alone", topic="needs")
    page = phone_page
    login(page, live_server, "worker1")
    page.goto(f"{live_server.url}/cases/visits/new/")

    elderly = page.locator("[data-checklist=elderly_alone]")
    children = page.locator("[data-checklist=child_in_difficulty]")
    expect(elderly).to_be_hidden()
    page.select_option("select[name=resident]", str(elder.pk))
    expect(elderly).to_be_visible()
    expect(children).to_be_hidden()
    page.select_option("select[name=resident]", str(child.pk))
    expect(children).to_be_visible()
    expect(elderly).to_be_hidden()
    page.select_option("select[name=resident]", str(elder.pk))

    page.check(f"input[name=check_{safety.pk}][value=是]")
    page.fill(f"input[name=check_{needs.pk}]", "助餐")
    page.fill("textarea[name=content]", "燃气灶老化，已提醒更换")
    original = _camera_photo()
    page.set_input_files(
        "input[name=photos]",
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": original}],
    )
    expect(page.locator("[data-photo-preview]")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.context.set_offline(True)
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator("[data-offline-notice=warning]")).to_contain_text("已存入待发送")
    [item] = page.evaluate(
        "window.stationOutbox.items().then(items => items.map(item => ({"
        "fields: item.fields, files: item.files.map(pair => [pair[0], pair[1].size])})))"
    )
    [(name, size)] = item["files"]
    assert name == "photos" and size < len(original) / 2  # shrunk on the phone
    assert [f"check_{safety.pk}", "是"] in item["fields"]
    expect(page.locator("[data-photo-preview]")).to_have_count(0)  # the form starts again
    assert not ServiceRecord.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox-toggle]")).to_be_hidden()
    visit = ServiceRecord.objects.get()
    answers = {answer.question: answer.answer for answer in visit.answers.all()}
    assert answers == {safety.question: "是", needs.question: "助餐"}
    assert ResidentRiskFlag.objects.get(resident=elder).visit_days == 7
    [photo] = visit.photos.all()
    with Image.open(photo.file.path) as stored:
        assert max(stored.size) == 1600
    # Sent: the photo is no longer on the phone.
    assert page.evaluate("window.stationOutbox.items()") == []

    page.goto(f"{live_server.url}/cases/records/{visit.pk}/print/")
    expect(page.locator("[data-visit-answers]")).to_contain_text("助餐")
    image = page.locator("[data-record-photos] img")
    expect(image).to_have_count(1)
    assert page.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 1600
