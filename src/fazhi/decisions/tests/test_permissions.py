"""Scoping of decisions, proposals and catalogs per persona."""

import pytest

from fazhi.conftest import PASSWORD
from fazhi.core.models import Organization
from fazhi.core.roles import Role
from fazhi.core.services.accounts import membership_grant, user_create
from fazhi.core.services.directory import organization_create
from fazhi.decisions.models import DecisionProposal, MajorDecision
from fazhi.decisions.permissions import catalogs_visible_to
from fazhi.decisions.tests.conftest import Flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(flow, world, town_staff):
    """One decision led by the market department, one by the 崖头 street office."""
    yatou_government = organization_create(
        acting_user=None,
        code="town-yatou",
        name="崖头街道办事处",
        kind=Organization.Kind.TOWN_GOVERNMENT,
        region=world.yatou,
    )
    market = flow.start()
    item = flow.item("崖头街道背街小巷整治", lead=yatou_government)
    yatou_officer = user_create(
        acting_user=None, username="fzy-yatou", full_name="崖头法制员", password=PASSWORD
    )
    membership_grant(
        acting_user=None, user=yatou_officer, organization=yatou_government, role=Role.TOWN
    )
    town = Flow(world, yatou_officer, flow.bureau, flow.catalog).start(item)
    return {"market": market, "town": town}


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("department_officer", {"market"}),
        ("other_department_officer", set()),
        ("town_staff", {"town"}),
        ("other_town_staff", set()),
        ("bureau_staff", {"market", "town"}),
        ("bureau_reviewer", {"market", "town"}),
        ("other_county_bureau", set()),
        ("officer", set()),
        ("lawyer", set()),
        ("security_admin", set()),
    ],
)
def test_decisions_visible_per_persona(request, decisions, persona_name, expected):
    user = request.getfixturevalue(persona_name)

    visible = set(MajorDecision.objects.visible_to(user))

    assert visible == {decisions[name] for name in expected}


def test_department_sees_its_own_proposals_only(
    flow, department_officer, other_department_officer, world
):
    flow.item("市场监管局建议")

    assert DecisionProposal.objects.visible_to(department_officer).count() == 2
    assert not DecisionProposal.objects.visible_to(other_department_officer).exists()


@pytest.mark.parametrize(
    ("persona_name", "sees"),
    [
        ("department_officer", True),
        ("other_department_officer", True),
        ("town_staff", True),
        ("bureau_reviewer", True),
        ("other_county_bureau", False),
        ("sysadmin", False),
        ("officer", False),
    ],
)
def test_catalog_seen_by_the_units_of_its_county(request, flow, persona_name, sees):
    user = request.getfixturevalue(persona_name)

    assert catalogs_visible_to(user).filter(pk=flow.catalog.pk).exists() is sees
