"""Public portal pages of the comment periods; mounted at /portal/comments/ (no login)."""

from django.urls import path

from fazhi.legality import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.comment_list, name="comment-list"),
    path("<int:pk>/", portal_views.comment_detail, name="comment-detail"),
]
