"""Core API: tokens, the current user, the shared registers and the to-do list.

Handlers parse input, call a selector or service and shape the output; scope, capability checks
and auditing happen below them. Lists are paginated with `limit`/`offset` and answer
`{count, limit, offset, items}`. Personal data leaves only masked, except through the audited
reveal endpoint.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import PaginationBase, paginate
from ninja.responses import Status
from ninja.security import HttpBearer

from fazhi.core.crypto import blind_index, mask_address
from fazhi.core.models import Enterprise, Organization, Person, Region, User
from fazhi.core.pagination import Cursor, cursor_of, key_order_of, rows_at
from fazhi.core.parameters import parameters_in_force
from fazhi.core.permissions import (
    access_enterprise_by_id,
    access_organization_by_id,
    require_capability,
)
from fazhi.core.roles import Capability
from fazhi.core.selectors import enterprise_list, organization_list, person_list, region_list
from fazhi.core.services import directory
from fazhi.core.services.accounts import api_token_issue, api_token_user
from fazhi.core.todos import TodoItem, todos_for

router = Router(tags=["基础"])

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


def _user(request: HttpRequest) -> User:
    return cast(User, request.auth)  # type: ignore[attr-defined]


class ErrorItemOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The error envelope of every endpoint (fazhi.api writes it)."""

    code: str = Field(description="稳定的英文错误代码，如 validation_error、not_found")
    message: str = Field(description="中文错误说明")
    errors: list[ErrorItemOut] = Field(description="逐字段的错误，与字段无关时为空")


class LimitOffsetPage(PaginationBase):
    """`limit`/`offset` pagination whose envelope echoes the window it returns.

    A list in a total order of its own columns (core.pagination) also answers `next_cursor`:
    passed back as `cursor`, the next window is read from this one's last row instead of
    skipping `offset` rows (deep windows of large lists). `offset` still says where the window
    starts; without it, a cursor continues right after its window.
    """

    class Input(Schema):
        limit: int = Field(PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX, description="每页条数(1–100)")
        offset: int | None = Field(
            None, ge=0, description="跳过的条数(默认0；带cursor时默认接续cursor所在的一页)"
        )
        cursor: str | None = Field(
            None, description="上一次响应的next_cursor：从上一页的末行接着读，深翻页更快"
        )

    class Output(Schema):
        count: int = Field(description="符合条件的总条数")
        limit: int
        offset: int
        items: list[Any]
        next_cursor: str | None = Field(
            None, description="取下一页时作为cursor传回(列表按自身字段排序时提供)"
        )

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        limit: int = pagination.limit
        order = key_order_of(queryset) if isinstance(queryset, QuerySet) else None
        requested: int | None = pagination.offset
        if order is None:
            offset = requested or 0
            return {
                "count": self._items_count(queryset),
                "limit": limit,
                "offset": offset,
                "items": queryset[offset : offset + limit],
            }
        cursor = Cursor.decode(pagination.cursor, order)
        following_cursor = cursor.end if cursor is not None else 0
        offset = requested if requested is not None else following_cursor
        count = queryset.count()
        items = rows_at(queryset, order, offset=offset, limit=limit, count=count, cursor=cursor)
        following = offset + len(items) < count
        return {
            "count": count,
            "limit": limit,
            "offset": offset,
            "items": items,
            "next_cursor": cursor_of(order, items, start=offset) if following else None,
        }


# Authentication.


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = Field(None, description="动态口令(6位数字)，已启用双因素认证的账户必填")


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


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 423: ErrorOut},
    summary="用户名和密码换取令牌",
    description=(
        "已启用双因素认证的账户须同时提供 `otp`(手机验证器上的6位动态口令)；缺少或错误时返回 "
        "401(otp_required)，错误的动态口令与错误的密码一样计入连续失败次数。"
        "连续失败达到上限后账户被锁定，返回 423(account_locked)。"
    ),
)
def auth_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    raw, token = api_token_issue(
        username=payload.username, password=payload.password, otp=payload.otp
    )
    return TokenOut(token=raw, expires_at=token.expires_at)


@router.get("/auth/me", response={200: UserOut, 401: ErrorOut}, summary="当前用户")
def auth_me(request: HttpRequest) -> UserOut:
    user = _user(request)
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


# Regions.


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    level_label: str
    parent_code: str | None

    @staticmethod
    def resolve_level_label(region: Region) -> str:
        return region.get_level_display()

    @staticmethod
    def resolve_parent_code(region: Region) -> str | None:
        return region.parent.code if region.parent is not None else None


class RegionFilterIn(FilterSchema):
    q: Annotated[str | None, FilterLookup(["name__icontains", "code__startswith"])] = Field(
        None, description="按名称或区划代码前缀查找"
    )
    level: Annotated[str | None, FilterLookup("level")] = Field(
        None, description="层级：province、city、county、town、village"
    )


