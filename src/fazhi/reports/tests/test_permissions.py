import pytest

from fazhi.conftest import PERSONAS
from fazhi.reports.models import NarrativeItem
from fazhi.reports.permissions import (
    can_edit_narrative_item,
    can_review_narrative_item,
    can_submit_narrative_item,
    can_view_report,
)
from fazhi.reports.selectors import narrative_item_list, report_region_list

pytestmark = pytest.mark.django_db

# Who sees a passage written by the market regulator (a county department) and one by the
# judicial office of 崖头 (a town).
SEES_DEPARTMENT_PASSAGE = {"sysadmin", "bureau_staff", "bureau_reviewer", "department_officer"}
SEES_TOWN_PASSAGE = {"sysadmin", "bureau_staff", "bureau_reviewer", "town_staff"}


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_who_sees_which_passage(
    world, request, department_officer, town_staff, make_item, persona_name
):
    market_item = make_item(department_officer)
    town_item = make_item(town_staff)
    user = request.getfixturevalue(persona_name)

    visible = set(narrative_item_list(user=user))

    assert (market_item in visible) == (persona_name in SEES_DEPARTMENT_PASSAGE)
    assert (town_item in visible) == (persona_name in SEES_TOWN_PASSAGE)


def test_predicates_follow_role_and_state(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer)

    assert can_edit_narrative_item(department_officer, item)
    assert can_submit_narrative_item(department_officer, item)
    assert not can_edit_narrative_item(bureau_staff, item)
    assert can_review_narrative_item(bureau_staff, item)
    assert not can_review_narrative_item(department_officer, item)

    item = NarrativeItem.objects.get(pk=make_item(department_officer, submit=True).pk)
    assert not can_edit_narrative_item(department_officer, item)


READS_COUNTY_REPORT = {
    "bureau_staff",
    "bureau_reviewer",
    "department_officer",
    "other_department_officer",
    "town_staff",
    "other_town_staff",
}


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_who_may_open_the_county_report(world, request, persona_name):
    user = request.getfixturevalue(persona_name)

    assert can_view_report(user, world.county) == (persona_name in READS_COUNTY_REPORT)
    assert (world.county in report_region_list(user=user)) == (persona_name in READS_COUNTY_REPORT)


def test_a_town_opens_its_own_report_and_the_countys_not_another_towns(world, town_staff):
    assert can_view_report(town_staff, world.yatou)
    assert not can_view_report(town_staff, world.ningjin)
    assert list(report_region_list(user=town_staff)) == [world.county, world.yatou]


def test_the_bureau_opens_every_town_report_of_its_county_only(world, bureau_staff):
    assert list(report_region_list(user=bureau_staff)) == [world.county, world.ningjin, world.yatou]
    assert not can_view_report(bureau_staff, world.other_county)
