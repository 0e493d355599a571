"""Public portal pages of major decisions; mounted at /portal/decisions/ (no login)."""

from django.urls import path

from fazhi.decisions import portal_views

app_name = "decisions-portal"

urlpatterns = [
    path("", portal_views.catalog_list, name="catalog-list"),
    path("<int:pk>/", portal_views.catalog_detail, name="catalog-detail"),
]
