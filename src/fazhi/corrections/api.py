"""Community corrections API (社区矫正、安置帮教): subjects, checks, alerts, the register.

Subjects and their location checks, the alerts and closing one, and the resettlement register.

Scope is the pages' scope: a judicial office (司法所) sees the subjects and released persons of
its town, the county corrections body all of its county; anyone else — town-government staff
included — gets 403 (the desk), or an empty register where the pages show one. Out-of-scope ids
answer 404.

Handlers parse input, call a selector or service and shape the output. Identifying fields leave
only masked (no reveal through the API); a minor's name is masked and the ID number withheld even
masked (社区矫正法 art. 54). Photos and location places never leave. Reading a subject or its
checks writes a VIEW_SENSITIVE audit row, as the subject's page does. Lists answer
`{count, limit, offset, items}`.
"""

import datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from fazhi.core.api import ErrorOut, LimitOffsetPage, MaskedPersonOut
from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.corrections.models import (
    CorrectionSubject,
    LocationCheck,
    ReleasedPerson,
    SupervisionAlert,
)
from fazhi.corrections.permissions import access_subject_by_id, require_corrections_desk
from fazhi.corrections.resettlement_tables import town_of
from fazhi.corrections.selectors import alert_list, subject_list
from fazhi.corrections.selectors.resettlement import released_person_list
from fazhi.corrections.services.supervision import alert_close

router = Router(tags=["社区矫正"])

Subject = CorrectionSubject
Alert = SupervisionAlert
Person = ReleasedPerson

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 422: ErrorOut}

# A minor's ID number carries the birth date: withheld even masked (art. 54), as on the pages.
MINOR_ID_NUMBER = "******"


def _desk_user(request: HttpRequest) -> Any:
    """The token's user, if they work in community corrections (the county body or an office)."""
    user = request.auth  # type: ignore[attr-defined]
    require_corrections_desk(user)
    return user


def _resettlement_user(request: HttpRequest) -> Any:
    """The token's user, if they keep a resettlement register (as the register's page asks)."""
    user = request.auth  # type: ignore[attr-defined]
    require_capability(user, Capability.RECORD_RESETTLEMENT)
    return user


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None


# Subjects -------------------------------------------------------------------------------------


class SubjectOut(Schema):
    id: int
    name: str = Field(description="姓名；未成年社区矫正对象只显示姓氏（社区矫正法第五十四条）")
    is_minor: bool = Field(description="未成年社区矫正对象")
    id_number_masked: str = Field(description="脱敏身份证号；未成年人不显示")
    gender: str
    gender_label: str
    category: str = Field(description="矫正类别：control、probation、parole、temporary_outside")
    category_label: str
    level: str = Field(description="管理等级：strict、normal、lenient；未定级为空")
    level_label: str
    status: str
    status_label: str
    office_id: int
    office: str = Field(description="负责司法所")
    term_start: datetime.date
    term_end: datetime.date
    registered_on: datetime.date | None
    ended_on: datetime.date | None

    @staticmethod
    def resolve_name(subject: Subject) -> str:
        return subject.display_name

    @staticmethod
    def resolve_id_number_masked(subject: Subject) -> str:
        return MINOR_ID_NUMBER if subject.is_minor else subject.masked_id_number

    @staticmethod
    def resolve_gender_label(subject: Subject) -> str:
        return subject.get_gender_display()

    @staticmethod
    def resolve_category_label(subject: Subject) -> str:
        return subject.get_category_display()

    @staticmethod
    def resolve_level_label(subject: Subject) -> str:
        return subject.get_level_display() if subject.level else ""

    @staticmethod
    def resolve_status_label(subject: Subject) -> str:
        return subject.get_status_display()

    @staticmethod
    def resolve_office(subject: Subject) -> str:
        return subject.office.name


class SubjectDetailOut(SubjectOut):
    phone_masked: str = Field(description="脱敏联系电话")
    address_masked: str = Field(description="脱敏居住地址")
    crime: str
    sentence: str
    prohibition: str
    decision_authority: str
    decision_number: str
    decision_effective_on: datetime.date
    notice_due_on: datetime.date = Field(description="决定机关通知期限（生效起5日）")
    notice_received_on: datetime.date | None
    documents_due_on: datetime.date = Field(description="法律文书送达期限（生效起10日）")
    documents_received_on: datetime.date | None
    report_due_on: datetime.date = Field(description="报到（移交）期限（10日）")
    reported_on: datetime.date | None
    reported_late: bool | None = Field(description="是否逾期报到；未报到时为空")
    search_started_on: datetime.date | None
    announced_on: datetime.date | None
    end_reason: str
    end_reason_label: str

    @staticmethod
    def resolve_phone_masked(subject: Subject) -> str:
        return subject.masked_phone

    @staticmethod
    def resolve_address_masked(subject: Subject) -> str:
        return subject.masked_address

    @staticmethod
    def resolve_end_reason_label(subject: Subject) -> str:
        return subject.get_end_reason_display() if subject.end_reason else ""


