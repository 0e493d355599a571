"""Public portal pages of the proof-item catalog; mounted at /portal/proofs/ (no login)."""

from django.urls import path

from fazhi.proofs import portal_views

app_name = "proofs-portal"

urlpatterns = [
    path("", portal_views.catalog, name="catalog"),
    path("letters/<str:version>/", portal_views.letter_template, name="letter-template"),
    path(
        "letters/<str:version>/docx",
        portal_views.letter_template_file,
        {"fmt": "docx"},
        name="letter-docx",
    ),
    path(
        "letters/<str:version>/pdf",
        portal_views.letter_template_file,
        {"fmt": "pdf"},
        name="letter-pdf",
    ),
]
