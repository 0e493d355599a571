from django.urls import path

from fazhi.reports import views

app_name = "reports"

urlpatterns = [
    path("annual/", views.annual_report, name="annual-report"),
    path("annual/download/", views.annual_report_download, name="annual-report-download"),
    path("annual/refresh/", views.annual_report_refresh, name="annual-report-refresh"),
    path("figures/<str:key>/", views.figure_records, name="figure-records"),
    path("narratives/", views.narrative_item_list, name="narrative-list"),
    path("narratives/new/", views.narrative_item_create, name="narrative-create"),
    path("narratives/<int:pk>/", views.narrative_item_detail, name="narrative-detail"),
    path("narratives/<int:pk>/edit/", views.narrative_item_edit, name="narrative-edit"),
    path("narratives/<int:pk>/submit/", views.narrative_item_submit, name="narrative-submit"),
    path("narratives/<int:pk>/accept/", views.narrative_item_accept, name="narrative-accept"),
    path("narratives/<int:pk>/return/", views.narrative_item_return, name="narrative-return"),
]
