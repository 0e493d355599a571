"""Rules API: the legality pre-check (智能预审), normative documents and drafting plans.

Handlers parse input, call a service or selector and shape the output; scope, capability checks
and auditing happen below them. Lists answer `{count, limit, offset, items}`; a refused step
answers the central error envelope (422 naming what is missing, 409 for a wrong state).
"""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.models import Organization, Region
from fazhi.core.permissions import deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.legality.selectors import comment_period_latest_of, review_history_of
from fazhi.rules import selectors
from fazhi.rules.models import DocumentEvaluation, DraftingPlan, NormativeDocument, PlanItem
from fazhi.rules.permissions import (
    access_document_by_id,
    access_plan_by_id,
    access_plan_item_by_id,
    require_document_desk,
)
from fazhi.rules.precheck import TEXT_MAX_CHARACTERS, split_sentences
from fazhi.rules.services import documents, history, plans
from fazhi.rules.subjects import DOCUMENT_MATERIALS

router = Router(tags=["行政规范性文件"])


class PrecheckIn(Schema):
    text: str = Field(
        min_length=1, max_length=TEXT_MAX_CHARACTERS, description="草案全文，每段一行"
    )


class PrecheckFlagOut(Schema):
    paragraph: int = Field(description="所在段落(从1起，不计空行)")
    sentence: str
    matched_text: str = Field(description="触发规则的文字")
    rule_code: str
    rule_name: str
    category: str
    category_label: str
    explanation: str
    legal_basis: str


class PrecheckOut(Schema):
    notice: str
    sentences: int = Field(description="预审的句子数")
    flags: list[PrecheckFlagOut]


NOTICE = "智能预审仅供审核人员参考，不作为审核结论"


@router.post(
    "/precheck",
    response={200: PrecheckOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="智能预审：逐句提示草案中可能缺乏法律依据的表述",
)
def precheck(request: HttpRequest, payload: PrecheckIn) -> dict[str, Any]:
    user: Any = request.auth  # type: ignore[attr-defined]
    flags = selectors.precheck_run(user=user, text=payload.text)
    return {
        "notice": NOTICE,
        "sentences": len(split_sentences(payload.text)),
        "flags": flags,
    }


# -- normative documents ---------------------------------------------------------------------

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _organization(pk: int, field: str, label: str) -> Organization:
    found = Organization.objects.select_related("region").filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"{label}不存在"})
    return found


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    level: str = Field(description="government(政府规范性文件)、department(部门规范性文件)")
    level_label: str
    issuer_id: int
    issuer: str
    organization_id: int
    organization: str
    region_code: str
    status: str
    status_label: str
    concerns_market: bool
    plan_item_id: int | None
    doc_number: str
    registration_number: str
    signed_on: datetime.date | None
    published_on: datetime.date | None
    effective_on: datetime.date | None
    valid_until: datetime.date | None
    filing_authority: str
    filing_due_on: datetime.date | None
    filed_on: datetime.date | None
    filed_late: bool | None = Field(description="是否逾期报送备案；尚未报送时为空")
    ended_on: datetime.date | None

    @staticmethod
    def resolve_kind_label(document: NormativeDocument) -> str:
        return document.get_kind_display()

    @staticmethod
    def resolve_level_label(document: NormativeDocument) -> str:
        return document.get_level_display()

    @staticmethod
    def resolve_issuer(document: NormativeDocument) -> str:
        return document.issuer.name

    @staticmethod
    def resolve_organization(document: NormativeDocument) -> str:
        return document.organization.name

    @staticmethod
    def resolve_region_code(document: NormativeDocument) -> str:
        return document.region.code

    @staticmethod
    def resolve_status_label(document: NormativeDocument) -> str:
        return document.get_status_display()


class ReviewBriefOut(Schema):
    id: int
    status: str
    status_label: str
    submitted_on: datetime.date
    accepted_on: datetime.date | None
    opinion: str
    opinion_label: str
    opinion_text: str
    reviewer: str
    concluded_on: datetime.date | None
    working_days_used: int | None


