"""Public portal pages of normative documents; mounted at /portal/rules/ (no login)."""

from django.urls import path

from fazhi.rules import portal_views

app_name = "rules-portal"

urlpatterns = [
    path("", portal_views.document_catalog, name="document-catalog"),
]
