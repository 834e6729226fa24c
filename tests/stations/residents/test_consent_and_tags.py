"""Key-population tags and consents: a child's tags need the guardian's consent on file."""

import datetime

from django.urls import reverse

from stations.models import Consent, KeyPopulationTag
from tests.factories import KeyPopulationTagFactory, ResidentFactory
from tests.stations.residents.factories import ChildFactory, ConsentFactory, GuardianConsentFactory


def test_a_childs_tag_without_guardian_consent_is_refused_in_chinese_and_not_saved(client, world):
    child = ChildFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:tag_create", kwargs={"pk": child.pk}),
        {"category": "left_behind_child", "start_date": "2022-03-01", "source": "学校转介"},
    )
    assert response.status_code == 200
    assert "须先录入监护人" in " ".join(response.context["form"].errors["category"])
    assert not KeyPopulationTag.objects.exists()


def test_a_withdrawn_or_self_given_consent_does_not_count_for_a_child(client, world):
    child = ChildFactory(room=world.room1)
    GuardianConsentFactory(resident=child, withdrawn_on=datetime.date(2022, 6, 1))
    GuardianConsentFactory(resident=child, covers_sensitive=False)
    client.force_login(world.worker1)
    client.post(
        reverse("stations:tag_create", kwargs={"pk": child.pk}),
        {"category": "child_in_difficulty", "start_date": "2022-03-01"},
    )
    assert not KeyPopulationTag.objects.exists()


def test_with_guardian_consent_the_childs_tag_is_saved(client, world):
    child = ChildFactory(room=world.room1)
    GuardianConsentFactory(resident=child)
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:tag_create", kwargs={"pk": child.pk}),
        {"category": "left_behind_child", "start_date": "2022-03-01", "source": "学校转介"},
    )
    assert response.status_code == 302
    assert KeyPopulationTag.objects.get().category == "left_behind_child"


def test_guardian_consent_for_a_child_needs_the_guardian_named(client, world):
    child = ChildFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("stations:consent_create", kwargs={"pk": child.pk})
    data = {
        "purpose": "儿童关爱",
        "scope": "基本信息",
        "covers_sensitive": "on",
        "given_on": "2022-03-01",
    }
    response = client.post(url, {**data, "given_by": "self"})
    assert "须由监护人同意" in " ".join(response.context["form"].errors["given_by"])
    response = client.post(url, {**data, "given_by": "guardian", "guardian_name": ""})
    assert "须填写监护人姓名" in " ".join(response.context["form"].errors["guardian_name"])
    assert not Consent.objects.exists()
    client.post(
        url,
        {**data, "given_by": "guardian", "guardian_name": "李桂英", "guardian_relation": "祖母"},
    )
    consent = Consent.objects.get()
    assert (consent.guardian_name, consent.created_by) == ("李桂英", world.worker1)


def test_consent_is_withdrawn_with_a_date_once(client, world):
    consent = ConsentFactory(resident=ResidentFactory(room=world.room1))
    client.force_login(world.worker1)
    url = reverse("stations:consent_withdraw", kwargs={"pk": consent.pk})
    response = client.post(url, {"withdrawn_on": "2021-01-01"})
    assert "撤回日期不能早于同意日期" in " ".join(response.context["form"].errors["withdrawn_on"])
    client.post(url, {"withdrawn_on": "2022-06-01", "withdrawal_note": "本人要求"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2022, 6, 1)
    client.post(url, {"withdrawn_on": "2022-07-01"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2022, 6, 1)


def test_disability_needs_category_and_grade_one_to_four(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    url = reverse("stations:tag_create", kwargs={"pk": resident.pk})
    response = client.post(url, {"category": "disabled", "start_date": "2022-03-01"})
    errors = response.context["form"].errors
    assert (
        "残疾类别" in errors["disability_category"][0]
        and "残疾等级" in errors["disability_grade"][0]
    )
    response = client.post(
        url, {"category": "dibao", "start_date": "2022-03-01", "disability_grade": "2"}
    )
    assert "只有“残疾人”标签" in response.context["form"].errors["disability_category"][0]
    client.post(
        url,
        {
            "category": "disabled",
            "start_date": "2022-03-01",
            "disability_category": "visual",
            "disability_grade": "1",
        },
    )
    tag = KeyPopulationTag.objects.get()
    assert (tag.disability_category, tag.disability_grade) == ("visual", 1)


def test_tag_end_before_start_is_refused(client, world):
    resident = ResidentFactory(room=world.room1)
    client.force_login(world.worker1)
    response = client.post(
        reverse("stations:tag_create", kwargs={"pk": resident.pk}),
        {"category": "dibao", "start_date": "2022-03-01", "end_date": "2022-01-01"},
    )
    assert "结束日期不能早于开始日期" in response.context["form"].errors["end_date"][0]
    assert not KeyPopulationTag.objects.exists()


def test_a_tag_is_ended_through_its_edit_page(client, world):
    tag = KeyPopulationTagFactory(resident=ResidentFactory(room=world.room1), category="dibao")
    client.force_login(world.worker1)
    client.post(
        reverse("stations:tag_edit", kwargs={"pk": tag.pk}),
        {
            "category": "dibao",
            "start_date": "2022-01-01",
            "end_date": "2022-10-31",
            "source": "民政认定",
        },
    )
    tag.refresh_from_db()
    assert tag.end_date == datetime.date(2022, 10, 31)


def test_an_adults_sensitive_tag_without_consent_is_flagged_on_the_page(client, world):
    resident = ResidentFactory(room=world.room1)
    KeyPopulationTagFactory(resident=resident, category="dibao")
    client.force_login(world.worker1)
    url = reverse("stations:resident_detail", kwargs={"pk": resident.pk})
    assert "尚无有效的敏感个人信息单独同意" in client.get(url).content.decode()
    ConsentFactory(resident=resident)
    assert "尚无有效的敏感个人信息单独同意" not in client.get(url).content.decode()
