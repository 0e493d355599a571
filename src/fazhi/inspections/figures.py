"""Figures of joint enterprise inspections, computed from the region's confirmed schedule.

Rongcheng 2022 (report): 17 enforcement departments took part in joint inspections
("组织17个执法部门…实现‘进一次门、查多项事’") — `inspections.joint_departments` counts the
departments with plan items in a joint inspection (one with two or more departments) of the
confirmed schedule of the year.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from fazhi.core.figures import Figure, FigureResult, ReportPart, register_chapter, register_figure
from fazhi.core.models import Organization, Region
from fazhi.inspections.models import InspectionResult, JointInspection, PlanItem
from fazhi.inspections.selectors import results_recorded, run_confirmed

CHAPTER = "inspections"


def joint_departments(region: Region, year: int) -> FigureResult:
    run = run_confirmed(region=region, year=year)
    if run is None:
        return FigureResult(0, Organization.objects.none())
    items = PlanItem.objects.filter(joint_inspection__run=run, joint_inspection__departments__gte=2)
    departments = Organization.objects.filter(
        pk__in=items.values("plan__organization_id")
    ).order_by("code")
    return FigureResult(departments.count(), departments)


def joint_inspections(region: Region, year: int) -> FigureResult:
    run = run_confirmed(region=region, year=year)
    if run is None:
        return FigureResult(0, JointInspection.objects.none())
    records = run.inspections.filter(departments__gte=2)
    return FigureResult(records.count(), records)


def entries_saved(region: Region, year: int) -> FigureResult:
    run = run_confirmed(region=region, year=year)
    if run is None:
        return FigureResult(None)
    return FigureResult(run.saved, run.inspections.all())


def lower_bound_gap(region: Region, year: int) -> FigureResult:
    run = run_confirmed(region=region, year=year)
    if run is None:
        return FigureResult(None)
    return FigureResult(run.gap, run.inspections.all())


def entries_per_enterprise_mean(region: Region, year: int) -> FigureResult:
    run = run_confirmed(region=region, year=year)
    if run is None:
        return FigureResult(None)
    per_enterprise = run.inspections.values("enterprise").annotate(n=Count("pk"))
    counts = [row["n"] for row in per_enterprise]
    if not counts:
        return FigureResult(None)
    mean = Decimal(sum(counts)) / Decimal(len(counts))
    return FigureResult(mean.quantize(Decimal("0.01"), ROUND_HALF_UP), run.inspections.all())


def entries_per_enterprise_max(region: Region, year: int) -> FigureResult:
    run = run_confirmed(region=region, year=year)
    if run is None:
        return FigureResult(None)
    per_enterprise = run.inspections.values("enterprise").annotate(n=Count("pk"))
    return FigureResult(max((row["n"] for row in per_enterprise), default=0), run.inspections.all())


def results_with_problems(region: Region, year: int) -> FigureResult:
    records = results_recorded(region=region, year=year).filter(
        outcome=InspectionResult.Outcome.PROBLEM
    )
    return FigureResult(records.count(), records)


def rectifications_completed(region: Region, year: int) -> FigureResult:
    records = results_recorded(region=region, year=year).filter(rectified_on__isnull=False)
    return FigureResult(records.count(), records)


def register_inspections_figures() -> None:
    register_chapter(CHAPTER, "涉企联合检查", part=ReportPart.MEASURES, order=15)
    register_figure(
        Figure(
            key="inspections.joint_departments",
            label="参与联合检查的执法部门",
            unit="个",
            chapter=CHAPTER,
            compute=joint_departments,
            order=1,
            headline=True,
        )
    )
    for order, (key, label, unit, compute) in enumerate(
        (
            ("joint_inspections", "开展联合检查", "次", joint_inspections),
            ("entries_saved", "减少入企检查", "次", entries_saved),
            ("lower_bound_gap", "入企次数高于理论下界", "次", lower_bound_gap),
            ("entries_mean", "每家企业平均入企", "次", entries_per_enterprise_mean),
            ("entries_max", "单家企业最多入企", "次", entries_per_enterprise_max),
            ("results_with_problems", "检查发现问题", "项", results_with_problems),
            ("rectifications_completed", "完成整改", "项", rectifications_completed),
        ),
        start=2,
    ):
        register_figure(
            Figure(
                key=f"inspections.{key}",
                label=label,
                lead="",
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
            )
        )
