"""Session rules: absolute lifetime (S3), login required but for the API (P8), password change (S4).

Also the half-finished login waiting for its TOTP code, and the enrolment of an authenticator
where the roles require MFA (S5). The idle timeout (S2) is SESSION_COOKIE_AGE: a session is
stored with its expiry that far ahead, and a logged-in request pushes the expiry on by saving
the session — at most once every SESSION_REFRESH_SECONDS, not on every request (a write and a
commit per page view otherwise). So a session ends between SESSION_COOKIE_AGE minus that
interval and SESSION_COOKIE_AGE after its last request: never later than the limit.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.core.selectors import totp_device_is_confirmed

LOGIN_AT_KEY = "fazhi_login_at"
# When a logged-in request last saved the session (pushing its expiry on), epoch seconds.
SEEN_AT_KEY = "fazhi_seen_at"
SESSION_REFRESH_SECONDS = 60
_PUBLIC_PREFIXES = ("/api/", "/healthz", "/static/", "/portal/")


def mark_login_time(request: HttpRequest) -> None:
    request.session[LOGIN_AT_KEY] = int(time.time())


SECOND_FACTOR_KEY = "fazhi_second_factor"
# The code has to follow the password soon: a half-finished login is forgotten after this.
SECOND_FACTOR_SECONDS = 5 * 60


def second_factor_pending_start(request: HttpRequest, *, user_id: int) -> None:
    """Remember, for a few minutes, whose password was right; they are not logged in yet."""
    request.session.cycle_key()
    request.session[SECOND_FACTOR_KEY] = {"user_id": user_id, "at": int(time.time())}


def second_factor_pending_user_id(request: HttpRequest) -> int | None:
    """The account whose password step passed in this session, unless it was too long ago."""
    pending = request.session.get(SECOND_FACTOR_KEY)
    if not pending or time.time() - pending["at"] > SECOND_FACTOR_SECONDS:
        return None
    return int(pending["user_id"])


def second_factor_pending_clear(request: HttpRequest) -> None:
    request.session.pop(SECOND_FACTOR_KEY, None)


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY, 0)
            if time.time() - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path_info.startswith(_PUBLIC_PREFIXES):
                    # The API answers 401 itself and public paths need no login: no redirect.
                    return self.get_response(request)
                messages.warning(request, "登录已超过最长会话时间，请重新登录")
                return redirect(settings.LOGIN_URL)
        response = self.get_response(request)
        _session_refresh(request)
        return response


def _session_refresh(request: HttpRequest) -> None:
    """Mark a logged-in session modified, so it is saved with a new expiry, once a minute.

    Only a session that still holds a login (not one the view just ended, not the API's
    sessionless token requests): SessionMiddleware then saves it, as it saves any modified one.
    """
    session = request.session
    if session.get(SESSION_KEY) is None:
        return
    now = int(time.time())
    if now - session.get(SEEN_AT_KEY, 0) >= SESSION_REFRESH_SECONDS:
        session[SEEN_AT_KEY] = now


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Pages need a login; the API answers 401 itself, public paths need nothing."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path_info.startswith(_PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PasswordChangeRequiredMiddleware:
    """An initial or expired password must be changed before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and (user.must_change_password or user.password_expired())
            and not request.path_info.startswith(_PUBLIC_PREFIXES)
        ):
            allowed = {reverse("core:password-change"), reverse("core:logout")}
            if request.path_info not in allowed:
                return redirect("core:password-change")
        return self.get_response(request)


class MfaEnrolmentRequiredMiddleware:
    """Whoever's roles require MFA enrols an authenticator before anything else (S5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(_PUBLIC_PREFIXES)
            and user.mfa_required()
            and not totp_device_is_confirmed(user=user)
        ):
            # The password change comes first (PasswordChangeRequiredMiddleware sends there).
            allowed = {
                reverse("core:totp-enrol"),
                reverse("core:password-change"),
                reverse("core:logout"),
            }
            if request.path_info not in allowed:
                return redirect("core:totp-enrol")
        return self.get_response(request)
