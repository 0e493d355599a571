import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from docx import Document

from fazhi.core.figures import ReportPart, figures
from fazhi.core.services.rollups import figure_rollups_refresh
from fazhi.reports.builder import annual_report_build
from fazhi.reports.renderers import (
    annual_report_as_dict,
    annual_report_as_docx,
    annual_report_as_html,
    json_number,
)

pytestmark = pytest.mark.django_db

GENERATED_AT = datetime.datetime(2023, 1, 5, 9, 30, tzinfo=datetime.UTC)
PART_HEADINGS = [
    "一、2022年推进法治政府建设的主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、2023年推进法治政府建设的主要安排",
    "五、其他需要报告的情况",
]


def _report(world):
    return annual_report_build(region=world.county, year=2022, generated_at=GENERATED_AT)


def _docx_paragraphs(content):
    document = Document(io.BytesIO(content))
    return document, [paragraph.text for paragraph in document.paragraphs]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (3, 3),
        (Decimal("40.0"), 40),
        (Decimal("98.5"), 98.5),
        (Decimal("-13.3"), -13.3),
    ],
)
def test_json_numbers(value, expected):
    assert json_number(value) == expected
    assert type(json_number(value)) is type(expected)


def test_json_lists_every_figure_with_its_comparison(world):
    data = annual_report_as_dict(_report(world))

    assert (data["region"], data["region_code"], data["year"]) == ("371082", "371082000000", 2022)
    assert data["generated_at"] == "2023-01-05T17:30:00+08:00"
    assert data["data_as_of"] == "2022-12-31"
    # every registered figure, in report order: the basics first
    assert {figure["key"] for figure in data["figures"]} == {figure.key for figure in figures()}
    assert [figure["key"] for figure in data["figures"]][:3] == [
        "core.towns",
        "core.villages",
        "core.enforcement_departments",
    ]
    assert data["figures"][0] == {
        "key": "core.towns",
        "label": "镇(街道)",
        "unit": "个",
        "value": 2,
        "previous": 2,
        "change": 0,
        "chapter": "core.basics",
        "sentence": "全市共有镇(街道)2个，与上年持平",
        "refreshed_at": None,
    }
    assert data["rollups_refreshed_at"] is None
    assert [part["part"] for part in data["parts"]] == [1, 2, 3, 4, 5]


def test_json_says_which_figures_come_from_the_rollups_and_when(world):
    with time_machine.travel(datetime.datetime(2023, 1, 5, 18, 0, tzinfo=datetime.UTC)):
        figure_rollups_refresh(years=[2022], regions=[world.county])
    rolled_up = {figure.key for figure in figures() if figure.rolled_up}

    data = annual_report_as_dict(_report(world))

    assert rolled_up
    assert data["rollups_refreshed_at"] == "2023-01-06T02:00:00+08:00"
    assert {
        figure["key"] for figure in data["figures"] if figure["refreshed_at"] is not None
    } == rolled_up


def test_json_is_deterministic_and_serialisable(world):
    first = json.dumps(annual_report_as_dict(_report(world)), ensure_ascii=False)
    second = json.dumps(annual_report_as_dict(_report(world)), ensure_ascii=False)

    assert first == second


def test_docx_has_the_five_parts_and_no_placeholders(
    world, department_officer, bureau_staff, make_item
):
    make_item(
        department_officer,
        reviewer=bureau_staff,
        part=ReportPart.SHORTCOMINGS,
        title="执法能力有待提升",
        body="个别文书说理不充分 <待改进> & 培训针对性不强。",
    )

    document, texts = _docx_paragraphs(annual_report_as_docx(_report(world)))

    assert texts[0] == "荣成市2022年度法治政府建设工作情况报告"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == PART_HEADINGS
    assert "（一）基本情况" in texts
    assert "（一）执法能力有待提升" in texts
    # characters that mean something in XML arrive intact
    assert "个别文书说理不充分 <待改进> & 培训针对性不强。" in texts
    assert texts.count("（本部分尚无已采用的素材）") == 3
    assert texts[-1].startswith("数据截至2022年12月31日")
    full_text = "\n".join(texts)
    assert "{{" not in full_text
    assert "{%" not in full_text


def test_docx_uses_the_official_document_fonts(world):
    document, _texts = _docx_paragraphs(annual_report_as_docx(_report(world)))

    body_fonts = document.styles["Normal"].element.rPr.rFonts
    assert (
        body_fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )
    title_fonts = document.styles["Title"].element.rPr.rFonts
    assert (
        title_fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )


def test_standalone_html_has_the_parts_and_no_links(world):
    html = annual_report_as_html(_report(world))

    for heading in PART_HEADINGS:
        assert heading in html
    assert "全市共有镇(街道)<strong" in html
    assert "<a " not in html
