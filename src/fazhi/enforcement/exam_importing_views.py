"""The Excel import of exam questions and its template workbook.

Kept out of views/ for the same reason as importing_views: the layering puts views and
resources side by side, and neither imports the other.
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
from fazhi.enforcement.exam_resources import QUESTION_IMPORT, question_rows_import
from fazhi.enforcement.forms import QuestionImportForm
from fazhi.enforcement.permissions import require_exam_manager


@require_GET
@denials_as_403
def question_import_template(request: HttpRequest) -> HttpResponse:
    require_exam_manager(request.user)
    return import_template_response(QUESTION_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def question_import(request: HttpRequest) -> HttpResponse:
    """Questions from an Excel file into the bank, all rows or none."""
    require_exam_manager(request.user)
    back_url = reverse("enforcement:question-list")

    def run(source: Path) -> WholeFileOutcome:
        return question_rows_import(acting_user=request.user, source=source)  # type: ignore[arg-type]

    return render_whole_file_import(
        request,
        form=QuestionImportForm(request.POST or None, request.FILES or None),
        spec=QUESTION_IMPORT,
        page=WholeFilePage(
            title="导入试题",
            pretitle="线上考试",
            back_url=back_url,
            back_label="返回题库",
            noun="试题",
            note="选项之间用“|”分隔，判断题不填选项；"
            "答案填选项字母（多选题如AC，判断题A为正确、B为错误）。",
            template_url=reverse("enforcement:question-import-template"),
        ),
        run=run,
        succeeded=lambda name, written: (f"已从“{name}”导入{written}道试题", back_url),
    )
