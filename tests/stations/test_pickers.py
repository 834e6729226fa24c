"""Pickers that find people (issue 19, item 4): one scoped, bounded search per kind, and the
widget on every field that points at a resident, a volunteer or an organization."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import PartnerUnit
from stations.pickers import INLINE_OPTIONS, RESULTS
from tests.factories import KeyPopulationTagFactory, ResidentFactory
from tests.volunteers.factories import VolunteerFactory


def pick(client, kind, q=""):
    response = client.get(reverse("stations:pick", args=[kind]), {"q": q})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.json()


def names(data):
    return [row["label"].split("（")[0] for row in data["results"]]


def test_a_room_worker_never_finds_another_rooms_resident(client, world):
    ResidentFactory(room=world.room1, real_name="王秀英")
    ResidentFactory(room=world.room2, real_name="王秀兰")
    ResidentFactory(room=world.other_room, real_name="王秀芳")
    client.force_login(world.worker1)

    assert names(pick(client, "resident", "王秀")) == ["王秀英"]

    client.force_login(world.staff)
    assert sorted(names(pick(client, "resident", "王秀"))) == ["王秀兰", "王秀英"]


def test_archived_files_are_not_offered(client, world):
    archived = ResidentFactory(room=world.room1, real_name="冯玉英")
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    client.force_login(world.worker1)

    assert pick(client, "resident", "冯玉英")["results"] == []


def test_the_search_finds_by_pseudonym_room_age_and_tag_and_every_word_must_match(client, world):
    today = timezone.localdate()
    old = ResidentFactory(
        room=world.room1,
        real_name="赵桂兰",
        pseudonym="兰奶奶",
        birth_date=datetime.date(today.year - 81, 1, 1),
    )
    KeyPopulationTagFactory(resident=old, category="elderly_alone")
    ResidentFactory(room=world.room1, real_name="钱小明", birth_date=datetime.date(2015, 6, 1))
    client.force_login(world.worker1)

    assert names(pick(client, "resident", "兰奶奶")) == ["赵桂兰"]
    assert len(pick(client, "resident", "一号")["results"]) == 2
    assert names(pick(client, "resident", "81岁")) == ["赵桂兰"]
    assert names(pick(client, "resident", "独居")) == ["赵桂兰"]
    assert names(pick(client, "resident", "一号 独居")) == ["赵桂兰"]
    assert pick(client, "resident", "钱 独居")["results"] == []


def test_results_never_show_id_numbers_or_phones(client, world):
    resident = ResidentFactory(room=world.room1, real_name="孙淑珍", pseudonym="珍珍")
    KeyPopulationTagFactory(resident=resident, category="dibao")
    client.force_login(world.worker1)

    data = pick(client, "resident", "孙淑珍")
    text = json.dumps(data, ensure_ascii=False)
    assert data["results"][0]["id"] == resident.pk
    assert "珍珍" in text and "低保" in text
    assert resident.id_number not in text and resident.phone not in text
    assert resident.id_number[-4:] not in text and resident.phone[-4:] not in text


def test_the_number_of_results_is_bounded(client, world):
    ResidentFactory.create_batch(RESULTS + 3, room=world.room1)
    client.force_login(world.worker1)

    data = pick(client, "resident", "居民")
    assert len(data["results"]) == RESULTS
    assert data["more"] is True


def test_a_long_paste_is_cut_not_searched_in_full(client, world):
    ResidentFactory(room=world.room1, real_name="周兰")
    client.force_login(world.worker1)

    assert names(pick(client, "resident", "周兰 " + "x" * 5000)) == []
    assert names(pick(client, "resident", "周兰" + " " * 5000 + "x")) == ["周兰"]


@pytest.mark.parametrize("persona", ["official", "district_official"])
def test_officials_are_refused(client, world, persona):
    client.force_login(world.persona(persona))
    for kind in ("resident", "volunteer", "organization"):
        assert client.get(reverse("stations:pick", args=[kind]), {"q": "王"}).status_code == 403


def test_an_unknown_kind_is_a_404(client, world):
    client.force_login(world.worker1)
    assert client.get(reverse("stations:pick", args=["user"])).status_code == 404


def test_the_search_answers_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    for number in range(3):
        KeyPopulationTagFactory(resident=ResidentFactory(room=world.room1, real_name=f"吴{number}"))
    client.force_login(world.worker1)
    url = reverse("stations:pick", args=["resident"])
    # session, user, the residents (scoped in a subquery), their tags in force
    with django_assert_num_queries(4):
        client.get(url, {"q": "吴"})
    for number in range(15):
        KeyPopulationTagFactory(resident=ResidentFactory(room=world.room1, real_name=f"吴{number}"))
    with django_assert_num_queries(4):
        client.get(url, {"q": "吴"})


def test_volunteers_are_found_by_name_and_skill_in_the_users_rooms_only(client, world):
    VolunteerFactory(room=world.room1, real_name="李红梅", skills=["tutoring"])
    VolunteerFactory(room=world.room1, real_name="李建军", skills=["repair"])
    VolunteerFactory(room=world.room2, real_name="李春燕", skills=["tutoring"])
    VolunteerFactory(
        room=world.room1, real_name="李退出", status="left", left_on=datetime.date(2024, 1, 1)
    )
    client.force_login(world.worker1)

    assert sorted(names(pick(client, "volunteer", "李"))) == ["李建军", "李红梅"]
    data = pick(client, "volunteer", "课业")
    assert names(data) == ["李红梅"]
    assert data["results"][0]["detail"] == "课业辅导"


def test_organizations_are_the_users_station_registry(client, world):
    PartnerUnit.objects.create(station=world.station, name="宏远文具有限公司", kind="enterprise")
    PartnerUnit.objects.create(station=world.other_station, name="宏达商贸", kind="enterprise")
    client.force_login(world.worker1)

    data = pick(client, "organization", "宏")
    assert names(data) == ["宏远文具有限公司"]
    assert data["results"][0]["detail"] == "企业"


def test_the_dropdown_is_bounded_but_keeps_the_chosen_resident(client, world):
    residents = ResidentFactory.create_batch(INLINE_OPTIONS + 2, room=world.room1)
    last = max(residents, key=lambda r: (r.real_name, r.pk))
    client.force_login(world.worker1)
    url = reverse("cases:visit_new")

    select = resident_select(client.get(url).text)
    # the empty choice, the first residents, and a note that the search finds the others
    assert select.count("<option value=") == 1 + INLINE_OPTIONS + 1
    assert "data-picker-truncated" in select and "data-picker-more" in select
    assert f'<option value="{last.pk}"' not in select

    # A form sent back with an error keeps the resident chosen through the search.
    select = resident_select(client.post(reverse("cases:create"), {"resident": last.pk}).text)
    assert f'<option value="{last.pk}" selected data-search="{last.pseudonym}">' in select


def resident_select(page):
    start = page.index('<select name="resident"')
    return page[start : page.index("</select>", start)]


FIELDS = [
    # (url name, kwargs maker, field name, kind)
    ("cases:visit_new", None, "resident", "resident"),
    ("cases:create", None, "resident", "resident"),
    ("volunteers:create", None, "resident", "resident"),
    ("volunteers:record_create", None, "volunteer", "volunteer"),
    ("charity:donation_create", None, "donor_partner", "organization"),
]


@pytest.mark.parametrize(("url_name", "kwargs", "field", "kind"), FIELDS)
def test_forms_that_point_at_people_use_the_picker(client, world, url_name, kwargs, field, kind):
    client.force_login(world.staff)
    page = client.get(reverse(url_name, kwargs=kwargs)).text
    assert f'name="{field}"' in page
    start = page.index(f'name="{field}"')
    tag = page[page.rindex("<select", 0, start) : page.index(">", start)]
    assert f'data-picker="{kind}"' in tag
    assert reverse("stations:pick", args=[kind]) in tag