class CommentPeriodBriefOut(Schema):
    id: int
    starts_on: datetime.date
    ends_on: datetime.date
    minimum_days: int
    urgent_reason: str
    received: int
    adopted: int
    summary_published_on: datetime.date | None


class EvaluationOut(Schema):
    id: int
    kind: str
    kind_label: str
    evaluated_on: datetime.date
    conclusion: str
    conclusion_label: str
    report: str
    valid_until_before: datetime.date | None
    valid_until_after: datetime.date | None

    @staticmethod
    def resolve_kind_label(evaluation: DocumentEvaluation) -> str:
        return evaluation.get_kind_display()

    @staticmethod
    def resolve_conclusion_label(evaluation: DocumentEvaluation) -> str:
        return evaluation.get_conclusion_display()


class DocumentDetailOut(DocumentOut):
    draft_text: str
    comment_skip_reason: str
    fair_competition_conclusion: str
    fair_competition_on: datetime.date | None
    deliberation_meeting: str
    deliberation_on: datetime.date | None
    signer: str
    reviews: list[ReviewBriefOut]
    comment_period: CommentPeriodBriefOut | None
    evaluations: list[EvaluationOut]
    issue_missing: list[str] = Field(description="签发印发前尚缺的条件(合法性审核意见、集体审议)")

    @staticmethod
    def resolve_reviews(document: NormativeDocument) -> list[dict[str, Any]]:
        return [
            {
                "id": review.pk,
                "status": review.status,
                "status_label": review.get_status_display(),
                "submitted_on": review.submitted_on,
                "accepted_on": review.accepted_on,
                "opinion": review.opinion,
                "opinion_label": review.get_opinion_display() if review.opinion else "",
                "opinion_text": review.opinion_text,
                "reviewer": str(review.reviewer) if review.reviewer else "",
                "concluded_on": review.concluded_on,
                "working_days_used": review.working_days_used,
            }
            for review in review_history_of(document)
        ]

    @staticmethod
    def resolve_comment_period(document: NormativeDocument) -> Any:
        return comment_period_latest_of(document)

    @staticmethod
    def resolve_evaluations(document: NormativeDocument) -> Any:
        return list(selectors.evaluations_of(document))

    @staticmethod
    def resolve_issue_missing(document: NormativeDocument) -> list[str]:
        if document.status in selectors.ISSUED_STATES:
            return []
        return documents.issue_blockers(document)


class DocumentFilterIn(FilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["title__icontains", "doc_number__icontains", "registration_number__iexact"]),
    ] = Field(None, description="按文件名称、文号或登记号查找")
    issuer_id: Annotated[int | None, FilterLookup("issuer_id")] = Field(
        None, description="制定机关ID"
    )
    organization_id: Annotated[int | None, FilterLookup("organization_id")] = Field(
        None, description="起草单位ID"
    )
    level: Annotated[str | None, FilterLookup("level")] = Field(
        None, description="government、department"
    )
    status: Annotated[str | None, FilterLookup("status")] = Field(None, description="状态代码")
    year: Annotated[int | None, FilterLookup("signed_on__year")] = Field(
        None, description="签发年度"
    )
    in_force_on: datetime.date | None = Field(None, description="只列出该日有效的文件")
    filed_late: bool | None = Field(None, description="true：逾期报送备案；false：按期报送备案")

    def filter_in_force_on(self, value: datetime.date | None) -> Q:
        if value is None:
            return Q()
        return Q(
            status__in=selectors.IN_FORCE_STATES, effective_on__lte=value, valid_until__gte=value
        )

    def filter_filed_late(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        late = Q(filed_on__gt=F("filing_due_on"))
        return late if value else Q(filed_on__isnull=False) & ~late


@router.get(
    "/documents",
    response={200: list[DocumentOut], **_ERRORS},
    summary="规范性文件列表",
    description="起草单位看到本单位的文件；司法局看到本辖区全部文件。",
)
@paginate(LimitOffsetPage)
def document_list_api(
    request: HttpRequest, filters: Query[DocumentFilterIn]
) -> QuerySet[NormativeDocument]:
    user = _user(request)
    require_document_desk(user)
    return filters.filter(selectors.document_list(user=user)).order_by("-signed_on", "-pk")


def _detail(request: HttpRequest, document_id: int) -> NormativeDocument:
    return access_document_by_id(_user(request), document_id)


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **_ERRORS},
    summary="规范性文件详情(含合法性审核、征求意见、评估)",
)
def document_detail_api(request: HttpRequest, document_id: int) -> NormativeDocument:
    return _detail(request, document_id)


