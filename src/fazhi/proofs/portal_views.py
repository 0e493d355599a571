"""The public proof-item catalog in force (证明事项清单); no login.

山东省优化营商环境条例 art. 39: the catalog is published; nothing outside it may be demanded.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.models import Region
from fazhi.proofs.models import HandlingMode
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
