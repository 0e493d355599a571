"""Staff pages of resettlement and remote visits.

Included by corrections/urls.py, in its namespace "corrections".
"""

from django.urls import path

from fazhi.corrections.views import remote, resettlement

urlpatterns = [
    path("released/", resettlement.released_person_list_view, name="released-person-list"),
    path("released/new/", resettlement.released_person_create, name="released-person-create"),
    path("released/import/", resettlement.released_person_import, name="released-person-import"),
    path(
        "released/import-template.xlsx",
        resettlement.released_person_import_template,
        name="released-person-import-template",
    ),
    path(
        "released/archive/",
        resettlement.released_person_archive_list,
        name="released-person-archive-list",
    ),
    path(
        "released/archive/<int:pk>/",
        resettlement.released_person_archive_view,
        name="released-person-archive",
    ),
    path("released/<int:pk>/", resettlement.released_person_detail, name="released-person-detail"),
    path(
        "released/<int:pk>/reveal/",
        resettlement.released_person_reveal,
        name="released-person-reveal",
    ),
    path(
        "released/<int:pk>/<slug:step>/",
        resettlement.released_person_step,
        name="released-person-step",
    ),
    path("remote-visits/", remote.remote_visit_list_view, name="remote-visit-list"),
    path("remote-visits/new/", remote.remote_visit_create, name="remote-visit-create"),
    path("remote-visits/<int:pk>/", remote.remote_visit_detail, name="remote-visit-detail"),
    path(
        "remote-visits/<int:pk>/<slug:step>/",
        remote.remote_visit_step,
        name="remote-visit-step",
    ),
    path("remote-hearings/", remote.remote_hearing_list_view, name="remote-hearing-list"),
    path("remote-hearings/new/", remote.remote_hearing_create, name="remote-hearing-create"),
    path("remote-hearings/<int:pk>/", remote.remote_hearing_detail, name="remote-hearing-detail"),
    path(
        "remote-hearings/<int:pk>/<slug:step>/",
        remote.remote_hearing_step,
        name="remote-hearing-step",
    ),
]