class DocumentCreateIn(Schema):
    issuer_id: int = Field(description="制定机关ID：本单位(部门文件)或本级人民政府(政府文件)")
    organization_id: int | None = Field(None, description="起草单位ID，默认为本人所在起草单位")
    title: str = Field(min_length=1, max_length=200)
    kind: Literal["provision", "measures", "rules", "opinion", "notice", "decision", "other"]
    concerns_market: bool = False
    draft_text: str = ""
    plan_item_id: int | None = Field(None, description="年度制定计划中已列入的项目ID")


@router.post(
    "/documents",
    response={201: DocumentDetailOut, **_WRITE_ERRORS},
    summary="新建规范性文件(起草)",
)
def document_create_api(
    request: HttpRequest, payload: DocumentCreateIn
) -> Status[NormativeDocument]:
    document = documents.document_create(
        acting_user=_user(request),
        issuer=_organization(payload.issuer_id, "issuer_id", "制定机关"),
        organization=(
            _organization(payload.organization_id, "organization_id", "起草单位")
            if payload.organization_id is not None
            else None
        ),
        title=payload.title,
        kind=payload.kind,
        concerns_market=payload.concerns_market,
        draft_text=payload.draft_text,
        plan_item_id=payload.plan_item_id,
    )
    return Status(201, _detail(request, document.pk))


class DocumentUpdateIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: (
        Literal["provision", "measures", "rules", "opinion", "notice", "decision", "other"] | None
    ) = None
    concerns_market: bool | None = None
    draft_text: str | None = None


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="修改草案(仅起草阶段)",
)
def document_update_api(
    request: HttpRequest, document_id: int, payload: DocumentUpdateIn
) -> NormativeDocument:
    documents.document_update(
        acting_user=_user(request),
        document_id=document_id,
        **payload.model_dump(exclude_none=True),
    )
    return _detail(request, document_id)


class CommentOpenIn(Schema):
    starts_on: datetime.date
    ends_on: datetime.date
    urgent_reason: str = Field("", description="期限短于法定最短期限(涉及市场主体的30日)时必填")


@router.post(
    "/documents/{document_id}/comment",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="公开征求意见",
)
def document_comment_api(
    request: HttpRequest, document_id: int, payload: CommentOpenIn
) -> NormativeDocument:
    documents.document_comment_open(
        acting_user=_user(request),
        document_id=document_id,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        urgent_reason=payload.urgent_reason,
    )
    return _detail(request, document_id)


class FairCompetitionIn(Schema):
    conclusion: str = Field(min_length=1, description="公平竞争审查结论")
    on: datetime.date | None = Field(None, description="审查日期，默认今天")


@router.post(
    "/documents/{document_id}/fair-competition",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="记录公平竞争审查结论",
)
def document_fair_competition_api(
    request: HttpRequest, document_id: int, payload: FairCompetitionIn
) -> NormativeDocument:
    documents.document_fair_competition_record(
        acting_user=_user(request),
        document_id=document_id,
        conclusion=payload.conclusion,
        on=payload.on,
    )
    return _detail(request, document_id)


class SubmitReviewIn(Schema):
    materials_provided: list[str] = Field(
        description="已提交材料的代码："
        + "、".join(f"{m.key}({m.label})" for m in DOCUMENT_MATERIALS)
    )
    note: str = ""
    comment_skip_reason: str = Field("", description="未公开征求意见的理由")
    on: datetime.date | None = Field(None, description="送审日期，默认今天")


