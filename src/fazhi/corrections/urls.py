"""Staff pages of community corrections; mounted at /corrections/."""

from django.urls import include, path

from fazhi.corrections.views import subjects, supervision

app_name = "corrections"

urlpatterns = [
    path("subjects/", subjects.subject_list_view, name="subject-list"),
    path("subjects/new/", subjects.subject_create, name="subject-create"),
    path("subjects/<int:pk>/", subjects.subject_detail, name="subject-detail"),
    path("subjects/<int:pk>/steps/<slug:step>/", subjects.subject_step, name="subject-step"),
    path(
        "subjects/<int:pk>/approvals/<int:approval_pk>/decide/",
        subjects.approval_decide,
        name="approval-decide",
    ),
    path(
        "subjects/<int:pk>/visits/<int:visit_pk>/decide/",
        subjects.visit_decide,
        name="visit-decide",
    ),
    path("subjects/<int:pk>/reveal/", subjects.subject_reveal, name="subject-reveal"),
    path("checks/", supervision.check_board, name="check-board"),
    path("alerts/", supervision.alert_list_view, name="alert-list"),
    path("alerts/<int:pk>/close/", supervision.alert_close_view, name="alert-close"),
    path("archive/", subjects.archive_list, name="archive-list"),
    path("", include("fazhi.corrections.resettlement_urls")),
]
