"""Forms, approvals and what each person sees on the charity pages."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from charity import services
from charity.models import Beneficiary, Disbursement, Disclosure, Donation, LedgerEntry
from tests.charity.factories import CharityProjectFactory, PartnerUnitFactory, donate, pay
from tests.factories import HouseholdFactory


def donation_data(charity, **overrides):
    data = {
        "fund": charity.fund.pk,
        "project": charity.project.pk,
        "form": "cash",
        "amount": "500.00",
        "donor_type": "individual",
        "donor_name": "李善人",
        "donated_on": "2022-05-01",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "金额必须大于零"),
        ("-20", "金额必须大于零"),
        ("10.005", "金额最多保留两位小数"),
        ("abc", "请输入正确的金额"),
    ],
)
def test_a_bad_donation_amount_is_refused_with_a_clear_message(
    client, world, charity, amount, message
):
    client.force_login(world.worker1)
    response = client.post(
        reverse("charity:donation_create"), donation_data(charity, amount=amount)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="李善人"' in response.content.decode()  # the input is kept
    assert not Donation.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_donation_is_recorded_with_its_ledger_entry(client, world, charity):
    client.force_login(world.worker1)
    response = client.post(reverse("charity:donation_create"), donation_data(charity))
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("500.00") and entry.project == charity.project


def test_an_in_kind_donation_needs_the_items_named(client, world, charity):
    client.force_login(world.worker1)
    response = client.post(
        reverse("charity:donation_create"), donation_data(charity, form="in_kind")
    )
    assert "物资捐赠请填写物资名称" in response.content.decode()
    assert not Donation.objects.exists()


def test_a_duplicate_receipt_number_is_refused(client, world, charity):
    donate(charity.fund, world.staff, "100.00", receipt_number="JZ-001")
    client.force_login(world.worker1)
    response = client.post(
        reverse("charity:donation_create"), donation_data(charity, receipt_number="JZ-001")
    )
    assert response.status_code == 200
    assert Donation.objects.count() == 1


def disbursement_data(charity, amount="300.00", lines=()):
    data = {
        "project": charity.project.pk,
        "form": "cash",
        "amount": amount,
        "purpose": "暖冬补助",
        "b-TOTAL_FORMS": "4",
        "b-INITIAL_FORMS": "0",
        "b-MIN_NUM_FORMS": "0",
        "b-MAX_NUM_FORMS": "50",
    }
    for index, (household, share) in enumerate(lines):
        data[f"b-{index}-household"] = household.pk
        data[f"b-{index}-amount"] = share
    return data


def test_a_disbursement_is_drafted_with_its_beneficiaries_and_moves_no_money(
    client, world, charity
):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    client.force_login(world.staff)
    data = disbursement_data(
        charity, lines=[(charity.household1, "150.00"), (charity.household2, "150.00")]
    )
    response = client.post(reverse("charity:disbursement_create"), data)
    assert response.status_code == 302
    disbursement = Disbursement.objects.get()
    assert disbursement.status == "draft"
    assert disbursement.beneficiaries.count() == 2
    assert LedgerEntry.objects.filter(source="disbursement").count() == 0


def test_shares_above_the_disbursement_are_refused(client, world, charity):
    client.force_login(world.staff)
    data = disbursement_data(
        charity, "100.00", lines=[(charity.household1, "80.00"), (charity.household2, "80.00")]
    )
    response = client.post(reverse("charity:disbursement_create"), data)
    assert "受助对象分配金额合计超过本次支出金额" in response.content.decode()
    assert not Disbursement.objects.exists()


def test_a_room_worker_cannot_pick_another_rooms_household(client, world, charity):
    client.force_login(world.worker1)
    data = disbursement_data(charity, lines=[(charity.household2, "80.00")])
    response = client.post(reverse("charity:disbursement_create"), data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Disbursement.objects.exists()


def test_a_disbursement_above_the_balance_is_not_approved(client, world, charity):
    donate(charity.fund, world.staff, "100.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.01"),
        purpose="暖冬补助",
        by=world.staff,
    )
    client.force_login(world.supervisor)
    url = reverse("charity:disbursement_approve", kwargs={"pk": draft.pk})
    response = client.post(url, follow=True)
    assert "余额不足" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.approved_by is None
    assert not LedgerEntry.objects.filter(source="disbursement").exists()


def test_an_unapproved_disbursement_cannot_be_paid_out(client, world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="暖冬补助",
        by=world.staff,
    )
    client.force_login(world.staff)
    url = reverse("charity:disbursement_apply", kwargs={"pk": draft.pk})
    response = client.post(url, follow=True)
    assert "尚未经管委会审批" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not LedgerEntry.objects.filter(source="disbursement").exists()


def test_the_person_who_drafted_a_disbursement_cannot_approve_it(world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="暖冬补助",
        by=world.supervisor,
    )
    with pytest.raises(services.PermissionDenied):
        services.disbursement_approve(disbursement=draft, by=world.supervisor)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_money_directed_to_another_project_cannot_be_spent(world, charity):
    other = CharityProjectFactory(fund=charity.fund, title="助学")
    donate(charity.fund, world.staff, "500.00", project=other)
    donate(charity.fund, world.staff, "100.00")  # undirected
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("150.00"),
        purpose="暖冬补助",
        by=world.staff,
    )
    with pytest.raises(services.InsufficientFunds):
        services.disbursement_approve(disbursement=draft, by=world.supervisor)
    pay(charity.project, world.staff, world.supervisor, "100.00")  # the undirected money is fine


def test_goods_cannot_pay_a_cash_grant(world, charity):
    donate(charity.fund, world.staff, "15000.00", form="in_kind", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("10.00"),
        purpose="现金补助",
        by=world.staff,
    )
    with pytest.raises(services.InsufficientFunds):
        services.disbursement_approve(disbursement=draft, by=world.supervisor)


def test_an_approval_reserves_the_money_for_a_second_approval(world, charity):
    donate(charity.fund, world.staff, "100.00", project=charity.project)
    first, second = (
        services.disbursement_create(
            fund=charity.fund,
            project=charity.project,
            form="cash",
            amount=Decimal("60.00"),
            purpose="补助",
            by=world.staff,
        )
        for _ in range(2)
    )
    services.disbursement_approve(disbursement=first, by=world.supervisor)
    with pytest.raises(services.InsufficientFunds):
        services.disbursement_approve(disbursement=second, by=world.supervisor)


def test_beneficiary_names_appear_only_to_who_may_see_them(client, world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    disbursement, _entry = pay(
        charity.project,
        world.staff,
        world.supervisor,
        "300.00",
        beneficiaries=[
            {"household": charity.household1, "amount": Decimal("150.00")},
            {"household": charity.household2, "amount": Decimal("150.00")},
        ],
    )
    url = reverse("charity:disbursement_detail", kwargs={"pk": disbursement.pk})
    client.force_login(world.worker1)
    text = client.get(url).content.decode()
    assert "王一户" in text and "赵二户" not in text
    assert "其他社工室的服务对象" in text
    client.force_login(world.staff)
    text = client.get(url).content.decode()
    assert "王一户" in text and "赵二户" in text
    client.force_login(world.official)
    project_page = client.get(
        reverse("charity:project_detail", kwargs={"pk": charity.project.pk})
    ).content.decode()
    assert "王一户" not in project_page and "赵二户" not in project_page
    assert "300.00" in project_page


def test_the_disclosure_page_shows_totals_and_counts_but_no_personal_data(client, world, charity):
    partner = PartnerUnitFactory(station=world.station, name="宏达建材公司")
    shy_partner = PartnerUnitFactory(station=world.station, name="不愿具名公司")
    donate(charity.fund, world.staff, "1000.00", project=charity.project, name_consent=True)
    donate(charity.fund, world.staff, "2000.00", project=charity.project)  # 李善人, no consent
    donate(
        charity.fund,
        world.staff,
        "3000.00",
        project=charity.project,
        partner=partner,
        name_consent=True,
    )
    donate(charity.fund, world.staff, "500.00", project=charity.project, partner=shy_partner)
    pay(
        charity.project,
        world.staff,
        world.supervisor,
        "300.00",
        beneficiaries=[
            {"household": charity.household1, "amount": Decimal("150.00")},
            {"resident": charity.resident1, "amount": Decimal("150.00")},
        ],
    )
    pay(
        charity.project,
        world.staff,
        world.supervisor,
        "50.00",
        beneficiaries=[{"household": charity.household1, "amount": Decimal("50.00")}],
    )
    client.force_login(world.official)
    response = client.get(reverse("charity:project_disclosure", kwargs={"pk": charity.project.pk}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "6,500.00" in text  # raised
    assert 'id="total-spent">350.00' in text and 'id="total-left">6,150.00' in text
    assert "宏达建材公司" in text and "不愿具名公司" not in text
    assert text.count("李善人") == 1  # consented once, anonymous the second time
    assert "爱心人士" in text and "爱心企业" in text
    assert "王一户" not in text and "孙小明" not in text
    assert "1 户 / 1 人" in text
    assert "累计惠及 1 户家庭、1 名居民" in text  # helped twice, counted once
    assert "data-print" in text  # static/js/site.js prints (no inline script: CSP)


def test_recording_a_disclosure_keeps_the_totals_shown(client, world, charity):
    donate(charity.fund, world.staff, "800.00", project=charity.project)
    client.force_login(world.staff)
    client.post(
        reverse("charity:disclosure_create", kwargs={"pk": charity.project.pk}),
        {"kind": "periodic", "published_on": "2022-06-01", "place": "社区公示栏"},
    )
    disclosure = Disclosure.objects.get()
    assert disclosure.raised == Decimal("800.00") and disclosure.spent == Decimal("0.00")


def test_a_receipt_is_recorded_after_the_payout(client, world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    disbursement, _entry = pay(
        charity.project,
        world.staff,
        world.supervisor,
        "100.00",
        beneficiaries=[{"household": charity.household1, "amount": Decimal("100.00")}],
    )
    line = disbursement.beneficiaries.get()
    client.force_login(world.worker1)
    url = reverse("charity:receipt_record", kwargs={"pk": line.pk})
    response = client.post(
        url, {"received_on": "2022-05-01", "signed_by": "王大", "receipt_method": "signature"}
    )
    assert "签收日期不能早于发放日期" in response.content.decode()
    response = client.post(
        url, {"received_on": "2022-06-02", "signed_by": "王大", "receipt_method": "signature"}
    )
    assert response.status_code == 302
    line = Beneficiary.objects.get(pk=line.pk)
    assert (
        line.received_on == datetime.date(2022, 6, 2) and line.receipt_recorded_by == world.worker1
    )


# Pinned query counts ------------------------------------------------------------------------


def _fill(world, charity, count):
    for index in range(count):
        donate(
            charity.fund,
            world.staff,
            "100.00",
            project=charity.project,
            partner=PartnerUnitFactory(station=world.station) if index % 2 else None,
            receipt_number=f"R{count}-{index}",
        )
    household = HouseholdFactory(room=world.room1)
    for _index in range(max(1, count // 3)):
        pay(
            charity.project,
            world.staff,
            world.supervisor,
            "10.00",
            beneficiaries=[{"household": household, "amount": Decimal("10.00")}],
        )
    entry = LedgerEntry.objects.filter(source="donation").first()
    services.entry_reverse(entry=entry, reason="录错", by=world.staff)


@pytest.mark.parametrize(
    ("persona", "expected"), [("staff", 8), ("supervisor", 9), ("official", 8)]
)
def test_ledger_page_queries_do_not_grow(
    client, world, charity, django_assert_num_queries, persona, expected
):
    client.force_login(getattr(world, persona))
    url = reverse("charity:fund_detail", kwargs={"pk": charity.fund.pk})
    _fill(world, charity, 3)
    # session, user, fund, its rooms, balances, reserved, count, page (+ committee check)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _fill(world, charity, 30)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


PROJECT_PAGES = [
    # session, user, project, rooms, totals, donations, disbursements, disclosures
    ("charity:project_detail", True, 8),
    # session, user, count, page, rooms prefetch, room filter choices
    ("charity:project_list", False, 6),
    # session, user, project, rooms, totals, donations, disbursements, distinct beneficiaries
    ("charity:project_disclosure", True, 8),
]


@pytest.mark.parametrize(("url_name", "with_pk", "expected"), PROJECT_PAGES)
def test_project_pages_queries_do_not_grow(
    client, world, charity, django_assert_num_queries, url_name, with_pk, expected
):
    client.force_login(world.staff)
    url = reverse(url_name, kwargs={"pk": charity.project.pk} if with_pk else None)
    _fill(world, charity, 3)
    for index in range(3):
        CharityProjectFactory(fund=charity.fund, rooms=[world.room1], title=f"项目甲{index}")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _fill(world, charity, 30)
    for index in range(30):
        CharityProjectFactory(fund=charity.fund, rooms=[world.room2], title=f"项目乙{index}")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_officials_see_the_ledger_without_unconsented_donor_names(client, world, charity):
    donate(charity.fund, world.staff, "800.00")  # 李善人, no consent
    url = reverse("charity:fund_detail", kwargs={"pk": charity.fund.pk})
    client.force_login(world.official)
    text = client.get(url).content.decode()
    assert "800.00" in text and "爱心人士" in text and "李善人" not in text
    assert "冲正</a>" not in text
    client.force_login(world.staff)
    assert "李善人" in client.get(url).content.decode()  # internal record


def test_a_donation_to_a_project_goes_to_its_fund_without_choosing_it(client, world, charity):
    client.force_login(world.worker1)
    data = donation_data(charity)
    del data["fund"]
    assert client.post(reverse("charity:donation_create"), data).status_code == 302
    assert Donation.objects.get().fund == charity.fund


def test_a_donation_dated_in_the_future_is_refused(client, world, charity):
    client.force_login(world.worker1)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("charity:donation_create"), donation_data(charity, donated_on=tomorrow)
    )
    assert "捐赠日期不能晚于今天" in response.content.decode()
    assert not Donation.objects.exists()


def test_a_supervisor_outside_the_fund_committee_cannot_approve(client, world, charity):
    from tests.factories import UserFactory

    outsider = UserFactory(role="supervisor", station=world.station, rooms=[world.room1])
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("100.00"),
        purpose="暖冬补助",
        by=world.staff,
    )
    client.force_login(outsider)
    detail = client.get(reverse("charity:disbursement_detail", kwargs={"pk": draft.pk}))
    assert 'id="approve"' not in detail.content.decode()
    response = client.post(reverse("charity:disbursement_approve", kwargs={"pk": draft.pk}))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_reversed_payout_is_marked_void_on_its_page(client, world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    disbursement, entry = pay(charity.project, world.staff, world.supervisor, "100.00")
    services.entry_reverse(entry=entry, reason="发放对象错误", by=world.staff)
    client.force_login(world.staff)
    text = client.get(
        reverse("charity:disbursement_detail", kwargs={"pk": disbursement.pk})
    ).content.decode()
    assert "已冲正，发放已作废" in text


@pytest.mark.parametrize("persona", ["worker1", "official"])
def test_the_navigation_shows_charity_resources(client, world, persona):
    client.force_login(getattr(world, persona))
    text = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("charity:project_list")}">慈善资源' in text


def test_fund_list_queries_do_not_grow(client, world, charity, django_assert_num_queries):
    from tests.charity.factories import FundFactory

    client.force_login(world.official)
    url = reverse("charity:fund_list")
    donate(charity.fund, world.staff, "100.00")
    # session, user, count, page, rooms prefetch
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    for index in range(30):
        fund = FundFactory(station=world.station, name=f"基金{index}", rooms=[world.room1])
        donate(fund, world.staff, "10.00")
    with django_assert_num_queries(5):
        response = client.get(url)
    assert "共 31 个基金" in response.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "金额必须大于零"), ("-1", "金额必须大于零"), ("99.999", "金额最多保留两位小数")],
)
def test_a_bad_disbursement_amount_is_refused_with_a_clear_message(
    client, world, charity, amount, message
):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    client.force_login(world.staff)
    response = client.post(
        reverse("charity:disbursement_create"),
        disbursement_data(charity, amount, lines=[(charity.household1, "10.00")]),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Disbursement.objects.exists() and not Beneficiary.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "1.005"])
def test_the_services_refuse_bad_amounts_too(world, charity, amount):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        donate(charity.fund, world.staff, amount)
    with pytest.raises(ValidationError):
        services.disbursement_create(
            fund=charity.fund,
            project=charity.project,
            form="cash",
            amount=Decimal(amount),
            purpose="补助",
            by=world.staff,
        )
    assert not LedgerEntry.objects.exists() and not Disbursement.objects.exists()


def test_a_project_using_the_funds_undirected_money_shows_it_and_no_negative_balance(
    client, world, charity
):
    donate(charity.fund, world.staff, "100.00", project=charity.project)
    donate(charity.fund, world.staff, "500.00")  # undirected
    pay(charity.project, world.staff, world.supervisor, "250.00")
    client.force_login(world.official)
    text = client.get(
        reverse("charity:project_disclosure", kwargs={"pk": charity.project.pk})
    ).content.decode()
    assert 'id="from-fund">150.00' in text and 'id="total-left">0.00' in text
    listing = client.get(reverse("charity:project_list")).content.decode()
    assert "-150.00" not in listing


def test_the_fund_page_shows_money_reserved_by_approvals(client, world, charity):
    donate(charity.fund, world.staff, "1000.00", project=charity.project)
    draft = services.disbursement_create(
        fund=charity.fund,
        project=charity.project,
        form="cash",
        amount=Decimal("400.00"),
        purpose="补助",
        by=world.staff,
    )
    services.disbursement_approve(disbursement=draft, by=world.supervisor)
    client.force_login(world.staff)
    text = client.get(reverse("charity:fund_detail", kwargs={"pk": charity.fund.pk})).content
    assert "已审批、待发放（已预留）：400.00 元" in text.decode()
