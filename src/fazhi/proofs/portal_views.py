"""The public proof-item catalog in force (证明事项清单); no login.

山东省优化营商环境条例 art. 39: the catalog is published; nothing outside it may be demanded.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from fazhi.core.models import Region
from fazhi.proofs.letters import LETTER_FORMATS, TEMPLATE_VERSIONS, TEMPLATES, Letter, letter_blank
from fazhi.proofs.models import HandlingMode, ProofItemVersion
from fazhi.proofs.selectors import catalog_public

PER_PAGE = 50


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    region = Region.objects.filter(level=Region.Level.COUNTY).order_by("code").first()
    if region is None:
        raise Http404("尚未设置区划")
    versions = catalog_public(region=region, on=today)
    query = request.GET.get("q", "").strip()
    if query:
        versions = versions.filter(Q(name__icontains=query) | Q(item__code__icontains=query))
    handling_mode = request.GET.get("handling_mode", "").strip()
    if handling_mode in HandlingMode.values:
        versions = versions.filter(handling_mode=handling_mode)
    page = Paginator(versions, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "region": region,
        "today": today,
        "page": page,
        "query": query,
        "handling_mode": handling_mode,
        "modes": HandlingMode.choices,
    }
    return render(request, "proofs/portal/catalog.html", context)


def _letter_or_404(version: str) -> Letter:
    if version not in TEMPLATES:
        raise Http404("没有该版本的告知承诺书模板")
    return letter_blank(version)


@require_GET
def letter_template(request: HttpRequest, version: str) -> HttpResponse:
    """The commitment-letter template (格式文本) and the items in force that use it."""
    letter = _letter_or_404(version)
    today = timezone.localdate()
    region = Region.objects.filter(level=Region.Level.COUNTY).order_by("code").first()
    items = (
        catalog_public(region=region, on=today).filter(template_version=version)
        if region is not None
        else ProofItemVersion.objects.none()
    )
    context = {
        "region": region,
        "today": today,
        "letter": letter,
        "paragraphs": letter.text.split("\n"),
        "items": items,
        "versions": TEMPLATE_VERSIONS,
    }
    return render(request, "proofs/portal/letter_template.html", context)


@require_GET
def letter_template_file(request: HttpRequest, version: str, fmt: str) -> HttpResponse:
    """The blank template as Word (fmt "docx") or PDF (fmt "pdf")."""
    render_file, content_type = LETTER_FORMATS[fmt]
    letter = _letter_or_404(version)
    response = HttpResponse(render_file(letter), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"证明事项告知承诺书（{version}）.{fmt}"
    )
    return response
