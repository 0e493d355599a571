"""Legal aid API (法律援助): applications in scope, registering one, and the centre's steps.

Handlers parse input, call a selector or service and shape the output; scope, capability checks
and auditing happen below them. Lists answer `{count, limit, offset, items}`. ID numbers and
phones leave only masked.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.permissions import access_region_by_id, require_capability
from fazhi.core.roles import Capability
from fazhi.core.workflow import transitions_of
from fazhi.legalservice import aid_services
from fazhi.legalservice.aid_selectors import legal_aid_application_list
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.permissions import access_legal_aid_application_by_id

router = Router(tags=["法律援助"])

Aid = LegalAidApplication

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    """The token's user, if they work the legal-service desk (the centre or a town's office)."""
    user = request.auth  # type: ignore[attr-defined]
    if not user.has_capability(Capability.MANAGE_LEGAL_SERVICE_NETWORK):
        require_capability(user, Capability.RECORD_LEGAL_SERVICES)
    return user


class LegalAidOut(Schema):
    id: int
    applicant_name: str
    id_number_masked: str = Field(description="脱敏身份证号")
    region_code: str
    region: str = Field(description="申请人所在区划")
    channel: str
    channel_label: str
    kind: str
    kind_label: str
    matter: str
    matter_label: str
    green_channel: str = Field(description="绿色通道类别；非绿色通道为空")
    status: str
    status_label: str
    received_on: datetime.date
    decision_due_on: datetime.date = Field(description="审查决定期限（收到申请起7日，自然日）")
    decided_on: datetime.date | None
    assignment_due_on: datetime.date | None = Field(description="指派期限（决定起3日，自然日）")
    assigned_on: datetime.date | None
    closed_on: datetime.date | None

    @staticmethod
    def resolve_id_number_masked(application: Aid) -> str:
        return application.masked_id_number

    @staticmethod
    def resolve_region_code(application: Aid) -> str:
        return application.region.code

    @staticmethod
    def resolve_region(application: Aid) -> str:
        return application.region.name

    @staticmethod
    def resolve_channel_label(application: Aid) -> str:
        return application.get_channel_display()

    @staticmethod
    def resolve_kind_label(application: Aid) -> str:
        return application.get_kind_display()

    @staticmethod
    def resolve_matter_label(application: Aid) -> str:
        return application.get_matter_display()

    @staticmethod
    def resolve_status_label(application: Aid) -> str:
        return application.get_status_display()


class TransitionOut(Schema):
    action: str
    from_state: str
    to_state: str
    step_on: datetime.date | None
    actor: str
    opinion: str

    @staticmethod
    def resolve_actor(transition: Any) -> str:
        return str(transition.actor) if transition.actor else ""


class LegalAidDetailOut(LegalAidOut):
    phone_masked: str = Field(description="脱敏联系电话")
    facility: str
    facility_received_at: datetime.datetime | None
    forward_due_at: datetime.datetime | None = Field(description="转交期限（收到起24小时）")
    forwarded_late: bool | None = Field(description="监管场所是否逾期转交；非转交的为空")
    summary: str
    materials_missing: str
    materials_notice_on: datetime.date | None
    materials_completed_on: datetime.date | None
    decision: str
    eligibility: str
    exemption: str
    monthly_income: Decimal | None
    hardship_threshold: Decimal | None
    refusal_reasons: str
    days_to_decision: int | None
    decided_on_time: bool | None = Field(description="是否按期决定；未决定时为空")
    assignee_name: str
    assignee_kind: str
    assignee_org: str
    assigned_on_time: bool | None = Field(description="是否按期指派；未指派时为空")
    same_day_met: bool | None = Field(description="绿色通道是否当天受理当天指派；其他为空")
    objection_received_on: datetime.date | None
    objection_due_on: datetime.date | None
    objection_outcome: str
    objection_decided_on: datetime.date | None
    closing_summary: str
    transitions: list[TransitionOut] = Field(description="办理记录")

    @staticmethod
    def resolve_phone_masked(application: Aid) -> str:
        return application.masked_phone

    @staticmethod
    def resolve_facility_received_at(application: Aid) -> datetime.datetime | None:
        moment = application.facility_received_at
        return timezone.localtime(moment) if moment else None

    @staticmethod
    def resolve_forward_due_at(application: Aid) -> datetime.datetime | None:
        moment = application.forward_due_at
        return timezone.localtime(moment) if moment else None

    @staticmethod
    def resolve_decided_on_time(application: Aid) -> bool | None:
        if application.decided_on is None:
            return None
        return application.decided_on <= application.decision_due_on

    @staticmethod
    def resolve_assigned_on_time(application: Aid) -> bool | None:
        if application.assigned_on is None or application.assignment_due_on is None:
            return None
        return application.assigned_on <= application.assignment_due_on

    @staticmethod
    def resolve_transitions(application: Aid) -> list[Any]:
        return list(transitions_of(application).order_by("pk"))


class LegalAidFilterIn(FilterSchema):
    status: Annotated[str | None, FilterLookup("status")] = Field(None, description="状态代码")
    year: Annotated[int | None, FilterLookup("received_on__year")] = Field(
        None, description="收到申请年度"
    )
    channel: Annotated[str | None, FilterLookup("channel")] = None
    kind: Annotated[str | None, FilterLookup("kind")] = Field(
        None, description="civil 民事、administrative 行政、criminal 刑事"
    )
    matter: Annotated[str | None, FilterLookup("matter")] = None


@router.get(
    "/aid/",
    response={200: list[LegalAidOut], **_ERRORS},
    summary="法律援助申请列表",
    description="镇街司法所看到本镇街的申请；司法局公共法律服务科（法律援助中心）看到全市的申请。",
)
@paginate(LimitOffsetPage)
def legal_aid_list_api(request: HttpRequest, filters: Query[LegalAidFilterIn]) -> QuerySet[Aid]:
    return filters.filter(legal_aid_application_list(user=_user(request)))


@router.get("/aid/{application_id}", response={200: LegalAidDetailOut, **_ERRORS}, summary="详情")
def legal_aid_detail_api(request: HttpRequest, application_id: int) -> Aid:
    return access_legal_aid_application_by_id(_user(request), application_id)


class LegalAidApplyIn(Schema):
    region_id: int = Field(description="申请人所在镇街或村居的区划ID")
    applicant_name: str = Field(min_length=1, max_length=64)
    id_number: str = Field(min_length=1, max_length=18)
    phone: str = ""
    channel: Literal["counter", "station", "forwarded"] = Field(
        "counter", description="counter 窗口申请、station 工作站代为转交、forwarded 监管场所转交"
    )
    facility: str = ""
    facility_received_at: datetime.datetime | None = None
    matter: str = Field(description="援助事项代码，如 labour_pay、maintenance")
    green_channel: Literal["", "migrant_wages", "subsistence", "other"] = ""
    summary: str = ""
    received_on: datetime.date | None = Field(None, description="收到申请日期，默认今天")


def _reloaded(request: HttpRequest, application: Aid) -> Aid:
    return access_legal_aid_application_by_id(request.auth, application.pk)  # type: ignore[attr-defined]


@router.post("/aid/", response={201: LegalAidDetailOut, **_WRITE_ERRORS}, summary="登记申请")
def legal_aid_apply_api(request: HttpRequest, payload: LegalAidApplyIn) -> Status[Aid]:
    user = _user(request)
    values = payload.dict(exclude={"region_id", "received_on"})
    row = aid_services.ApplicationRow(
        region=access_region_by_id(user, payload.region_id),
        received_on=payload.received_on or timezone.localdate(),
        **values,
    )
    application = aid_services.legal_aid_apply(acting_user=user, row=row)
    return Status(201, _reloaded(request, application))


class LegalAidDecideIn(Schema):
    decision: Literal["granted", "refused"]
    decided_on: datetime.date | None = Field(None, description="决定日期，默认今天")
    eligibility: Literal["", "income", "exempt", "commitment"] = Field(
        "", description="给予援助时必填：income 收入核查、exempt 免审免查、commitment 个人诚信承诺"
    )
    exemption: str = Field("", description="eligibility 为 exempt 时必填")
    monthly_income: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    refusal_reasons: str = Field("", description="不予法律援助时必填")


@router.post(
    "/aid/{application_id}/decide",
    response={200: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="审查决定",
    description="给予或不予法律援助；当前状态不能作出决定的返回 409。",
)
def legal_aid_decide_api(
    request: HttpRequest, application_id: int, payload: LegalAidDecideIn
) -> Aid:
    values = payload.dict()
    values["decided_on"] = payload.decided_on or timezone.localdate()
    application = aid_services.legal_aid_decide(
        acting_user=_user(request),
        application_id=application_id,
        row=aid_services.DecisionRow(**values),
    )
    return _reloaded(request, application)


class LegalAidAssignIn(Schema):
    assignee_name: str = Field(min_length=1, max_length=64)
    assignee_kind: Literal["lawyer", "grassroots_worker", "staff", "volunteer"]
    assignee_org: str = Field(min_length=1, max_length=100)
    assigned_on: datetime.date | None = Field(None, description="指派日期，默认今天")


@router.post(
    "/aid/{application_id}/assign",
    response={200: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="指派承办人员",
)
def legal_aid_assign_api(
    request: HttpRequest, application_id: int, payload: LegalAidAssignIn
) -> Aid:
    values = payload.dict()
    values["assigned_on"] = payload.assigned_on or timezone.localdate()
    application = aid_services.legal_aid_assign(
        acting_user=_user(request),
        application_id=application_id,
        row=aid_services.AssignmentRow(**values),
    )
    return _reloaded(request, application)


class LegalAidCloseIn(Schema):
    closing_summary: str = Field(description="结案报告摘要")
    closed_on: datetime.date | None = Field(None, description="结案日期，默认今天")


@router.post(
    "/aid/{application_id}/close",
    response={200: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="结案",
)
def legal_aid_close_api(request: HttpRequest, application_id: int, payload: LegalAidCloseIn) -> Aid:
    application = aid_services.legal_aid_close(
        acting_user=_user(request),
        application_id=application_id,
        closed_on=payload.closed_on or timezone.localdate(),
        closing_summary=payload.closing_summary,
    )
    return _reloaded(request, application)
