"""Staff pages of public legal services; mounted at /legalservice/."""

from django.urls import path

from fazhi.legalservice import importing_views
from fazhi.legalservice.views import aid, ledger, mediation, network

app_name = "legalservice"

urlpatterns = [
    path("stations/", network.station_list, name="station-list"),
    path("stations/new/", network.station_create, name="station-create"),
    path("coverage/", network.village_coverage, name="village-coverage"),
    path("services/", ledger.legal_service_list, name="service-list"),
    path("services/new/", ledger.legal_service_entry, name="service-entry"),
    path("services/import/", importing_views.legal_service_import, name="service-import"),
    path(
        "services/import-template.xlsx",
        importing_views.legal_service_import_template,
        name="service-import-template",
    ),
    path("liaisons/", ledger.liaison_list, name="liaison-list"),
    path("liaisons/<int:pk>/", ledger.liaison_detail, name="liaison-detail"),
    path("liaisons/import/", importing_views.liaison_import, name="liaison-import"),
    path(
        "liaisons/activities/import/",
        importing_views.liaison_activity_import,
        name="liaison-activity-import",
    ),
    path(
        "liaisons/activities/import-template.xlsx",
        importing_views.liaison_activity_import_template,
        name="liaison-activity-import-template",
    ),
    path(
        "liaisons/import-template.xlsx",
        importing_views.liaison_import_template,
        name="liaison-import-template",
    ),
    path("committees/", mediation.committee_list, name="committee-list"),
    path("mediations/", mediation.mediation_list, name="mediation-list"),
    path("mediations/new/", mediation.mediation_create, name="mediation-create"),
    path("mediations/<int:pk>/", mediation.mediation_detail, name="mediation-detail"),
    path(
        "mediations/<int:pk>/agreement.docx",
        mediation.mediation_agreement_download,
        name="mediation-agreement",
    ),
    path("aid/", aid.legal_aid_list, name="aid-list"),
    path("aid/new/", aid.legal_aid_create, name="aid-create"),
    path("aid/notices/new/", aid.legal_aid_notice_create, name="aid-notice-create"),
    path("aid/unchecked/", aid.legal_aid_unchecked_list, name="aid-unchecked"),
    path("aid/<int:pk>/", aid.legal_aid_detail, name="aid-detail"),
    path("aid/<int:pk>/<slug:step>/", aid.legal_aid_step, name="aid-step"),
]
