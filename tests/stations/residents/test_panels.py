import datetime

from django.urls import reverse

from tests.factories import KeyPopulationTagFactory
from tests.stations.residents.factories import ChildFactory, GuardianConsentFactory


def test_workbench_lists_children_whose_tags_lack_guardian_consent(client, world):
    waiting = ChildFactory(room=world.room1, real_name="待同意儿童")
    covered = ChildFactory(room=world.room1, real_name="已同意儿童")
    other_room = ChildFactory(room=world.room2, real_name="别室儿童")
    for child in (waiting, covered, other_room):
        KeyPopulationTagFactory(resident=child, category="left_behind_child")
    GuardianConsentFactory(resident=covered, given_on=datetime.date(2022, 1, 1))
    client.force_login(world.worker1)
    page = client.get(reverse("home")).content.decode()
    assert "待补录监护人同意的儿童" in page
    # Other panels (overdue visits…) may list the same children: look at this panel only.
    panel = page.split('id="panel-residents_missing_consent"', 1)[1].split("</section>", 1)[0]
    assert "待同意儿童" in panel
    assert "已同意儿童" not in panel and "别室儿童" not in panel
    assert "别室儿童" not in page


def test_officials_do_not_get_the_panel(client, world):
    client.force_login(world.official)
    assert "待补录监护人同意的儿童" not in client.get(reverse("home")).content.decode()


def test_the_panel_uses_two_queries_whatever_the_number_of_children(
    rf, world, django_assert_num_queries
):
    from stations.panels import missing_consent_panel

    request = rf.get("/")
    request.user = world.worker1
    for _ in range(12):
        KeyPopulationTagFactory(resident=ChildFactory(room=world.room1), category="orphan")
    with django_assert_num_queries(2):
        data = missing_consent_panel(request)
    assert data["count"] == 12 and len(data["residents"]) == 8
