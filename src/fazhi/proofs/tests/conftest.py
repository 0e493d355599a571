"""A published catalog for the matter 公租房申请 and helpers to take applications through it."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from fazhi.core.models import User
from fazhi.proofs.models import ProofItemVersion
from fazhi.proofs.services import catalog
from fazhi.proofs.services.catalog import Proposal
from fazhi.proofs.sources.base import (
    SourceAnswer,
    SourceQuery,
    SourceTimeout,
    register_data_source,
    unregister_data_source,
)

D = datetime.date
MATTER = "公租房申请"
APPLICANT_ID = "371082199001011239"  # a Rongcheng ID number with a valid check digit
APPLICANT = {"applicant_kind": "person", "applicant_name": "张三", "applicant_id": APPLICANT_ID}
BASE = {
    "legal_basis": "《公共租赁住房管理办法》第七条",
    "issuing_authority": "有关部门",
    "service_matters": [MATTER],
    "field": "housing",
}
# code → the fields that make it: one item of each handling mode.
ITEMS = {
    "GZ01": {"name": "无住房证明", "handling_mode": "cancelled"},
    "GZ02": {
        "name": "收入证明",
        "handling_mode": "commitment",
        "verification_method": "online",
        "verification_days": 5,
        "template_version": "2021版",
        "data_source": "flaky",
    },
    "GZ03": {
        "name": "户籍证明",
        "handling_mode": "data_check",
        "verification_method": "online",
        "verification_days": 3,
        "data_source": "household",
    },
    "GZ04": {"name": "婚姻状况证明", "handling_mode": "retained"},
}


class FlakySource:
    """A test source: times out `failures` times, then answers `confirmed`."""

    key = "flaky"
    label = "测试数据源"

    def __init__(self) -> None:
        self.failures = 0
        self.confirmed = True
        self.calls: list[SourceQuery] = []

    def lookup(self, query: SourceQuery) -> SourceAnswer:
        self.calls.append(query)
        if self.failures > 0:
            self.failures -= 1
            raise SourceTimeout("测试数据源接口超时")
        return SourceAnswer(confirmed=self.confirmed, detail="测试记录", latency_ms=120)


@pytest.fixture
def flaky() -> Iterator[FlakySource]:
    source = FlakySource()
    register_data_source(source)
    yield source
    unregister_data_source(source.key)


@dataclass
class Catalog:
    versions: dict[str, ProofItemVersion]


@pytest.fixture
def housing_catalog(world, department_officer: User, bureau_staff: User, flaky) -> Catalog:
    changes = [
        catalog.change_propose(
            acting_user=department_officer,
            organization=world.market,
            proposal=Proposal(kind="add", code=code, reason="纳入清单", fields={**BASE, **fields}),
        )
        for code, fields in ITEMS.items()
    ]
    release = catalog.release_open(acting_user=bureau_staff, region=world.county, number="2021-1")
    catalog.changes_accept(
        acting_user=bureau_staff, change_ids=[c.pk for c in changes], release_id=release.pk
    )
    catalog.release_publish(
        acting_user=bureau_staff,
        release_id=release.pk,
        effective_on=D(2021, 3, 15),
        on=D(2021, 3, 1),
    )
    versions = ProofItemVersion.objects.select_related("item")
    return Catalog({v.item.code: v for v in versions})
