"""Two people editing the same household or tag: the second save is refused, nothing is lost."""

from django.test import Client
from django.urls import reverse

from stations.models import Household, KeyPopulationTag
from tests.factories import HouseholdFactory, KeyPopulationTagFactory, ResidentFactory

CONFLICT_MESSAGE = "其他人已修改了这条记录"


def loaded_form_data(client, url):
    """What the browser would send back unchanged: the edit page's form with its hidden version."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def two_users_load(url, first_user, second_user):
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(second_user)
    return (first, loaded_form_data(first, url)), (second, loaded_form_data(second, url))


def test_a_household_edit_made_after_someone_else_saved_is_refused_and_keeps_their_change(world):
    household = HouseholdFactory(room=world.room1, name="王家户", address="东街1号")
    url = reverse("stations:household_edit", kwargs={"pk": household.pk})
    (first, first_data), (second, second_data) = two_users_load(
        url, world.worker1, world.supervisor
    )

    assert first.post(url, {**first_data, "address": "东街2号"}).status_code == 302
    response = second.post(url, {**second_data, "address": "西街9号"})

    assert response.status_code == 409
    page = response.content.decode()
    assert CONFLICT_MESSAGE in page
    assert "东街2号" in page  # the other person's value, shown above the form
    assert 'value="西街9号"' in page  # the user's own input stays on the form
    household = Household.objects.get(pk=household.pk)
    assert (household.address, household.version) == ("东街2号", 2)


def test_a_tag_edit_made_after_someone_else_saved_is_refused_and_keeps_their_change(world):
    tag = KeyPopulationTagFactory(resident=ResidentFactory(room=world.room1), source="入户排查")
    url = reverse("stations:tag_edit", kwargs={"pk": tag.pk})
    (first, first_data), (second, second_data) = two_users_load(
        url, world.worker1, world.supervisor
    )

    assert first.post(url, {**first_data, "source": "民政认定"}).status_code == 302
    response = second.post(url, {**second_data, "source": "学校转介", "end_date": "2022-12-31"})

    assert response.status_code == 409
    page = response.content.decode()
    assert CONFLICT_MESSAGE in page
    assert "民政认定" in page
    assert 'value="学校转介"' in page
    tag = KeyPopulationTag.objects.get(pk=tag.pk)
    assert (tag.source, tag.end_date, tag.version) == ("民政认定", None, 2)
