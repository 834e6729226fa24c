"""The audit trail: database triggers record every change; nothing leaks plaintext; rows are
append-only; supervisors read it per resident, with the reveal log."""

import pytest
from django.db import InternalError, ProgrammingError, connection, transaction
from django.urls import reverse

from stations.models import Resident, ResidentEvent, RevealLog
from tests.factories import KeyPopulationTagFactory, ResidentFactory

VALID_ID = "11010519491231002X"


def raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return [" ".join(map(str, row)) for row in cursor.fetchall()]


def test_raw_database_holds_no_plaintext_id_number_or_phone_anywhere(world):
    resident = ResidentFactory(room=world.room1, id_number=VALID_ID, phone="13812345678")
    resident.address = "新地址"
    resident.save()
    for table in ["stations_resident", "stations_residentevent"]:
        dump = " ".join(raw_rows(table))
        assert VALID_ID not in dump and "13812345678" not in dump, table
        assert "110105" not in dump


def test_bulk_update_is_caught_with_old_and_new_values(world):
    resident = ResidentFactory(room=world.room1, address="旧址")
    Resident.objects.filter(pk=resident.pk).update(address="新址")
    event = ResidentEvent.objects.filter(pgh_obj=resident, pgh_label="update").get()
    assert event.address == "新址"
    from pghistory.models import Events

    diff = Events.objects.tracks(resident).filter(pgh_label="update").get().pgh_diff
    assert diff["address"] == ["旧址", "新址"]


def test_delete_is_recorded_too(world):
    resident = ResidentFactory(room=world.room1)
    pk = resident.pk
    resident.delete()
    assert ResidentEvent.objects.filter(pgh_obj_id=pk, pgh_label="delete").exists()


def test_audit_rows_cannot_be_changed_or_deleted(world):
    ResidentFactory(room=world.room1)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        ResidentEvent.objects.update(real_name="篡改")
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        ResidentEvent.objects.all().delete()


def test_reveal_log_rows_cannot_be_changed(world):
    resident = ResidentFactory(room=world.room1)
    RevealLog.objects.create(
        resident=resident, field="phone", reason="核对", revealed_by=world.worker1
    )
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        RevealLog.objects.update(reason="改")


def test_changes_through_the_site_record_the_user(client, world):
    resident = ResidentFactory(room=world.room1, address="旧址", id_type="none", id_number="")
    client.force_login(world.worker1)
    client.post(
        reverse("stations:resident_edit", kwargs={"pk": resident.pk}),
        {
            "room": world.room1.pk,
            "real_name": resident.real_name,
            "pseudonym": resident.pseudonym,
            "id_type": "none",
            "birth_date": resident.birth_date.isoformat(),
            "sex": resident.sex,
            "address": "新址",
            "registered_on": "2022-01-01",
            "version": 1,
        },
    )
    client.force_login(world.supervisor)
    page = client.get(
        reverse("stations:resident_history", kwargs={"pk": resident.pk})
    ).content.decode()
    assert "旧址" in page and "新址" in page
    assert str(world.worker1) in page


def test_history_page_shows_tag_changes_and_reveals_but_hides_identity_values(client, world):
    resident = ResidentFactory(room=world.room1, id_number=VALID_ID, phone="13812345678")
    KeyPopulationTagFactory(resident=resident, category="dibao")
    resident.phone = "13900001111"
    resident.save()
    client.force_login(world.worker1)
    client.post(
        reverse("stations:resident_reveal", kwargs={"pk": resident.pk}),
        {"field": "phone", "reason": "电话回访"},
    )
    client.force_login(world.supervisor)
    page = client.get(
        reverse("stations:resident_history", kwargs={"pk": resident.pk})
    ).content.decode()
    assert "低保对象" in page
    assert "电话回访" in page and str(world.worker1) in page
    assert "已更改" in page
    for secret in (VALID_ID, "13812345678", "13900001111"):
        assert secret not in page


def test_history_includes_the_household_file_but_not_other_members_changes(client, world):
    from tests.factories import HouseholdFactory

    household = HouseholdFactory(room=world.room1, name="钱家户", address="旧门牌")
    resident = ResidentFactory(room=world.room1, household=household, relation_to_head="head")
    member = ResidentFactory(room=world.room1, household=household, relation_to_head="spouse")
    household.address = "新门牌"
    household.save()
    member.notes = "另一成员的备注"
    member.save()
    client.force_login(world.supervisor)
    page = client.get(
        reverse("stations:resident_history", kwargs={"pk": resident.pk})
    ).content.decode()
    assert "新门牌" in page and "钱家户" in page
    assert "另一成员的备注" not in page