@router.post(
    "/documents/{document_id}/submit-review",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="送合法性审核",
    description="尚缺公开征求意见、公平竞争审查结论等时返回 422，并列出所缺内容。",
)
def document_submit_review_api(
    request: HttpRequest, document_id: int, payload: SubmitReviewIn
) -> NormativeDocument:
    documents.document_submit_review(
        acting_user=_user(request),
        document_id=document_id,
        materials_provided=payload.materials_provided,
        note=payload.note,
        comment_skip_reason=payload.comment_skip_reason,
        on=payload.on,
    )
    return _detail(request, document_id)


class ReviseIn(Schema):
    reason: str = Field(min_length=1)
    on: datetime.date | None = None


@router.post(
    "/documents/{document_id}/revise",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="审核意见为不合法时退回修改",
)
def document_revise_api(request: HttpRequest, document_id: int, payload: ReviseIn) -> Any:
    documents.document_revise(
        acting_user=_user(request), document_id=document_id, reason=payload.reason, on=payload.on
    )
    return _detail(request, document_id)


class DeliberateIn(Schema):
    meeting: str = Field(min_length=1, description="审议会议，如“市政府第5次常务会议”")
    on: datetime.date = Field(description="审议日期")
    opinion: str = ""


@router.post(
    "/documents/{document_id}/deliberate",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="记录集体审议",
    description="没有“合法”或“修改后合法”的审核意见时返回 422。",
)
def document_deliberate_api(request: HttpRequest, document_id: int, payload: DeliberateIn) -> Any:
    documents.document_deliberate(
        acting_user=_user(request),
        document_id=document_id,
        meeting=payload.meeting,
        on=payload.on,
        opinion=payload.opinion,
    )
    return _detail(request, document_id)


class IssueIn(Schema):
    signer: str = Field(min_length=1)
    signed_on: datetime.date
    doc_number: str = Field(description="文号，如 荣政发〔2022〕3号")
    registration_number: str = Field(description="登记号")


@router.post(
    "/documents/{document_id}/issue",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="签发印发",
    description="没有“合法”或“修改后合法”的审核意见或未经集体审议时返回 422，并说明所缺内容。",
)
def document_issue_api(request: HttpRequest, document_id: int, payload: IssueIn) -> Any:
    documents.document_issue(
        acting_user=_user(request),
        document_id=document_id,
        signer=payload.signer,
        signed_on=payload.signed_on,
        doc_number=payload.doc_number,
        registration_number=payload.registration_number,
    )
    return _detail(request, document_id)


class PublishIn(Schema):
    published_on: datetime.date
    effective_on: datetime.date | None = Field(None, description="施行日期，默认为公布日期")


@router.post(
    "/documents/{document_id}/publish",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="公布(计算有效期和报送备案期限)",
)
def document_publish_api(request: HttpRequest, document_id: int, payload: PublishIn) -> Any:
    documents.document_publish(
        acting_user=_user(request),
        document_id=document_id,
        published_on=payload.published_on,
        effective_on=payload.effective_on,
    )
    return _detail(request, document_id)


class FileIn(Schema):
    filed_on: datetime.date
    filing_authority: str = Field("", description="备案机关，默认按文件类别")


@router.post(
    "/documents/{document_id}/file",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="报送备案(逾期的标记为逾期)",
)
def document_file_api(request: HttpRequest, document_id: int, payload: FileIn) -> Any:
    documents.document_file(
        acting_user=_user(request),
        document_id=document_id,
        filed_on=payload.filed_on,
        filing_authority=payload.filing_authority,
    )
    return _detail(request, document_id)


class EvaluateIn(Schema):
    kind: Literal["before_expiry", "post"]
    evaluated_on: datetime.date
    conclusion: Literal["continue", "amend", "repeal"]
    report: str = Field(min_length=1)


@router.post(
    "/documents/{document_id}/evaluate",
    response={200: DocumentDetailOut, **_WRITE_ERRORS},
    summary="文件评估(到期前评估、实施后评估)",
)
def document_evaluate_api(request: HttpRequest, document_id: int, payload: EvaluateIn) -> Any:
    documents.document_evaluate(
        acting_user=_user(request),
        document_id=document_id,
        kind=payload.kind,
        evaluated_on=payload.evaluated_on,
        conclusion=payload.conclusion,
        report=payload.report,
    )
    return _detail(request, document_id)


