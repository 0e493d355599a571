"""Public portal pages of public legal services; mounted at /portal/legal/ (no login)."""

from django.urls import path

from fazhi.legalservice import portal_views

app_name = "legalservice-portal"

urlpatterns = [
    path("", portal_views.portal_index, name="index"),
    path("stations/", portal_views.station_finder, name="station-finder"),
    path("aid/apply/", portal_views.apply_start, name="apply-start"),
    path("aid/apply/step/<int:step>/", portal_views.apply_step, name="apply-step"),
    path("aid/apply/resume/", portal_views.apply_resume, name="apply-resume"),
    path("aid/apply/done/", portal_views.apply_done, name="apply-done"),
    path("aid/track/", portal_views.track, name="track"),
]
