"""The published catalogs of major decisions on the public portal (no login).

重大行政决策程序暂行条例 art. 3: the catalog is published to society after approval; in-year
additions and removals are published with it (山东省重大行政决策事项目录管理办法 art. 15).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.decisions import selectors


@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    catalogs = list(selectors.catalog_list_published())
    return render(request, "decisions/portal/catalog_list.html", {"catalogs": catalogs})


@require_GET
def catalog_detail(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = selectors.catalog_list_published().filter(pk=pk).first()
    if catalog is None:
        raise Http404("目录不存在或尚未公布")
    context = {
        "catalog": catalog,
        "items": selectors.catalog_item_list(catalog=catalog),
        "adjustments": selectors.catalog_adjustment_list(catalog=catalog),
    }
    return render(request, "decisions/portal/catalog_detail.html", context)
