"""Reports API: the annual report's figures as JSON."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from fazhi.core.models import Region
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.core.selectors import region_get_by_code
from fazhi.reports.builder import annual_report_build
from fazhi.reports.permissions import access_report_region
from fazhi.reports.renderers import annual_report_as_dict

router = Router(tags=["年度报告"])


class AnnualReportIn(Schema):
    region: str = Field(
        description="区划代码，6位(县级)、9位(乡镇)或12位", pattern=r"^(\d{6}|\d{9}|\d{12})$"
    )
    year: int = Field(description="报告年度", ge=2000, le=2100)


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    value: int | float | None
    previous: int | float | None
    change: int | float | None = Field(description="较上年变化：百分比；比率类指标为百分点")
    chapter: str
    sentence: str
    refreshed_at: str | None = Field(
        description="取自统计汇总时的汇总时间(ISO 8601)；实时计算时为空"
    )


class PassageOut(Schema):
    id: int
    title: str
    organization: str


class SectionOut(Schema):
    heading: str
    chapter: str
    figures: list[str]
    passages: list[PassageOut]


class PartOut(Schema):
    part: int
    heading: str
    is_empty: bool
    sections: list[SectionOut]


class AnnualReportOut(Schema):
    region: str
    region_code: str
    region_name: str
    year: int
    title: str
    data_as_of: str
    generated_at: str
    rollups_refreshed_at: str | None = Field(
        description="报告中取自统计汇总的数字里最早的汇总时间；全部实时计算时为空"
    )
    figures: list[FigureOut]
    parts: list[PartOut]


@router.get("/annual", response=AnnualReportOut, summary="年度报告数据(各项指标及上年对比)")
def annual_report(request: HttpRequest, params: Query[AnnualReportIn]) -> dict[str, Any]:
    user: Any = request.auth  # type: ignore[attr-defined]
    require_capability(user, Capability.VIEW_REPORT)
    try:
        region = region_get_by_code(params.region)
    except Region.DoesNotExist:
        raise Http404("区划代码不存在") from None
    report = annual_report_build(region=access_report_region(user, region), year=params.year)
    return annual_report_as_dict(report)
