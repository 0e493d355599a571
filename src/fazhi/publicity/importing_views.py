"""The Excel import of a unit's publicity activities and its template workbook.

Kept out of views/ because the layering puts views and resources side by side (neither imports
the other), as in enforcement.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.importing_views import (
    WholeFilePage,
    import_template_response,
    render_organization_import,
)
from fazhi.core.listing import denials_as_403
from fazhi.publicity.permissions import organizations_recording_publicity_for
from fazhi.publicity.resources import ACTIVITY_IMPORT, activity_rows_import
from fazhi.publicity.views.pages import PRETITLE, RECORDING_REFUSAL, recording_units


@require_GET
@denials_as_403
def activity_import_template(request: HttpRequest) -> HttpResponse:
    recording_units(request)
    return import_template_response(ACTIVITY_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def activity_import(request: HttpRequest) -> HttpResponse:
    """The unit's activities from an Excel file, all rows or none."""
    return render_organization_import(
        request,
        organizations=organizations_recording_publicity_for(request.user),
        refusal=RECORDING_REFUSAL,
        label="责任单位",
        spec=ACTIVITY_IMPORT,
        page=WholeFilePage(
            title="导入普法活动",
            pretitle=PRETITLE,
            back_url=reverse("publicity:activity-list"),
            back_label="返回台账",
            noun="活动",
            note="活动场所、普法对象填中文名称；活动日期如2022-06-15；"
            "责任清单任务填本单位当年清单中的任务序号，集中宣传活动填活动名称，不对应的留空。",
            template_url=reverse("publicity:activity-import-template"),
        ),
        importer=activity_rows_import,
        succeeded=lambda name, written, organization: (
            f"已从“{name}”导入{written}场普法活动到{organization.name}的台账",
            f"{reverse('publicity:activity-list')}?organization={organization.pk}",
        ),
    )
