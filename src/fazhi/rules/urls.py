from django.urls import path

from fazhi.rules import importing_views
from fazhi.rules.views import documents as views_documents
from fazhi.rules.views import plans as views_plans
from fazhi.rules.views import precheck as views_precheck

app_name = "rules"

urlpatterns = [
    path("precheck/", views_precheck.precheck, name="precheck"),
    path("precheck-rules/", views_precheck.precheck_rule_list, name="precheck-rule-list"),
    path("precheck-rules/new/", views_precheck.precheck_rule_create, name="precheck-rule-create"),
    path(
        "precheck-rules/<int:pk>/", views_precheck.precheck_rule_detail, name="precheck-rule-detail"
    ),
    path(
        "precheck-rules/<int:pk>/edit/",
        views_precheck.precheck_rule_edit,
        name="precheck-rule-edit",
    ),
    # Normative documents.
    path("documents/", views_documents.document_list, name="document-list"),
    path(
        "documents/in-force/",
        views_documents.document_list_in_force,
        name="document-list-in-force",
    ),
    path(
        "documents/expiring/",
        views_documents.document_list_expiring,
        name="document-list-expiring",
    ),
    path(
        "documents/filing-overdue/",
        views_documents.document_list_filing_overdue,
        name="document-list-filing-overdue",
    ),
    path(
        "documents/filed-late/",
        views_documents.document_list_filed_late,
        name="document-list-filed-late",
    ),
    path("documents/new/", views_documents.document_create, name="document-create"),
    path("documents/import/", importing_views.document_import, name="document-import"),
    path("documents/<int:pk>/", views_documents.document_detail, name="document-detail"),
    *(
        path(f"documents/<int:pk>/{name}/", view, name=f"document-{name}")
        for name, view in views_documents.STEP_VIEWS.items()
    ),
    # Annual drafting plans.
    path("plans/", views_plans.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/propose/", views_plans.plan_item_propose, name="plan-item-propose"),
    path("plans/<int:pk>/publish/", views_plans.plan_publish, name="plan-publish"),
    path("plan-items/<int:pk>/include/", views_plans.plan_item_include, name="plan-item-include"),
    path("plan-items/<int:pk>/reject/", views_plans.plan_item_reject, name="plan-item-reject"),
    path("plan-items/<int:pk>/drop/", views_plans.plan_item_drop, name="plan-item-drop"),
]
