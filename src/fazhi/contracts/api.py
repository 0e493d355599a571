"""Contracts API: the register, and the steps from drafting to filing and milestones.

Handlers parse input, call a selector or service and shape the output; scope, capability checks
and auditing happen below them. Lists answer `{count, limit, offset, items}`.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.contracts import selectors, services
from fazhi.contracts.models import Contract, ContractMilestone
from fazhi.contracts.permissions import access_contract_by_id
from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.models import Organization
from fazhi.core.permissions import access_organization_by_id, require_capability
from fazhi.core.roles import Capability
from fazhi.legality.selectors import review_latest_of

router = Router(tags=["合同管理"])

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    require_capability(user, Capability.HANDLE_CONTRACTS)
    return user


class MilestoneOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    due_on: datetime.date
    amount: Decimal | None
    done_on: datetime.date | None
    note: str

    @staticmethod
    def resolve_kind_label(milestone: ContractMilestone) -> str:
        return milestone.get_kind_display()


class ContractOut(Schema):
    id: int
    category: str
    category_label: str
    title: str
    number: str
    contract_type: str
    contract_type_label: str
    amount: Decimal | None = Field(description="合同金额(元)")
    organization_id: int
    organization: str = Field(description="承办单位")
    party: str = Field(description="我方签约主体")
    region_code: str
    counterparty_kind: str
    counterparty_name: str
    counterparty_uscc: str
    is_major: bool
    uses_model_text: bool
    status: str
    status_label: str
    signed_on: datetime.date | None
    effective_on: datetime.date | None
    expiry_on: datetime.date | None
    filing_due_on: datetime.date | None
    filing_due_provisional: bool
    filed_on: datetime.date | None
    filed_on_time: bool | None = Field(description="是否按期备案；未备案时为空")

    @staticmethod
    def resolve_category_label(contract: Contract) -> str:
        return contract.get_category_display()

    @staticmethod
    def resolve_contract_type_label(contract: Contract) -> str:
        return contract.get_contract_type_display()

    @staticmethod
    def resolve_organization(contract: Contract) -> str:
        return contract.organization.name

    @staticmethod
    def resolve_party(contract: Contract) -> str:
        return contract.party.name

    @staticmethod
    def resolve_region_code(contract: Contract) -> str:
        return contract.region.code

    @staticmethod
    def resolve_status_label(contract: Contract) -> str:
        return contract.get_status_display()


class ContractDetailOut(ContractOut):
    handling_officer: str
    note: str
    collective_meeting: str
    collective_discussed_on: datetime.date | None
    review_status: str = Field(description="最近一次合法性审核的状态；未送审为空")
    review_opinion: str = Field(description="最近一次合法性审核意见；未出具为空")
    signing_missing: str | None = Field(description="暂不能签订的原因；可签订或已签订时为空")
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_review_status(contract: Contract) -> str:
        review = review_latest_of(contract)
        return review.status if review else ""

    @staticmethod
    def resolve_review_opinion(contract: Contract) -> str:
        review = review_latest_of(contract)
        return review.opinion if review else ""

    @staticmethod
    def resolve_signing_missing(contract: Contract) -> str | None:
        if contract.status not in services.EDITABLE_STATES:
            return None
        return services.signing_missing_reason(contract)

    @staticmethod
    def resolve_milestones(contract: Contract) -> list[ContractMilestone]:
        return list(selectors.milestone_list_of(contract))


class ContractFilterIn(FilterSchema):
    category: Annotated[Literal["government", "department"] | None, FilterLookup("category")] = (
        Field(None, description="government 政府合同、department 部门合同")
    )
    status: Annotated[str | None, FilterLookup("status")] = None
    organization_id: Annotated[int | None, FilterLookup("organization_id")] = Field(
        None, description="承办单位ID"
    )
    filed_year: Annotated[int | None, FilterLookup("filed_on__year")] = Field(
        None, description="备案年度"
    )
    filed_on_time: Annotated[bool | None, FilterLookup("filed_on_time")] = Field(
        None, description="true 按期备案、false 逾期备案"
    )


@router.get(
    "/",
    response={200: list[ContractOut], **_ERRORS},
    summary="合同列表",
    description="承办单位看到本单位的合同；司法局看到本辖区的全部合同。",
)
@paginate(LimitOffsetPage)
def contract_list_api(request: HttpRequest, filters: Query[ContractFilterIn]) -> QuerySet[Contract]:
    user = _user(request)
    return filters.filter(selectors.contract_list(user=user)).order_by("-pk")


@router.get("/{contract_id}", response={200: ContractDetailOut, **_ERRORS}, summary="合同详情")
def contract_detail_api(request: HttpRequest, contract_id: int) -> Contract:
    return access_contract_by_id(_user(request), contract_id)


class ContractCreateIn(Schema):
    category: Literal["government", "department"]
    title: str = Field(min_length=1, max_length=200)
    contract_type: str = Field(description="合同类型代码，如 procurement、service、lease")
    counterparty_name: str = Field(min_length=1, max_length=128)
    counterparty_kind: Literal["organization", "natural_person"] = "organization"
    counterparty_uscc: str = Field("", description="相对方为法人或其他组织时必填")
    organization_id: int | None = Field(None, description="承办单位ID；默认为您所在的单位")
    party_id: int | None = Field(None, description="我方签约主体ID；政府合同默认为本级人民政府")
    handling_officer: str = ""
    number: str = ""
    amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    is_major: bool = False
    uses_model_text: bool = False
    effective_on: datetime.date | None = None
    expiry_on: datetime.date | None = None
    note: str = ""


def _organization(user: Any, pk: int | None) -> Organization | None:
    return access_organization_by_id(user, pk) if pk is not None else None


def _reloaded(request: HttpRequest, contract: Contract) -> Contract:
    return access_contract_by_id(request.auth, contract.pk)  # type: ignore[attr-defined]


@router.post("/", response={201: ContractDetailOut, **_WRITE_ERRORS}, summary="登记合同")
def contract_create_api(request: HttpRequest, payload: ContractCreateIn) -> Status[Contract]:
    user = _user(request)
    values = payload.dict(exclude={"organization_id", "party_id"})
    contract = services.contract_create(
        acting_user=user,
        organization=_organization(user, payload.organization_id),
        party=_organization(user, payload.party_id),
        **values,
    )
    return Status(201, _reloaded(request, contract))


class ReviewSubmitIn(Schema):
    materials_provided: list[str] = Field(
        description="送审材料代码：draft 合同草案文本、counterparty_qualification 相对方主体资格及"
        "资质证明、approval 批准/决策文件、credit_investigation 资信调查材料、other 其他材料"
    )
    note: str = ""
    on: datetime.date | None = Field(None, description="送审日期，默认今天")


@router.post(
    "/{contract_id}/submit-review",
    response={200: ContractDetailOut, **_WRITE_ERRORS},
    summary="送合法性审核",
    description="仅限政府合同；已有未结的审核时返回 409。",
)
def contract_submit_review_api(
    request: HttpRequest, contract_id: int, payload: ReviewSubmitIn
) -> Contract:
    contract = services.contract_submit_for_review(
        acting_user=_user(request), contract_id=contract_id, **payload.dict()
    )
    return _reloaded(request, contract)


class SignIn(Schema):
    signed_on: datetime.date
    effective_on: datetime.date | None = None
    expiry_on: datetime.date | None = None
    number: str = ""


@router.post(
    "/{contract_id}/sign",
    response={200: ContractDetailOut, **_WRITE_ERRORS},
    summary="登记签订",
    description="政府合同未取得“合法”或“修改后合法”的审核意见、重大合同未经集体讨论的，返回 409 "
    "并说明缺少什么。",
)
def contract_sign_api(request: HttpRequest, contract_id: int, payload: SignIn) -> Contract:
    contract = services.contract_sign(
        acting_user=_user(request), contract_id=contract_id, **payload.dict()
    )
    return _reloaded(request, contract)


class FileIn(Schema):
    filed_on: datetime.date


@router.post(
    "/{contract_id}/file",
    response={200: ContractDetailOut, **_WRITE_ERRORS},
    summary="登记备案",
    description="超过备案期限的照常登记，filed_on_time 为 false。",
)
def contract_file_api(request: HttpRequest, contract_id: int, payload: FileIn) -> Contract:
    contract = services.contract_file(
        acting_user=_user(request), contract_id=contract_id, filed_on=payload.filed_on
    )
    return _reloaded(request, contract)


@router.get(
    "/{contract_id}/milestones",
    response={200: list[MilestoneOut], **_ERRORS},
    summary="履行节点",
)
def milestone_list_api(request: HttpRequest, contract_id: int) -> list[ContractMilestone]:
    contract = access_contract_by_id(_user(request), contract_id)
    return list(selectors.milestone_list_of(contract))


class MilestoneIn(Schema):
    kind: Literal["performance", "payment"]
    title: str = Field(min_length=1, max_length=200)
    due_on: datetime.date
    amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    note: str = ""


@router.post(
    "/{contract_id}/milestones",
    response={201: MilestoneOut, **_WRITE_ERRORS},
    summary="添加履行节点",
)
def milestone_add_api(
    request: HttpRequest, contract_id: int, payload: MilestoneIn
) -> Status[ContractMilestone]:
    milestone = services.milestone_add(
        acting_user=_user(request), contract_id=contract_id, **payload.dict()
    )
    return Status(201, milestone)


class MilestoneDoneIn(Schema):
    done_on: datetime.date
    note: str = ""


@router.post(
    "/milestones/{milestone_id}/done",
    response={200: MilestoneOut, **_WRITE_ERRORS},
    summary="登记节点完成",
)
def milestone_done_api(
    request: HttpRequest, milestone_id: int, payload: MilestoneDoneIn
) -> ContractMilestone:
    return services.milestone_complete(
        acting_user=_user(request), milestone_id=milestone_id, **payload.dict()
    )
