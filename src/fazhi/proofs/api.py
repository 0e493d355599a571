"""Proofs API: the catalog and its review; service applications (办件) and what follows them.

The catalog on a day, an item's versions, proposals, review and release; applications from
opening to decision, verification, spot checks and untrue commitments.

Lists answer `{count, limit, offset, items}`; a refused step answers the central error envelope
(422 naming the field, 409 for a wrong state). The applicant's ID number leaves only masked.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.models import Organization
from fazhi.proofs import selectors
from fazhi.proofs.api_schemas import (
    AnswerIn,
    ApplicationDetailOut,
    ApplicationFilterIn,
    ApplicationIn,
    ApplicationOut,
    AssistedFilterIn,
    AssistedOut,
    AssistIn,
    CorrectionIn,
    DecideIn,
    DrawIn,
    FalseCommitmentFilterIn,
    FalseCommitmentIn,
    FalseCommitmentOut,
    LetterOut,
    PaperIn,
    ProofOut,
    RepairIn,
    RouteIn,
    SignIn,
    SpotCheckDetailOut,
    SpotCheckFilterIn,
    SpotCheckIn,
    SpotCheckOut,
    TerminateIn,
    VerificationOut,
)
from fazhi.proofs.letters import Letter, template_error
from fazhi.proofs.models import (
    ApplicationProof,
    CatalogChange,
    CatalogRelease,
    FalseCommitment,
    ProofItem,
    ProofItemVersion,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.permissions import (
    access_application_by_id,
    access_application_proof_by_id,
    access_change_by_id,
    access_false_commitment_by_id,
    access_item_by_id,
    access_release_by_id,
    access_spot_check_by_id,
    require_applications_desk,
    require_catalog_desk,
)
from fazhi.proofs.services import applications, catalog, spot_checks, verifications

router = Router(tags=["证明事项告知承诺"])

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class VersionOut(Schema):
    id: int
    item_id: int
    code: str = Field(alias="item.code")
    name: str
    legal_basis: str
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    issuing_authority: str
    service_matters: list[str]
    field: str
    handling_mode: str
    verification_method: str
    verification_days: int | None
    exempt_from_verification: bool
    template_version: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    release_number: str = Field(alias="release.number")


class ItemOut(Schema):
    id: int
    code: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(item: ProofItem) -> list[ProofItemVersion]:
        return list(selectors.version_history(item).select_related("item"))


class ItemFilterIn(Schema):
    on: datetime.date | None = Field(None, description="清单日期，默认今天")
    handling_mode: str | None = Field(
        None, description="cancelled、commitment、data_check、retained"
    )
    field: str | None = Field(None, description="所属领域代码")
    organization_id: int | None = Field(None, description="索要单位ID")
    q: str | None = Field(None, description="按名称或编码查找")


@router.get("/items", response={200: list[VersionOut], **_ERRORS}, summary="某日有效的证明事项")
@paginate(LimitOffsetPage)
def item_list_api(request: HttpRequest, filters: Query[ItemFilterIn]) -> QuerySet[ProofItemVersion]:
    user = _user(request)
    require_catalog_desk(user)
    versions = selectors.version_list_in_force(user=user, on=filters.on or timezone.localdate())
    if filters.handling_mode:
        versions = versions.filter(handling_mode=filters.handling_mode)
    if filters.field:
        versions = versions.filter(field=filters.field)
    if filters.organization_id:
        versions = versions.filter(organization_id=filters.organization_id)
    if filters.q:
        versions = versions.filter(name__icontains=filters.q) | versions.filter(
            item__code__icontains=filters.q
        )
    return versions


@router.get("/items/{item_id}", response={200: ItemOut, **_ERRORS}, summary="证明事项及其版本")
def item_detail_api(request: HttpRequest, item_id: int) -> ProofItem:
    return access_item_by_id(_user(request), item_id)


class ChangeOut(Schema):
    id: int
    kind: str
    code: str
    organization_id: int
    proposed: dict[str, Any]
    reason: str
    status: str
    release_id: int | None
    decision_reason: str


class ChangeIn(Schema):
    organization_id: int = Field(description="提出单位(索要单位)ID")
    kind: Literal["add", "modify", "remove"]
    code: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1)
    fields: dict[str, Any] = Field(default_factory=dict, description="拟定内容(新增时为全部字段)")


@router.get("/changes", response={200: list[ChangeOut], **_ERRORS}, summary="清单调整申请")
@paginate(LimitOffsetPage)
def change_list_api(request: HttpRequest) -> QuerySet[CatalogChange]:
    user = _user(request)
    require_catalog_desk(user)
    return selectors.change_list(user=user)


@router.post("/changes", response={201: ChangeOut, **_WRITE_ERRORS}, summary="提出清单调整")
def change_propose_api(request: HttpRequest, payload: ChangeIn) -> Status[CatalogChange]:
    organization = (
        Organization.objects.select_related("region").filter(pk=payload.organization_id).first()
    )
    if organization is None:
        raise ValidationError({"organization_id": "提出单位不存在"})
    change = catalog.change_propose(
        acting_user=_user(request),
        organization=organization,
        proposal=catalog.Proposal(
            kind=payload.kind, code=payload.code, reason=payload.reason, fields=payload.fields
        ),
    )
    return Status(201, change)


class AcceptIn(Schema):
    release_id: int


class RejectIn(Schema):
    reason: str


@router.post(
    "/changes/{change_id}/accept", response={200: ChangeOut, **_WRITE_ERRORS}, summary="采纳"
)
def change_accept_api(request: HttpRequest, change_id: int, payload: AcceptIn) -> CatalogChange:
    catalog.change_accept(
        acting_user=_user(request), change_id=change_id, release_id=payload.release_id
    )
    return access_change_by_id(_user(request), change_id)


@router.post(
    "/changes/{change_id}/reject", response={200: ChangeOut, **_WRITE_ERRORS}, summary="不予采纳"
)
def change_reject_api(request: HttpRequest, change_id: int, payload: RejectIn) -> CatalogChange:
    return catalog.change_reject(
        acting_user=_user(request), change_id=change_id, reason=payload.reason
    )


class ReleaseOut(Schema):
    id: int
    number: str
    status: str
    published_on: datetime.date | None
    effective_on: datetime.date | None
    note: str


class PublishIn(Schema):
    effective_on: datetime.date
    on: datetime.date | None = Field(None, description="发布日期，默认今天")


@router.post(
    "/releases/{release_id}/publish",
    response={200: ReleaseOut, **_WRITE_ERRORS},
    summary="发布清单版本",
)
def release_publish_api(
    request: HttpRequest, release_id: int, payload: PublishIn
) -> CatalogRelease:
    catalog.release_publish(
        acting_user=_user(request),
        release_id=release_id,
        effective_on=payload.effective_on,
        on=payload.on,
    )
    return access_release_by_id(_user(request), release_id)


# Service applications (办件). Writes go through services.applications / verifications /
# spot_checks, which check the handling department and audit; these handlers only shape I/O.


def _organization(user: Any, pk: int, field: str) -> Organization:
    organization = (
        Organization.objects.visible_to(user).select_related("region").filter(pk=pk).first()
    )
    if organization is None:
        raise ValidationError({field: "单位不存在或不在您的数据范围内"})
    return organization


@contextmanager
def _fields_as_sent(**names: str) -> Iterator[None]:
    """Name a service's refused field as the client sent it (`organization` → `organization_id`)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None


