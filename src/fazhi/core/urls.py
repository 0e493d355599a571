from django.urls import path

from fazhi.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password-change"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("persons/", views.person_list, name="person-list"),
    path("regions/", views.region_list, name="region-list"),
    path("users/", views.user_list, name="user-list"),
    path("calendar/", views.calendar_list, name="calendar-list"),
    path("audit/", views.audit_list, name="audit-list"),
]
