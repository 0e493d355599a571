"""Legality API: the review desk (受理 / 退回补正 / 出具意见 / 补正 / 撤回) and comment answers.

Handlers parse input, call a selector or service and shape the output; scope, capability checks
and auditing happen below them. Lists answer `{count, limit, offset, items}`.
"""

import datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.legality import selectors, services
from fazhi.legality.models import CommentPeriod, LegalityReview, PublicComment
from fazhi.legality.permissions import (
    access_comment_period_by_id,
    access_review_by_id,
    require_legality_desk,
)
from fazhi.legality.subjects import review_subject_of_kind

router = Router(tags=["合法性审核与征求意见"])

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


# Reviews.


class MaterialOut(Schema):
    key: str
    label: str
    required: bool
    provided: bool


class ReviewOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    region_code: str
    organization: str
    status: str
    status_label: str
    submitted_on: datetime.date
    accepted_on: datetime.date | None
    due_on: datetime.date | None
    due_provisional: bool
    earliest_on: datetime.date | None
    opinion: str = Field(description="lawful、lawful_after_changes、unlawful；未出具意见时为空")
    opinion_label: str
    concluded_on: datetime.date | None
    working_days_used: int | None
    on_time: bool | None = Field(description="是否在审核期限内出具意见；未出具时为空")

    @staticmethod
    def resolve_kind_label(review: LegalityReview) -> str:
        return review.get_kind_display()

    @staticmethod
    def resolve_region_code(review: LegalityReview) -> str:
        return review.region.code

    @staticmethod
    def resolve_organization(review: LegalityReview) -> str:
        return review.organization.name

    @staticmethod
    def resolve_status_label(review: LegalityReview) -> str:
        return review.get_status_display()

    @staticmethod
    def resolve_opinion_label(review: LegalityReview) -> str:
        return review.get_opinion_display() if review.opinion else ""


class ReviewDetailOut(ReviewOut):
    submission_note: str
    missing_materials: str
    materials: list[MaterialOut]
    reviewer: str
    opinion_text: str
    short_review_reason: str
    precheck_flag_count: int | None

    @staticmethod
    def resolve_materials(review: LegalityReview) -> list[dict[str, Any]]:
        try:
            registry = review_subject_of_kind(review.kind)
        except KeyError:
            return []
        provided = set(review.materials_provided)
        return [
            {
                "key": material.key,
                "label": material.label,
                "required": material.required,
                "provided": material.key in provided,
            }
            for material in registry.materials
        ]

    @staticmethod
    def resolve_reviewer(review: LegalityReview) -> str:
        return str(review.reviewer) if review.reviewer else ""


class ReviewFilterIn(FilterSchema):
    kind: Annotated[str | None, FilterLookup("kind")] = Field(
        None, description="document、decision、contract"
    )
    status: Annotated[str | None, FilterLookup("status")] = Field(
        None, description="submitted、returned、under_review、concluded、withdrawn"
    )
    year: Annotated[int | None, FilterLookup("submitted_on__year")] = Field(
        None, description="送审年度"
    )
    organization_id: Annotated[int | None, FilterLookup("organization_id")] = Field(
        None, description="送审单位ID"
    )


@router.get(
    "/reviews",
    response={200: list[ReviewOut], **_ERRORS},
    summary="合法性审核列表",
    description="司法局审核人员看到本辖区全部审核；送审单位只看到本单位的送审。",
)
@paginate(LimitOffsetPage)
def review_list_api(
    request: HttpRequest, filters: Query[ReviewFilterIn]
) -> QuerySet[LegalityReview]:
    user = _user(request)
    require_legality_desk(user)
    return filters.filter(selectors.review_list(user)).order_by("-submitted_on", "-pk")


@router.get("/reviews/{review_id}", response={200: ReviewDetailOut, **_ERRORS}, summary="审核详情")
def review_detail_api(request: HttpRequest, review_id: int) -> LegalityReview:
    return access_review_by_id(_user(request), review_id)


class DatedIn(Schema):
    on: datetime.date | None = Field(None, description="办理日期，默认今天")


class ReturnIn(Schema):
    missing_materials: str = Field(min_length=1, description="需补正的材料")


class ConcludeIn(DatedIn):
    opinion: Literal["lawful", "lawful_after_changes", "unlawful"]
    opinion_text: str = Field("", description="“修改后合法”“不合法”必填")
    short_review_reason: str = Field("", description="在最短审核期满前出具意见时必填")


class ResubmitIn(DatedIn):
    materials_provided: list[str] = Field(description="已提交材料的代码，见审核详情 materials")
    note: str = ""


class WithdrawIn(Schema):
    reason: str = Field(min_length=1)


def _reloaded(request: HttpRequest, review: LegalityReview) -> LegalityReview:
    return access_review_by_id(_user(request), review.pk)


@router.post(
    "/reviews/{review_id}/accept",
    response={200: ReviewDetailOut, **_WRITE_ERRORS},
    summary="受理",
    description="送审材料不齐全时返回 422 并列出缺少的材料。",
)
def review_accept_api(
    request: HttpRequest, review_id: int, payload: DatedIn | None = None
) -> LegalityReview:
    review = services.review_accept(
        acting_user=_user(request), review_id=review_id, on=payload.on if payload else None
    )
    return _reloaded(request, review)


