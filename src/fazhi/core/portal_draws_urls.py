"""Public pages of random draws (随机抽取公示); mounted at /portal/draws/ (no login)."""

from django.urls import path

from fazhi.core import portal_draws

app_name = "draws-portal"

urlpatterns = [
    path("", portal_draws.draw_list, name="list"),
    path("check/", portal_draws.draw_check, name="check"),
    path("<int:pk>/", portal_draws.draw_detail, name="detail"),
    path("<int:pk>/verify/", portal_draws.draw_verify, name="verify"),
    path("<int:pk>/document.json", portal_draws.draw_document, name="document"),
]
