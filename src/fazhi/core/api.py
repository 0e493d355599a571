"""Core API: tokens, the current user, and the shared registers (regions, organizations, enterprises, persons)."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from fazhi.core.services.accounts import api_token_issue, api_token_user

router = Router(tags=["基础"])


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


class MembershipOut(Schema):
    organization: str
    role: str
    role_label: str


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    memberships: list[MembershipOut]
    capabilities: list[str]


@router.post("/auth/token", auth=None, response=TokenOut, summary="用户名和密码换取令牌")
def auth_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    raw, token = api_token_issue(username=payload.username, password=payload.password)
    return TokenOut(token=raw, expires_at=token.expires_at)


@router.get("/auth/me", response=UserOut, summary="当前用户")
def auth_me(request: HttpRequest) -> UserOut:
    user: Any = request.auth  # type: ignore[attr-defined]
    return UserOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        memberships=[
            MembershipOut(
                organization=membership.organization.name,
                role=membership.role,
                role_label=membership.get_role_display(),
            )
            for membership in user.memberships_cached()
        ],
        capabilities=sorted(capability.value for capability in user.capabilities),
    )
