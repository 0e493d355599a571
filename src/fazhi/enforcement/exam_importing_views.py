"""The Excel import of exam questions and its template workbook.

Kept out of views/ for the same reason as importing_views: the layering puts views and
resources side by side, and neither imports the other.
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
from fazhi.core.spreadsheets import xlsx_file_response
from fazhi.enforcement.exam_resources import QUESTION_IMPORT, question_rows_import
from fazhi.enforcement.forms import QuestionImportForm
from fazhi.enforcement.permissions import require_exam_manager


@require_GET
@denials_as_403
def question_import_template(request: HttpRequest) -> HttpResponse:
    require_exam_manager(request.user)
    return xlsx_file_response(
        filename=f"{QUESTION_IMPORT.title}导入模板.xlsx",
        content=template_workbook_bytes(QUESTION_IMPORT),
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def question_import(request: HttpRequest) -> HttpResponse:
    """Questions from an Excel file into the bank, all rows or none."""
    require_exam_manager(request.user)
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        staged = None
        try:
            staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
            outcome = question_rows_import(
                acting_user=request.user,  # type: ignore[arg-type]
                source=staged.path,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                messages.success(request, f"已从“{staged.name}”导入{outcome.written}道试题")
                return redirect("enforcement:question-list")
            problems = outcome.problems
        finally:
            if staged is not None:
                staged_discard(staged)
    context = {
        "title": "导入试题",
        "form": form,
        "problems": problems,
        "spec": QUESTION_IMPORT,
        "template_url": reverse("enforcement:question-import-template"),
        "back_url": reverse("enforcement:question-list"),
    }
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(request, "enforcement/exams/question_import.html", context, status=status)