class HistoricDocumentIn(Schema):
    title: str
    issuer_name: str = Field(description="制定机关全称")
    organization_name: str = Field("", description="起草单位全称；部门文件可留空")
    kind: Literal["provision", "measures", "rules", "opinion", "notice", "decision", "other"]
    doc_number: str
    registration_number: str
    signed_on: datetime.date
    published_on: datetime.date
    effective_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    filed_on: datetime.date | None = None
    signer: str = ""
    filing_authority: str = ""


class HistoricImportIn(Schema):
    rows: list[HistoricDocumentIn] = Field(min_length=1, max_length=1000)


@router.post(
    "/historic-documents",
    response={201: list[DocumentOut], **_WRITE_ERRORS},
    summary="导入历史规范性文件(已印发、公布、备案的存量文件)",
    description=(
        "逐行检查后全部导入或全部不导入；有误时返回 422，errors 的 field 为 rows.<行号>.<字段>。"
        "导入的文件办理记录标注“历史数据导入”。"
    ),
)
def document_import_historic_api(
    request: HttpRequest, payload: HistoricImportIn
) -> Status[list[NormativeDocument]]:
    created = history.document_import_historic(
        acting_user=_user(request),
        rows=[history.HistoricDocument(**row.model_dump()) for row in payload.rows],
    )
    return Status(201, created)


# -- drafting plans --------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    year: int
    region_code: str
    status: str
    status_label: str
    published_on: datetime.date | None

    @staticmethod
    def resolve_region_code(plan: DraftingPlan) -> str:
        return plan.region.code

    @staticmethod
    def resolve_status_label(plan: DraftingPlan) -> str:
        return plan.get_status_display()


class PlanItemOut(Schema):
    id: int
    plan_id: int
    title: str
    reason: str
    organization_id: int
    organization: str
    issuer_id: int
    issuer: str
    planned_quarter: int
    status: str
    status_label: str
    status_reason: str
    document_id: int | None

    @staticmethod
    def resolve_organization(item: PlanItem) -> str:
        return item.organization.name

    @staticmethod
    def resolve_issuer(item: PlanItem) -> str:
        return item.issuer.name

    @staticmethod
    def resolve_status_label(item: PlanItem) -> str:
        return item.get_status_display()

    @staticmethod
    def resolve_document_id(item: PlanItem) -> int | None:
        document = getattr(item, "document", None)
        return document.pk if document is not None else None


class PlanDetailOut(PlanOut):
    items: list[PlanItemOut] = Field(description="您可见的计划项目")

    @staticmethod
    def resolve_items(plan: DraftingPlan, context: dict[str, Any]) -> list[PlanItem]:
        user = _user(context["request"])
        return list(selectors.plan_item_list(user=user, plan=plan))


class PlanFilterIn(FilterSchema):
    year: Annotated[int | None, FilterLookup("year")] = None
    status: Annotated[str | None, FilterLookup("status")] = Field(
        None, description="compiling、published"
    )


@router.get("/plans", response={200: list[PlanOut], **_ERRORS}, summary="规范性文件制定计划列表")
@paginate(LimitOffsetPage)
def plan_list_api(request: HttpRequest, filters: Query[PlanFilterIn]) -> QuerySet[DraftingPlan]:
    user = _user(request)
    require_document_desk(user)
    return filters.filter(selectors.plan_list(user=user)).order_by("-year", "pk")


def _plan_detail(request: HttpRequest, plan_id: int) -> DraftingPlan:
    return access_plan_by_id(_user(request), plan_id)


@router.get(
    "/plans/{plan_id}", response={200: PlanDetailOut, **_ERRORS}, summary="制定计划及其项目"
)
def plan_detail_api(request: HttpRequest, plan_id: int) -> DraftingPlan:
    return _plan_detail(request, plan_id)


class PlanOpenIn(Schema):
    year: int = Field(ge=2000, le=2100)
    region_code: str | None = Field(None, description="区划代码，默认为司法局所在县(市、区)")


