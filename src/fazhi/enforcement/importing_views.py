"""The Excel import of officers and its template workbook.

Kept out of views/ because the layering puts views and resources side by side (neither imports
the other), as in inspections.
"""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.importing_views import (
    WholeFilePage,
    import_template_response,
    render_organization_import,
    render_whole_file_import,
)
from fazhi.core.imports import WholeFileOutcome
from fazhi.core.listing import denials_as_403
from fazhi.enforcement.forms import AttendanceImportForm
from fazhi.enforcement.permissions import (
    access_training_course_by_id,
    organizations_managing_officers_for,
    organizations_submitting_case_files_for,
    require_case_file_reviews_desk,
    require_officers_desk,
    require_training_keeper,
)
from fazhi.enforcement.resources import (
    ATTENDANCE_IMPORT,
    CASE_FILE_IMPORT,
    OFFICER_IMPORT,
    attendance_rows_import,
    case_file_rows_import,
    officer_rows_import,
)


@require_GET
@denials_as_403
def officer_import_template(request: HttpRequest) -> HttpResponse:
    require_officers_desk(request.user)
    return import_template_response(OFFICER_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def officer_import(request: HttpRequest) -> HttpResponse:
    """The department's officers from an Excel file, all rows or none."""
    return render_organization_import(
        request,
        organizations=organizations_managing_officers_for(request.user),
        refusal="只有执法部门可以导入本部门的执法人员",
        label="所在部门",
        spec=OFFICER_IMPORT,
        page=WholeFilePage(
            title="导入执法人员",
            pretitle="行政执法",
            back_url=reverse("enforcement:officer-list"),
            back_label="返回名册",
            noun="人员",
            note="编制类型填中文名称；身份证号须为18位有效号码。",
            template_url=reverse("enforcement:officer-import-template"),
        ),
        importer=officer_rows_import,
        succeeded=lambda name, written, organization: (
            f"已从“{name}”导入{written}名执法人员到{organization.name}",
            f"{reverse('enforcement:officer-list')}?organization={organization.pk}",
        ),
    )


@require_GET
@denials_as_403
def training_attendance_import_template(request: HttpRequest) -> HttpResponse:
    require_officers_desk(request.user)
    return import_template_response(ATTENDANCE_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def training_attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The course's attendance sheet from an Excel file, all rows or none."""
    course = access_training_course_by_id(request.user, pk)
    require_training_keeper(request.user, course)
    back_url = reverse("enforcement:training-course-detail", args=[course.pk])

    def run(source: Path) -> WholeFileOutcome:
        return attendance_rows_import(
            acting_user=request.user,  # type: ignore[arg-type]
            course_id=course.pk,
            source=source,
        )

    return render_whole_file_import(
        request,
        form=AttendanceImportForm(request.POST or None, request.FILES or None),
        spec=ATTENDANCE_IMPORT,
        page=WholeFilePage(
            title=f"导入参训人员：{course.title}",
            pretitle="行政执法",
            back_url=back_url,
            back_label="返回课程",
            noun="参训人员",
            note="执法人员须已在执法人员名册中，姓名与身份证号应与名册一致；"
            "认定学时留空则按课程学时认定，不能超过课程学时。",
            template_url=reverse("enforcement:training-attendance-import-template"),
        ),
        run=run,
        succeeded=lambda name, written: (f"已从“{name}”导入{written}名参训人员", back_url),
    )


@require_GET
@denials_as_403
def case_file_import_template(request: HttpRequest) -> HttpResponse:
    require_case_file_reviews_desk(request.user)
    return import_template_response(CASE_FILE_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def case_file_import(request: HttpRequest) -> HttpResponse:
    """The department's case-file ledger (案卷台账) from an Excel file, all rows or none."""
    return render_organization_import(
        request,
        organizations=organizations_submitting_case_files_for(request.user),
        refusal="只有执法部门可以导入本部门的案卷台账",
        label="执法部门",
        spec=CASE_FILE_IMPORT,
        page=WholeFilePage(
            title="导入案卷台账",
            pretitle="案卷评查",
            back_url=reverse("enforcement:case-file-list"),
            back_label="返回案卷列表",
            noun="案卷",
            note="案件类型填中文名称；结案日期如2022-03-01；"
            "案号在文件内不能重复，也不能与本部门已登记的案号重复。",
            template_url=reverse("enforcement:case-file-import-template"),
        ),
        importer=case_file_rows_import,
        succeeded=lambda name, written, organization: (
            f"已从“{name}”导入{written}本案卷到{organization.name}",
            reverse("enforcement:case-file-list"),
        ),
    )
