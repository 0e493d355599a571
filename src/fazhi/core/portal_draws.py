"""The public record of random draws (随机抽取公示, ADR 0006); no login.

Anyone may read a drawn draw's published inputs and result, have the platform re-compute it,
download the published document, or upload a document to re-run it (双随机、一公开).
"""

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import draws
from fazhi.core.forms import DrawDocumentForm
from fazhi.core.models import RandomDraw
from fazhi.core.selectors_draws import draw_list_published
from fazhi.core.services.draws import draw_document_of

PER_PAGE = 20


@require_GET
def draw_list(request: HttpRequest) -> HttpResponse:
    draws_published = draw_list_published()
    query = request.GET.get("q", "").strip()
    if query:
        draws_published = draws_published.filter(purpose__icontains=query)
    page = Paginator(draws_published, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "core/draws/portal_list.html", {"page": page, "query": query})


def _render_draw(
    request: HttpRequest, draw: RandomDraw, report: draws.ReplayReport | None
) -> HttpResponse:
    context = {
        "draw": draw,
        "sample_rule": draws.SampleRule.from_json(draw.sample_rule).describe(),
        "report": report,
        "verified_at": timezone.now() if report is not None else None,
    }
    return render(request, "core/draws/portal_detail.html", context)


@require_GET
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_draw(request, get_object_or_404(draw_list_published(), pk=pk), None)


@require_POST
def draw_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-compute the draw from its published inputs (a POST: the work is not for crawlers)."""
    draw = get_object_or_404(draw_list_published(), pk=pk)
    return _render_draw(request, draw, draws.draw_replay(draw_document_of(draw)))


@require_GET
def draw_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The published document, the same JSON the staff page offers (published: no audit row)."""
    draw = get_object_or_404(draw_list_published(), pk=pk)
    body = json.dumps(draw_document_of(draw), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="random-draw-{draw.pk}.json"'
    return response


def _render_check(
    request: HttpRequest,
    form: DrawDocumentForm,
    *,
    report: draws.ReplayReport | None = None,
    document: dict[str, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "report": report,
        "document": document,
        "error": error,
        "max_mb": DrawDocumentForm.MAX_BYTES // (1024 * 1024),
    }
    return render(request, "core/draws/portal_check.html", context, status=status)


# Exempt from CSRF: the check writes nothing, and the token check would read an oversized body
# before this view could answer it in Chinese.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def draw_check(request: HttpRequest) -> HttpResponse:
    """Re-run an uploaded or pasted published document and say which part matches."""
    if request.method == "GET":
        return _render_check(request, DrawDocumentForm())
    too_big = f"提交的内容过大：公开数据不能超过{DrawDocumentForm.MAX_BYTES // (1024 * 1024)}MB"
    try:
        form = DrawDocumentForm(request.POST, request.FILES)
    except RequestDataTooBig:
        return _render_check(request, DrawDocumentForm(), error=too_big, status=413)
    if not form.is_valid():
        messages = [str(message) for errors in form.errors.values() for message in errors]
        return _render_check(request, form, error="；".join(messages), status=400)
    try:
        document = draws.document_parse(form.document_text())
    except draws.DrawInputError as parse_error:
        return _render_check(request, form, error=str(parse_error), status=400)
    report = draws.draw_replay(document)
    if report.recomputed is None:
        return _render_check(request, form, error=report.explanation, status=400)
    return _render_check(request, form, report=report, document=document)