@router.get("/applications", response={200: list[ApplicationOut], **_ERRORS}, summary="办件列表")
@paginate(LimitOffsetPage)
def application_list_api(
    request: HttpRequest, filters: Query[ApplicationFilterIn]
) -> QuerySet[ServiceApplication]:
    user = _user(request)
    require_applications_desk(user)
    found = selectors.application_list(user=user)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.matter:
        found = found.filter(matter=filters.matter)
    return found


@router.post(
    "/applications",
    response={201: ApplicationDetailOut, **_WRITE_ERRORS},
    summary="受理办件",
    description="按受理当日施行的清单列出该事项需要的证明材料及其替代方式。",
)
def application_open_api(
    request: HttpRequest, payload: ApplicationIn
) -> Status[ServiceApplication]:
    user = _user(request)
    application = applications.application_open(
        acting_user=user,
        organization=_organization(user, payload.organization_id, "organization_id"),
        **payload.dict(exclude={"organization_id"}),
    )
    return Status(201, application)


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetailOut, **_ERRORS},
    summary="办件详情(证明材料与核查)",
)
def application_detail_api(request: HttpRequest, application_id: int) -> ServiceApplication:
    return access_application_by_id(_user(request), application_id)


@router.post(
    "/applications/{application_id}/decide",
    response={200: ApplicationDetailOut, **_WRITE_ERRORS},
    summary="作出决定",
    description="准予办理须每项证明均已满足；不予办理须写明理由。已办结的返回 409。",
)
def application_decide_api(
    request: HttpRequest, application_id: int, payload: DecideIn
) -> ServiceApplication:
    return applications.application_decide(
        acting_user=_user(request),
        application_id=application_id,
        approve=payload.approve,
        note=payload.note,
    )


