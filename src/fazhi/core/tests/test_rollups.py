"""Rolled-up figures (统计汇总, ADR 0013): stored by the refresh, read by figures_evaluate."""

import pytest
from django.core.management import CommandError, call_command

from fazhi.core import figures as registry
from fazhi.core.figures import Figure, FigureResult, figures, figures_evaluate
from fazhi.core.models import FigureRollup, Region
from fazhi.core.services.directory import region_create
from fazhi.core.services.rollups import figure_rollups_refresh, report_years

pytestmark = pytest.mark.django_db

KEY = "test.towns_rolled_up"


def _towns(region: Region, year: int) -> FigureResult:
    records = Region.objects.filter(level=Region.Level.TOWN, code__startswith=region.prefix)
    return FigureResult(records.count(), records)


@pytest.fixture
def rolled_up(monkeypatch):
    """For one test: a rolled-up figure counting the towns of a region."""
    figure = Figure(
        key=KEY, label="镇(街道)", unit="个", chapter="core.basics", compute=_towns, rolled_up=True
    )
    monkeypatch.setitem(registry._FIGURES, KEY, figure)
    return figure


def _value(region: Region, year: int = 2022):
    return next(value for value in figures_evaluate(region, year) if value.figure.key == KEY)


def _new_town(county: Region, number: int) -> None:
    region_create(
        acting_user=None,
        code=f"{county.prefix}{number:03d}000",
        name=f"新镇{number}",
        level=Region.Level.TOWN,
        parent=county,
    )


def test_without_a_refresh_the_figure_is_computed_live(world, rolled_up):
    value = _value(world.county)

    assert (value.value, value.previous, value.refreshed_at) == (2, 2, None)
    assert value.has_records


def test_the_refresh_stores_the_report_year_and_the_year_before(world, rolled_up):
    done = figure_rollups_refresh(years=[2022], regions=[world.county])

    stored = FigureRollup.objects.filter(key=KEY, region=world.county)
    assert sorted(stored.values_list("year", "value")) == [(2021, "2"), (2022, "2")]
    assert done.regions == 1
    assert done.rows == 2 * len([figure for figure in figures() if figure.rolled_up])
    assert report_years([2022, 2023]) == [2021, 2022, 2023]


def test_the_report_reads_the_stored_value_until_the_next_refresh(world, rolled_up):
    figure_rollups_refresh(years=[2022], regions=[world.county])
    _new_town(world.county, 101)

    stale = _value(world.county)
    assert stale.value == 2  # what the refresh counted, with its time
    assert stale.refreshed_at is not None
    assert stale.has_records

    figure_rollups_refresh(years=[2022], regions=[world.county])
    assert _value(world.county).value == 3
    # the refresh replaces the region's rows, it does not pile them up
    assert FigureRollup.objects.filter(key=KEY, region=world.county, year=2022).count() == 1


def test_every_level_from_the_county_up_has_its_own_rollup(world, rolled_up):
    figure_rollups_refresh(years=[2022])

    province = Region.objects.get(code="370000000000")
    city = Region.objects.get(code="371000000000")
    assert [_value(region).value for region in (world.county, world.other_county, city)] == [
        2,
        1,
        3,
    ]
    assert _value(province).refreshed_at is not None
    # a town is below the rollup levels: its figures are always computed live
    assert not FigureRollup.objects.filter(region__level=Region.Level.TOWN).exists()
    assert _value(world.yatou).refreshed_at is None


def test_a_year_missing_from_the_rollups_is_computed_live(world, rolled_up):
    figure_rollups_refresh(years=[2022], regions=[world.county])
    FigureRollup.objects.filter(key=KEY, year=2021).delete()
    _new_town(world.county, 102)

    value = _value(world.county)
    assert (value.value, value.refreshed_at) == (3, None)


def test_a_value_of_nothing_is_stored_as_nothing(world, monkeypatch):
    figure = Figure(
        key=KEY,
        label="合格率",
        unit="%",
        chapter="core.basics",
        is_rate=True,
        rolled_up=True,
        compute=lambda region, year: FigureResult(None, None),
    )
    monkeypatch.setitem(registry._FIGURES, KEY, figure)
    figure_rollups_refresh(years=[2022], regions=[world.county])

    value = _value(world.county)
    assert (value.value, value.has_records) == (None, False)
    assert value.refreshed_at is not None


def test_reading_the_rollups_costs_one_query_for_all_of_them(
    world, rolled_up, django_assert_num_queries
):
    figure_rollups_refresh(years=[2022], regions=[world.county])
    live = [figure for figure in figures() if not figure.rolled_up]

    # one query for every stored rollup, two (this year and last) for each live figure
    with django_assert_num_queries(1 + 2 * len(live)):
        figures_evaluate(world.county, 2022)


def test_the_command_refreshes_and_refuses_unknown_or_town_regions(world, rolled_up, capsys):
    call_command("figures_refresh", "--year", "2022", "--region", "371082")
    assert FigureRollup.objects.filter(key=KEY, region=world.county, year=2022).exists()
    assert "已汇总 1 个区域" in capsys.readouterr().out

    with pytest.raises(CommandError, match="区划代码 379999 不存在"):
        call_command("figures_refresh", "--region", "379999")
    with pytest.raises(CommandError, match="崖头街道不是县级及以上区域"):
        call_command("figures_refresh", "--region", "371082007")