@router.post(
    "/plans",
    response={201: PlanDetailOut, **_WRITE_ERRORS},
    summary="开始编制年度制定计划(司法局)",
)
def plan_open_api(request: HttpRequest, payload: PlanOpenIn) -> Status[DraftingPlan]:
    user = _user(request)
    if payload.region_code:
        region = Region.objects.visible_to(user).filter(code=payload.region_code).first()
        if region is None:
            raise ValidationError({"region_code": "区划不存在或不在您的数据范围内"})
    else:
        bureaus = organizations_acting_with(user, Capability.REVIEW_LEGALITY)
        if not bureaus:
            raise deny(user, None, "只有司法局可以组织编制规范性文件制定计划")
        region = bureaus[0].region
    plan = plans.plan_open(acting_user=user, region=region, year=payload.year)
    return Status(201, _plan_detail(request, plan.pk))


class PlanPublishIn(Schema):
    on: datetime.date | None = Field(None, description="公布日期，默认今天")


@router.post(
    "/plans/{plan_id}/publish",
    response={200: PlanDetailOut, **_WRITE_ERRORS},
    summary="公布制定计划(司法局)",
    description="还有未处理的申报或没有列入项目时返回 409。",
)
def plan_publish_api(
    request: HttpRequest, plan_id: int, payload: PlanPublishIn | None = None
) -> DraftingPlan:
    plans.plan_publish(
        acting_user=_user(request), plan_id=plan_id, on=payload.on if payload else None
    )
    return _plan_detail(request, plan_id)


class PlanItemProposeIn(Schema):
    organization_id: int = Field(description="起草单位ID")
    issuer_id: int = Field(description="制定机关ID")
    title: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, description="制定依据和必要性")
    planned_quarter: int = Field(ge=1, le=4)


@router.post(
    "/plans/{plan_id}/items",
    response={201: PlanItemOut, **_WRITE_ERRORS},
    summary="申报计划项目(起草单位，计划汇总期间)",
)
def plan_item_propose_api(
    request: HttpRequest, plan_id: int, payload: PlanItemProposeIn
) -> Status[PlanItem]:
    item = plans.plan_item_propose(
        acting_user=_user(request),
        plan_id=plan_id,
        organization=_organization(payload.organization_id, "organization_id", "起草单位"),
        issuer=_organization(payload.issuer_id, "issuer_id", "制定机关"),
        title=payload.title,
        reason=payload.reason,
        planned_quarter=payload.planned_quarter,
    )
    return Status(201, access_plan_item_by_id(_user(request), item.pk))


class OpinionIn(Schema):
    opinion: str = ""


class ReasonIn(Schema):
    reason: str = Field(min_length=1)


@router.post(
    "/plan-items/{item_id}/include",
    response={200: PlanItemOut, **_WRITE_ERRORS},
    summary="列入计划(司法局)",
)
def plan_item_include_api(
    request: HttpRequest, item_id: int, payload: OpinionIn | None = None
) -> PlanItem:
    plans.plan_item_include(
        acting_user=_user(request), item_id=item_id, opinion=payload.opinion if payload else ""
    )
    return access_plan_item_by_id(_user(request), item_id)


@router.post(
    "/plan-items/{item_id}/reject",
    response={200: PlanItemOut, **_WRITE_ERRORS},
    summary="不列入计划(司法局，须写明理由)",
)
def plan_item_reject_api(request: HttpRequest, item_id: int, payload: ReasonIn) -> PlanItem:
    plans.plan_item_reject(acting_user=_user(request), item_id=item_id, reason=payload.reason)
    return access_plan_item_by_id(_user(request), item_id)


@router.post(
    "/plan-items/{item_id}/drop",
    response={200: PlanItemOut, **_WRITE_ERRORS},
    summary="撤销计划项目(须写明理由)",
)
def plan_item_drop_api(request: HttpRequest, item_id: int, payload: ReasonIn) -> PlanItem:
    plans.plan_item_drop(acting_user=_user(request), item_id=item_id, reason=payload.reason)
    return access_plan_item_by_id(_user(request), item_id)
