from django.urls import path

from fazhi.core import importing_views, views, views_draws, views_exports

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/verify/", views.login_otp, name="login-otp"),
    path("password/", views.password_change, name="password-change"),
    path("account/security/", views.account_security, name="account-security"),
    path("account/security/totp/", views.totp_device_enrol, name="totp-enrol"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/import/", importing_views.enterprise_import, name="enterprise-import"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("persons/", views.person_list, name="person-list"),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/reveal/", views.person_reveal_view, name="person-reveal"),
    path("regions/", views.region_list, name="region-list"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("users/", views.user_list, name="user-list"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/unlock/", views.user_unlock_view, name="user-unlock"),
    path("users/<int:pk>/totp/reset/", views.totp_device_reset_view, name="user-totp-reset"),
    path("users/<int:pk>/roles/", views.membership_grant_view, name="membership-grant"),
    path(
        "users/<int:pk>/roles/<int:membership_pk>/revoke/",
        views.membership_revoke_view,
        name="membership-revoke",
    ),
    path("calendar/", views.calendar_list, name="calendar-list"),
    path("parameters/", views.parameter_list, name="parameter-list"),
    path("parameters/<str:key>/", views.parameter_detail, name="parameter-detail"),
    path("audit/", views.audit_list, name="audit-list"),
    path("exports/", views_exports.export_job_list_view, name="export-job-list"),
    path(
        "exports/<int:pk>/download/",
        views_exports.export_job_download_view,
        name="export-job-download",
    ),
    path("draws/", views_draws.draw_list_view, name="draw-list"),
    path("draws/<int:pk>/", views_draws.draw_detail, name="draw-detail"),
    path("draws/<int:pk>/verify/", views_draws.draw_verify_view, name="draw-verify"),
    path("draws/<int:pk>/document.json", views_draws.draw_document_download, name="draw-document"),
]