@router.post(
    "/applications/{application_id}/terminate",
    response={200: ApplicationDetailOut, **_WRITE_ERRORS},
    summary="终止办理",
)
def application_terminate_api(
    request: HttpRequest, application_id: int, payload: TerminateIn
) -> ServiceApplication:
    return applications.application_terminate(
        acting_user=_user(request), application_id=application_id, reason=payload.reason
    )


@router.post(
    "/application-proofs/{proof_id}/route",
    response={200: ProofOut, **_WRITE_ERRORS},
    summary="选择替代方式",
    description="告知承诺事项可在承诺与提交纸质证明之间选择；数据核查可改为协助核查或纸质证明。",
)
def proof_route_api(request: HttpRequest, proof_id: int, payload: RouteIn) -> ApplicationProof:
    return applications.proof_route_choose(
        acting_user=_user(request), proof_id=proof_id, route=payload.route
    )


@router.post(
    "/application-proofs/{proof_id}/sign",
    response={200: ProofOut, **_WRITE_ERRORS},
    summary="签署告知承诺书",
)
def proof_sign_api(request: HttpRequest, proof_id: int, payload: SignIn) -> ApplicationProof:
    return applications.commitment_sign(
        acting_user=_user(request), proof_id=proof_id, signature=payload.signature
    )


@router.get(
    "/application-proofs/{proof_id}/letter",
    response={200: LetterOut, **_WRITE_ERRORS},
    summary="告知承诺书文本",
    description="已签署的返回签署时的文本；未签署的返回待签署文本(签署方式与日期留空)。",
)
def proof_letter_api(request: HttpRequest, proof_id: int) -> dict[str, Any]:
    proof = access_application_proof_by_id(_user(request), proof_id)
    if proof.letter_text:
        letter = Letter(proof.template_version, proof.letter_text)
    else:
        if proof.route != Route.COMMITMENT:
            raise ValidationError({"route": "该证明未选择告知承诺方式，没有告知承诺书"})
        version = proof.version.template_version
        error = template_error(version) if version else "该证明事项未指定告知承诺书模板"
        if error:
            raise ValidationError({"template_version": error})
        letter = applications.letter_of(proof)
    return {
        "template_version": letter.template_version,
        "text": letter.text,
        "digest": letter.digest,
        "signed": proof.signed_at is not None,
    }


