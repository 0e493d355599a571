"""A normative document from draft to its end (domain notes §5.3, 国办发〔2018〕37号).

Each function is one step, stamped with actor, day and opinion through core.workflow. The rule
that matters most: no document is issued without a legality-review opinion of 合法 or 修改后合法
(国办发〔2018〕115号; 优化营商环境条例 art. 63) — `issue_blockers` names what is missing, and the
same list guards collective deliberation.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fazhi.core.audit import audit_record, changed_fields, field_snapshot
from fazhi.core.deadlines import add_years, day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Organization
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.core.permissions import deny
from fazhi.core.validators import validate_doc_number
from fazhi.core.workflow import transition_run
from fazhi.legality import services as legality
from fazhi.legality.models import LegalityReview, Opinion
from fazhi.legality.selectors import (
    comment_period_latest_of,
    review_latest_of,
    review_missing_reason,
)
from fazhi.rules.issuers import is_government, issuer_validate
from fazhi.rules.models import DocumentEvaluation, NormativeDocument, PlanItem
from fazhi.rules.parameters import (
    FILING_DAYS,
    PROVISIONAL_VALIDITY_YEARS,
    PUBLIC_COMMENT_DAYS,
    VALIDITY_YEARS,
)
from fazhi.rules.permissions import (
    access_document_by_id,
    access_plan_item_by_id,
    can_compile_plans,
    can_draft_for,
    organizations_drafting_for,
)
from fazhi.rules.precheck import precheck_text
from fazhi.rules.selectors import precheck_rules_enabled

EDITABLE_FIELDS = ("title", "kind", "concerns_market", "draft_text")
REGISTRATION_NUMBER_MAX = 32


def _document_for_drafter(acting_user: Any, document_id: int) -> NormativeDocument:
    document = access_document_by_id(acting_user, document_id, for_update=True)
    if not can_draft_for(acting_user, document.organization):
        raise deny(acting_user, document, "只有起草单位可以办理该文件")
    return document


def _drafting_organization(acting_user: Any, organization: Organization | None) -> Organization:
    candidates = organizations_drafting_for(acting_user)
    if organization is None:
        if not candidates:
            raise deny(acting_user, None, "您没有起草规范性文件的权限")
        return candidates[0]
    if not any(candidate.pk == organization.pk for candidate in candidates):
        raise deny(acting_user, None, f"您不能以{organization.name}的名义起草文件")
    return organization


@transaction.atomic
def document_create(
    *,
    acting_user: Any,
    issuer: Organization,
    title: str,
    kind: str,
    concerns_market: bool = False,
    draft_text: str = "",
    organization: Organization | None = None,
    plan_item_id: int | None = None,
    on: datetime.date | None = None,
) -> NormativeDocument:
    """Start drafting a document of `organization` (default: the user's drafting unit).

    `issuer` is the drafting unit itself (部门规范性文件) or its government (政府规范性文件).
    A plan item of the same unit, taken into the published plan, moves to 起草中.
    """
    drafter = _drafting_organization(acting_user, organization)
    issuer_validate(organization=drafter, issuer=issuer)
    document = NormativeDocument(
        region=issuer.region,
        issuer=issuer,
        organization=drafter,
        title=title.strip(),
        kind=kind,
        level=(
            NormativeDocument.Level.GOVERNMENT
            if is_government(issuer)
            else NormativeDocument.Level.DEPARTMENT
        ),
        concerns_market=concerns_market,
        draft_text=draft_text.strip(),
        created_by=acting_user,
    )
    if plan_item_id is not None:
        document.plan_item = _plan_item_to_draft(acting_user, plan_item_id, drafter, on)
    document.full_clean(exclude=["status"])
    document.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=document,
        changes=changed_fields(
            dict.fromkeys(EDITABLE_FIELDS), field_snapshot(document, EDITABLE_FIELDS)
        ),
    )
    return document


def _plan_item_to_draft(
    acting_user: Any, item_id: int, drafter: Organization, on: datetime.date | None
) -> PlanItem:
    item = access_plan_item_by_id(acting_user, item_id, for_update=True)
    if item.organization_id != drafter.pk:
        raise ValidationError({"plan_item": "计划项目不属于本单位"})
    if item.status != PlanItem.Status.PLANNED:
        raise ValidationError(
            {"plan_item": f"计划项目当前为“{item.get_status_display()}”，不能据此起草"}
        )
    transition_run(item, "start_drafting", action="开始起草", actor=acting_user, on=on)
    return item


@transaction.atomic
def document_update(*, acting_user: Any, document_id: int, **values: Any) -> NormativeDocument:
    """Change the draft while it is being drafted; audited with the changes."""
    document = _document_for_drafter(acting_user, document_id)
    if document.status != NormativeDocument.Status.DRAFTING:
        raise InvalidTransition(f"文件{document.get_status_display()}，起草阶段后不能修改草案")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该字段不可修改"))
    before = field_snapshot(document, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(document, name, value.strip() if isinstance(value, str) else value)
    document.full_clean(exclude=["status"])
    changes = changed_fields(before, field_snapshot(document, EDITABLE_FIELDS))
    if changes:
        document.save(update_fields=[*changes, "updated_at"])
        audit_record(
            event=AuditLog.Event.UPDATE, user=acting_user, target=document, changes=changes
        )
    return document


def comment_minimum_days(document: NormativeDocument, on: datetime.date) -> int:
    """At least 30 days when the document concerns market subjects (优化营商环境条例 art. 62)."""
    if not document.concerns_market:
        return 0
    return parameter_value(PUBLIC_COMMENT_DAYS, on=on).amount


@transaction.atomic
def document_comment_open(
    *,
    acting_user: Any,
    document_id: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    urgent_reason: str = "",
) -> NormativeDocument:
    """Put the draft on the portal for public comment (征求意见)."""
    document = _document_for_drafter(acting_user, document_id)
    if not document.draft_text:
        raise ValidationError({"draft_text": "请先填写文件草案全文，再公开征求意见"})
    legality.comment_period_open(
        acting_user=acting_user,
        subject=document,
        region=document.region,
        organization=document.organization,
        title=f"关于《{document.title}（征求意见稿）》公开征求意见",
        draft_text=document.draft_text,
        starts_on=starts_on,
        ends_on=ends_on,
        minimum_days=comment_minimum_days(document, starts_on),
        urgent_reason=urgent_reason,
    )
    transition_run(
        document,
        "open_comment",
        action="公开征求意见",
        actor=acting_user,
        opinion=f"{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}",
        on=starts_on,
    )
    return document


@transaction.atomic
def document_fair_competition_record(
    *, acting_user: Any, document_id: int, conclusion: str, on: datetime.date | None = None
) -> NormativeDocument:
    """Record the fair-competition review (公平竞争审查) of a document concerning the market.

    优化营商环境条例 art. 63; the standards are those of the fair-competition review rules.
    """
    document = _document_for_drafter(acting_user, document_id)
    if not conclusion.strip():
        raise ValidationError({"fair_competition_conclusion": "请填写公平竞争审查结论"})
    day = day_or_today(on)
    if document.status != NormativeDocument.Status.FAIR_COMPETITION:
        _comment_must_have_ended(document, day)
        transition_run(
            document, "start_fair_competition", action="公平竞争审查", actor=acting_user, on=day
        )
    document.fair_competition_conclusion = conclusion.strip()
    document.fair_competition_on = day
    document.save(
        update_fields=["fair_competition_conclusion", "fair_competition_on", "updated_at"]
    )
    return document


def _comment_must_have_ended(document: NormativeDocument, day: datetime.date) -> None:
    period = comment_period_latest_of(document)
    if period is not None and day <= period.ends_on:
        raise InvalidTransition(
            f"公开征求意见至{period.ends_on:%Y-%m-%d}截止，截止后才能进行下一步"
        )


def review_submission_blockers(
    document: NormativeDocument, *, day: datetime.date, comment_skip_reason: str
) -> list[str]:
    """What the document lacks before it may go to legality review, in Chinese."""
    missing = []
    period = comment_period_latest_of(document)
    if period is None:
        if document.concerns_market:
            missing.append("公开征求意见（涉及市场主体的文件须公开征求意见，一般不少于30日）")
        elif not comment_skip_reason.strip() and not document.comment_skip_reason:
            missing.append("公开征求意见，或未公开征求意见的理由")
    elif day <= period.ends_on:
        missing.append(f"公开征求意见尚未截止（{period.ends_on:%Y-%m-%d}截止）")
    if document.concerns_market and not document.fair_competition_conclusion:
        missing.append("公平竞争审查结论")
    if not document.draft_text:
        missing.append("文件送审稿全文")
    return missing


@transaction.atomic
def document_submit_review(
    *,
    acting_user: Any,
    document_id: int,
    materials_provided: list[str],
    note: str = "",
    comment_skip_reason: str = "",
    on: datetime.date | None = None,
) -> LegalityReview:
    """Send the draft to the bureau for legality review, with the pre-check's flag count.

    Raises ValidationError listing everything still missing (comment period, fair-competition
    review); the pre-check runs on the draft and advises the reviewer, it never blocks.
    """
    document = _document_for_drafter(acting_user, document_id)
    day = day_or_today(on)
    missing = review_submission_blockers(document, day=day, comment_skip_reason=comment_skip_reason)
    if missing:
        raise ValidationError({"status": f"不能送合法性审核，尚缺：{'；'.join(missing)}"})
    if comment_skip_reason.strip():
        document.comment_skip_reason = comment_skip_reason.strip()
        document.save(update_fields=["comment_skip_reason", "updated_at"])
    flags = precheck_text(document.draft_text, precheck_rules_enabled())
    review = legality.review_submit(
        acting_user=acting_user,
        subject=document,
        region=document.region,
        organization=document.organization,
        title=document.title,
        materials_provided=materials_provided,
        note=note,
        precheck_flag_count=len(flags),
        on=day,
    )
    transition_run(
        document, "submit_review", action="送合法性审核", actor=acting_user, opinion=note, on=day
    )
    return review


@transaction.atomic
def document_revise(
    *, acting_user: Any, document_id: int, reason: str, on: datetime.date | None = None
) -> NormativeDocument:
    """Back to drafting when the review found the draft unlawful or the submission was withdrawn."""
    document = _document_for_drafter(acting_user, document_id)
    latest = review_latest_of(document)
    if latest is not None and latest.status != LegalityReview.Status.CONCLUDED:
        raise InvalidTransition("合法性审核正在进行，请先撤回送审")
    if latest is not None and latest.opinion != Opinion.UNLAWFUL:
        raise InvalidTransition("审核意见为合法或修改后合法，无需退回起草；请修改后提交集体审议")
    if not reason.strip():
        raise ValidationError({"reason": "请写明修改的内容或理由"})
    transition_run(
        document,
        "revise",
        action="退回修改",
        actor=acting_user,
        opinion=reason,
        on=day_or_today(on),
    )
    return document


def issue_blockers(document: NormativeDocument) -> list[str]:
    """What the document lacks before it may be issued: a passing review and the deliberation."""
    missing = []
    reason = review_missing_reason(document)
    if reason is not None:
        missing.append(f"合法性审核意见（{reason}）")
    if not (document.deliberation_meeting and document.deliberation_on):
        missing.append("集体审议（会议名称和日期）")
    return missing


@transaction.atomic
def document_deliberate(
    *,
    acting_user: Any,
    document_id: int,
    meeting: str,
    on: datetime.date,
    opinion: str = "",
) -> NormativeDocument:
    """Record the collective deliberation (常务会议/办公会议); it needs the passing review first."""
    document = _document_for_drafter(acting_user, document_id)
    reason = review_missing_reason(document)
    if reason is not None:
        raise ValidationError({"status": f"不能提交集体审议，尚缺合法性审核意见：{reason}"})
    if not meeting.strip():
        raise ValidationError({"deliberation_meeting": "请填写审议会议，如“市政府第5次常务会议”"})
    review = review_latest_of(document)
    if review is not None and review.concluded_on and on < review.concluded_on:
        raise ValidationError({"deliberation_on": "集体审议日期不能早于合法性审核意见日期"})
    document.deliberation_meeting = meeting.strip()
    document.deliberation_on = on
    document.save(update_fields=["deliberation_meeting", "deliberation_on", "updated_at"])
    transition_run(
        document,
        "deliberate",
        action="集体审议",
        actor=acting_user,
        opinion=f"{meeting.strip()} {opinion}".strip(),
        on=on,
    )
    return document


def _validate_issue_fields(
    document: NormativeDocument,
    *,
    signer: str,
    signed_on: datetime.date,
    doc_number: str,
    registration_number: str,
) -> None:
    errors: dict[str, str] = {}
    if not signer.strip():
        errors["signer"] = "请填写签发人"
    try:
        validate_doc_number(doc_number.strip())
    except ValidationError as error:
        errors["doc_number"] = error.messages[0]
    else:
        if f"〔{signed_on.year}〕" not in doc_number:
            errors["doc_number"] = f"文号年份应与签发年份{signed_on.year}一致"
    number = registration_number.strip()
    if not number:
        errors["registration_number"] = "请填写登记号（统一登记、统一编号）"
    elif len(number) > REGISTRATION_NUMBER_MAX:
        errors["registration_number"] = f"登记号不能超过{REGISTRATION_NUMBER_MAX}个字符"
    if document.deliberation_on and signed_on < document.deliberation_on:
        errors["signed_on"] = "签发日期不能早于集体审议日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_issue(
    *,
    acting_user: Any,
    document_id: int,
    signer: str,
    signed_on: datetime.date,
    doc_number: str,
    registration_number: str,
) -> NormativeDocument:
    """Sign, register, number and print the document (统一登记、统一编号、统一印发).

    Refused with the list of what is missing unless the latest legality review concluded 合法 or
    修改后合法 and the deliberation is recorded; a duplicate 文号 or 登记号 names the field.
    """
    document = _document_for_drafter(acting_user, document_id)
    missing = issue_blockers(document)
    if missing:
        raise ValidationError({"status": f"不能签发印发，尚缺：{'；'.join(missing)}"})
    _validate_issue_fields(
        document,
        signer=signer,
        signed_on=signed_on,
        doc_number=doc_number,
        registration_number=registration_number,
    )
    document.signer = signer.strip()
    document.signed_on = signed_on
    document.doc_number = doc_number.strip()
    document.registration_number = registration_number.strip()
    try:
        with transaction.atomic():
            document.save(
                update_fields=[
                    "signer",
                    "signed_on",
                    "doc_number",
                    "registration_number",
                    "updated_at",
                ]
            )
    except IntegrityError:
        raise ValidationError(_duplicate_number_error(document)) from None
    transition_run(
        document,
        "issue",
        action="签发印发",
        actor=acting_user,
        opinion=f"{document.doc_number}，登记号{document.registration_number}",
        on=signed_on,
    )
    if document.plan_item is not None and document.plan_item.status == PlanItem.Status.DRAFTING:
        transition_run(
            document.plan_item, "mark_issued", action="文件已印发", actor=acting_user, on=signed_on
        )
    return document


def _duplicate_number_error(document: NormativeDocument) -> dict[str, str]:
    if (
        NormativeDocument.objects.filter(registration_number=document.registration_number)
        .exclude(pk=document.pk)
        .exists()
    ):
        return {"registration_number": f"登记号{document.registration_number}已被其他文件使用"}
    return {"doc_number": f"{document.issuer.name}的文号{document.doc_number}已被使用"}


def validity_years(document: NormativeDocument, on: datetime.date) -> int:
    key = PROVISIONAL_VALIDITY_YEARS if document.is_provisional else VALIDITY_YEARS
    return parameter_value(key, on=on).amount


def default_filing_authority(document: NormativeDocument) -> str:
    if document.level == NormativeDocument.Level.GOVERNMENT:
        return "上一级人民政府、本级人大常委会"
    return "本级人民政府"


@transaction.atomic
def document_publish(
    *,
    acting_user: Any,
    document_id: int,
    published_on: datetime.date,
    effective_on: datetime.date | None = None,
) -> NormativeDocument:
    """Publish the document; its validity and filing deadline follow from the rule parameters.

    Valid until: the effective day plus 5 years, 2 for 暂行/试行 (山东省行政程序规定). Filing
    deadline: the publication day plus the filing period (省政府令第337号).
    """
    document = _document_for_drafter(acting_user, document_id)
    effective = effective_on or published_on
    if document.signed_on and published_on < document.signed_on:
        raise ValidationError({"published_on": "公布日期不能早于签发日期"})
    if effective < published_on:
        # 优化营商环境条例 art. 64 / 37号文: an unpublished document is no basis for administration.
        raise ValidationError({"effective_on": "施行日期不能早于公布日期"})
    document.published_on = published_on
    document.effective_on = effective
    document.valid_until = add_years(effective, validity_years(document, effective))
    deadline = due_date_by_parameter(FILING_DAYS, published_on)
    document.filing_due_on = deadline.due_on
    document.filing_authority = default_filing_authority(document)
    document.save(
        update_fields=[
            "published_on",
            "effective_on",
            "valid_until",
            "filing_due_on",
            "filing_authority",
            "updated_at",
        ]
    )
    transition_run(
        document,
        "publish",
        action="公布",
        actor=acting_user,
        opinion=f"施行日期{effective:%Y-%m-%d}，有效期至{document.valid_until:%Y-%m-%d}",
        on=published_on,
    )
    return document


@transaction.atomic
def document_file(
    *,
    acting_user: Any,
    document_id: int,
    filed_on: datetime.date,
    filing_authority: str = "",
) -> NormativeDocument:
    """Record the report for filing (备案); a filing after the deadline is kept and flagged late."""
    document = _document_for_drafter(acting_user, document_id)
    if document.published_on and filed_on < document.published_on:
        raise ValidationError({"filed_on": "报送备案日期不能早于公布日期"})
    document.filed_on = filed_on
    if filing_authority.strip():
        document.filing_authority = filing_authority.strip()
    document.save(update_fields=["filed_on", "filing_authority", "updated_at"])
    late = document.filed_late
    transition_run(
        document,
        "file",
        action="报送备案" + ("（逾期）" if late else ""),
        actor=acting_user,
        opinion=f"报送{document.filing_authority}，期限{document.filing_due_on:%Y-%m-%d}",
        on=filed_on,
    )
    return document


@transaction.atomic
def document_evaluate(
    *,
    acting_user: Any,
    document_id: int,
    kind: str,
    evaluated_on: datetime.date,
    conclusion: str,
    report: str,
) -> DocumentEvaluation:
    """Evaluate a document in force and act on the conclusion.

    继续有效: the validity restarts from the old end for another period (re-registration);
    修改 / 废止: the document ends on the evaluation day.
    """
    document = access_document_by_id(acting_user, document_id, for_update=True)
    if not (can_draft_for(acting_user, document.organization) or can_compile_plans(acting_user)):
        raise deny(acting_user, document, "只有起草单位或司法局可以评估文件")
    if document.status not in (
        NormativeDocument.Status.PUBLISHED,
        NormativeDocument.Status.FILED,
    ):
        raise InvalidTransition(f"文件{document.get_status_display()}，只能评估有效的文件")
    if not report.strip():
        raise ValidationError({"report": "请填写评估意见"})
    if conclusion not in DocumentEvaluation.Conclusion.values:
        raise ValidationError({"conclusion": "请选择评估结论：继续有效、修改或废止"})
    if document.effective_on and evaluated_on < document.effective_on:
        raise ValidationError({"evaluated_on": "评估日期不能早于施行日期"})
    evaluation = DocumentEvaluation(
        document=document,
        kind=kind,
        evaluated_on=evaluated_on,
        conclusion=conclusion,
        report=report.strip(),
        valid_until_before=document.valid_until,
        created_by=acting_user,
    )
    evaluation.full_clean()
    if conclusion == DocumentEvaluation.Conclusion.CONTINUE and document.valid_until:
        if kind == DocumentEvaluation.Kind.BEFORE_EXPIRY:
            document.valid_until = add_years(
                document.valid_until, validity_years(document, evaluated_on)
            )
            document.save(update_fields=["valid_until", "updated_at"])
        evaluation.valid_until_after = document.valid_until
    evaluation.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=evaluation,
        changes={"conclusion": [None, conclusion]},
    )
    if conclusion != DocumentEvaluation.Conclusion.CONTINUE:
        document.ended_on = evaluated_on
        document.save(update_fields=["ended_on", "updated_at"])
        method, action = (
            ("amend", "评估后修改")
            if conclusion == DocumentEvaluation.Conclusion.AMEND
            else ("repeal", "评估后废止")
        )
        transition_run(
            document, method, action=action, actor=acting_user, opinion=report, on=evaluated_on
        )
    return evaluation


@transaction.atomic
def documents_expire(*, on: datetime.date | None = None) -> int:
    """Mark as expired every document whose validity ended before `on` (a daily job).

    Returns how many expired.
    """
    day = day_or_today(on)
    expired = 0
    candidates = NormativeDocument.objects.select_for_update().filter(
        status__in=(NormativeDocument.Status.PUBLISHED, NormativeDocument.Status.FILED),
        valid_until__lt=day,
    )
    for document in candidates:
        document.ended_on = document.valid_until
        document.save(update_fields=["ended_on", "updated_at"])
        transition_run(
            document, "expire", action="有效期届满失效", actor=None, on=document.valid_until
        )
        expired += 1
    return expired
