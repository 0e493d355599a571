import datetime
from decimal import Decimal

import pytest

from fazhi.core.figures import figure_evaluate
from fazhi.publicity.models import TargetGroup, Venue
from fazhi.publicity.services import (
    ActivityRow,
    TaskRow,
    activities_record,
    campaign_create,
    episode_record,
    responsibility_list_issue,
)

pytestmark = pytest.mark.django_db


def _row(venue, held_on, **extra):
    return ActivityRow(
        title="普法", venue=venue, held_on=held_on, target_group=TargetGroup.PUBLIC, **extra
    )


@pytest.fixture
def ledger(world, department_officer, other_department_officer, bureau_staff):
    """Market: a list planning 2 enterprise and 4 village activities; it holds 3 enterprise
    (one over plan), 1 village, 1 school, 1 media and 1 agency in 2022, 1 village in 2021.
    Ecology: 2 campaign activities. The bureau: 2 episodes in 2022, 1 in 2021."""
    responsibility_list = responsibility_list_issue(
        acting_user=department_officer,
        organization=world.market,
        year=2022,
        title="清单",
        issued_on=datetime.date(2022, 2, 1),
        tasks=[
            TaskRow("进企业", TargetGroup.BUSINESS, 2),
            TaskRow("进村居", TargetGroup.VILLAGERS, 4),
        ],
    )
    enterprise_task, village_task = responsibility_list.tasks.order_by("number")
    day = datetime.date(2022, 6, 1)
    activities_record(
        acting_user=department_officer,
        organization=world.market,
        rows=[
            *[_row(Venue.ENTERPRISE, day, task=enterprise_task) for _ in range(3)],
            _row(Venue.VILLAGE, day, task=village_task, town=world.yatou),
            _row(Venue.SCHOOL, day),
            _row(Venue.MEDIA, day, online=True),
            _row(Venue.AGENCY, day),
            _row(Venue.VILLAGE, datetime.date(2021, 6, 1)),
        ],
    )
    campaign = campaign_create(
        acting_user=bureau_staff,
        organization=world.bureau,
        title="集中宣传",
        starts_on=datetime.date(2022, 4, 1),
        ends_on=datetime.date(2022, 4, 30),
    )
    activities_record(
        acting_user=other_department_officer,
        organization=world.ecology,
        rows=[
            _row(Venue.ENTERPRISE, datetime.date(2022, 4, 10), campaign=campaign),
            _row(Venue.VILLAGE, datetime.date(2022, 4, 12), campaign=campaign, town=world.ningjin),
        ],
    )
    for published_on in (datetime.date(2021, 5, 1), day, day):
        episode_record(
            acting_user=bureau_staff,
            organization=world.bureau,
            title="以案释法",
            outlet="荣成电视台",
            published_on=published_on,
            case_summary="案情",
        )


def _value(key, world, year=2022):
    return figure_evaluate(key, world.county, year).value


def test_activity_figures_count_each_venue_once(world, ledger):
    assert _value("publicity.activities", world) == 9
    assert _value("publicity.village_activities", world) == 2
    assert _value("publicity.enterprise_school_activities", world) == 5
    assert _value("publicity.media_activities", world) == 1
    # the agency activity is in the total only
    assert _value("publicity.activities", world, 2021) == 1


def test_campaign_figures_count_units_and_activities(world, ledger):
    assert _value("publicity.campaign_departments", world) == 1
    assert _value("publicity.campaign_activities", world) == 2


def test_case_episodes_count_the_years(world, ledger):
    assert _value("publicity.case_episodes", world) == 2
    assert figure_evaluate("publicity.case_episodes", world.county, 2022).previous == 1


def test_list_completion_counts_each_task_up_to_its_plan(world, ledger):
    # enterprise: 3 held of 2 planned counts 2; village: 1 of 4 → 3 of 6
    assert _value("publicity.list_completion", world) == Decimal("50.0")
    assert _value("publicity.list_completion", world, 2021) is None


def test_a_town_sees_only_its_ground(world, ledger):
    assert figure_evaluate("publicity.activities", world.yatou, 2022).value == 1
    assert figure_evaluate("publicity.activities", world.ningjin, 2022).value == 1