@router.post(
    "/application-proofs/{proof_id}/verify",
    response={200: VerificationOut, **_WRITE_ERRORS},
    summary="数据核查",
    description="数据源超时或不可用时照常返回 200，status 为 pending，并在 next_attempt_at "
    "自动重试；多次未果为 unanswered，请改用协助核查或纸质证明。",
)
def proof_verify_api(request: HttpRequest, proof_id: int) -> Verification:
    return verifications.verification_start(acting_user=_user(request), proof_id=proof_id)


@router.post(
    "/application-proofs/{proof_id}/assist",
    response={201: VerificationOut, **_WRITE_ERRORS},
    summary="发起行政协助核查",
)
def proof_assist_api(
    request: HttpRequest, proof_id: int, payload: AssistIn
) -> Status[Verification]:
    user = _user(request)
    with _fields_as_sent(organization="organization_id"):
        verification = verifications.assisted_request(
            acting_user=user,
            proof_id=proof_id,
            organization=_organization(user, payload.organization_id, "organization_id"),
            question=payload.question,
        )
    return Status(201, verification)


@router.post(
    "/application-proofs/{proof_id}/paper",
    response={200: ProofOut, **_WRITE_ERRORS},
    summary="收取纸质证明",
)
def proof_paper_api(request: HttpRequest, proof_id: int, payload: PaperIn) -> ApplicationProof:
    return applications.paper_proof_receive(
        acting_user=_user(request), proof_id=proof_id, note=payload.note
    )


@router.get(
    "/assisted",
    response={200: list[AssistedOut], **_ERRORS},
    summary="收到的协助核查请求",
    description="其他部门发给您所在部门的行政协助核查请求。",
)
@paginate(LimitOffsetPage)
def assisted_list_api(
    request: HttpRequest, filters: Query[AssistedFilterIn]
) -> QuerySet[Verification]:
    user = _user(request)
    require_applications_desk(user)
    found = selectors.assisted_requests_for(user=user)
    if filters.status:
        found = found.filter(status=filters.status)
    return found


@router.post(
    "/assisted/{verification_id}/answer",
    response={200: AssistedOut, **_WRITE_ERRORS},
    summary="答复协助核查",
)
def assisted_answer_api(
    request: HttpRequest, verification_id: int, payload: AnswerIn
) -> Verification:
    return verifications.assisted_answer(
        acting_user=_user(request),
        verification_id=verification_id,
        confirmed=payload.confirmed,
        answer=payload.answer,
    )


@router.post(
    "/verifications/{verification_id}/record",
    response={200: VerificationOut, **_WRITE_ERRORS},
    summary="登记本部门核查结果",
    description="没有数据源的抽查核查(书面核查、实地核查)由经办人登记结果。",
)
def verification_record_api(
    request: HttpRequest, verification_id: int, payload: AnswerIn
) -> Verification:
    return verifications.internal_check_record(
        acting_user=_user(request),
        verification_id=verification_id,
        confirmed=payload.confirmed,
        answer=payload.answer,
    )


@router.get("/spot-checks", response={200: list[SpotCheckOut], **_ERRORS}, summary="事后抽查")
@paginate(LimitOffsetPage)
def spot_check_list_api(
    request: HttpRequest, filters: Query[SpotCheckFilterIn]
) -> QuerySet[SpotCheck]:
    user = _user(request)
    require_applications_desk(user)
    found = selectors.spot_check_list(user=user)
    if filters.status:
        found = found.filter(status=filters.status)
    return found


@router.get(
    "/spot-checks/{spot_check_id}",
    response={200: SpotCheckDetailOut, **_ERRORS},
    summary="事后抽查详情",
)
def spot_check_detail_api(request: HttpRequest, spot_check_id: int) -> SpotCheck:
    return access_spot_check_by_id(_user(request), spot_check_id)


