import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core.figures import ReportPart, chapters, figures
from fazhi.core.models import Region
from fazhi.core.services.directory import region_create
from fazhi.core.services.rollups import figure_rollups_refresh
from fazhi.reports import phrasing
from fazhi.reports.builder import annual_report_build
from fazhi.reports.services import narrative_item_return

pytestmark = pytest.mark.django_db

GENERATED_AT = datetime.datetime(2023, 1, 5, 9, 30, tzinfo=datetime.UTC)


def _build(region, year=2022):
    return annual_report_build(region=region, year=year, generated_at=GENERATED_AT)


def _figure(report, key):
    return next(line for line in report.figures if line.key == key)


def test_title_and_the_five_parts_in_order(world):
    report = _build(world.county)

    assert report.title == "荣成市2022年度法治政府建设工作情况报告"
    assert [part.part for part in report.parts] == [1, 2, 3, 4, 5]
    assert [part.heading for part in report.parts] == [
        "一、2022年推进法治政府建设的主要举措和成效",
        "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2023年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]


def test_core_figures_of_the_county(world):
    report = _build(world.county)

    towns = _figure(report, "core.towns")
    villages = _figure(report, "core.villages")
    departments = _figure(report, "core.enforcement_departments")
    # the neighbouring county's town and its bureau are not counted
    assert (towns.value, villages.value, departments.value) == (2, 2, 2)
    assert (towns.previous, towns.change) == (2, 0)
    assert str(towns.sentence) == "全市共有镇(街道)2个，与上年持平"
    assert str(departments.sentence) == "全市共有行政执法部门2个，与上年持平"


def test_figures_sit_in_their_chapter_of_part_one(world):
    report = _build(world.county)

    basics = report.parts[0].sections[0]
    assert basics.heading == "（一）基本情况"
    assert [line.key for line in basics.figures] == [
        "core.towns",
        "core.villages",
        "core.enforcement_departments",
    ]
    assert basics.figure_paragraph == (
        "全市共有镇(街道)2个，与上年持平；全市共有村(社区)2个，与上年持平；全市共有行政执法部门2个，与上年持平。"
    )


def test_a_town_established_during_the_year_shows_as_growth(world):
    region_create(
        acting_user=None,
        code="371082009000",
        name="寻山街道",
        level=Region.Level.TOWN,
        parent=world.county,
        established_on=datetime.date(2022, 6, 1),
    )

    towns = _figure(_build(world.county), "core.towns")

    assert (towns.value, towns.previous) == (3, 2)
    assert str(towns.sentence) == "全市共有镇(街道)3个，上年为2个，较上年增长50%"


def test_a_year_before_any_division_existed_has_no_comparison(world):
    for region in (world.yatou, world.ningjin):
        Region.objects.filter(pk=region.pk).update(established_on=datetime.date(2022, 1, 1))

    towns = _figure(_build(world.county), "core.towns")

    assert (towns.value, towns.previous) == (2, 0)
    assert str(towns.sentence) == "全市共有镇(街道)2个，上年为0个，较上年增加2个"


def test_parts_without_accepted_passages_say_so(world):
    report = _build(world.county)

    for part in report.parts[1:]:
        assert part.is_empty
        assert part.empty_notice == "（本部分尚无已采用的素材）"
    assert not report.parts[0].is_empty


def test_accepted_passages_go_under_their_part(world, department_officer, bureau_staff, make_item):
    make_item(
        department_officer,
        reviewer=bureau_staff,
        part=ReportPart.SHORTCOMINGS,
        title="执法人员能力有待提升",
        body="部分执法人员对新法掌握不够。\n培训针对性不强。",
    )

    report = _build(world.county)

    shortcomings = report.parts[1]
    assert not shortcomings.is_empty
    (section,) = shortcomings.sections
    assert section.heading == "（一）执法人员能力有待提升"
    assert section.paragraphs == ("部分执法人员对新法掌握不够。", "培训针对性不强。")
    assert section.passages[0].organization == "荣成市市场监督管理局"


def test_passages_of_a_chapter_read_one_is_two_is(
    world, department_officer, bureau_staff, make_item
):
    for order, title in enumerate(["推行首违不罚", "开展联合检查"], start=1):
        make_item(
            department_officer,
            reviewer=bureau_staff,
            chapter="core.basics",
            title=title,
            body="正文。",
            order=order,
        )

    basics = _build(world.county).parts[0].sections[0]

    assert [passage.lead for passage in basics.passages] == [
        "一是推行首违不罚。",
        "二是开展联合检查。",
    ]
    assert basics.paragraphs[1:] == ("一是推行首违不罚。正文。", "二是开展联合检查。正文。")


def test_unchaptered_passages_of_part_one_follow_the_chapters(
    world, department_officer, bureau_staff, make_item
):
    make_item(department_officer, reviewer=bureau_staff, title="优化营商环境")

    sections = _build(world.county).parts[0].sections

    # the registered chapters of part one in their order, then the passage's own section
    titles = [chapter.title for chapter in chapters() if chapter.part == ReportPart.MEASURES]
    assert titles[0] == "基本情况"
    assert [section.heading for section in sections] == [
        phrasing.section_heading(number, title)
        for number, title in enumerate([*titles, "优化营商环境"], start=1)
    ]


def test_only_accepted_passages_of_this_region_and_year_appear(
    world, department_officer, town_staff, bureau_staff, make_item
):
    make_item(department_officer, title="草稿")
    make_item(department_officer, submit=True, title="待审核")
    returned = make_item(department_officer, submit=True, title="已退回")
    narrative_item_return(acting_user=bureau_staff, item_id=returned.pk, opinion="请补充")
    make_item(department_officer, reviewer=bureau_staff, year=2021, title="上年度")
    make_item(town_staff, reviewer=bureau_staff, region=world.yatou, title="街道报告")
    make_item(department_officer, reviewer=bureau_staff, title="已采用")

    titles = [
        passage.title
        for part in _build(world.county).parts
        for s in part.sections
        for passage in s.passages
    ]

    assert titles == ["已采用"]


def test_data_as_of_is_the_year_end_once_the_year_is_over(world):
    report = _build(world.county)

    assert report.data_as_of == datetime.date(2022, 12, 31)
    assert report.data_as_of_line == "数据截至2022年12月31日，生成时间2023年1月5日 17:30"


def test_data_as_of_is_today_during_the_year(world):
    today = timezone.localdate()

    report = annual_report_build(region=world.county, year=today.year)

    assert report.data_as_of == today


def test_a_town_report_speaks_of_the_town(world):
    report = _build(world.yatou)

    assert report.title == "崖头街道2022年度法治政府建设工作情况报告"
    assert str(_figure(report, "core.villages").sentence) == "全街道共有村(社区)1个，与上年持平"


def _queries_to_build(region):
    with CaptureQueriesContext(connection) as captured:
        _build(region)
    return len(captured)


def test_queries_do_not_grow_with_the_data(
    world, department_officer, bureau_staff, make_item, django_assert_max_num_queries
):
    make_item(department_officer, reviewer=bureau_staff, title="一")
    before = _queries_to_build(world.county)
    for number in range(5):
        make_item(
            department_officer,
            reviewer=bureau_staff,
            part=ReportPart.NEXT_YEAR,
            title=f"安排{number}",
        )
        region_create(
            acting_user=None,
            code=f"371082{number + 101:03d}000",
            name=f"新镇{number}",
            level=Region.Level.TOWN,
            parent=world.county,
        )

    # two per figure (this year and last), one for the stored rollups (none here: every figure
    # is computed) and one for the passages, however many rows
    with django_assert_max_num_queries(2 * len(figures()) + 2):
        _build(world.county)
    assert _queries_to_build(world.county) == before


def test_rolled_up_figures_cost_one_query_together(world, django_assert_num_queries):
    figure_rollups_refresh(years=[2022], regions=[world.county])
    live = [figure for figure in figures() if not figure.rolled_up]

    # one for every stored rollup, two per live figure, one for the passages
    with django_assert_num_queries(1 + 2 * len(live) + 1):
        report = _build(world.county)
    assert report.rollups_refreshed_at is not None
    assert "的统计汇总" in report.data_as_of_line


def test_phrasing_constants_match_the_report(world):
    assert _build(world.county).parts[4].empty_notice == phrasing.EMPTY_PART_NOTICE


@pytest.fixture
def extra_figures(monkeypatch):
    """For one test: a rate in a part-3 chapter and a figure of an unknown chapter."""
    from decimal import Decimal

    from fazhi.core import figures as registry
    from fazhi.core.figures import Chapter, Figure, FigureResult

    monkeypatch.setitem(
        registry._CHAPTERS,
        "test.leaders",
        Chapter("test.leaders", "（一）学法用法", ReportPart.LEADERS, 1),
    )
    rate = Figure(
        key="test.pass_rate",
        label="考试合格率",
        unit="%",
        chapter="test.leaders",
        is_rate=True,
        compute=lambda region, year: FigureResult(
            {2022: Decimal("98.0"), 2021: Decimal("96.5")}[year]
        ),
    )
    orphan = Figure(
        key="test.orphan",
        label="未归章节的指标",
        unit="项",
        chapter="test.unregistered",
        compute=lambda region, year: FigureResult(None),
    )
    monkeypatch.setitem(registry._FIGURES, rate.key, rate)
    monkeypatch.setitem(registry._FIGURES, orphan.key, orphan)


def test_figures_follow_their_chapter_into_any_part(world, extra_figures):
    report = _build(world.county)

    leaders = report.parts[2]
    assert [section.heading for section in leaders.sections] == ["（一）学法用法"]
    assert (
        str(leaders.sections[0].figures[0].sentence) == "全市考试合格率为98%，较上年提高1.5个百分点"
    )


def test_figures_of_an_unregistered_chapter_are_not_lost(world, extra_figures):
    sections = _build(world.county).parts[0].sections

    registered = [chapter for chapter in chapters() if chapter.part == ReportPart.MEASURES]
    assert sections[-1].heading == phrasing.section_heading(len(registered) + 1, "其他统计数据")
    assert str(sections[-1].figures[0].sentence) == "全市未归章节的指标暂无统计数据"


def test_json_of_rates_and_missing_values(world, extra_figures):
    from fazhi.reports.renderers import annual_report_as_dict

    figures_by_key = {
        figure["key"]: figure for figure in annual_report_as_dict(_build(world.county))["figures"]
    }

    assert (
        figures_by_key["test.pass_rate"]["value"],
        figures_by_key["test.pass_rate"]["previous"],
    ) == (98, 96.5)
    assert figures_by_key["test.pass_rate"]["change"] == 1.5
    assert figures_by_key["test.orphan"]["value"] is None
    # report order: part 1 (basics, then unregistered), then part 3
    assert list(figures_by_key)[-2:] == ["test.orphan", "test.pass_rate"]
