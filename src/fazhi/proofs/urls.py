from django.urls import URLPattern

app_name = "proofs"

urlpatterns: list[URLPattern] = []