class SubjectFilterIn(FilterSchema):
    category: Annotated[str | None, FilterLookup("category")] = Field(
        None, description="矫正类别代码"
    )
    level: Annotated[str | None, FilterLookup("level")] = Field(None, description="管理等级代码")
    status: Annotated[str | None, FilterLookup("status")] = Field(None, description="状态代码")
    office: Annotated[int | None, FilterLookup("office_id")] = Field(
        None, description="负责司法所的单位ID"
    )


@router.get(
    "/subjects/",
    response={200: list[SubjectOut], **_ERRORS},
    summary="社区矫正对象列表",
    description="司法所看到本所负责的对象，县级社区矫正机构看到全部；其他用户 403。"
    "身份证号只脱敏输出，未成年人只显示姓氏、不显示身份证号。",
)
@paginate(LimitOffsetPage)
def subject_list_api(
    request: HttpRequest, filters: Query[SubjectFilterIn]
) -> QuerySet[CorrectionSubject]:
    return filters.filter(subject_list(user=_desk_user(request)))


def _subject_viewed(user: Any, subject: Subject, what: str) -> None:
    # PIPL art. 51 / 等保 8.1.4.3: every view of a sensitive personal record is logged, as the
    # subject's page does.
    audit_record(event=AuditLog.Event.VIEW_SENSITIVE, user=user, target=subject, message=what)


@router.get(
    "/subjects/{subject_id}",
    response={200: SubjectDetailOut, **_ERRORS},
    summary="社区矫正对象详情（脱敏）",
    description="记入审计（查看敏感个人信息）。",
)
def subject_detail_api(request: HttpRequest, subject_id: int) -> CorrectionSubject:
    user = _desk_user(request)
    subject = access_subject_by_id(user, subject_id)
    _subject_viewed(user, subject, "查看社区矫正对象详情(脱敏,接口)")
    return subject


class LocationCheckOut(Schema):
    id: int
    kind: str = Field(description="scheduled 司法所定期核查、spot 平台抽查")
    kind_label: str
    planned_on: datetime.date
    performed_at: datetime.datetime | None
    result: str = Field(description="in_area、out_of_area、unreachable；未核查为空")
    result_label: str = Field(description="核查结果；未核查的为“待核查”或“逾期未核查”")
    source: str = Field(description="定位来源")
    office: str = Field(description="核查的司法所")

    @staticmethod
    def resolve_kind_label(check: LocationCheck) -> str:
        return check.get_kind_display()

    @staticmethod
    def resolve_performed_at(check: LocationCheck) -> datetime.datetime | None:
        return _local(check.performed_at)

    @staticmethod
    def resolve_result_label(check: LocationCheck) -> str:
        if check.result:
            return check.get_result_display()
        return "待核查" if check.planned_on >= timezone.localdate() else "逾期未核查"

    @staticmethod
    def resolve_office(check: LocationCheck) -> str:
        return check.office.name


@router.get(
    "/subjects/{subject_id}/checks",
    response={200: list[LocationCheckOut], **_ERRORS},
    summary="社区矫正对象的信息化核查",
    description="计划日期新的在前；定位位置不输出。记入审计（查看敏感个人信息）。",
)
@paginate(LimitOffsetPage)
def subject_checks_api(request: HttpRequest, subject_id: int) -> QuerySet[LocationCheck]:
    user = _desk_user(request)
    subject = access_subject_by_id(user, subject_id)
    _subject_viewed(user, subject, "查看社区矫正对象信息化核查记录(接口)")
    return subject.location_checks.select_related("office").order_by("-planned_on", "-pk")


# Alerts ---------------------------------------------------------------------------------------


class AlertOut(Schema):
    id: int
    subject_id: int
    subject_name: str = Field(description="社区矫正对象；未成年人只显示姓氏")
    office: str = Field(description="负责司法所")
    kind: str = Field(description="out_of_area 越界、unreachable 无法定位、late_report 未按时报到")
    kind_label: str
    location_check_id: int | None = Field(description="来源核查；未按时报到的为空")
    raised_at: datetime.datetime
    status: str = Field(description="open 待处置、closed 已处置")
    status_label: str
    outcome: str
    outcome_label: str
    outcome_note: str
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_subject_name(alert: Alert) -> str:
        return alert.subject.display_name

    @staticmethod
    def resolve_office(alert: Alert) -> str:
        return alert.subject.office.name

    @staticmethod
    def resolve_kind_label(alert: Alert) -> str:
        return alert.get_kind_display()

    @staticmethod
    def resolve_raised_at(alert: Alert) -> datetime.datetime | None:
        return _local(alert.raised_at)

    @staticmethod
    def resolve_status_label(alert: Alert) -> str:
        return alert.get_status_display()

    @staticmethod
    def resolve_outcome_label(alert: Alert) -> str:
        return alert.get_outcome_display() if alert.outcome else ""

    @staticmethod
    def resolve_closed_at(alert: Alert) -> datetime.datetime | None:
        return _local(alert.closed_at)


