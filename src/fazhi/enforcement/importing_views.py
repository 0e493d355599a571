"""The Excel import of officers and its template workbook.

Kept out of views/ because the layering puts views and resources side by side (neither imports
the other), as in inspections.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.imports import (
    ImportFileError,
    staged_discard,
    template_workbook_bytes,
    upload_stage,
)
from fazhi.core.listing import denials_as_403
from fazhi.core.permissions import deny
from fazhi.core.spreadsheets import xlsx_file_response
from fazhi.enforcement.forms import AttendanceImportForm, OfficerImportForm
from fazhi.enforcement.permissions import (
    access_training_course_by_id,
    organizations_managing_officers_for,
    require_officers_desk,
    require_training_keeper,
)
from fazhi.enforcement.resources import (
    ATTENDANCE_IMPORT,
    OFFICER_IMPORT,
    attendance_rows_import,
    officer_rows_import,
)


@require_GET
@denials_as_403
def officer_import_template(request: HttpRequest) -> HttpResponse:
    require_officers_desk(request.user)
    return xlsx_file_response(
        filename=f"{OFFICER_IMPORT.title}导入模板.xlsx",
        content=template_workbook_bytes(OFFICER_IMPORT),
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def officer_import(request: HttpRequest) -> HttpResponse:
    """The department's officers from an Excel file, all rows or none."""
    organizations = organizations_managing_officers_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有执法部门可以导入本部门的执法人员")
    form = OfficerImportForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        staged = None
        try:
            staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
            outcome = officer_rows_import(
                acting_user=request.user,  # type: ignore[arg-type]
                organization=organization,
                source=staged.path,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                messages.success(
                    request,
                    f"已从“{staged.name}”导入{outcome.written}名执法人员到{organization.name}",
                )
                return redirect(
                    f"{reverse('enforcement:officer-list')}?organization={organization.pk}"
                )
            problems = outcome.problems
        finally:
            if staged is not None:
                staged_discard(staged)
    context = {
        "title": "导入执法人员",
        "form": form,
        "problems": problems,
        "spec": OFFICER_IMPORT,
        "template_url": reverse("enforcement:officer-import-template"),
        "back_url": reverse("enforcement:officer-list"),
    }
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(request, "enforcement/officer_import.html", context, status=status)


@require_GET
@denials_as_403
def training_attendance_import_template(request: HttpRequest) -> HttpResponse:
    require_officers_desk(request.user)
    return xlsx_file_response(
        filename=f"{ATTENDANCE_IMPORT.title}导入模板.xlsx",
        content=template_workbook_bytes(ATTENDANCE_IMPORT),
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def training_attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The course's attendance sheet from an Excel file, all rows or none."""
    course = access_training_course_by_id(request.user, pk)
    require_training_keeper(request.user, course)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    problems: tuple[str, ...] = ()
    back_url = reverse("enforcement:training-course-detail", args=[course.pk])
    if request.method == "POST" and form.is_valid():
        staged = None
        try:
            staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
            outcome = attendance_rows_import(
                acting_user=request.user,  # type: ignore[arg-type]
                course_id=course.pk,
                source=staged.path,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                messages.success(request, f"已从“{staged.name}”导入{outcome.written}名参训人员")
                return redirect(back_url)
            problems = outcome.problems
        finally:
            if staged is not None:
                staged_discard(staged)
    context = {
        "title": f"导入参训人员：{course.title}",
        "form": form,
        "problems": problems,
        "spec": ATTENDANCE_IMPORT,
        "template_url": reverse("enforcement:training-attendance-import-template"),
        "back_url": back_url,
    }
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(request, "enforcement/training/attendance_import.html", context, status=status)