@router.get("/regions", response={200: list[RegionOut], 401: ErrorOut}, summary="行政区划")
@paginate(LimitOffsetPage)
def region_list_api(request: HttpRequest, filters: Query[RegionFilterIn]) -> QuerySet[Region]:
    return filters.filter(region_list(user=_user(request))).order_by("code")


# Organizations.


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    parent_id: int | None
    uscc: str
    is_bureau: bool
    is_enforcement: bool

    @staticmethod
    def resolve_kind_label(organization: Organization) -> str:
        return organization.get_kind_display()

    @staticmethod
    def resolve_region_code(organization: Organization) -> str:
        return organization.region.code

    @staticmethod
    def resolve_region_name(organization: Organization) -> str:
        return organization.region.name


class OrganizationFilterIn(FilterSchema):
    q: Annotated[str | None, FilterLookup(["name__icontains", "short_name__icontains"])] = Field(
        None, description="按名称或简称查找"
    )
    kind: Annotated[str | None, FilterLookup("kind")] = Field(
        None, description="单位类型，如 department、town_government、judicial_office"
    )


@router.get(
    "/organizations", response={200: list[OrganizationOut], 401: ErrorOut}, summary="单位列表"
)
@paginate(LimitOffsetPage)
def organization_list_api(
    request: HttpRequest, filters: Query[OrganizationFilterIn]
) -> QuerySet[Organization]:
    return filters.filter(organization_list(user=_user(request))).order_by("region__code", "code")


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, 401: ErrorOut, 404: ErrorOut},
    summary="单位详情",
)
def organization_detail(request: HttpRequest, organization_id: int) -> Organization:
    return access_organization_by_id(_user(request), organization_id)


# Enterprises.


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    region_code: str
    region_name: str
    legal_representative: str
    industry: str
    address: str
    established_on: datetime.date | None
    status: str
    status_label: str

    @staticmethod
    def resolve_region_code(enterprise: Enterprise) -> str:
        return enterprise.region.code

    @staticmethod
    def resolve_region_name(enterprise: Enterprise) -> str:
        return enterprise.region.name

    @staticmethod
    def resolve_status_label(enterprise: Enterprise) -> str:
        return enterprise.get_status_display()


_TOWN_CODE_PATTERN = r"^\d{9}(\d{3})?$"


class EnterpriseFilterIn(FilterSchema):
    q: Annotated[str | None, FilterLookup(["name__icontains", "uscc__iexact"])] = Field(
        None, description="按名称或统一社会信用代码查找"
    )
    town: str | None = Field(
        None,
        pattern=_TOWN_CODE_PATTERN,
        description="镇街区划代码(9位或12位)，只列出该镇街内的企业",
    )
    status: Annotated[str | None, FilterLookup("status")] = Field(
        None, description="状态：active(存续)、closed(注销)"
    )

    def filter_town(self, value: str | None) -> Q:
        return Q(region__code__startswith=value[:9]) if value else Q()


class EnterpriseCreateIn(Schema):
    uscc: str = Field(description="统一社会信用代码(18位)")
    name: str
    region_code: str = Field(description="所在区划代码(12位，或9位镇街代码)")
    legal_representative: str = ""
    industry: str = ""
    address: str = ""
    established_on: datetime.date | None = None


@router.get(
    "/enterprises",
    response={200: list[EnterpriseOut], 401: ErrorOut, 422: ErrorOut},
    summary="企业列表",
)
@paginate(LimitOffsetPage)
def enterprise_list_api(
    request: HttpRequest, filters: Query[EnterpriseFilterIn]
) -> QuerySet[Enterprise]:
    return filters.filter(enterprise_list(user=_user(request))).order_by("name", "pk")


@router.get(
    "/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, 401: ErrorOut, 404: ErrorOut},
    summary="企业详情",
)
def enterprise_detail(request: HttpRequest, enterprise_id: int) -> Enterprise:
    return access_enterprise_by_id(_user(request), enterprise_id)


def _region_in_scope(user: User, code: str) -> Region:
    region = region_list(user=user).filter(code=code.strip().ljust(12, "0")).first()
    if region is None:
        raise ValidationError({"region_code": f"区划代码“{code}”不存在或不在您的数据范围内"})
    return region