class AlertFilterIn(FilterSchema):
    status: Annotated[Literal["open", "closed"] | None, FilterLookup("status")] = None
    kind: Annotated[str | None, FilterLookup("kind")] = Field(None, description="预警类型代码")


@router.get(
    "/alerts/",
    response={200: list[AlertOut], **_ERRORS},
    summary="监管预警列表",
    description="待处置的在前；司法所看到本所对象的预警，县级社区矫正机构看到全部。",
)
@paginate(LimitOffsetPage)
def alert_list_api(request: HttpRequest, filters: Query[AlertFilterIn]) -> QuerySet[Alert]:
    return filters.filter(alert_list(user=_desk_user(request)))


class AlertCloseIn(Schema):
    outcome: Literal[
        "confirmed_in_area",
        "approved_leave",
        "device_fault",
        "violation_handled",
        "found",
        "reported_to_police",
    ] = Field(
        description="处置结果：confirmed_in_area 经核实在辖区内、approved_leave 已批准外出、"
        "device_fault 设备或信号故障已恢复联系、violation_handled 违规外出已依法处理、"
        "found 经查找已到案（报到）、reported_to_police 失去联系已通报公安机关"
    )
    note: str = Field(description="处置经过（必填）")


@router.post(
    "/alerts/{alert_id}/close",
    response={200: AlertOut, **_WRITE_ERRORS},
    summary="处置并关闭预警",
    description="须写明处置结果和经过；已处置的预警返回 422。记入审计。",
)
def alert_close_api(request: HttpRequest, alert_id: int, payload: AlertCloseIn) -> Alert:
    user = _desk_user(request)
    alert_close(acting_user=user, alert_id=alert_id, outcome=payload.outcome, note=payload.note)
    return alert_list(user=user).get(pk=alert_id)


# Resettlement ---------------------------------------------------------------------------------


class ReleasedPersonOut(MaskedPersonOut):
    region_code: str = Field(description="居住地区划代码")
    region: str = Field(description="居住地（村居或镇街）")
    town: str = Field(description="所在镇街")
    prison: str
    offence: str
    sentence: str
    release_on: datetime.date
    is_key: bool = Field(description="重点帮教对象")
    handover_method: str
    handover_method_label: str
    handed_over_on: datetime.date | None
    reported_on: datetime.date | None
    risk_level: str
    status: str = Field(
        description="notified 待衔接、handed_over 已衔接待报到、in_support 帮教中、"
        "ended 帮教期满解除、reoffended 重新犯罪、lost_contact 失联"
    )
    status_label: str
    support_until: datetime.date = Field(description="帮教期止")
    ended_on: datetime.date | None
    reoffended_on: datetime.date | None
    lost_contact_on: datetime.date | None
    archived_on: datetime.date | None = Field(description="归档日期；未归档为空")

    @staticmethod
    def resolve_region_code(person: Person) -> str:
        return person.region.code

    @staticmethod
    def resolve_region(person: Person) -> str:
        return person.region.name

    @staticmethod
    def resolve_town(person: Person) -> str:
        return town_of(person.region)

    @staticmethod
    def resolve_handover_method_label(person: Person) -> str:
        return person.get_handover_method_display() if person.handover_method else ""

    @staticmethod
    def resolve_status_label(person: Person) -> str:
        return person.get_status_display()


class ReleasedPersonFilterIn(FilterSchema):
    status: Annotated[str | None, FilterLookup("status")] = Field(None, description="状态代码")
    is_key: Annotated[bool | None, FilterLookup("is_key")] = Field(
        None, description="是否重点帮教对象"
    )
    release_year: Annotated[int | None, FilterLookup("release_on__year")] = Field(
        None, description="释放年度"
    )


@router.get(
    "/released/",
    response={200: list[ReleasedPersonOut], **_ERRORS},
    summary="刑满释放人员（安置帮教）名册",
    description="司法所看到本镇街居民，县级社区矫正机构看到全部。默认为在册（未归档）人员；"
    "`archived=true` 只列已归档的人员。身份证号、电话、住址只脱敏输出。",
)
@paginate(LimitOffsetPage)
def released_person_list_api(
    request: HttpRequest,
    filters: Query[ReleasedPersonFilterIn],
    archived: bool = False,
) -> QuerySet[Person]:
    user = _resettlement_user(request)
    return filters.filter(released_person_list(user=user, archived=archived))
