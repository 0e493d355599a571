from django.urls import path

from fazhi.reports import views

app_name = "reports"

urlpatterns = [
    path("annual/", views.annual_report, name="annual-report"),
    path("narratives/", views.narrative_item_list, name="narrative-list"),
    path("narratives/<int:pk>/", views.narrative_item_detail, name="narrative-detail"),
]