@router.post(
    "/reviews/{review_id}/return",
    response={200: ReviewDetailOut, **_WRITE_ERRORS},
    summary="退回补正",
)
def review_return_api(request: HttpRequest, review_id: int, payload: ReturnIn) -> LegalityReview:
    review = services.review_return(
        acting_user=_user(request),
        review_id=review_id,
        missing_materials=payload.missing_materials,
    )
    return _reloaded(request, review)


@router.post(
    "/reviews/{review_id}/conclude",
    response={200: ReviewDetailOut, **_WRITE_ERRORS},
    summary="出具审核意见",
)
def review_conclude_api(
    request: HttpRequest, review_id: int, payload: ConcludeIn
) -> LegalityReview:
    review = services.review_conclude(
        acting_user=_user(request),
        review_id=review_id,
        opinion=payload.opinion,
        opinion_text=payload.opinion_text,
        short_review_reason=payload.short_review_reason,
        on=payload.on,
    )
    return _reloaded(request, review)


@router.post(
    "/reviews/{review_id}/resubmit",
    response={200: ReviewDetailOut, **_WRITE_ERRORS},
    summary="补正后重新送审(送审单位)",
)
def review_resubmit_api(
    request: HttpRequest, review_id: int, payload: ResubmitIn
) -> LegalityReview:
    review = services.review_resubmit(
        acting_user=_user(request),
        review_id=review_id,
        materials_provided=payload.materials_provided,
        note=payload.note,
        on=payload.on,
    )
    return _reloaded(request, review)


@router.post(
    "/reviews/{review_id}/withdraw",
    response={200: ReviewDetailOut, **_WRITE_ERRORS},
    summary="撤回送审(送审单位)",
)
def review_withdraw_api(
    request: HttpRequest, review_id: int, payload: WithdrawIn
) -> LegalityReview:
    review = services.review_withdraw(
        acting_user=_user(request), review_id=review_id, reason=payload.reason
    )
    return _reloaded(request, review)


# Comment periods.


class CommentPeriodOut(Schema):
    id: int
    kind: str
    title: str
    organization: str
    region_code: str
    starts_on: datetime.date
    ends_on: datetime.date
    minimum_days: int
    urgent_reason: str
    summary_published_on: datetime.date | None
    received: int
    adopted: int
    pending: int

    @staticmethod
    def resolve_organization(period: CommentPeriod) -> str:
        return period.organization.name

    @staticmethod
    def resolve_region_code(period: CommentPeriod) -> str:
        return period.region.code


class CommentOut(Schema):
    id: int
    quoted_passage: str
    text: str
    commenter_name: str
    submitted_at: datetime.datetime
    answer: str = Field(description="pending、adopted、not_adopted")
    answer_label: str
    answer_reason: str
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_answer_label(comment: PublicComment) -> str:
        return comment.get_answer_display()


class CommentPeriodDetailOut(CommentPeriodOut):
    draft_text: str
    comments: list[CommentOut]

    @staticmethod
    def resolve_comments(period: CommentPeriod) -> list[PublicComment]:
        return list(selectors.comment_list_of(period))


class CommentPeriodFilterIn(FilterSchema):
    kind: Annotated[str | None, FilterLookup("kind")] = None
    year: Annotated[int | None, FilterLookup("starts_on__year")] = Field(
        None, description="开始年度"
    )


@router.get(
    "/comment-periods",
    response={200: list[CommentPeriodOut], **_ERRORS},
    summary="公开征求意见列表(含收到、采纳、待答复条数)",
)
@paginate(LimitOffsetPage)
def comment_period_list_api(
    request: HttpRequest, filters: Query[CommentPeriodFilterIn]
) -> QuerySet[Any]:
    user = _user(request)
    require_legality_desk(user)
    return filters.filter(selectors.comment_period_list(user)).order_by("-starts_on", "-pk")


@router.get(
    "/comment-periods/{period_id}",
    response={200: CommentPeriodDetailOut, **_ERRORS},
    summary="征求意见详情(含逐条意见及答复)",
)
def comment_period_detail_api(request: HttpRequest, period_id: int) -> Any:
    user = _user(request)
    period = access_comment_period_by_id(user, period_id)
    return selectors.comment_periods_with_counts(CommentPeriod.objects.filter(pk=period.pk)).get()


class AnswerIn(Schema):
    adopted: bool
    reason: str = Field("", description="不予采纳的必填")


@router.post(
    "/comments/{comment_id}/answer",
    response={200: CommentOut, **_WRITE_ERRORS},
    summary="答复公众意见(起草单位)",
)
def comment_answer_api(request: HttpRequest, comment_id: int, payload: AnswerIn) -> PublicComment:
    return services.comment_answer(
        acting_user=_user(request),
        comment_id=comment_id,
        adopted=payload.adopted,
        reason=payload.reason,
    )


@router.post(
    "/comment-periods/{period_id}/publish-summary",
    response={200: CommentPeriodDetailOut, **_WRITE_ERRORS},
    summary="公布意见采纳情况(起草单位)",
    description="征求意见截止后、全部意见答复后才能公布，否则返回 409。",
)
def comment_summary_publish_api(request: HttpRequest, period_id: int) -> Any:
    period = services.comment_summary_publish(acting_user=_user(request), period_id=period_id)
    return selectors.comment_periods_with_counts(CommentPeriod.objects.filter(pk=period.pk)).get()
