"""Core's pages: login, the workspace home, the shared registers, accounts, calendar and audit."""

import textwrap
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import selectors
from fazhi.core.audit import audit_record
from fazhi.core.demo import DEMO_PASSWORD, demo_accounts
from fazhi.core.exceptions import (
    AccountLocked,
    InvalidCredentials,
    InvalidOtp,
    SecondFactorRequired,
)
from fazhi.core.figures import FigureValue, figures_evaluate
from fazhi.core.filters import (
    AuditLogFilterSet,
    EnterpriseFilterSet,
    OrganizationFilterSet,
    PersonFilterSet,
    RegionFilterSet,
    UserFilterSet,
)
from fazhi.core.forms import (
    CalendarImportForm,
    LoginForm,
    MembershipGrantForm,
    OtpForm,
    PasswordChangeForm,
    RuleParameterSetForm,
    UserCreateForm,
)
from fazhi.core.listing import (
    Action,
    add_service_errors,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.core.menus import portal_sections
from fazhi.core.models import AuditLog, CalendarYear, Person, Region, User
from fazhi.core.parameters import (
    Parameter,
    parameter_default_value,
    parameter_get,
    parameter_value,
    parameters_in_force,
)
from fazhi.core.permissions import (
    access_attachment_by_id,
    access_enterprise_by_id,
    access_organization_by_id,
    access_person_by_id,
    access_user_by_id,
    can_grant_roles,
    can_manage_users,
    can_reset_totp_device,
    can_reveal_person,
    can_unlock_accounts,
    denial_ensure_recorded,
    require_capability,
)
from fazhi.core.qrcodes import qr_svg
from fazhi.core.roles import Capability
from fazhi.core.scoping import scope_of
from fazhi.core.services.accounts import (
    membership_grant_by_ids,
    membership_revoke,
    user_authenticate,
    user_authenticate_second_factor,
    user_change_password,
    user_create,
    user_unlock,
)
from fazhi.core.services.calendar import calendar_year_import, schedule_parse
from fazhi.core.services.directory import person_reveal
from fazhi.core.services.mfa import (
    TOTP_ISSUER,
    totp_device_begin,
    totp_device_confirm,
    totp_device_reset,
    totp_provisioning_uri,
)
from fazhi.core.services.parameters import rule_parameter_set
from fazhi.core.sessions import (
    mark_login_time,
    second_factor_pending_clear,
    second_factor_pending_start,
    second_factor_pending_user_id,
)
from fazhi.core.tables import (
    AuditLogTable,
    CalendarYearTable,
    EnterpriseTable,
    OrganizationTable,
    PersonTable,
    RegionTable,
    RuleParameterRow,
    RuleParameterTable,
    UserTable,
    confidence_badge,
)
from fazhi.core.todos import todos_for


@login_not_required
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    """The public portal's front page: the sections the apps publish (no login)."""
    return render(request, "portal/home.html", {"sections": portal_sections()})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _require_any(user: Any, *capabilities: Capability) -> None:
    if not user.has_any_capability(*capabilities):
        require_capability(user, capabilities[0])


# Login, logout, password ----------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(request: HttpRequest, url_name: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _log_in(request: HttpRequest, user: User) -> HttpResponse:
    login(request, user)
    mark_login_time(request)
    return redirect(_safe_next(request))


@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = user_authenticate(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except SecondFactorRequired as pending:
            second_factor_pending_start(request, user_id=pending.user_id)
            return redirect(_with_next(request, "core:login-otp"))
        except (AccountLocked, InvalidCredentials) as refusal:
            form.add_error(None, refusal.message)
            status = 400
        else:
            return _log_in(request, user)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "demo_accounts": demo_accounts() if settings.DEMO_MODE else [],
        "demo_password": DEMO_PASSWORD,
    }
    return render(request, "core/login.html", context, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def login_otp(request: HttpRequest) -> HttpResponse:
    """The second login step: the code of the authenticator, after the right password (S5)."""
    user_id = second_factor_pending_user_id(request)
    if user_id is None:
        messages.warning(request, "登录已超时，请重新输入用户名和密码")
        return redirect(_with_next(request, "core:login"))
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = user_authenticate_second_factor(user_id=user_id, otp=form.cleaned_data["code"])
        except InvalidOtp as refusal:
            form.add_error(None, refusal.message)
            status = 400
        except (AccountLocked, InvalidCredentials) as refusal:
            second_factor_pending_clear(request)
            messages.error(request, refusal.message)
            return redirect(_with_next(request, "core:login"))
        else:
            second_factor_pending_clear(request)
            return _log_in(request, user)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "issuer": TOTP_ISSUER,
    }
    return render(request, "core/login_otp.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    audit_record(event=AuditLog.Event.LOGOUT, user=request.user, target=request.user)  # type: ignore[arg-type]
    logout(request)
    messages.info(request, "您已安全退出")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_password(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改")
            return redirect("core:home")
    forced = user.must_change_password or user.password_expired()
    return render(request, "core/password_change.html", {"form": form, "forced": forced})


@require_GET
def account_security(request: HttpRequest) -> HttpResponse:
    """账户安全: the password and the authenticator of one's own account."""
    user: User = request.user  # type: ignore[assignment]
    context = {
        "totp_confirmed": selectors.totp_device_is_confirmed(user=user),
        "mfa_required": user.mfa_required(),
        "password_history": settings.PASSWORD_HISTORY,
    }
    return render(request, "core/account_security.html", context)


@require_http_methods(["GET", "POST"])
def totp_device_enrol(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), then give one code."""
    user: User = request.user  # type: ignore[assignment]
    if selectors.totp_device_is_confirmed(user=user):
        messages.info(request, "您已启用动态口令")
        return redirect("core:account-security")
    device = totp_device_begin(user=user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "动态口令已启用，今后登录时须输入手机验证器上的6位数字")
            return redirect("core:home")
    context = {
        "form": form,
        "forced": user.mfa_required(),
        "qr_svg": qr_svg(totp_provisioning_uri(device), css_class="fz-totp-qr"),
        "secret": " ".join(textwrap.wrap(device.secret, 4)),
        "issuer": TOTP_ISSUER,
    }
    return render(request, "core/totp_enrol.html", context, status=400 if form.errors else 200)


# Home -----------------------------------------------------------------------------------------


def _figure_cards(user: Any) -> tuple[Region | None, int, list[FigureValue]]:
    year = timezone.localdate().year - 1
    if not user.has_any_capability(Capability.VIEW_REPORT, Capability.MANAGE_CODE_LISTS):
        return None, year, []
    county = selectors.region_home_county(user=user)
    if county is None:
        return None, year, []
    return county, year, figures_evaluate(county, year, headline_only=True)


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    todos = []
    for item in todos_for(request.user):
        days_left = (item.due_on - today).days if item.due_on else None
        overdue_days = -days_left if days_left is not None and days_left < 0 else 0
        todos.append({"item": item, "days_left": days_left, "overdue_days": overdue_days})
    county, year, figures = _figure_cards(request.user)
    context = {
        "todos": todos,
        "overdue_count": sum(1 for todo in todos if todo["overdue_days"]),
        "county": county,
        "year": year,
        "figures": figures,
        "today": today,
    }
    return render(request, "core/home.html", context)


# Registers ------------------------------------------------------------------------------------


@denials_as_403
def organization_list(request: HttpRequest) -> HttpResponse:
    _require_any(request.user, Capability.VIEW_DIRECTORY, Capability.MANAGE_CODE_LISTS)
    return render_list(
        request,
        queryset=selectors.organization_list(user=request.user),
        table_class=OrganizationTable,
        filterset_class=OrganizationFilterSet,
        title="单位",
        export_name="单位名录",
    )


@denials_as_403
@require_http_methods(["GET", "POST"])
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = access_organization_by_id(request.user, pk)
    return render_detail(
        request,
        obj=organization,
        title=organization.name,
        fields=[
            ("名称", organization.name),
            ("简称", organization.short_name),
            ("机构编码", organization.code),
            ("类型", organization.get_kind_display()),
            ("所在区划", organization.region),
            ("上级单位", organization.parent),
            ("统一社会信用代码", organization.uscc),
            ("是否司法局", organization.is_bureau),
            ("是否行政执法部门", organization.is_enforcement),
            ("设立日期", organization.established_on),
            ("撤销日期", organization.abolished_on),
        ],
        back_url=reverse("core:organization-list"),
    )


@denials_as_403
def enterprise_list(request: HttpRequest) -> HttpResponse:
    _require_any(request.user, Capability.VIEW_DIRECTORY, Capability.MANAGE_CODE_LISTS)
    return render_list(
        request,
        queryset=selectors.enterprise_list(user=request.user),
        table_class=EnterpriseTable,
        filterset_class=EnterpriseFilterSet,
        title="企业",
        export_name="企业名录",
        import_url=(
            reverse("core:enterprise-import")
            if request.user.has_capability(Capability.MANAGE_CODE_LISTS)  # type: ignore[union-attr]
            else None
        ),
    )


@denials_as_403
@require_http_methods(["GET", "POST"])
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_by_id(request.user, pk)
    return render_detail(
        request,
        obj=enterprise,
        title=enterprise.name,
        status=enterprise.get_status_display(),
        fields=[
            ("名称", enterprise.name),
            ("统一社会信用代码", enterprise.uscc),
            ("所在区划", enterprise.region),
            ("法定代表人", enterprise.legal_representative),
            ("行业", enterprise.industry),
            ("住所", enterprise.address),
            ("成立日期", enterprise.established_on),
            ("状态", enterprise.get_status_display()),
        ],
        back_url=reverse("core:enterprise-list"),
    )


@denials_as_403
def person_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_PERSONS)
    return render_list(
        request,
        queryset=selectors.person_list(user=request.user),
        table_class=PersonTable,
        filterset_class=PersonFilterSet,
        title="自然人",
        export_name="自然人名单",
        template="core/person_list.html",
    )


def _person_sensitive_fields(
    person: Person, revealed: dict[str, str] | None
) -> list[tuple[str, str]]:
    if revealed is not None:
        return [
            ("身份证号", revealed["id_number"]),
            ("手机号", revealed["phone"]),
            ("住址", revealed["address"]),
        ]
    return [
        ("身份证号", person.masked_id_number),
        ("手机号", person.masked_phone),
        ("住址", "***" if person.address else ""),
    ]


def _person_page(
    request: HttpRequest, person: Person, revealed: dict[str, str] | None
) -> HttpResponse:
    return render_detail(
        request,
        obj=person,
        title=person.name,
        fields=[
            ("姓名", person.name),
            ("性别", person.get_gender_display()),
            ("所在区划", person.region),
            ("登记单位", person.organization),
        ],
        back_url=reverse("core:person-list"),
        template="core/person_detail.html",
        extra_context={
            "sensitive_fields": _person_sensitive_fields(person, revealed),
            "revealed": revealed is not None,
            "can_reveal": can_reveal_person(request.user, person),
        },
    )


@denials_as_403
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_PERSONS)
    person = access_person_by_id(request.user, pk)
    # PIPL art. 51 / 等保 8.1.4.3: every view of a sensitive personal record is logged.
    audit_record(
        event=AuditLog.Event.VIEW_SENSITIVE,
        user=request.user,
        target=person,
        message="查看自然人详情(脱敏)",
    )
    return _person_page(request, person, revealed=None)


@denials_as_403
@require_POST
def person_reveal_view(request: HttpRequest, pk: int) -> HttpResponse:
    revealed = person_reveal(acting_user=request.user, person_id=pk)  # type: ignore[arg-type]
    person = access_person_by_id(request.user, pk)
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "sensitive_fields": _person_sensitive_fields(person, revealed),
            "revealed": True,
            "object": person,
        }
        return render(request, "core/_person_sensitive.html", context)
    return _person_page(request, person, revealed=revealed)


@denials_as_403
def region_list(request: HttpRequest) -> HttpResponse:
    _require_any(request.user, Capability.VIEW_DIRECTORY, Capability.MANAGE_CODE_LISTS)
    return render_list(
        request,
        queryset=selectors.region_list(user=request.user),
        table_class=RegionTable,
        filterset_class=RegionFilterSet,
        title="行政区划",
        export_name="行政区划",
    )


@denials_as_403
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A file attached to a record the user may see; the record's own scope decides."""
    attachment, target = access_attachment_by_id(request.user, pk)
    if scope_of(type(target)).sensitive:
        audit_record(
            event=AuditLog.Event.VIEW_SENSITIVE,
            user=request.user,
            target=target,
            message=f"下载附件 {attachment.original_name}",
        )
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
    response["Content-Type"] = attachment.mime_type
    return response


# Accounts -------------------------------------------------------------------------------------


@denials_as_403
@require_http_methods(["GET", "POST"])
def user_list(request: HttpRequest) -> HttpResponse:
    _require_any(
        request.user, Capability.MANAGE_USERS, Capability.GRANT_ROLES, Capability.UNLOCK_ACCOUNTS
    )
    create_form = None
    if can_manage_users(request.user):
        create_form = UserCreateForm(request.POST or None)
        if request.method == "POST" and create_form.is_valid():
            try:
                created = user_create(acting_user=request.user, **create_form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                add_service_errors(create_form, error)
            else:
                messages.success(request, f"用户“{created.username}”已创建，请由安全管理员授予角色")
                return redirect("core:user-detail", pk=created.pk)
    elif request.method == "POST":
        require_capability(request.user, Capability.MANAGE_USERS)
    response = render_list(
        request,
        queryset=selectors.user_list(user=request.user),
        table_class=UserTable,
        filterset_class=UserFilterSet,
        title="用户与授权",
        export_name="用户",
        template="core/user_list.html",
        extra_context={
            "create_form": create_form,
            "create_failed": bool(create_form and create_form.errors),
        },
    )
    if create_form is not None and create_form.errors:
        response.status_code = 400
    return response


def _user_page(
    request: HttpRequest, account: User, grant_form: MembershipGrantForm | None
) -> HttpResponse:
    actions = []
    if can_unlock_accounts(request.user) and account.is_locked():
        actions.append(
            Action(
                "解除锁定",
                reverse("core:user-unlock", args=[account.pk]),
                method="post",
                icon="lock-open",
                confirm=f"确定解除账户“{account.username}”的锁定？",
            )
        )
    totp_confirmed = selectors.totp_device_is_confirmed(user=account)
    if totp_confirmed and can_reset_totp_device(request.user, account):
        actions.append(
            Action(
                "重置动态口令",
                reverse("core:user-totp-reset", args=[account.pk]),
                method="post",
                icon="device-mobile-off",
                style="warning",
                confirm=f"确定重置账户“{account.username}”的动态口令？该账户须重新绑定手机验证器。",
            )
        )
    locked = account.is_locked()
    return render_detail(
        request,
        obj=account,
        title=f"{account.full_name or account.username}",
        pretitle="用户",
        status="已锁定" if locked else ("已停用" if not account.is_active else ""),
        fields=[
            ("用户名", account.username),
            ("姓名", account.full_name),
            ("手机号", account.phone),
            ("启用", account.is_active),
            ("须修改初始密码", account.must_change_password),
            ("密码修改时间", account.password_changed_at),
            ("最近登录", account.last_login),
            ("连续登录失败次数", account.failed_login_count),
            ("锁定至", account.locked_until if locked else None),
            ("动态口令", "已启用" if totp_confirmed else "未启用"),
            ("演示账号", account.is_demo),
        ],
        actions=actions,
        back_url=reverse("core:user-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="core/user_detail.html",
        extra_context={
            "memberships": list(selectors.membership_list_of(account=account)),
            "can_grant": can_grant_roles(request.user),
            "grant_form": grant_form,
        },
    )


def _grant_form(request: HttpRequest, data: Any = None) -> MembershipGrantForm | None:
    if not can_grant_roles(request.user):
        return None
    organizations = selectors.organization_list_grantable().order_by("region__code", "kind", "code")
    return MembershipGrantForm(data, organizations=organizations)


@denials_as_403
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = access_user_by_id(request.user, pk)
    return _user_page(request, account, _grant_form(request))


@denials_as_403
@require_POST
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = user_unlock(user_id=pk, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(request, f"账户“{account.username}”已解除锁定")
    return redirect("core:user-detail", pk=account.pk)


@denials_as_403
@require_POST
def totp_device_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        account = totp_device_reset(acting_user=request.user, user_id=pk)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"账户“{account.username}”的动态口令已重置")
    return redirect("core:user-detail", pk=pk)


@denials_as_403
@require_POST
def membership_grant_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.GRANT_ROLES)
    account = access_user_by_id(request.user, pk)
    form = _grant_form(request, request.POST)
    assert form is not None
    if form.is_valid():
        try:
            membership = membership_grant_by_ids(
                acting_user=request.user,  # type: ignore[arg-type]
                user_id=account.pk,
                organization_id=form.cleaned_data["organization"].pk,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已授予：{membership}")
            return redirect("core:user-detail", pk=account.pk)
    response = _user_page(request, account, form)
    response.status_code = 400
    return response


@denials_as_403
@require_POST
def membership_revoke_view(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = membership_revoke(
        acting_user=request.user,  # type: ignore[arg-type]
        user_id=pk,
        membership_id=membership_pk,
    )
    messages.success(request, f"已撤销：{membership}")
    return redirect("core:user-detail", pk=pk)


# Calendar and audit ---------------------------------------------------------------------------


def _calendar_import(request: HttpRequest, form: CalendarImportForm) -> CalendarYear | None:
    year = form.cleaned_data["year"]
    try:
        holidays = schedule_parse(form.cleaned_data["holidays"], field="holidays", year=year)
        workdays = schedule_parse(form.cleaned_data["workdays"], field="workdays", year=year)
        return calendar_year_import(
            acting_user=request.user,  # type: ignore[arg-type]
            year=year,
            holidays=holidays,
            workdays=workdays,
            notice=form.cleaned_data["notice"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@denials_as_403
@require_http_methods(["GET", "POST"])
def calendar_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_CALENDAR)
    form = CalendarImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        imported = _calendar_import(request, form)
        if imported is not None:
            messages.success(
                request, f"{imported.year}年节假日安排已导入，工作日期限将按新安排计算"
            )
            return redirect("core:calendar-list")
    response = render_list(
        request,
        queryset=selectors.calendar_year_list(),
        table_class=CalendarYearTable,
        title="节假日安排",
        template="core/calendar_list.html",
        extra_context={"import_form": form},
    )
    if form.errors:
        response.status_code = 400
    return response


# Rule parameters -------------------------------------------------------------------------------


@denials_as_403
def parameter_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_DIRECTORY)
    rows = [
        RuleParameterRow(parameter, current)
        for parameter, current in parameters_in_force(on=timezone.localdate())
    ]
    return render_list(
        request,
        queryset=rows,
        table_class=RuleParameterTable,
        title="规则参数",
        export_name="规则参数",
        template="core/parameter_list.html",
    )


def _parameter_set(request: HttpRequest, parameter: Parameter, form: RuleParameterSetForm) -> bool:
    try:
        rule_parameter_set(
            acting_user=request.user,  # type: ignore[arg-type]
            key=parameter.key,
            value=form.cleaned_data["value"],
            valid_from=form.cleaned_data["valid_from"],
            reason=form.cleaned_data["reason"],
            legal_basis=form.cleaned_data["legal_basis"],
            day_unit=form.cleaned_data.get("day_unit") or None,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@denials_as_403
@require_http_methods(["GET", "POST"])
def parameter_detail(request: HttpRequest, key: str) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_DIRECTORY)
    try:
        parameter = parameter_get(key)
    except KeyError:
        raise Http404("规则参数不存在") from None
    may_set = request.user.has_capability(Capability.MANAGE_RULE_PARAMETERS)  # type: ignore[union-attr]
    form = None
    if request.method == "POST":
        require_capability(request.user, Capability.MANAGE_RULE_PARAMETERS)
        form = RuleParameterSetForm(request.POST, is_time_limit=parameter.is_time_limit)
        if form.is_valid() and _parameter_set(request, parameter, form):
            messages.success(request, f"“{parameter.label}”已调整，自所填生效日期起按新值计算")
            return redirect("core:parameter-detail", key=parameter.key)
    elif may_set:
        form = RuleParameterSetForm(is_time_limit=parameter.is_time_limit)
    today = timezone.localdate()
    current = parameter_value(parameter.key, on=today)
    fields = [
        ("参数", parameter.label),
        ("参数代码", parameter.key),
        ("现行值", current.display(parameter)),
        ("生效日期", current.valid_from or "默认值（尚未调整）"),
        ("法律依据", current.legal_basis),
        ("核实情况", confidence_badge(parameter)),
        ("说明", parameter.note),
    ]
    context = {
        "title": parameter.label,
        "pretitle": "规则参数",
        "fields": fields,
        "parameter": parameter,
        "default_display": parameter_default_value(parameter).display(parameter),
        "history": list(selectors.rule_parameter_value_history(key=parameter.key)),
        "today": today,
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "core/parameter_detail.html", context, status=status)


@denials_as_403
def audit_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_AUDIT_LOG)
    return render_list(
        request,
        queryset=selectors.audit_log_list(user=request.user),
        table_class=AuditLogTable,
        filterset_class=AuditLogFilterSet,
        title="审计日志",
        export_name="审计日志",
        export_capability=Capability.EXPORT_AUDIT_LOG,
    )


# Error pages ----------------------------------------------------------------------------------


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception is not None and str(exception) else ""
    if not message or message.isascii():
        message = "您没有执行此操作的权限"
    return render(request, "403.html", {"message": message}, status=403)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if exception is not None:
        denial_ensure_recorded(exception)
    return render(request, "404.html", {}, status=404)
