import datetime
from decimal import Decimal

import pytest

from fazhi.core.figures import Figure, FigureResult, FigureValue, figure_evaluate
from fazhi.core.models import Region
from fazhi.core.services.directory import organization_create, region_create

pytestmark = pytest.mark.django_db


def test_core_counts_towns_villages_and_enforcement_departments_of_the_county(world):
    towns = figure_evaluate("core.towns", world.county, 2022)
    villages = figure_evaluate("core.villages", world.county, 2022)
    departments = figure_evaluate("core.enforcement_departments", world.county, 2022)

    # the neighbouring county's town is not counted
    assert (towns.value, villages.value, departments.value) == (2, 2, 2)
    assert set(departments.records) == {world.market, world.ecology}


def test_a_town_established_during_the_year_counts_from_that_year(world):
    town = region_create(
        acting_user=None,
        code="371082009000",
        name="寻山街道",
        level=Region.Level.TOWN,
        parent=world.county,
        established_on=datetime.date(2022, 6, 1),
    )

    value = figure_evaluate("core.towns", world.county, 2022)

    assert (value.value, value.previous) == (3, 2)
    assert value.change == Decimal("50.0")
    assert town in value.records


def test_enforcement_departments_of_a_town_scope_exclude_county_departments(world):
    organization_create(
        acting_user=None,
        code="yatou-squad",
        name="崖头街道综合执法中队",
        kind="department",
        region=world.yatou,
        is_enforcement=True,
    )

    assert figure_evaluate("core.enforcement_departments", world.yatou, 2022).value == 1


def _value(value, previous, *, is_rate=False):
    figure = Figure(
        "test.x", "x", "件", "core.basics", lambda region, year: FigureResult(None), is_rate=is_rate
    )
    return FigureValue(figure, None, 2022, value, previous)


@pytest.mark.parametrize(
    ("value", "previous", "is_rate", "change"),
    [
        (6, 10, False, Decimal("-40.0")),
        (26, 30, False, Decimal("-13.3")),
        (10, 10, False, Decimal("0.0")),
        (5, 0, False, None),
        (5, None, False, None),
        (Decimal("98.0"), Decimal("95.5"), True, Decimal("2.5")),
    ],
)
def test_change_against_the_previous_year(value, previous, is_rate, change):
    assert _value(value, previous, is_rate=is_rate).change == change
