"""Staff pages of corrections; mounted at /corrections/."""

from django.urls import include, path

app_name = "corrections"

urlpatterns = [
    path("", include("fazhi.corrections.resettlement_urls")),
]
