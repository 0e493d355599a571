"""One person, one file (一人一档): files opened at intake, their checklists, and file reviews."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, Region, User
from fazhi.corrections.models import CorrectionFile, CorrectionSubject, FileDocument, FileReview
from fazhi.corrections.permissions import access_file_by_id, require_corrections_body_for

# The document checklist of each file (实施办法 2020 and 威海市社区矫正档案管理指南, domain notes
# §12.2 [R]/[S]: the county body's execution file, the judicial office's work file).
CHECKLISTS: dict[str, list[tuple[str, str]]] = {
    CorrectionFile.Kind.EXECUTION: [
        ("judgment", "判决书、裁定书或者决定书"),
        ("execution_notice", "执行通知书或者交付执行材料"),
        ("intake_form", "社区矫正对象接收登记表"),
        ("announcement", "社区矫正宣告书"),
        ("level_decisions", "分类管理等级审批材料"),
        ("ending", "解除（终止）社区矫正文书"),
    ],
    CorrectionFile.Kind.WORK: [
        ("team", "矫正小组名单及责任书"),
        ("plan", "矫正方案"),
        ("reports", "报告、通信联络、实地查访记录"),
        ("checks", "信息化核查记录"),
        ("education", "教育帮扶、公益活动记录"),
        ("rewards_sanctions", "考核奖惩材料"),
    ],
}
# Documents that exist once the subject is registered: filed when the files are opened.
_FILED_AT_INTAKE = {"judgment", "execution_notice", "intake_form", "level_decisions"}


def county_body_of(region: Region) -> Organization | None:
    """The county bureau (its corrections function keeps the execution files) of `region`."""
    return Organization.objects.filter(
        is_bureau=True, region__code=region.code[:6] + "000000"
    ).first()


def correction_files_open(
    *, subject: CorrectionSubject, acting_user: User | None, on: datetime.date
) -> list[CorrectionFile]:
    """Open the execution file (county body) and the work file (judicial office) at intake.

    Called by subject_register inside its transaction. Each file gets its document checklist,
    with the documents that exist at intake marked as filed.
    """
    body = county_body_of(subject.region)
    files = []
    for kind, keeper in (
        (CorrectionFile.Kind.EXECUTION, body or subject.office),
        (CorrectionFile.Kind.WORK, subject.office),
    ):
        correction_file = CorrectionFile.objects.create(
            subject=subject, kind=kind, compiled_on=on, keeper=keeper, created_by=acting_user
        )
        FileDocument.objects.bulk_create(
            FileDocument(
                file=correction_file,
                code=code,
                title=title,
                filed_on=on if code in _FILED_AT_INTAKE else None,
                created_by=acting_user,
            )
            for code, title in CHECKLISTS[kind]
        )
        audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=correction_file)
        files.append(correction_file)
    return files


def file_document_mark(
    *, subject: CorrectionSubject, code: str, on: datetime.date, acting_user: User | None
) -> None:
    """Mark the checklist line `code` as filed on `on` (no-op when already filed)."""
    FileDocument.objects.filter(file__subject=subject, code=code, filed_on__isnull=True).update(
        filed_on=on
    )


@transaction.atomic
def file_review_record(
    *,
    acting_user: User,
    file_id: int,
    reviewed_on: datetime.date,
    result: str,
    problems: str = "",
) -> FileReview:
    """Record a review (评查) of a correction file; the missing documents are counted from it.

    The county body reviews. An unqualified result needs the problems found.
    """
    correction_file = access_file_by_id(acting_user, file_id, for_update=True)
    require_corrections_body_for(acting_user, correction_file.subject.region, "档案评查")
    if reviewed_on < correction_file.compiled_on:
        raise ValidationError({"reviewed_on": "评查日期不能早于建档日期"})
    if result == FileReview.Result.UNQUALIFIED and not problems.strip():
        raise ValidationError({"problems": "评查不合格的，应写明发现的问题"})
    review = FileReview(
        file=correction_file,
        reviewed_on=reviewed_on,
        result=result,
        missing_documents=correction_file.documents.filter(filed_on__isnull=True).count(),
        problems=problems.strip(),
        created_by=acting_user,
    )
    review.full_clean()
    review.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=review)
    return review


@transaction.atomic
def correction_file_archive(
    *, acting_user: User, file_id: int, on: datetime.date
) -> CorrectionFile:
    """Mark a file archived (归档). Nothing is deleted: the record stays, flagged as archived."""
    correction_file = access_file_by_id(acting_user, file_id, for_update=True)
    require_corrections_body_for(acting_user, correction_file.subject.region, "档案归档")
    subject = correction_file.subject
    if subject.ended_on is None:
        raise ValidationError({"archived_on": "矫正尚未解除或终止，档案不能归档"})
    if correction_file.archived_on is not None:
        raise ValidationError({"archived_on": "该档案已归档"})
    correction_file.archived_on = on
    correction_file.save(update_fields=["archived_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=correction_file,
        changes={"archived_on": [None, on.isoformat()]},
        message="档案归档",
    )
    return correction_file
