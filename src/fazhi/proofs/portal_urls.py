"""Public portal page of the proof-item catalog; mounted at /portal/proofs/ (no login)."""

from django.urls import path

from fazhi.proofs import portal_views

app_name = "proofs-portal"

urlpatterns = [
    path("", portal_views.catalog, name="catalog"),
]
