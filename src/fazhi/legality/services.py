"""Writes of the legality review and of public comment (STYLE §5).

Subject apps call `review_submit` and `comment_period_open` from their own services, after
checking that the user may act on the subject; the other functions serve the bureau's and the
drafting unit's pages directly. Dates default to today; the demo and historic imports pass the
day the step happened.
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today, working_days_between
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.parameters import due_date_by_parameter
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.legality.models import (
    CommentPeriod,
    LegalityReview,
    Opinion,
    PublicComment,
)
from fazhi.legality.permissions import (
    access_comment_period_by_id,
    access_public_comment_by_id,
    access_review_by_id,
    can_act_as_submitter,
    can_answer_comments,
    can_review_legality,
)
from fazhi.legality.selectors import review_open_of
from fazhi.legality.subjects import review_subject_of, review_subject_of_kind

QUOTE_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 2000


def _known_materials(kind: str, provided: list[str]) -> list[str]:
    subject = review_subject_of_kind(kind)
    known = {material.key for material in subject.materials}
    unknown = [key for key in provided if key not in known]
    if unknown:
        raise ValidationError({"materials_provided": f"未知的送审材料：{'、'.join(unknown)}"})
    return [material.key for material in subject.materials if material.key in set(provided)]


@transaction.atomic
def review_submit(
    *,
    acting_user: Any,
    subject: models.Model,
    region: Region,
    organization: Organization,
    title: str,
    materials_provided: list[str],
    note: str = "",
    precheck_flag_count: int | None = None,
    on: datetime.date | None = None,
) -> LegalityReview:
    """Send `subject` to the bureau for legality review.

    The caller (the subject app's service) has checked that the user may act on the subject.
    Raises InvalidTransition while an earlier submission is still open, ValidationError for
    unknown material keys. Audited.
    """
    kind = review_subject_of(subject).kind
    if review_open_of(subject) is not None:
        raise InvalidTransition("该事项已在合法性审核中，不能重复送审")
    review = LegalityReview.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind=kind,
        title=title,
        region=region,
        organization=organization,
        submitted_on=day_or_today(on),
        materials_provided=_known_materials(kind, materials_provided),
        submission_note=note.strip(),
        precheck_flag_count=precheck_flag_count,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=review,
        changes={"subject": [None, str(subject)], "status": [None, review.status]},
        message="送合法性审核",
    )
    return review


def _review_for_bureau(acting_user: Any, review_id: int) -> LegalityReview:
    review = access_review_by_id(acting_user, review_id, for_update=True)
    if not can_review_legality(acting_user):
        raise deny(acting_user, review, "只有司法局合法性审核人员可以办理审核")
    return review


def _review_for_submitter(acting_user: Any, review_id: int) -> LegalityReview:
    review = access_review_by_id(acting_user, review_id, for_update=True)
    if not can_act_as_submitter(acting_user, review):
        raise deny(acting_user, review, "只有送审单位可以补正或撤回")
    return review


@transaction.atomic
def review_accept(
    *, acting_user: Any, review_id: int, on: datetime.date | None = None
) -> LegalityReview:
    """Accept a complete submission: the reviewer is set and the working-day clock starts.

    The deadline and the earliest conclusion day come from the subject app's rule parameters in
    force on the day of acceptance. Raises ValidationError listing the missing materials.
    """
    review = _review_for_bureau(acting_user, review_id)
    subject = review_subject_of_kind(review.kind)
    missing = subject.missing_required(review.materials_provided)
    if missing:
        labels = "、".join(material.label for material in missing)
        raise ValidationError(
            {"materials_provided": f"送审材料不齐全，缺少：{labels}。请退回补正后再受理"}
        )
    day = day_or_today(on)
    if day < review.submitted_on:
        raise ValidationError({"on": "受理日期不能早于送审日期"})
    review.accepted_on = day
    review.reviewer = acting_user
    if subject.max_days_parameter:
        deadline = due_date_by_parameter(subject.max_days_parameter, day)
        review.due_on, review.due_provisional = deadline.due_on, deadline.provisional
    if subject.min_days_parameter:
        review.earliest_on = due_date_by_parameter(subject.min_days_parameter, day).due_on
    review.save(
        update_fields=[
            "accepted_on",
            "reviewer",
            "due_on",
            "earliest_on",
            "due_provisional",
            "updated_at",
        ]
    )
    transition_run(review, "accept", action="受理", actor=acting_user)
    return review


@transaction.atomic
def review_return(*, acting_user: Any, review_id: int, missing_materials: str) -> LegalityReview:
    """Return an incomplete submission; `missing_materials` says what to add (required)."""
    review = _review_for_bureau(acting_user, review_id)
    text = missing_materials.strip()
    if not text:
        raise ValidationError({"missing_materials": "请写明需要补正的材料"})
    review.missing_materials = text
    review.save(update_fields=["missing_materials", "updated_at"])
    transition_run(review, "return_materials", action="退回补正", actor=acting_user, opinion=text)
    return review


@transaction.atomic
def review_resubmit(
    *,
    acting_user: Any,
    review_id: int,
    materials_provided: list[str],
    note: str = "",
    on: datetime.date | None = None,
) -> LegalityReview:
    """Send a returned submission again with its completed materials."""
    review = _review_for_submitter(acting_user, review_id)
    review.materials_provided = _known_materials(review.kind, materials_provided)
    review.submitted_on = day_or_today(on)
    review.save(update_fields=["materials_provided", "submitted_on", "updated_at"])
    transition_run(review, "resubmit", action="补正后重新送审", actor=acting_user, opinion=note)
    return review


@transaction.atomic
def review_withdraw(*, acting_user: Any, review_id: int, reason: str) -> LegalityReview:
    review = _review_for_submitter(acting_user, review_id)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回理由"})
    transition_run(review, "withdraw", action="撤回", actor=acting_user, opinion=reason)
    return review


@transaction.atomic
def review_conclude(
    *,
    acting_user: Any,
    review_id: int,
    opinion: str,
    opinion_text: str = "",
    short_review_reason: str = "",
    on: datetime.date | None = None,
) -> LegalityReview:
    """Give the review opinion (合法 / 修改后合法 / 不合法) and stop the clock.

    The text is required unless the opinion is 合法: the drafting unit must know what to change
    or why the draft is unlawful. Concluding before the minimum review time (decisions: 重大行政
    决策程序暂行条例 art. 26) needs a recorded reason. Working days used are counted from the
    day of acceptance (core.deadlines.working_days_between).
    """
    review = _review_for_bureau(acting_user, review_id)
    if opinion not in Opinion.values:
        raise ValidationError({"opinion": "请选择审核意见：合法、修改后合法或不合法"})
    text = opinion_text.strip()
    if opinion != Opinion.LAWFUL and not text:
        raise ValidationError({"opinion_text": "“修改后合法”或“不合法”的意见须写明修改意见或理由"})
    day = day_or_today(on)
    if review.accepted_on is not None and day < review.accepted_on:
        raise ValidationError({"on": "出具意见日期不能早于受理日期"})
    reason = short_review_reason.strip()
    if review.earliest_on is not None and day < review.earliest_on and not reason:
        raise ValidationError(
            {
                "short_review_reason": (
                    f"审核时间不足法定的最短期限（应不早于{review.earliest_on:%Y-%m-%d}），"
                    "须说明理由"
                )
            }
        )
    review.opinion = opinion
    review.opinion_text = text
    review.short_review_reason = reason
    review.concluded_on = day
    review.working_days_used = working_days_between(review.accepted_on or day, day)
    review.save(
        update_fields=[
            "opinion",
            "opinion_text",
            "short_review_reason",
            "concluded_on",
            "working_days_used",
            "updated_at",
        ]
    )
    transition_run(
        review,
        "conclude",
        action=f"出具审核意见：{Opinion(opinion).label}",
        actor=acting_user,
        opinion=text,
    )
    return review


# -- public comment ---------------------------------------------------------------------------


@transaction.atomic
def comment_period_open(
    *,
    acting_user: Any,
    subject: models.Model,
    region: Region,
    organization: Organization,
    title: str,
    draft_text: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    minimum_days: int = 0,
    urgent_reason: str = "",
) -> CommentPeriod:
    """Publish a draft on the portal for comment from `starts_on` to `ends_on` (both counted).

    `minimum_days` is the subject's statutory minimum (e.g. 30 days: 优化营商环境条例 art. 62;
    重大行政决策程序暂行条例 art. 15); a shorter period needs an urgent reason. Raises
    ValidationError naming the field.
    """
    kind = review_subject_of(subject).kind
    text = draft_text.strip()
    if not text:
        raise ValidationError({"draft_text": "征求意见稿全文不能为空"})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "截止日期不能早于开始日期"})
    length = (ends_on - starts_on).days + 1
    reason = urgent_reason.strip()
    if length < minimum_days and not reason:
        raise ValidationError(
            {
                "ends_on": (
                    f"征求意见期限为{length}日，少于法定的{minimum_days}日；"
                    "确需缩短的，须填写缩短期限的理由"
                )
            }
        )
    period = CommentPeriod.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind=kind,
        title=title.strip(),
        draft_text=text,
        region=region,
        organization=organization,
        starts_on=starts_on,
        ends_on=ends_on,
        minimum_days=minimum_days,
        urgent_reason=reason,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=period,
        changes={"starts_on": [None, str(starts_on)], "ends_on": [None, str(ends_on)]},
        message="公开征求意见",
    )
    return period


def _normalized(text: str) -> str:
    return "".join(text.split())


@transaction.atomic
def comment_submit(
    *,
    period_id: int,
    quoted_passage: str,
    text: str,
    commenter_name: str = "",
    on: datetime.date | None = None,
) -> PublicComment:
    """A member of the public comments on a passage of a draft open for comment.

    The quote must come from the draft (white space aside), so the drafting unit sees what the
    comment is about. Raises ValidationError naming the field: period closed or not yet open,
    quote not found, empty or over-long text.
    """
    period = CommentPeriod.objects.select_for_update().filter(pk=period_id).first()
    if period is None:
        raise ValidationError({"period": "征求意见不存在"})
    day = day_or_today(on)
    if day < period.starts_on:
        raise ValidationError({"period": f"征求意见自{period.starts_on:%Y年%m月%d日}开始"})
    if day > period.ends_on:
        raise ValidationError({"period": f"征求意见已于{period.ends_on:%Y年%m月%d日}截止"})
    quote = quoted_passage.strip()
    if not quote:
        raise ValidationError({"quoted_passage": "请引用您要提意见的原文"})
    if len(quote) > QUOTE_MAX_LENGTH:
        raise ValidationError({"quoted_passage": f"引用的原文不能超过{QUOTE_MAX_LENGTH}字"})
    if _normalized(quote) not in _normalized(period.draft_text):
        raise ValidationError({"quoted_passage": "引用的文字不在征求意见稿中，请从原文中选取"})
    body = text.strip()
    if not body:
        raise ValidationError({"text": "请填写意见内容"})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": f"意见内容不能超过{COMMENT_MAX_LENGTH}字"})
    comment = PublicComment.objects.create(
        period=period,
        quoted_passage=quote,
        text=body,
        commenter_name=commenter_name.strip()[:50],
    )
    audit_record(event=AuditLog.Event.CREATE, user=None, target=comment, message="公众提交意见")
    return comment


@transaction.atomic
def comment_answer(
    *, acting_user: Any, comment_id: int, adopted: bool, reason: str = ""
) -> PublicComment:
    """The drafting unit answers a comment: adopted, or not adopted with the reason (required).

    An answer may be changed until the summary is published.
    """
    comment = access_public_comment_by_id(acting_user, comment_id, for_update=True)
    if not can_answer_comments(acting_user, comment.period):
        raise deny(acting_user, comment, "只有起草单位可以答复公众意见")
    if comment.period.summary_published_on is not None:
        raise InvalidTransition("意见采纳情况已公布，不能再修改答复")
    text = reason.strip()
    if not adopted and not text:
        raise ValidationError({"answer_reason": "不予采纳的，须说明理由"})
    before = comment.answer
    comment.answer = PublicComment.Answer.ADOPTED if adopted else PublicComment.Answer.NOT_ADOPTED
    comment.answer_reason = text
    comment.answered_by = acting_user
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer", "answer_reason", "answered_by", "answered_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=comment,
        changes={"answer": [before, comment.answer]},
    )
    return comment


@transaction.atomic
def comment_summary_publish(
    *, acting_user: Any, period_id: int, on: datetime.date | None = None
) -> CommentPeriod:
    """Publish the answers on the portal once the period closed and all comments are answered."""
    period = access_comment_period_by_id(acting_user, period_id, for_update=True)
    if not can_answer_comments(acting_user, period):
        raise deny(acting_user, period, "只有起草单位可以公布意见采纳情况")
    day = day_or_today(on)
    if day <= period.ends_on:
        raise InvalidTransition(f"征求意见至{period.ends_on:%Y-%m-%d}截止，截止后才能公布采纳情况")
    pending = period.comments.filter(answer=PublicComment.Answer.PENDING).count()
    if pending:
        raise InvalidTransition(f"还有{pending}条意见未答复，全部答复后才能公布")
    if period.summary_published_on is not None:
        return period
    period.summary_published_on = day
    period.save(update_fields=["summary_published_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=period,
        changes={"summary_published_on": [None, str(day)]},
        message="公布意见采纳情况",
    )
    return period
