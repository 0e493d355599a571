from django.urls import path

from fazhi.legality import views

app_name = "legality"

urlpatterns = [
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/accept/", views.review_accept, name="review-accept"),
    path("reviews/<int:pk>/return/", views.review_return, name="review-return"),
    path("reviews/<int:pk>/conclude/", views.review_conclude, name="review-conclude"),
    path("reviews/<int:pk>/resubmit/", views.review_resubmit, name="review-resubmit"),
    path("reviews/<int:pk>/withdraw/", views.review_withdraw, name="review-withdraw"),
    path("comment-periods/", views.comment_period_list, name="comment-period-list"),
    path("comment-periods/<int:pk>/", views.comment_period_detail, name="comment-period-detail"),
    path(
        "comment-periods/<int:pk>/publish/",
        views.comment_period_publish,
        name="comment-period-publish",
    ),
    path("comments/<int:pk>/answer/", views.comment_answer, name="comment-answer"),
]
