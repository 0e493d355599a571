"""How the platform words the report: numbers, comparisons with last year, headings.

Every sentence the platform writes around a figure comes from here, so the wording rules live in
one place and are tested as such. Nothing here reads the database.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fazhi.core.figures import Number, ReportPart

CHINESE_DIGITS = "零一二三四五六七八九"
EMPTY_PART_NOTICE = "（本部分尚无已采用的素材）"
NO_PREVIOUS = "上年无可比数据"
NO_VALUE = "暂无统计数据"
SAME_AS_LAST_YEAR = "与上年持平"
# A numbering prefix some modules put in their chapter titles, e.g. "(一)基本情况".
_LEADING_NUMBER = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]\s*")
_TRAILING_PUNCTUATION = "。；;，,.！!：: "


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99, as headings need)."""
    if not 0 < number < 100:
        raise ValueError(f"heading number out of range: {number}")
    tens, units = divmod(number, 10)
    if tens == 0:
        return CHINESE_DIGITS[units]
    prefix = "" if tens == 1 else CHINESE_DIGITS[tens]
    return f"{prefix}十{CHINESE_DIGITS[units] if units else ''}"


def part_heading(part: int, year: int) -> str:
    """The heading of one of the five mandatory parts, e.g. 二、存在的不足和原因."""
    titles = {
        ReportPart.MEASURES: f"{year}年推进法治政府建设的主要举措和成效",
        ReportPart.SHORTCOMINGS: "存在的不足和原因",
        ReportPart.LEADERS: "党政主要负责人履行推进法治建设第一责任人职责情况",
        ReportPart.NEXT_YEAR: f"{year + 1}年推进法治政府建设的主要安排",
        ReportPart.OTHER: "其他需要报告的情况",
    }
    return f"{chinese_number(part)}、{titles[ReportPart(part)]}"


def section_heading(number: int, title: str) -> str:
    """Number a section, e.g. （一）基本情况; a "(一)" in the registered title is dropped."""
    return f"（{chinese_number(number)}）{strip_heading_number(title)}"


def strip_heading_number(title: str) -> str:
    return _LEADING_NUMBER.sub("", title).strip()


def point_lead(number: int) -> str:
    """一是, 二是, …: how Chinese government reports introduce the points inside a section."""
    return f"{chinese_number(number)}是"


def point_sentence(number: int, title: str) -> str:
    """The lead-in of a passage inside a section, e.g. 一是推行轻微违法首违不罚。."""
    return f"{point_lead(number)}{title.strip().rstrip(_TRAILING_PUNCTUATION)}。"


def report_title(region_name: str, year: int) -> str:
    return f"{region_name}{year}年度法治政府建设工作情况报告"


def scope_word(region_name: str) -> str:
    """How the report names the whole of its region: 全市, 全区, 全县, 全镇, 全街道."""
    for suffix in ("街道", "市", "区", "县", "旗", "镇", "乡", "省", "村", "社区"):
        if region_name.endswith(suffix):
            return f"全{suffix}"
    return "全域"


def format_number(value: Number | float) -> str:
    """12774 → "12774", Decimal("98.50") → "98.5", Decimal("40.0") → "40" (no separators)."""
    if isinstance(value, int):
        return str(value)
    decimal = Decimal(str(value))
    if decimal == decimal.to_integral_value():
        return str(int(decimal))
    return format(decimal.normalize(), "f")


def format_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_datetime(moment: datetime.datetime) -> str:
    return f"{format_date(moment.date())} {moment:%H:%M}"


def data_as_of_line(
    data_as_of: datetime.date,
    generated_at: datetime.datetime,
    *,
    rollups_refreshed_at: datetime.datetime | None = None,
) -> str:
    line = f"数据截至{format_date(data_as_of)}，生成时间{format_datetime(generated_at)}"
    if rollups_refreshed_at is None:
        return line
    refreshed = format_datetime(timezone.localtime(rollups_refreshed_at))
    return f"{line}；法律服务台账等大表的统计数字取自{refreshed}的统计汇总"


def opening(region_name: str, year: int) -> str:
    return (
        f"本报告由法治政府建设工作平台根据{region_name}各部门、各镇(街道)日常录入的工作记录汇总生成，"
        f"报告中的{year}年度数据均由系统按记录统计，可逐项追溯到原始记录；"
        "文字部分采用各单位报送并经司法局审核采用的素材。"
    )


def change_phrase(
    *,
    value: Number | None,
    previous: Number | None,
    change: Decimal | None,
    unit: str,
    is_rate: bool,
) -> str:
    """How this year compares with the last: 较上年减少40%, 与上年持平, 上年无可比数据.

    Counts compare in percent; rates (is_rate) compare in percentage points.
    """
    if value is None:
        return ""
    if previous is None:
        return NO_PREVIOUS
    if value == previous:
        return SAME_AS_LAST_YEAR
    if is_rate:
        difference = Decimal(str(value)) - Decimal(str(previous))
        direction = "提高" if difference > 0 else "降低"
        return f"较上年{direction}{format_number(abs(difference))}个百分点"
    if previous == 0:
        return f"上年为0{unit}，较上年增加{format_number(value)}{unit}"
    if change is None or change == 0:
        return "与上年基本持平"
    direction = "增长" if change > 0 else "减少"
    return f"上年为{format_number(previous)}{unit}，较上年{direction}{format_number(abs(change))}%"


@dataclass(frozen=True)
class FigureSentence:
    """A figure's sentence in three pieces, so a page can link the value to its records."""

    lead: str
    value_text: str
    tail: str

    def __str__(self) -> str:
        return f"{self.lead}{self.value_text}{self.tail}"


def figure_sentence(
    *,
    scope: str,
    label: str,
    unit: str,
    value: Number | None,
    previous: Number | None,
    change: Decimal | None,
    is_rate: bool,
    lead: str = "共有",
) -> FigureSentence:
    """The figure's sentence: 全市共有镇(街道)22个，与上年持平; for rates 全市考试合格率为98%.

    `lead` joins scope and label for counts: "共有" for what exists, "" for an act whose label
    is its verb (全市制定政府规范性文件6件).
    """
    if value is None:
        return FigureSentence(f"{scope}{label}", NO_VALUE, "")
    comparison = change_phrase(
        value=value, previous=previous, change=change, unit=unit, is_rate=is_rate
    )
    tail = f"{unit}，{comparison}" if comparison else unit
    opening = f"{scope}{label}为" if is_rate else f"{scope}{lead}{label}"
    return FigureSentence(opening, format_number(value), tail)


def join_sentences(sentences: list[str]) -> str:
    """Sentences of one section in one paragraph: "…；…。"."""
    cleaned = [sentence.rstrip(_TRAILING_PUNCTUATION) for sentence in sentences if sentence]
    return f"{'；'.join(cleaned)}。" if cleaned else ""