@router.post(
    "/spot-checks",
    response={201: SpotCheckDetailOut, **_WRITE_ERRORS},
    summary="公告事后抽查",
    description="固定该期间已作出决定的告知承诺并公告随机种子确定规则，随后再抽取。",
)
def spot_check_announce_api(request: HttpRequest, payload: SpotCheckIn) -> Status[SpotCheck]:
    user = _user(request)
    spot_check = spot_checks.spot_check_announce(
        acting_user=user,
        organization=_organization(user, payload.organization_id, "organization_id"),
        period_start=payload.period_start,
        period_end=payload.period_end,
        seed_rule=payload.seed_rule,
    )
    return Status(201, access_spot_check_by_id(user, spot_check.pk))


@router.post(
    "/spot-checks/{spot_check_id}/draw",
    response={200: SpotCheckDetailOut, **_WRITE_ERRORS},
    summary="抽取并启动核查",
)
def spot_check_draw_api(request: HttpRequest, spot_check_id: int, payload: DrawIn) -> SpotCheck:
    user = _user(request)
    spot_checks.spot_check_draw(
        acting_user=user, spot_check_id=spot_check_id, seed_value=payload.seed_value
    )
    return access_spot_check_by_id(user, spot_check_id)


@router.post(
    "/spot-checks/{spot_check_id}/close",
    response={200: SpotCheckDetailOut, **_WRITE_ERRORS},
    summary="完成抽查",
)
def spot_check_close_api(request: HttpRequest, spot_check_id: int) -> SpotCheck:
    user = _user(request)
    spot_checks.spot_check_close(acting_user=user, spot_check_id=spot_check_id)
    return access_spot_check_by_id(user, spot_check_id)


@router.get(
    "/false-commitments",
    response={200: list[FalseCommitmentOut], **_ERRORS},
    summary="不实承诺",
)
@paginate(LimitOffsetPage)
def false_commitment_list_api(
    request: HttpRequest, filters: Query[FalseCommitmentFilterIn]
) -> QuerySet[FalseCommitment]:
    user = _user(request)
    require_applications_desk(user)
    found = selectors.false_commitment_list(user=user)
    if filters.status:
        found = found.filter(status=filters.status)
    return found


@router.post(
    "/false-commitments",
    response={201: FalseCommitmentOut, **_WRITE_ERRORS},
    summary="认定不实承诺",
    description="办理中的终止办理；已准予的责令限期整改(须填 correction_due_on)或撤销决定。"
    "认定即记入信用记录，信用修复前该申请人不适用告知承诺制。",
)
def false_commitment_record_api(
    request: HttpRequest, payload: FalseCommitmentIn
) -> Status[FalseCommitment]:
    user = _user(request)
    with _fields_as_sent(proof="proof_id"):
        record = spot_checks.false_commitment_record(
            acting_user=user,
            proof_id=payload.proof_id,
            finding=payload.finding,
            measure=payload.measure,
            correction_due_on=payload.correction_due_on,
        )
    return Status(201, access_false_commitment_by_id(user, record.pk))


@router.post(
    "/false-commitments/{record_id}/correction",
    response={200: FalseCommitmentOut, **_WRITE_ERRORS},
    summary="整改结论",
    description="未整改到位的，撤销办理决定。",
)
def false_commitment_correction_api(
    request: HttpRequest, record_id: int, payload: CorrectionIn
) -> FalseCommitment:
    return spot_checks.correction_conclude(
        acting_user=_user(request),
        false_commitment_id=record_id,
        corrected=payload.corrected,
        note=payload.note,
    )


@router.post(
    "/false-commitments/{record_id}/repair",
    response={200: FalseCommitmentOut, **_WRITE_ERRORS},
    summary="信用修复",
)
def false_commitment_repair_api(
    request: HttpRequest, record_id: int, payload: RepairIn
) -> FalseCommitment:
    return spot_checks.credit_repair(
        acting_user=_user(request), false_commitment_id=record_id, reason=payload.reason
    )
