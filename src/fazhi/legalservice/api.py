"""Legal aid API (法律援助): applications in scope, registering one, and the centre's steps.

The centre also registers the notices of criminal cases (arts. 25, 28, 36), provides aid in
advance (art. 44), terminates (art. 48) and records quality checks (art. 59); a lawyer's token
lists and reads only the cases assigned to the lawyer's account.

Handlers parse input, call a selector or service and shape the output; scope, capability checks
and auditing happen below them. Lists answer `{count, limit, offset, items}`. ID numbers and
phones leave only masked.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.models import User
from fazhi.core.permissions import access_region_by_id, require_capability
from fazhi.core.roles import Capability
from fazhi.core.workflow import transitions_of
from fazhi.legalservice import aid_followup, aid_services
from fazhi.legalservice.aid_selectors import (
    legal_aid_application_list,
    legal_aid_lawyer_accounts,
    legal_aid_list_closed_unchecked,
    legal_aid_quality_checks_of,
)
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck
from fazhi.legalservice.permissions import access_legal_aid_application_by_id

router = Router(tags=["法律援助"])

Aid = LegalAidApplication

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    """The token's user, if they work on legal aid (the centre, a town's office, a lawyer)."""
    user = request.auth  # type: ignore[attr-defined]
    if not user.has_any_capability(
        Capability.MANAGE_LEGAL_SERVICE_NETWORK, Capability.HANDLE_LEGAL_AID_CASES
    ):
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
    notice_number: str = Field(description="办案机关通知书文号；申请的为空")
    terminated_on: datetime.date | None
    subsidy_amount: Decimal | None = Field(description="办案补贴（元），结案时按案件类别计算")

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


class QualityCheckOut(Schema):
    id: int
    kind: str
    kind_label: str
    checked_on: datetime.date
    checker: str
    result: str
    result_label: str
    score: Decimal | None
    note: str

    @staticmethod
    def resolve_kind_label(check: LegalAidQualityCheck) -> str:
        return check.get_kind_display()

    @staticmethod
    def resolve_result_label(check: LegalAidQualityCheck) -> str:
        return check.get_result_display()


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
    assignee_user_id: int | None = Field(description="承办律师账号ID；无账号的为空")
    notifying_body: str = Field(description="通知机关类别：police、procuratorate、court")
    notifying_authority: str
    notice_ground: str = Field(description="应当通知的情形（法律援助法第二十五条、第二十八条）")
    advance_reason: str = Field(description="先行援助情形（法律援助法第四十四条）")
    advance_note: str
    limitation_ends_on: datetime.date | None
    advanced_on: datetime.date | None
    termination_ground: str = Field(description="终止情形（法律援助法第四十八条）")
    termination_reasons: str
    termination_notice_on: datetime.date | None
    quality_checks: list[QualityCheckOut] = Field(description="质量检查")
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

    @staticmethod
    def resolve_quality_checks(application: Aid, context: Any) -> list[Any]:
        user = context["request"].auth
        return list(legal_aid_quality_checks_of(user=user, application=application))


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


@router.get(
    "/aid/unchecked",
    response={200: list[LegalAidOut], **_ERRORS},
    summary="结案未质量检查的案件",
    description="已结案但尚无任何质量检查（庭审旁听、案卷检查、回访等）的案件，结案日期新的在前。",
)
@paginate(LimitOffsetPage)
def legal_aid_unchecked_api(request: HttpRequest) -> QuerySet[Aid]:
    return legal_aid_list_closed_unchecked(user=_user(request))


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
    assignee_user_id: int | None = Field(
        None, description="承办律师的账号ID；指派后该律师可以查看本案"
    )
    assigned_on: datetime.date | None = Field(None, description="指派日期，默认今天")


def _lawyer_account(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    lawyer = legal_aid_lawyer_accounts().filter(pk=user_id).first()
    if lawyer is None:
        raise ValidationError({"assignee_user_id": "该账号不是在用的律师账号"})
    return lawyer


def _assignment(payload: Any, on: datetime.date) -> aid_services.AssignmentRow:
    return aid_services.AssignmentRow(
        assignee_name=payload.assignee_name,
        assignee_kind=payload.assignee_kind,
        assignee_org=payload.assignee_org,
        assigned_on=on,
        assignee_user=_lawyer_account(payload.assignee_user_id),
    )


@router.post(
    "/aid/{application_id}/assign",
    response={200: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="指派承办人员",
)
def legal_aid_assign_api(
    request: HttpRequest, application_id: int, payload: LegalAidAssignIn
) -> Aid:
    application = aid_services.legal_aid_assign(
        acting_user=_user(request),
        application_id=application_id,
        row=_assignment(payload, payload.assigned_on or timezone.localdate()),
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


class LegalAidNoticeIn(Schema):
    region_id: int = Field(description="犯罪嫌疑人、被告人所在镇街或村居的区划ID")
    applicant_name: str = Field(min_length=1, max_length=64, description="犯罪嫌疑人、被告人")
    id_number: str = Field(min_length=1, max_length=18)
    notifying_body: Literal["police", "procuratorate", "court"]
    notifying_authority: str = Field(min_length=1, max_length=100, description="如：荣成市公安局")
    notice_number: str = Field(min_length=1, max_length=64, description="通知书文号")
    notice_ground: str = Field(description="应当通知的情形代码，如 minor、life_or_death")
    summary: str = ""
    received_on: datetime.date | None = Field(None, description="收到通知日期，默认今天")


@router.post(
    "/aid/notices/",
    response={201: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="登记通知辩护、通知代理",
    description="法律援助法第二十五条、第二十八条、第三十六条：无需申请、不审查经济状况，"
    "收到通知之日起3日内指派律师。",
)
def legal_aid_notice_api(request: HttpRequest, payload: LegalAidNoticeIn) -> Status[Aid]:
    user = _user(request)
    application = aid_services.legal_aid_notify(
        acting_user=user,
        application=aid_services.ApplicationRow(
            region=access_region_by_id(user, payload.region_id),
            applicant_name=payload.applicant_name,
            id_number=payload.id_number,
            channel=Aid.Channel.NOTIFIED,
            matter=Aid.Matter.CRIMINAL_MANDATORY,
            received_on=payload.received_on or timezone.localdate(),
            summary=payload.summary,
        ),
        notice=aid_services.NoticeRow(
            notifying_body=payload.notifying_body,
            notifying_authority=payload.notifying_authority,
            notice_number=payload.notice_number,
            notice_ground=payload.notice_ground,
        ),
    )
    return Status(201, _reloaded(request, application))


class LegalAidAdvanceIn(LegalAidAssignIn):
    advance_reason: Literal["limitation", "preservation", "other"]
    limitation_ends_on: datetime.date | None = Field(
        None, description="时效或者期限届满日（limitation 时必填，距届满须不足7日）"
    )
    advance_note: str = ""
    advanced_on: datetime.date | None = Field(None, description="决定先行援助日期，默认今天")


@router.post(
    "/aid/{application_id}/advance",
    response={200: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="先行提供法律援助",
    description="法律援助法第四十四条；审查决定仍自收到申请之日起7日内作出。",
)
def legal_aid_advance_api(
    request: HttpRequest, application_id: int, payload: LegalAidAdvanceIn
) -> Aid:
    on = payload.advanced_on or timezone.localdate()
    application = aid_services.legal_aid_advance(
        acting_user=_user(request),
        application_id=application_id,
        row=aid_services.AdvanceRow(
            advance_reason=payload.advance_reason,
            advanced_on=on,
            assignment=_assignment(payload, on),
            limitation_ends_on=payload.limitation_ends_on,
            advance_note=payload.advance_note,
        ),
    )
    return _reloaded(request, application)


class LegalAidTerminateIn(Schema):
    termination_ground: str = Field(description="终止情形代码（法律援助法第四十八条）")
    termination_reasons: str = ""
    terminated_on: datetime.date | None = Field(None, description="终止日期，默认今天")
    termination_notice_on: datetime.date | None = Field(
        None, description="书面告知受援人日期，默认终止日期"
    )


@router.post(
    "/aid/{application_id}/terminate",
    response={200: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="终止法律援助",
)
def legal_aid_terminate_api(
    request: HttpRequest, application_id: int, payload: LegalAidTerminateIn
) -> Aid:
    on = payload.terminated_on or timezone.localdate()
    application = aid_followup.legal_aid_terminate(
        acting_user=_user(request),
        application_id=application_id,
        ground=payload.termination_ground,
        terminated_on=on,
        notice_on=payload.termination_notice_on or on,
        reasons=payload.termination_reasons,
    )
    return _reloaded(request, application)


class QualityCheckIn(Schema):
    kind: Literal["hearing", "file", "follow_up", "judicial_opinion"] = Field(
        description=(
            "hearing 庭审旁听、file 案卷检查、follow_up 回访受援人、"
            "judicial_opinion 征询司法机关意见"
        )
    )
    checked_on: datetime.date | None = Field(None, description="检查日期，默认今天")
    checker: str = Field(min_length=1, max_length=64)
    result: Literal["excellent", "good", "pass", "fail"]
    score: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=1)
    note: str = ""


@router.post(
    "/aid/{application_id}/quality-checks",
    response={201: LegalAidDetailOut, **_WRITE_ERRORS},
    summary="登记质量检查",
    description="法律援助法第五十九条；已指派、已结案或已终止的案件可以检查，一案可以多次。",
)
def legal_aid_quality_check_api(
    request: HttpRequest, application_id: int, payload: QualityCheckIn
) -> Status[Aid]:
    aid_followup.legal_aid_quality_check_add(
        acting_user=_user(request),
        application_id=application_id,
        kind=payload.kind,
        checked_on=payload.checked_on or timezone.localdate(),
        checker=payload.checker,
        result=payload.result,
        score=payload.score,
        note=payload.note,
    )
    return Status(201, access_legal_aid_application_by_id(request.auth, application_id))  # type: ignore[attr-defined]
