"""A small 2022 publicity ledger for the page tests, built through the services."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from fazhi.conftest import World
from fazhi.core.models import Organization, User
from fazhi.publicity.models import (
    Campaign,
    PublicityActivity,
    ResponsibilityList,
    TargetGroup,
    Venue,
)
from fazhi.publicity.services import (
    ActivityRow,
    TaskRow,
    activity_record,
    campaign_create,
    responsibility_list_issue,
)

DAY = datetime.date(2022, 6, 15)

Record = Callable[..., PublicityActivity]


@pytest.fixture
def market_list(world: World, department_officer: User) -> ResponsibilityList:
    """The market department's 2022 list: 1. enterprises (2 planned), 2. villages (4 planned)."""
    return responsibility_list_issue(
        acting_user=department_officer,
        organization=world.market,
        year=2022,
        title="市场监管局2022年度普法责任清单",
        issued_on=datetime.date(2022, 2, 10),
        tasks=[
            TaskRow("开展法律进企业宣传", TargetGroup.BUSINESS, 2),
            TaskRow("开展法律进村居宣传", TargetGroup.VILLAGERS, 4),
        ],
    )


@pytest.fixture
def county_campaign(world: World, bureau_staff: User) -> Campaign:
    return campaign_create(
        acting_user=bureau_staff,
        organization=world.bureau,
        title="创优营商环境集中宣传月",
        theme="创优营商环境 推进高质量发展",
        starts_on=datetime.date(2022, 4, 1),
        ends_on=datetime.date(2022, 4, 30),
    )


@pytest.fixture
def record() -> Record:
    """record(user, organization, title=…, …): one activity through the service."""

    def build(user: User, organization: Organization, **overrides: Any) -> PublicityActivity:
        values: dict[str, Any] = {
            "title": "民法典进企业",
            "venue": Venue.ENTERPRISE,
            "held_on": DAY,
            "target_group": TargetGroup.BUSINESS,
            "participants": 40,
        }
        values.update(overrides)
        return activity_record(
            acting_user=user, organization=organization, row=ActivityRow(**values)
        )

    return build
