"""The resident's page opens the visit and service-record forms with the resident chosen, and the
resident pickers of the visit and case forms name the room and age (issue 19, item 4)."""

import re

from django.template.loader import render_to_string
from django.urls import reverse

from stations.workbench import RESIDENT_SECTIONS
from tests.cases.factories import complete_case
from tests.factories import ResidentFactory


def _section(rf, user, resident):
    request = rf.get("/")
    request.user = user
    section = RESIDENT_SECTIONS["cases"]
    data = section.context(request, resident)
    return render_to_string(section.actions, {"data": data}) + render_to_string(
        section.template, {"data": data}
    )


def test_the_resident_page_offers_a_service_record_for_the_open_case(rf, world):
    resident = ResidentFactory(room=world.room1)
    case = complete_case(stage="intervention", resident=resident)
    complete_case(stage="closed", resident=resident)

    html = _section(rf, world.worker1, resident)

    assert f"/cases/visits/new/?resident={resident.pk}" in html
    assert re.findall(r'href="([^"]+)" data-record-shortcut', html) == [
        reverse("cases:record_new", args=[case.pk])
    ]


def test_with_two_open_cases_the_service_record_button_asks_which(rf, world):
    resident = ResidentFactory(room=world.room1)
    first = complete_case(stage="intervention", resident=resident)
    second = complete_case(stage="plan", resident=resident)

    html = _section(rf, world.worker1, resident)

    assert set(re.findall(r'href="([^"]+)" data-record-shortcut', html)) == {
        reverse("cases:record_new", args=[first.pk]),
        reverse("cases:record_new", args=[second.pk]),
    }
    assert first.number in html and second.number in html


def test_without_an_open_case_the_page_says_where_service_records_go(rf, world):
    resident = ResidentFactory(room=world.room1)
    complete_case(stage="closed", resident=resident)

    html = _section(rf, world.worker1, resident)

    assert "data-record-shortcut" not in html
    assert "没有进行中的个案" in html


def test_the_resident_page_shows_both_shortcuts(client, world):
    resident = ResidentFactory(room=world.room1)
    case = complete_case(stage="intervention", resident=resident)
    client.force_login(world.worker1)
    page = client.get(reverse("stations:resident_detail", args=[resident.pk])).text
    top = page[: page.index('id="profile"')]
    assert f"/cases/visits/new/?resident={resident.pk}" in top, "above the fold, under the name"
    assert reverse("cases:record_new", args=[case.pk]) in top


def test_an_archived_residents_page_offers_no_visit(client, world):
    resident = ResidentFactory(room=world.room1)
    resident.archived_at = resident.created_at
    resident.save(update_fields=["archived_at"])
    client.force_login(world.worker1)
    page = client.get(reverse("stations:resident_detail", args=[resident.pk])).text
    assert 'id="actions-cases"' not in page


def test_the_visit_picker_names_room_and_age_and_only_the_users_residents(client, world):
    mine = ResidentFactory(room=world.room1, real_name="吴秀兰")
    other = ResidentFactory(room=world.room2, real_name="郑桂芳")
    archived = ResidentFactory(room=world.room1, real_name="冯玉英")
    archived.archived_at = archived.created_at
    archived.save(update_fields=["archived_at"])
    client.force_login(world.worker1)

    for url in (reverse("cases:visit_new"), reverse("cases:create")):
        page = client.get(url).text
        assert f"吴秀兰（{world.room1.name}，{mine.age}岁）" in page
        assert other.real_name not in page
        assert archived.real_name not in page


def test_choosing_an_archived_resident_says_the_file_is_archived(client, world):
    archived = ResidentFactory(room=world.room1, real_name="冯玉英")
    archived.archived_at = archived.created_at
    archived.save(update_fields=["archived_at"])
    client.force_login(world.worker1)

    page = client.post(
        reverse("cases:create"),
        {"resident": archived.pk, "source": "outreach", "presenting_problem": "独居"},
    ).text

    assert "冯玉英 的档案已归档" in page


def test_the_resident_picker_carries_the_pseudonym_for_the_search_box(client, world):
    resident = ResidentFactory(room=world.room1, real_name="吴秀兰", pseudonym="兰花")
    client.force_login(world.worker1)
    page = client.get(reverse("cases:visit_new")).text
    assert 'data-picker="resident"' in page
    assert re.search(rf'<option value="{resident.pk}" data-search="兰花"', page)
