from django.urls import path

from fazhi.rules import views

app_name = "rules"

urlpatterns = [
    path("precheck/", views.precheck, name="precheck"),
    path("precheck-rules/", views.precheck_rule_list, name="precheck-rule-list"),
    path("precheck-rules/new/", views.precheck_rule_create, name="precheck-rule-create"),
    path("precheck-rules/<int:pk>/", views.precheck_rule_detail, name="precheck-rule-detail"),
    path("precheck-rules/<int:pk>/edit/", views.precheck_rule_edit, name="precheck-rule-edit"),
]
