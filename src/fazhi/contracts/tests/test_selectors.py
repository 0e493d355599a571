"""Scoping, the figures and the to-do providers."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from fazhi.contracts import todos
from fazhi.contracts.models import (
    Contract,
    ContractCategory,
    ContractDispute,
    ContractMilestone,
)
from fazhi.contracts.selectors import contract_list, contract_list_filing_register
from fazhi.contracts.services import (
    contract_create,
    contract_sign,
    dispute_open,
    milestone_add,
)
from fazhi.core.figures import figure_evaluate
from fazhi.core.scoping import scoped_models
from fazhi.legality.models import Opinion

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_government(world):
    from fazhi.core.models import Organization
    from fazhi.core.services.directory import organization_create

    return organization_create(
        acting_user=None,
        code="town-yatou",
        name="崖头街道办事处",
        kind=Organization.Kind.TOWN_GOVERNMENT,
        region=world.yatou,
    )


@pytest.fixture
def contracts(
    make_contract, file_department_contract, department_officer, other_department_officer
):
    market = make_contract(department_officer, title="市场监管局合同")
    ecology = make_contract(other_department_officer, title="生态环境分局合同")
    filed = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 5, 9),
        filed_on=datetime.date(2022, 5, 10),
    )
    return market, ecology, filed


def test_every_contract_model_has_a_declared_scope():
    from fazhi.contracts import models

    for model in (
        models.Contract,
        models.ContractMilestone,
        models.ContractChange,
        models.ContractDispute,
        models.ContractAccountability,
    ):
        assert model in scoped_models()


def test_department_sees_its_own_contracts_only(
    contracts, department_officer, other_department_officer
):
    market, ecology, filed = contracts

    assert set(contract_list(user=department_officer)) == {market, filed}
    assert set(contract_list(user=other_department_officer)) == {ecology}


def test_bureau_sees_the_county_and_the_other_county_bureau_sees_nothing(
    contracts, bureau_staff, bureau_reviewer, other_county_bureau
):
    assert contract_list(user=bureau_staff).count() == 3
    assert contract_list(user=bureau_reviewer).count() == 3
    assert not contract_list(user=other_county_bureau).exists()
    assert not contract_list_filing_register(user=other_county_bureau).exists()


@pytest.mark.parametrize(
    "persona_name", ["sysadmin", "security_admin", "audit_admin", "officer", "lawyer"]
)
def test_personas_outside_contract_work_see_no_contract_rows(contracts, request, persona_name):
    user = request.getfixturevalue(persona_name)
    expected = 3 if persona_name == "sysadmin" else 0  # the administrator sees every row
    assert Contract.objects.visible_to(user).count() == expected


def test_town_sees_its_towns_contracts_not_the_neighbours(
    world, town_government, town_staff, other_town_staff
):
    from fazhi.core.roles import Role
    from fazhi.core.services.accounts import membership_grant

    membership_grant(
        acting_user=None, user=town_staff, organization=town_government, role=Role.TOWN
    )
    from fazhi.core.models import User

    officer = User.objects.get(pk=town_staff.pk)
    contract = contract_create(
        acting_user=officer,
        organization=town_government,
        category=ContractCategory.GOVERNMENT,
        title="崖头街道保洁服务合同",
        contract_type="service",
        counterparty_name=world.enterprise_yatou.name,
        counterparty_uscc=world.enterprise_yatou.uscc,
    )

    assert contract.party == town_government
    assert contract.region == world.yatou
    assert list(contract_list(user=officer)) == [contract]
    assert not contract_list(user=other_town_staff).exists()


def test_filing_register_holds_filed_department_contracts(contracts, bureau_staff):
    _market, _ecology, filed = contracts

    assert list(contract_list_filing_register(user=bureau_staff)) == [filed]


# -- figures --------------------------------------------------------------------------------


def test_figures_count_records_of_the_year_and_region(
    world,
    make_contract,
    review,
    file_department_contract,
    department_officer,
    other_department_officer,
    bureau_reviewer,
):
    reviewed = make_contract(department_officer, title="已审核")
    review(reviewed, department_officer, bureau_reviewer)
    twice = make_contract(department_officer, title="审核两次")
    review(twice, department_officer, bureau_reviewer, opinion=Opinion.UNLAWFUL)
    review(twice, department_officer, bureau_reviewer, on=datetime.date(2022, 4, 1))
    last_year = make_contract(other_department_officer, title="上年审核")
    review(last_year, other_department_officer, bureau_reviewer, on=datetime.date(2021, 6, 1))
    make_contract(department_officer, title="未送审")
    on_time = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 9, 29),
        filed_on=datetime.date(2022, 10, 11),
    )
    file_department_contract(
        other_department_officer,
        signed_on=datetime.date(2022, 9, 29),
        filed_on=datetime.date(2022, 10, 12),
    )
    file_department_contract(
        department_officer,
        signed_on=datetime.date(2021, 12, 27),
        filed_on=datetime.date(2022, 1, 4),
    )
    file_department_contract(
        department_officer, signed_on=datetime.date(2021, 5, 6), filed_on=datetime.date(2021, 5, 7)
    )
    dispute_open(
        acting_user=department_officer,
        contract_id=on_time.pk,
        kind=ContractDispute.Kind.NEGOTIATION,
        filed_on=datetime.date(2022, 11, 1),
        description="付款争议",
    )

    def value(key, region=world.county, year=2022):
        return figure_evaluate(key, region, year)

    reviewed_2022 = value("contracts.government_reviewed")
    assert reviewed_2022.value == 2
    assert set(reviewed_2022.records) == {reviewed, twice}
    assert reviewed_2022.previous == 1
    assert value("contracts.department_filed").value == 3
    assert value("contracts.department_filed").previous == 1
    assert value("contracts.filing_on_time_rate").value == Decimal("66.7")
    assert value("contracts.filing_on_time_rate").previous == Decimal("100.0")
    assert value("contracts.disputes").value == 1
    assert value("contracts.government_reviewed", region=world.other_county).value == 0
    assert value("contracts.department_filed", region=world.other_county).value == 0
    assert value("contracts.filing_on_time_rate", region=world.other_county).value is None


def test_government_reviewed_ignores_department_contracts_and_other_subjects(
    world, make_contract, department_officer
):
    make_contract(department_officer, category=ContractCategory.DEPARTMENT)

    assert figure_evaluate("contracts.government_reviewed", world.county, 2022).value == 0


def test_figures_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        for key in (
            "contracts.government_reviewed",
            "contracts.department_filed",
            "contracts.filing_on_time_rate",
            "contracts.disputes",
        ):
            figure_evaluate(key, world.county, 2022)


# -- to-dos ---------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2022, 5, 20, 9, tzinfo=datetime.UTC), tick=False)
def test_todos_list_filings_due_contracts_to_sign_and_milestones(
    make_contract, review, signed_contract, department_officer, bureau_reviewer, bureau_staff
):
    to_sign = make_contract(department_officer, title="待签订合同")
    review(to_sign, department_officer, bureau_reviewer, on=datetime.date(2022, 5, 2))
    unsigned_filing = make_contract(
        department_officer, category=ContractCategory.DEPARTMENT, title="待备案合同"
    )
    contract_sign(
        acting_user=department_officer,
        contract_id=unsigned_filing.pk,
        signed_on=datetime.date(2022, 5, 18),
    )
    for title, due in (
        ("首付款", "2022-05-10"),
        ("中期付款", "2022-06-01"),
        ("尾款", "2022-09-01"),
    ):
        milestone_add(
            acting_user=department_officer,
            contract_id=signed_contract.pk,
            kind=ContractMilestone.Kind.PAYMENT,
            title=title,
            due_on=datetime.date.fromisoformat(due),
        )

    signing = list(todos.contracts_to_sign(department_officer))
    filings = list(todos.filings_due(department_officer))
    milestones = list(todos.milestones_due(department_officer))

    assert [item.title for item in signing] == ["合法性审核已出具意见，待签订：待签订合同"]
    assert signing[0].url == reverse("contracts:contract-detail", args=[to_sign.pk])
    assert [(item.title, item.due_on) for item in filings] == [
        ("合同报送备案：待备案合同", datetime.date(2022, 5, 25))
    ]
    assert [item.title for item in milestones] == [
        "付款节点（已逾期）：石岛国有房产租赁合同—首付款",
        "付款节点：石岛国有房产租赁合同—中期付款",
    ]
    # The bureau sees these contracts but does not handle them: no to-dos of this kind.
    assert not list(todos.contracts_to_sign(bureau_staff))
    assert not list(todos.milestones_due(bureau_staff))
