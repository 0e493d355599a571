"""Legal aid figures of the public legal services chapter (法律援助), computed from records.

What a case is. The 2022 report of 荣成 reads "开通法律援助便民服务'绿色通道'，对农民工讨薪、低保户
维权等案件当天受理，当天指派，2022年共受理法律援助案件1790件，其中民事1236件，刑事554件". An
application becomes a legal-aid case (法律援助案件) when the legal aid centre grants it (art. 43);
a refused, withdrawn or undecided application is not a case. So:

- `legalservice.legal_aid_cases` counts the applications granted by a decision dated in the year
  (whether assigned or closed since); `legalservice.legal_aid_criminal` those of criminal matters
  and `legalservice.legal_aid_civil` the others — civil and administrative matters together, as
  the report's two parts add up to its total (1236 + 554 = 1790).
- `legalservice.legal_aid_green_same_day_rate`: of the green-channel applications assigned in the
  year, the share received, decided and assigned on one day, in %.
- `legalservice.legal_aid_days_to_decision`: the mean calendar days from receipt to decision of
  the decisions (grants and refusals) dated in the year.
- `legalservice.legal_aid_notified`: of the year's cases, those the court, procuratorate or
  police notified (通知辩护/通知代理, arts. 25, 28, 36) — already among the criminal cases, as
  the notice is their grant.
- `legalservice.legal_aid_terminated`: cases whose aid was terminated in the year (art. 48);
  they remain among the cases of the year they were granted, counted apart from the closings.
- `legalservice.legal_aid_overdue`: applications received in the year whose decision (7 days) or
  assignment (3 days) came after its due day, or was still outstanding past it at the year's end
  (today, for the current year).

Each figure costs one query per year (the report builder's budget).
"""

from django.utils import timezone

from fazhi.core.figures import Figure, FigureResult, percent, register_figure, year_end
from fazhi.core.models import Region
from fazhi.legalservice.aid_selectors import (
    legal_aid_average_days_to_decision,
    legal_aid_green_same_day,
    legal_aid_list_decided,
    legal_aid_list_granted,
    legal_aid_list_green_assigned,
    legal_aid_list_notified,
    legal_aid_list_overdue,
    legal_aid_list_terminated,
)
from fazhi.legalservice.models import LegalAidApplication

CHAPTER = "legalservice"


def legal_aid_cases(region: Region, year: int) -> FigureResult:
    """Legal-aid cases of the year: applications granted in the year (受理法律援助案件)."""
    records = legal_aid_list_granted(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def legal_aid_civil(region: Region, year: int) -> FigureResult:
    """The year's civil and administrative legal-aid cases (民事)."""
    records = legal_aid_list_granted(region_prefix=region.prefix, year=year).exclude(
        kind=LegalAidApplication.Kind.CRIMINAL
    )
    return FigureResult(records.count(), records)


def legal_aid_criminal(region: Region, year: int) -> FigureResult:
    """The year's criminal legal-aid cases (刑事)."""
    records = legal_aid_list_granted(region_prefix=region.prefix, year=year).filter(
        kind=LegalAidApplication.Kind.CRIMINAL
    )
    return FigureResult(records.count(), records)


def legal_aid_notified(region: Region, year: int) -> FigureResult:
    """The year's cases notified by the court, procuratorate or police (通知辩护/通知代理)."""
    records = legal_aid_list_notified(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def legal_aid_terminated(region: Region, year: int) -> FigureResult:
    """Cases whose legal aid was terminated in the year (终止法律援助, art. 48)."""
    records = legal_aid_list_terminated(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def legal_aid_green_same_day_rate(region: Region, year: int) -> FigureResult:
    """Share of the year's green-channel assignments made the day of receipt, in %."""
    met, total = legal_aid_green_same_day(region_prefix=region.prefix, year=year)
    return FigureResult(
        percent(met, total), legal_aid_list_green_assigned(region_prefix=region.prefix, year=year)
    )


def legal_aid_days_to_decision(region: Region, year: int) -> FigureResult:
    """Mean calendar days from receipt to decision of the year's decisions."""
    return FigureResult(
        legal_aid_average_days_to_decision(region_prefix=region.prefix, year=year),
        legal_aid_list_decided(region_prefix=region.prefix, year=year),
    )


def legal_aid_overdue(region: Region, year: int) -> FigureResult:
    """Applications of the year decided or assigned late, or outstanding past the due day."""
    on = min(year_end(year), timezone.localdate())
    records = legal_aid_list_overdue(region_prefix=region.prefix, year=year, on=on)
    return FigureResult(records.count(), records)


def register_legal_aid_figures(*, first_order: int) -> None:
    for order, (key, label, unit, compute, is_rate) in enumerate(
        (
            ("legalservice.legal_aid_cases", "受理法律援助案件", "件", legal_aid_cases, False),
            ("legalservice.legal_aid_civil", "其中民事法律援助案件", "件", legal_aid_civil, False),
            (
                "legalservice.legal_aid_criminal",
                "其中刑事法律援助案件",
                "件",
                legal_aid_criminal,
                False,
            ),
            (
                "legalservice.legal_aid_green_same_day_rate",
                "法律援助“绿色通道”当天受理当天指派率",
                "%",
                legal_aid_green_same_day_rate,
                True,
            ),
            (
                "legalservice.legal_aid_days_to_decision",
                "法律援助申请平均审查用时",
                "日",
                legal_aid_days_to_decision,
                False,
            ),
            (
                "legalservice.legal_aid_overdue",
                "法律援助申请超期审查或指派",
                "件",
                legal_aid_overdue,
                False,
            ),
            (
                "legalservice.legal_aid_notified",
                "其中办案机关通知辩护、通知代理案件",
                "件",
                legal_aid_notified,
                False,
            ),
            (
                "legalservice.legal_aid_terminated",
                "终止法律援助案件",
                "件",
                legal_aid_terminated,
                False,
            ),
        ),
        start=first_order,
    ):
        register_figure(
            Figure(
                # Scans legal-aid cases (a million at province scale); rolled up (ADR 0013).
                rolled_up=True,
                key=key,
                label=label,
                lead="",
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                is_rate=is_rate,
            )
        )
