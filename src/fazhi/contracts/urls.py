from django.urls import path

from fazhi.contracts import importing_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract-list"),
    path("new/", views.contract_create, name="contract-create"),
    path("<int:pk>/", views.contract_detail, name="contract-detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract-edit"),
    path("<int:pk>/start/", views.contract_start_performance, name="contract-start"),
    path(
        "<int:pk>/<slug:step>/",
        views.contract_step,
        name="contract-step",
    ),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("disputes/<int:pk>/conclude/", views.dispute_conclude, name="dispute-conclude"),
    path("filings/", views.filing_list, name="filing-list"),
    path("filings/new/", views.filing_create, name="filing-create"),
    path("filings/import/", importing_views.filing_import, name="filing-import"),
]
