"""Decisions API: the lead unit's decisions, their steps, legality review and decision."""

import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.decisions import selectors, services
from fazhi.decisions.models import MajorDecision, StepKind
from fazhi.decisions.permissions import access_decision_by_id

router = Router(tags=["重大行政决策"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    user: Any = request.auth  # type: ignore[attr-defined]
    require_capability(user, Capability.HANDLE_DECISIONS)
    return user


class DecisionOut(Schema):
    id: int
    title: str
    organization: str = Field(alias="organization.name")
    region_code: str = Field(alias="region.code")
    year: int
    status: str
    status_label: str = Field(alias="get_status_display")
    affects_public_interest: bool
    professional_technical: bool
    risk_to_stability: bool
    hearing_required: bool
    concerns_market: bool
    started_on: datetime.date
    decided_on: datetime.date | None
    outcome: str
    published_on: datetime.date | None
    doc_number: str


class StepOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    done_on: datetime.date
    summary: str
    evidence: str
    method: str
    hearing_on: datetime.date | None
    materials_sent_on: datetime.date | None
    participants: str
    risk_level: str
    meeting_name: str
    outcome: str
    dissent: str


class ChecklistEntryOut(Schema):
    label: str
    required: bool
    present: bool
    note: str


class DecisionDetailOut(DecisionOut):
    mandatory: list[str] = Field(description="必经程序环节")
    missing: list[str] = Field(description="提交集体讨论决定前尚缺的环节")
    step_records: list[StepOut]
    archive_checklist: list[ChecklistEntryOut]


class DecisionFilterIn(FilterSchema):
    q: Annotated[str | None, FilterLookup("title__icontains")] = Field(
        None, description="按决策事项名称查找"
    )
    year: Annotated[int | None, FilterLookup("year")] = None
    status: Annotated[str | None, FilterLookup("status")] = Field(
        None, description="状态，如 drafting、decided、published"
    )


class StepIn(Schema):
    kind: StepKind = Field(description="程序环节：drafting、public_participation、hearing 等")
    done_on: datetime.date
    evidence: str = Field(description="证明材料")
    summary: str = ""
    method: str = ""
    hearing_on: datetime.date | None = None
    materials_sent_on: datetime.date | None = None
    participants: str = ""
    risk_level: str = ""


class ReviewSubmitIn(Schema):
    materials_provided: list[str] = Field(
        description="送审材料：draft、legal_basis、procedure_note、public_opinions 等"
    )
    note: str = ""
    on: datetime.date | None = None


class ReviewOut(Schema):
    id: int
    status: str
    submitted_on: datetime.date


class DecideIn(Schema):
    meeting_name: str
    decided_on: datetime.date
    outcome: str = Field(description="adopted、adopted_after_changes、not_adopted 或 deferred")
    evidence: str
    dissent: str = ""
    summary: str = ""


class PublishIn(Schema):
    published_on: datetime.date
    channel: str
    evidence: str
    doc_number: str = ""
    summary: str = ""


def _detail(decision: MajorDecision) -> MajorDecision:
    """The decision with what the detail schema adds: its steps, what is missing, the archive."""
    extra = {
        "mandatory": [str(StepKind(kind).label) for kind in decision.mandatory_steps()],
        "missing": selectors.decision_missing_steps(decision),
        "step_records": list(selectors.decision_step_list(decision)),
        "archive_checklist": selectors.archive_checklist(decision),
    }
    for name, value in extra.items():
        setattr(decision, name, value)
    return decision


@router.get(
    "/", response={200: list[DecisionOut], 401: ErrorOut, 403: ErrorOut}, summary="决策列表"
)
@paginate(LimitOffsetPage)
def decision_list(
    request: HttpRequest, filters: Query[DecisionFilterIn]
) -> QuerySet[MajorDecision]:
    return filters.filter(selectors.decision_list(user=_user(request))).order_by("-year", "-pk")


@router.get("/{decision_id}", response={200: DecisionDetailOut, **ERRORS}, summary="决策详情")
def decision_detail(request: HttpRequest, decision_id: int) -> MajorDecision:
    return _detail(access_decision_by_id(_user(request), decision_id))


@router.post(
    "/{decision_id}/steps", response={201: StepOut, **ERRORS}, summary="登记程序环节及证明材料"
)
def step_record(request: HttpRequest, decision_id: int, payload: StepIn) -> Status[Any]:
    data = payload.dict()
    step = services.decision_step_record(
        acting_user=_user(request), decision_id=decision_id, **{**data, "kind": str(payload.kind)}
    )
    return Status(201, step)


@router.post(
    "/{decision_id}/legality-review",
    response={201: ReviewOut, **ERRORS},
    summary="送司法局合法性审查",
)
def review_submit(request: HttpRequest, decision_id: int, payload: ReviewSubmitIn) -> Status[Any]:
    review = services.decision_submit_for_review(
        acting_user=_user(request), decision_id=decision_id, **payload.dict()
    )
    return Status(201, review)


@router.post(
    "/{decision_id}/decide",
    response={200: DecisionDetailOut, **ERRORS},
    summary="登记集体讨论决定（须已履行全部必经程序）",
)
def decide(request: HttpRequest, decision_id: int, payload: DecideIn) -> MajorDecision:
    user = _user(request)
    decision = services.decision_decide(acting_user=user, decision_id=decision_id, **payload.dict())
    return _detail(decision)


@router.post(
    "/{decision_id}/publish", response={200: DecisionDetailOut, **ERRORS}, summary="公布决策"
)
def publish(request: HttpRequest, decision_id: int, payload: PublishIn) -> MajorDecision:
    user = _user(request)
    decision = services.decision_publish(
        acting_user=user, decision_id=decision_id, **payload.dict()
    )
    return _detail(decision)
