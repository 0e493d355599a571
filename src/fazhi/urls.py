from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from fazhi.api import api
from fazhi.core.views import healthz, portal_home

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("legality/", include("fazhi.legality.urls")),
    path("proofs/", include("fazhi.proofs.urls")),
    path("inspections/", include("fazhi.inspections.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("publicity/", include("fazhi.publicity.urls")),
    path("legalservice/", include("fazhi.legalservice.urls")),
    path("corrections/", include("fazhi.corrections.urls")),
    # The public portal: no login (core.sessions exempts /portal/).
    path("portal/", portal_home, name="portal-home"),
    path("portal/comments/", include("fazhi.legality.portal_urls")),
    path("portal/rules/", include("fazhi.rules.portal_urls")),
    path("portal/decisions/", include("fazhi.decisions.portal_urls")),
    path("portal/proofs/", include("fazhi.proofs.portal_urls")),
    path("portal/inspections/", include("fazhi.inspections.portal_urls")),
    path("portal/draws/", include("fazhi.core.portal_draws_urls")),
    path("portal/legal/", include("fazhi.legalservice.portal_urls")),
    path("rules/", include("fazhi.rules.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("contracts/", include("fazhi.contracts.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("sysadmin/", admin.site.urls),
    path("", include("fazhi.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "fazhi.core.views.forbidden"
handler404 = "fazhi.core.views.not_found"
