from django.urls import path

from fazhi.decisions import importing_views, views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="decision-list"),
    path("import/", importing_views.decision_import, name="decision-import"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/steps/<slug:kind>/", views.step_record, name="step-record"),
    path("<int:pk>/do/<slug:action>/", views.decision_action, name="decision-action"),
    path("catalogs/", views.catalog_list, name="catalog-list"),
    path("catalogs/new/", views.catalog_create, name="catalog-create"),
    path("catalogs/<int:pk>/", views.catalog_detail, name="catalog-detail"),
    path("catalogs/<int:pk>/propose/", views.proposal_create, name="proposal-create"),
    path("catalogs/<int:pk>/adopt/", views.catalog_adopt, name="catalog-adopt"),
    path("catalogs/<int:pk>/publish/", views.catalog_publish, name="catalog-publish"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/<int:pk>/include/", views.proposal_include, name="proposal-include"),
    path("proposals/<int:pk>/reject/", views.proposal_reject, name="proposal-reject"),
    path("items/<int:pk>/remove/", views.item_remove, name="item-remove"),
    path("items/<int:pk>/change/", views.item_change, name="item-change"),
    path("items/<int:pk>/start/", views.decision_start, name="decision-start"),
]