@router.post(
    "/enterprises",
    response={201: EnterpriseOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="登记企业",
    description="需要代码表维护权限。统一社会信用代码校验不通过时返回 422，且不保存。",
)
def enterprise_create(request: HttpRequest, payload: EnterpriseCreateIn) -> Status[Enterprise]:
    user = _user(request)
    require_capability(user, Capability.MANAGE_CODE_LISTS)
    enterprise = directory.enterprise_create(
        acting_user=user,
        region=_region_in_scope(user, payload.region_code),
        **payload.dict(exclude={"region_code"}),
    )
    return Status(201, enterprise)


# Persons.


class MaskedPersonOut(Schema):
    """Who a record is about, as lists show them: identifying fields masked (PIPL art. 28).

    The base of every person-like output (a person of the directory, a released prisoner): the
    model gives `masked_id_number`, `masked_phone` and `address`, and the masking is one rule.
    """

    id: int
    name: str
    gender: str
    gender_label: str
    id_number_masked: str = Field(description="脱敏身份证号")
    phone_masked: str = Field(description="脱敏联系电话")
    address_masked: str = Field(description="脱敏住址")

    @staticmethod
    def resolve_gender_label(person: Any) -> str:
        return str(person.get_gender_display())

    @staticmethod
    def resolve_id_number_masked(person: Any) -> str:
        return str(person.masked_id_number)

    @staticmethod
    def resolve_phone_masked(person: Any) -> str:
        return str(person.masked_phone)

    @staticmethod
    def resolve_address_masked(person: Any) -> str:
        return mask_address(person.address)


class PersonOut(MaskedPersonOut):
    """A person of the directory, masked, with the region and organization they belong to."""

    region_code: str
    region_name: str
    organization_name: str

    @staticmethod
    def resolve_region_code(person: Person) -> str:
        return person.region.code

    @staticmethod
    def resolve_region_name(person: Person) -> str:
        return person.region.name

    @staticmethod
    def resolve_organization_name(person: Person) -> str:
        return person.organization.name


class PersonRevealOut(Schema):
    id: int
    id_number: str
    phone: str
    address: str


class PersonFilterIn(FilterSchema):
    q: Annotated[str | None, FilterLookup("name__icontains")] = Field(
        None, description="按姓名查找"
    )
    id_number: str | None = Field(None, description="按完整身份证号精确查找")

    def filter_id_number(self, value: str | None) -> Q:
        return Q(id_number_digest=blind_index(value)) if value else Q()


@router.get(
    "/persons",
    response={200: list[PersonOut], 401: ErrorOut, 403: ErrorOut},
    summary="自然人列表(脱敏)",
)
@paginate(LimitOffsetPage)
def person_list_api(request: HttpRequest, filters: Query[PersonFilterIn]) -> QuerySet[Person]:
    user = _user(request)
    require_capability(user, Capability.VIEW_PERSONS)
    return filters.filter(person_list(user=user)).order_by("name", "pk")


@router.get(
    "/persons/{person_id}",
    response={200: PersonOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="自然人详情(脱敏，查看留痕)",
)
def person_detail(request: HttpRequest, person_id: int) -> Person:
    return directory.person_view(acting_user=_user(request), person_id=person_id)


@router.post(
    "/persons/{person_id}/reveal",
    response={200: PersonRevealOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="显示完整身份证号、手机号、住址(留痕)",
)
def person_reveal(request: HttpRequest, person_id: int) -> PersonRevealOut:
    revealed = directory.person_reveal(acting_user=_user(request), person_id=person_id)
    return PersonRevealOut(id=person_id, **revealed)


# To-dos.


class TodoOut(Schema):
    title: str
    url: str
    module: str
    due_on: datetime.date | None
    provisional: bool = Field(description="期限所在年度的节假日安排尚未录入，期限为暂定")


@router.get("/todos", response={200: list[TodoOut], 401: ErrorOut}, summary="我的待办")
@paginate(LimitOffsetPage)
def todo_list(request: HttpRequest) -> list[TodoItem]:
    return todos_for(_user(request))


# Rule parameters.


class RuleParameterOut(Schema):
    key: str
    label: str
    value: Decimal = Field(description="现行值(今日施行)")
    unit: str = Field(description="单位：calendar(自然日)、working(工作日)，或“年”“月”“%”等")
    unit_label: str
    valid_from: datetime.date | None = Field(description="现行值的生效日期；null 表示系统默认值")
    is_default: bool
    legal_basis: str
    confidence: str = Field(description="依据核实情况：C 已核实、S/R 待核实、I 设计取值")
    confidence_label: str


@router.get(
    "/parameters",
    response={200: list[RuleParameterOut], 401: ErrorOut, 403: ErrorOut},
    summary="规则参数(今日施行的值)",
)
@paginate(LimitOffsetPage)
def rule_parameter_list(request: HttpRequest) -> list[RuleParameterOut]:
    require_capability(_user(request), Capability.VIEW_DIRECTORY)
    return [
        RuleParameterOut(
            key=parameter.key,
            label=parameter.label,
            value=current.value,
            unit=current.day_unit or parameter.unit,
            unit_label=current.unit_label(parameter),
            valid_from=current.valid_from,
            is_default=current.is_default,
            legal_basis=current.legal_basis,
            confidence=parameter.confidence,
            confidence_label=parameter.confidence_label,
        )
        for parameter, current in parameters_in_force(on=timezone.localdate())
    ]
