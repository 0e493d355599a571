"""Public portal page of the disclosed inspection plans; mounted at /portal/inspections/."""

from django.urls import path

from fazhi.inspections import portal_views

app_name = "inspections-portal"

urlpatterns = [
    path("", portal_views.plans, name="plans"),
    path("visit/<str:token>/", portal_views.visit, name="visit"),
]
