from django.urls import path

from fazhi.proofs.views import applications as application_views
from fazhi.proofs.views import catalog as views
from fazhi.proofs.views import checks as check_views

app_name = "proofs"

urlpatterns = [
    # The catalog (清单) and its review.
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
    # Applications (办件) from opening to decision.
    path("applications/", application_views.application_list, name="application-list"),
    path("applications/new/", application_views.application_open, name="application-open"),
    path("applications/<int:pk>/", application_views.application_detail, name="application-detail"),
    path(
        "applications/<int:pk>/decide/",
        application_views.application_decide,
        name="application-decide",
    ),
    path(
        "applications/<int:pk>/terminate/",
        application_views.application_terminate,
        name="application-terminate",
    ),
    path("proofs/<int:pk>/route/", application_views.proof_route, name="proof-route"),
    path("proofs/<int:pk>/sign/", application_views.commitment_sign, name="commitment-sign"),
    path(
        "proofs/<int:pk>/letter.docx",
        application_views.commitment_letter,
        {"fmt": "docx"},
        name="commitment-letter",
    ),
    path(
        "proofs/<int:pk>/letter.pdf",
        application_views.commitment_letter,
        {"fmt": "pdf"},
        name="commitment-letter-pdf",
    ),
    path("proofs/<int:pk>/verify/", application_views.verification_start, name="verify"),
    path("proofs/<int:pk>/assist/", application_views.assisted_request, name="assisted-request"),
    path("proofs/<int:pk>/paper/", application_views.paper_receive, name="paper-receive"),
    # Assisted verification requests addressed to the user's department (协助核查).
    path("assisted/", application_views.assisted_list, name="assisted-list"),
    path("assisted/<int:pk>/", application_views.assisted_detail, name="assisted-detail"),
    # After the decision: spot checks, untrue commitments, credit repair; the bureau's dashboard.
    path("spot-checks/", check_views.spot_check_list, name="spot-check-list"),
    path("spot-checks/new/", check_views.spot_check_announce, name="spot-check-announce"),
    path("spot-checks/<int:pk>/", check_views.spot_check_detail, name="spot-check-detail"),
    path("spot-checks/<int:pk>/draw/", check_views.spot_check_draw, name="spot-check-draw"),
    path("spot-checks/<int:pk>/close/", check_views.spot_check_close, name="spot-check-close"),
    path(
        "verifications/<int:pk>/record/",
        check_views.internal_check_record,
        name="internal-check-record",
    ),
    path("false-commitments/", check_views.false_commitment_list, name="false-commitment-list"),
    path(
        "false-commitments/new/<int:proof_pk>/",
        check_views.false_commitment_record,
        name="false-commitment-record",
    ),
    path(
        "false-commitments/<int:pk>/",
        check_views.false_commitment_detail,
        name="false-commitment-detail",
    ),
    path(
        "false-commitments/<int:pk>/correction/",
        check_views.correction_conclude,
        name="correction-conclude",
    ),
    path("false-commitments/<int:pk>/repair/", check_views.credit_repair, name="credit-repair"),
    path("dashboard/", check_views.dashboard, name="dashboard"),
]
