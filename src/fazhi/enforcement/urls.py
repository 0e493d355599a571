"""Staff pages of the enforcement officer register; mounted at /enforcement/."""

from django.urls import path

from fazhi.enforcement import importing_views
from fazhi.enforcement.views import certificates, officers

app_name = "enforcement"

urlpatterns = [
    path("officers/", officers.officer_list, name="officer-list"),
    path("officers/new/", officers.officer_create, name="officer-create"),
    path("officers/import/", importing_views.officer_import, name="officer-import"),
    path(
        "officers/import-template.xlsx",
        importing_views.officer_import_template,
        name="officer-import-template",
    ),
    path("officers/<int:pk>/", officers.officer_detail, name="officer-detail"),
    # The certificate actions on the officer card, on the officer's latest certificate.
    path("officers/<int:pk>/apply/", certificates.certificate_apply, name="certificate-apply"),
    path("officers/<int:pk>/issue/", certificates.certificate_issue, name="certificate-issue"),
    path("officers/<int:pk>/review/", certificates.certificate_review, name="certificate-review"),
    path(
        "officers/<int:pk>/suspend/", certificates.certificate_suspend, name="certificate-suspend"
    ),
    path(
        "officers/<int:pk>/reinstate/",
        certificates.certificate_reinstate,
        name="certificate-reinstate",
    ),
    path("officers/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate-revoke"),
]
