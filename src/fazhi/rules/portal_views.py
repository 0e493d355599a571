"""The public catalog of normative documents in force (现行有效规范性文件目录); no login.

国办发〔2018〕37号 requires the documents in force to be listed publicly and kept current.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.models import Region
from fazhi.rules.selectors import document_catalog_public

PER_PAGE = 50


def _catalog_region(code: str) -> Region:
    """The region asked for by its code, else the single county (the first if several)."""
    regions = Region.objects.filter(level__in=(Region.Level.COUNTY, Region.Level.TOWN))
    if code:
        found = regions.filter(code=code.ljust(12, "0")).first() if code.isdigit() else None
        if found is None:
            raise Http404("区划不存在")
        return found
    found = regions.filter(level=Region.Level.COUNTY).order_by("code").first()
    if found is None:
        raise Http404("尚未设置区划")
    return found


@require_GET
def document_catalog(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    region = _catalog_region(request.GET.get("region", "").strip())
    documents = document_catalog_public(region=region, on=today)
    query = request.GET.get("q", "").strip()
    if query:
        documents = documents.filter(title__icontains=query)
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "region": region,
        "today": today,
        "page": page,
        "query": query,
    }
    return render(request, "rules/portal/document_catalog.html", context)
