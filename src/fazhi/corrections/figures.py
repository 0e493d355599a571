"""Community corrections figures (社区矫正), computed from records.

The 2022 report of 荣成: "基层司法所每周3次核查辖区社矫人员定位情况，2022年共进行手机定位平台抽查
45次，涉及人员2200余人次……2022年共整理入矫执行档案308份，评查案卷66份". So:

- `corrections.spot_checks`: city spot checks (平台抽查) performed in the year;
- `corrections.spot_check_person_times`: subjects they covered, one per subject and check (人次);
- `corrections.intake_files`: execution files compiled at intake in the year (入矫执行档案);
- `corrections.files_reviewed`: file reviews (评查) dated in the year;
- subjects under correction at the year's end, in all, by category and by management level (the
  level in force that day, from the level history);
- `corrections.checks_on_schedule_rate`: of the office checks planned in the year (to today),
  the share made on their planned day, in %; evaluated for a town it is that office's rate;
- `corrections.alerts_closed`: alerts closed with an outcome in the year;
- `corrections.education_hours` / `corrections.public_service_hours`: hours of education and of
  public-interest activities recorded in the year (教育学时/公益活动时长, domain notes §12.6);
- `corrections.transfers`: changes of the place of execution whose files were handed over in
  the year, counted at the new place;
- `corrections.visits_decided`: visit applications (会客) decided in the year.

One query per figure and year.
"""

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Sum

from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    percent,
    register_chapter,
    register_figure,
    year_end,
)
from fazhi.core.models import Region
from fazhi.corrections.models import CorrectionSubject, EducationSession, ManagementLevel
from fazhi.corrections.selectors import (
    alert_list_closed,
    file_review_list,
    intake_file_list,
    scheduled_check_list,
    scheduled_checks_on_schedule,
    spot_check_list,
    spot_check_person_times,
    subject_list_at,
    subject_list_at_level,
)
from fazhi.corrections.selectors.education import education_hours_list
from fazhi.corrections.selectors.transfers import transfer_list_handed_over, visit_list_decided

CHAPTER = "corrections"


def spot_checks(region: Region, year: int) -> FigureResult:
    """City spot checks of subjects' locations performed in the year (手机定位平台抽查)."""
    records = spot_check_list(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def spot_check_persons(region: Region, year: int) -> FigureResult:
    """Person-times covered by the year's spot checks (涉及人员人次)."""
    records = spot_check_person_times(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def intake_files(region: Region, year: int) -> FigureResult:
    """Execution files compiled at intake in the year (整理入矫执行档案)."""
    records = intake_file_list(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def files_reviewed(region: Region, year: int) -> FigureResult:
    """Correction files reviewed in the year (评查案卷)."""
    records = file_review_list(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def subjects_at_year_end(region: Region, year: int) -> FigureResult:
    """Subjects under correction on 31 December (在矫人数)."""
    records = subject_list_at(region_prefix=region.prefix, on=year_end(year))
    return FigureResult(records.count(), records)


def _of_category(category: str) -> Callable[[Region, int], FigureResult]:
    def compute(region: Region, year: int) -> FigureResult:
        records = subject_list_at(region_prefix=region.prefix, on=year_end(year)).filter(
            category=category
        )
        return FigureResult(records.count(), records)

    return compute


def _of_level(level: str) -> Callable[[Region, int], FigureResult]:
    def compute(region: Region, year: int) -> FigureResult:
        records = subject_list_at_level(region_prefix=region.prefix, on=year_end(year), level=level)
        return FigureResult(records.count(), records)

    return compute


def checks_on_schedule_rate(region: Region, year: int) -> FigureResult:
    """Share of the year's planned office checks made on their planned day, in %."""
    on_day, planned = scheduled_checks_on_schedule(region_prefix=region.prefix, year=year)
    return FigureResult(
        percent(on_day, planned), scheduled_check_list(region_prefix=region.prefix, year=year)
    )


def alerts_closed(region: Region, year: int) -> FigureResult:
    """Alerts (越界、无法定位、未按时报到) closed with an outcome in the year."""
    records = alert_list_closed(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def _hours_of(kind: str) -> Callable[[Region, int], FigureResult]:
    def compute(region: Region, year: int) -> FigureResult:
        records = education_hours_list(region_prefix=region.prefix, year=year, kind=kind)
        total = records.aggregate(total=Sum("hours"))["total"]
        return FigureResult(total if total is not None else Decimal(0), records)

    return compute


def transfers(region: Region, year: int) -> FigureResult:
    """Changes of the place of execution handed over in the year (变更执行地)."""
    records = transfer_list_handed_over(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def visits_decided(region: Region, year: int) -> FigureResult:
    """Visit applications (会客) decided in the year."""
    records = visit_list_decided(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def register_corrections_figures() -> None:
    register_chapter(CHAPTER, "社区矫正与安置帮教", part=ReportPart.MEASURES, order=50)
    rows: list[tuple[str, str, str, Callable[[Region, int], FigureResult], bool, str]] = [
        ("corrections.spot_checks", "手机定位平台抽查", "次", spot_checks, False, "共进行"),
        (
            "corrections.spot_check_person_times",
            "定位抽查涉及社区矫正对象",
            "人次",
            spot_check_persons,
            False,
            "",
        ),
        ("corrections.intake_files", "整理入矫执行档案", "份", intake_files, False, ""),
        ("corrections.files_reviewed", "评查社区矫正案卷", "份", files_reviewed, False, ""),
        (
            "corrections.subjects_at_year_end",
            "年末在册社区矫正对象",
            "人",
            subjects_at_year_end,
            False,
            "共有",
        ),
    ]
    rows += [
        (
            f"corrections.subjects_{category.value}",
            f"年末在册社区矫正对象（{category.label}）",
            "人",
            _of_category(category.value),
            False,
            "共有",
        )
        for category in CorrectionSubject.Category
    ]
    rows += [
        (
            f"corrections.subjects_{level.value}",
            f"年末实行{level.label}的社区矫正对象",
            "人",
            _of_level(level.value),
            False,
            "共有",
        )
        for level in ManagementLevel
    ]
    rows += [
        (
            "corrections.checks_on_schedule_rate",
            "司法所信息化核查按期完成率",
            "%",
            checks_on_schedule_rate,
            True,
            "",
        ),
        ("corrections.alerts_closed", "处置监管预警", "条", alerts_closed, False, ""),
        (
            "corrections.education_hours",
            "社区矫正对象参加教育学习",
            "小时",
            _hours_of(EducationSession.Kind.EDUCATION),
            False,
            "",
        ),
        (
            "corrections.public_service_hours",
            "社区矫正对象参加公益活动",
            "小时",
            _hours_of(EducationSession.Kind.PUBLIC_SERVICE),
            False,
            "",
        ),
        ("corrections.transfers", "办理变更执行地", "人", transfers, False, ""),
        ("corrections.visits_decided", "办理会客审批", "件", visits_decided, False, ""),
    ]
    for order, (key, label, unit, compute, is_rate, lead) in enumerate(rows):
        register_figure(
            Figure(
                # Scans location checks (1.5 million a year in a province); rolled up (ADR 0013).
                rolled_up=True,
                key=key,
                label=label,
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                is_rate=is_rate,
                lead=lead,
            )
        )
