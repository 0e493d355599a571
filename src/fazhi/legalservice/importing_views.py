"""The Excel imports of the ledger, the legal liaisons and their activities, and their templates.

Kept out of views/ because the layering puts views and resources side by side (neither imports
the other), as in enforcement.
"""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.importing_views import (
    WholeFilePage,
    import_template_response,
    render_whole_file_import,
)
from fazhi.core.imports import WholeFileOutcome
from fazhi.core.listing import denials_as_403
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.legalservice.forms import ImportFileForm
from fazhi.legalservice.resources import (
    LEGAL_SERVICE_IMPORT,
    LIAISON_ACTIVITY_IMPORT,
    LIAISON_IMPORT,
    legal_service_rows_import,
    liaison_activity_rows_import,
    liaison_rows_import,
)

SECTION = "公共法律服务"


@require_GET
@denials_as_403
def legal_service_import_template(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    return import_template_response(LEGAL_SERVICE_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def legal_service_import(request: HttpRequest) -> HttpResponse:
    """Services of the user's stations from an Excel file, all rows or none."""
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)

    def run(source: Path) -> WholeFileOutcome:
        return legal_service_rows_import(acting_user=request.user, source=source)  # type: ignore[arg-type]

    def succeeded(name: str, written: int) -> tuple[str, str]:
        return f"已从“{name}”导入{written}条服务记录", reverse("legalservice:service-list")

    return render_whole_file_import(
        request,
        form=ImportFileForm(request.POST or None, request.FILES or None),
        spec=LEGAL_SERVICE_IMPORT,
        page=WholeFilePage(
            title="导入法律服务台账",
            pretitle=SECTION,
            back_url=reverse("legalservice:service-list"),
            back_label="返回台账",
            noun="服务记录",
            note="参与人民调解的服务随调解案件登记，不在此导入；日期不能晚于今天。",
            template_url=reverse("legalservice:service-import-template"),
        ),
        run=run,
        succeeded=succeeded,
    )


@require_GET
@denials_as_403
def liaison_import_template(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    return import_template_response(LIAISON_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def liaison_import(request: HttpRequest) -> HttpResponse:
    """Legal liaisons of the user's villages from an Excel file, all rows or none."""
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)

    def run(source: Path) -> WholeFileOutcome:
        return liaison_rows_import(acting_user=request.user, source=source)  # type: ignore[arg-type]

    def succeeded(name: str, written: int) -> tuple[str, str]:
        return f"已从“{name}”导入{written}名法律明白人", reverse("legalservice:liaison-list")

    return render_whole_file_import(
        request,
        form=ImportFileForm(request.POST or None, request.FILES or None),
        spec=LIAISON_IMPORT,
        page=WholeFilePage(
            title="导入法律明白人",
            pretitle=SECTION,
            back_url=reverse("legalservice:liaison-list"),
            back_label="返回名单",
            noun="法律明白人",
            note="身份证号须为18位有效号码，已登记的人员不能重复导入。",
            template_url=reverse("legalservice:liaison-import-template"),
        ),
        run=run,
        succeeded=succeeded,
    )


@require_GET
@denials_as_403
def liaison_activity_import_template(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    return import_template_response(LIAISON_ACTIVITY_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def liaison_activity_import(request: HttpRequest) -> HttpResponse:
    """Activities of the user's legal liaisons from an Excel file, all rows or none."""
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)

    def run(source: Path) -> WholeFileOutcome:
        return liaison_activity_rows_import(acting_user=request.user, source=source)  # type: ignore[arg-type]

    def succeeded(name: str, written: int) -> tuple[str, str]:
        return f"已从“{name}”导入{written}条活动记录", reverse("legalservice:liaison-list")

    return render_whole_file_import(
        request,
        form=ImportFileForm(request.POST or None, request.FILES or None),
        spec=LIAISON_ACTIVITY_IMPORT,
        page=WholeFilePage(
            title="导入法律明白人活动记录",
            pretitle=SECTION,
            back_url=reverse("legalservice:liaison-list"),
            back_label="返回名单",
            noun="活动记录",
            note="按身份证号找到已登记的法律明白人，姓名须一致；活动日期不能早于认定日期或晚于今天。",
            template_url=reverse("legalservice:liaison-activity-import-template"),
        ),
        run=run,
        succeeded=succeeded,
    )
