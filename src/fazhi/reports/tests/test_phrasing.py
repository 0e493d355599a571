from decimal import Decimal

import pytest

from fazhi.reports import phrasing


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "一"), (5, "五"), (10, "十"), (11, "十一"), (20, "二十"), (22, "二十二"), (99, "九十九")],
)
def test_chinese_numbers_for_headings(number, expected):
    assert phrasing.chinese_number(number) == expected


def test_chinese_number_refuses_what_a_heading_never_needs():
    with pytest.raises(ValueError, match="out of range"):
        phrasing.chinese_number(0)


def test_part_headings_name_the_report_year_and_the_next():
    assert phrasing.part_heading(1, 2022) == "一、2022年推进法治政府建设的主要举措和成效"
    assert phrasing.part_heading(2, 2022) == "二、存在的不足和原因"
    assert phrasing.part_heading(3, 2022) == "三、党政主要负责人履行推进法治建设第一责任人职责情况"
    assert phrasing.part_heading(4, 2022) == "四、2023年推进法治政府建设的主要安排"
    assert phrasing.part_heading(5, 2022) == "五、其他需要报告的情况"


@pytest.mark.parametrize("title", ["(一)基本情况", "（三）基本情况", "基本情况"])
def test_sections_are_numbered_by_the_platform_not_by_the_registered_title(title):
    assert phrasing.section_heading(2, title) == "（二）基本情况"


def test_points_inside_a_section_read_one_is_two_is():
    assert phrasing.point_sentence(1, "推行首违不罚。") == "一是推行首违不罚。"
    assert phrasing.point_sentence(2, "  强化执法监督；") == "二是强化执法监督。"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("荣成市", "全市"),
        ("崖头街道", "全街道"),
        ("俚岛镇", "全镇"),
        ("某某区", "全区"),
        ("某某县", "全县"),
    ],
)
def test_scope_word_names_the_whole_region(name, expected):
    assert phrasing.scope_word(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12774, "12774"),
        (Decimal("98.50"), "98.5"),
        (Decimal("40.0"), "40"),
        (Decimal("-13.3"), "-13.3"),
        (0, "0"),
    ],
)
def test_numbers_print_without_separators_or_trailing_zeros(value, expected):
    assert phrasing.format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "previous", "change", "is_rate", "expected"),
    [
        pytest.param(
            6, 10, Decimal("-40.0"), False, "上年为10件，较上年减少40%", id="decrease_case"
        ),
        pytest.param(
            26, 30, Decimal("-13.3"), False, "上年为30件，较上年减少13.3%", id="fraction_case"
        ),
        pytest.param(
            356, 299, Decimal("19.1"), False, "上年为299件，较上年增长19.1%", id="increase_case"
        ),
        pytest.param(22, 22, Decimal("0.0"), False, "与上年持平", id="same_case"),
        pytest.param(22, None, None, False, "上年无可比数据", id="no_previous_case"),
        pytest.param(3, 0, None, False, "上年为0件，较上年增加3件", id="from_zero_case"),
        pytest.param(
            Decimal("98"),
            Decimal("95"),
            Decimal("3.0"),
            True,
            "较上年提高3个百分点",
            id="rate_up_case",
        ),
        pytest.param(
            Decimal("97.5"),
            Decimal("98"),
            Decimal("-0.5"),
            True,
            "较上年降低0.5个百分点",
            id="rate_down_case",
        ),
        pytest.param(
            100000, 100001, Decimal("0.0"), False, "与上年基本持平", id="rounds_to_zero_case"
        ),
        pytest.param(None, 5, None, False, "", id="no_value_case"),
    ],
)
def test_change_phrases(value, previous, change, is_rate, expected):
    assert (
        phrasing.change_phrase(
            value=value, previous=previous, change=change, unit="件", is_rate=is_rate
        )
        == expected
    )


def test_count_sentence():
    sentence = phrasing.figure_sentence(
        scope="全市",
        label="镇(街道)",
        unit="个",
        value=22,
        previous=22,
        change=Decimal("0.0"),
        is_rate=False,
    )

    assert str(sentence) == "全市共有镇(街道)22个，与上年持平"
    # the pieces let a page link the number alone
    assert (sentence.lead, sentence.value_text, sentence.tail) == (
        "全市共有镇(街道)",
        "22",
        "个，与上年持平",
    )


def test_rate_sentence():
    sentence = phrasing.figure_sentence(
        scope="全市",
        label="考试合格率",
        unit="%",
        value=Decimal("98"),
        previous=None,
        change=None,
        is_rate=True,
    )

    assert str(sentence) == "全市考试合格率为98%，上年无可比数据"


def test_sentence_without_a_value_says_so():
    sentence = phrasing.figure_sentence(
        scope="全市",
        label="镇(街道)",
        unit="个",
        value=None,
        previous=3,
        change=None,
        is_rate=False,
    )

    assert str(sentence) == "全市镇(街道)暂无统计数据"


def test_sentences_of_a_section_make_one_paragraph():
    assert (
        phrasing.join_sentences(["甲1个，与上年持平", "乙2个。", ""])
        == "甲1个，与上年持平；乙2个。"
    )
    assert phrasing.join_sentences([]) == ""


def test_data_as_of_line():
    import datetime

    line = phrasing.data_as_of_line(
        datetime.date(2022, 12, 31),
        datetime.datetime(2023, 1, 5, 9, 30),  # noqa: DTZ001
    )

    assert line == "数据截至2022年12月31日，生成时间2023年1月5日 09:30"


def test_data_as_of_line_names_the_time_of_the_rollups():
    import datetime

    line = phrasing.data_as_of_line(
        datetime.date(2022, 12, 31),
        datetime.datetime(2023, 1, 5, 9, 30),  # noqa: DTZ001
        rollups_refreshed_at=datetime.datetime(2023, 1, 5, 18, 0, tzinfo=datetime.UTC),
    )

    # the rollup time is shown in local time (Asia/Shanghai)
    assert line == (
        "数据截至2022年12月31日，生成时间2023年1月5日 09:30；"
        "法律服务台账等大表的统计数字取自2023年1月6日 02:00的统计汇总"
    )


def test_an_act_reads_without_the_word_for_existing_things():
    sentence = phrasing.figure_sentence(
        scope="全市",
        label="制定政府规范性文件",
        unit="件",
        value=6,
        previous=10,
        change=Decimal("-40.0"),
        is_rate=False,
        lead="",
    )

    assert str(sentence) == "全市制定政府规范性文件6件，上年为10件，较上年减少40%"
