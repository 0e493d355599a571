"""Contracts built through the services, on the conftest world (荣成市, market and ecology)."""

import datetime

import pytest

from fazhi.contracts.models import ContractCategory, ContractType
from fazhi.contracts.services import (
    contract_create,
    contract_file,
    contract_filing_register,
    contract_sign,
    contract_submit_for_review,
)
from fazhi.legality.models import Opinion
from fazhi.legality.selectors import review_latest_of
from fazhi.legality.services import review_accept, review_conclude

MATERIALS = ["draft", "counterparty_qualification", "approval"]
SUBMITTED = datetime.date(2022, 3, 1)


@pytest.fixture
def make_contract(world):
    """A contract created by `author` through contract_create, with sensible defaults."""

    def make(author, *, category=ContractCategory.GOVERNMENT, **values):
        values.setdefault("title", "石岛国有房产租赁合同")
        values.setdefault("contract_type", ContractType.LEASE)
        values.setdefault("counterparty_name", world.enterprise_yatou.name)
        values.setdefault("counterparty_uscc", world.enterprise_yatou.uscc)
        return contract_create(acting_user=author, category=category, **values)

    return make


@pytest.fixture
def review(world):
    """Submit a contract for review and have the bureau accept and conclude it."""

    def run(contract, author, reviewer, *, opinion=Opinion.LAWFUL, on=SUBMITTED):
        contract_submit_for_review(
            acting_user=author, contract_id=contract.pk, materials_provided=MATERIALS, on=on
        )
        latest = review_latest_of(contract)
        review_accept(acting_user=reviewer, review_id=latest.pk, on=on + datetime.timedelta(1))
        return review_conclude(
            acting_user=reviewer,
            review_id=latest.pk,
            opinion=opinion,
            opinion_text="" if opinion == Opinion.LAWFUL else "须删除政府担保条款",
            on=on + datetime.timedelta(3),
        )

    return run


@pytest.fixture
def signed_contract(make_contract, review, department_officer, bureau_reviewer):
    """A government contract of the market regulator, reviewed, signed and filed in March 2022."""
    contract = make_contract(department_officer, amount=500000)
    review(contract, department_officer, bureau_reviewer)
    contract_sign(
        acting_user=department_officer,
        contract_id=contract.pk,
        signed_on=datetime.date(2022, 3, 10),
    )
    return contract_file(
        acting_user=department_officer, contract_id=contract.pk, filed_on=datetime.date(2022, 3, 14)
    )


@pytest.fixture
def file_department_contract(world):
    def run(author, *, signed_on, filed_on, **values):
        values.setdefault("title", "办公设备采购合同")
        values.setdefault("contract_type", ContractType.PROCUREMENT)
        values.setdefault("counterparty_name", world.enterprise_ningjin.name)
        values.setdefault("counterparty_uscc", world.enterprise_ningjin.uscc)
        return contract_filing_register(
            acting_user=author, signed_on=signed_on, filed_on=filed_on, **values
        )

    return run
