from django.urls import path

from fazhi.proofs import views

app_name = "proofs"

urlpatterns = [
    path("", views.catalog_list, name="catalog"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("changes/", views.change_list, name="change-list"),
    path("changes/new/", views.change_propose, name="change-propose"),
    path("changes/<int:pk>/", views.change_detail, name="change-detail"),
    path("changes/<int:pk>/accept/", views.change_accept, name="change-accept"),
    path("changes/<int:pk>/reject/", views.change_reject, name="change-reject"),
    path("releases/", views.release_list, name="release-list"),
    path("releases/<int:pk>/", views.release_detail, name="release-detail"),
    path("releases/<int:pk>/publish/", views.release_publish, name="release-publish"),
]
