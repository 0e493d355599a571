"""Legal aid after the assignment: ending the aid (终止) and checking the work (质量检查).

- Termination (`legal_aid_terminate`, 法律援助法 art. 48): the centre ends the aid on one of
  the statutory grounds — the recipient obtained it by deceit, hid important facts or gave
  false evidence, used it for unlawful ends, is no longer in hardship, the case was ended or
  withdrawn, the recipient hired their own counsel or asks, for a good reason, to end it, or
  another ground of law. The decision names its ground, its day, the person who decided and
  the day the recipient was told in writing: the recipient may object to it (art. 49). A
  terminated case is over, like a closed one, but is counted apart (`legal_aid_terminated`);
  it was granted, so it stays among the year's cases. No subsidy is computed for it [I]: the
  province's standard for part-done cases is not known.
- Quality checks (`legal_aid_quality_check_add`, arts. 57, 59): hearing attendance, file
  checks, the judicial organs' opinion and follow-up of the recipient, each with its day,
  checker, result and score; a case may have several.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog
from fazhi.legalservice.aid_services import (
    _log,
    _not_after_today,
    _require_status,
)
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck
from fazhi.legalservice.permissions import (
    access_legal_aid_application_by_id,
    require_legal_aid_centre_for,
)
from fazhi.legalservice.services import COLUMNS, _choices_text

Aid = LegalAidApplication
Check = LegalAidQualityCheck

COLUMNS.update(
    {
        "termination_ground": "终止情形",
        "termination_reasons": "终止理由",
        "terminated_on": "终止日期",
        "termination_notice_on": "书面告知受援人日期",
        "checked_on": "检查日期",
    }
)
TERMINABLE = (Aid.Status.ADVANCED, Aid.Status.GRANTED, Aid.Status.ASSIGNED)
CHECKABLE = (Aid.Status.ASSIGNED, Aid.Status.CLOSED, Aid.Status.TERMINATED)


@transaction.atomic
def legal_aid_terminate(
    *,
    acting_user: Any,
    application_id: int,
    ground: str,
    terminated_on: datetime.date,
    notice_on: datetime.date,
    reasons: str = "",
) -> Aid:
    """End the aid on a ground of art. 48 (终止法律援助) and record the written notice.

    Raises Http404 outside the user's scope, PermissionDenied unless the user is the legal aid
    centre for the region, InvalidTransition unless the aid runs or is granted, ValidationError
    naming the field.
    """
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    before = application.status
    _require_status(application, TERMINABLE, "终止法律援助")
    problems: dict[str, list[str]] = {}
    if ground not in Aid.TerminationGround.values:
        problems["termination_ground"] = [
            f"终止情形应为{_choices_text(Aid.TerminationGround.labels)}之一（法律援助法第四十八条）"
        ]
    elif ground == Aid.TerminationGround.OTHER and not reasons.strip():
        problems["termination_reasons"] = ["其他情形的，请写明终止的理由和依据"]
    started = application.advanced_on or application.decided_on or application.received_on
    if terminated_on < started:
        problems["terminated_on"] = [f"终止日期不能早于{started}（给予或先行提供援助之日）"]
    _not_after_today(problems, "terminated_on", terminated_on)
    if notice_on < terminated_on:
        problems["termination_notice_on"] = ["书面告知日期不能早于终止日期"]
    _not_after_today(problems, "termination_notice_on", notice_on)
    if problems:
        raise ValidationError(problems)
    application.termination_ground = ground
    application.termination_reasons = reasons.strip()
    application.terminated_on = terminated_on
    application.terminated_by = acting_user
    application.termination_notice_on = notice_on
    application.terminate()
    application.save()
    _log(
        application,
        before,
        f"终止法律援助：{application.get_termination_ground_display()}",
        acting_user,
        terminated_on,
    )
    return application


@transaction.atomic
def legal_aid_quality_check_add(
    *,
    acting_user: Any,
    application_id: int,
    kind: str,
    checked_on: datetime.date,
    checker: str,
    result: str,
    score: Decimal | None = None,
    note: str = "",
) -> Check:
    """Record one quality check of a case (arts. 57, 59).

    Only a case that has an assignee (assigned, closed or terminated after the assignment) can
    be checked, on a day from its assignment on. Raises InvalidTransition for other cases,
    ValidationError naming the field.
    """
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, CHECKABLE, "质量检查")
    problems: dict[str, list[str]] = {}
    if application.assigned_on is None:
        problems["checked_on"] = ["未指派承办人员的案件不能进行质量检查"]
    elif checked_on < application.assigned_on:
        problems["checked_on"] = ["检查日期不能早于指派日期"]
    _not_after_today(problems, "checked_on", checked_on)
    check = Check(
        application=application,
        kind=kind,
        checked_on=checked_on,
        checker=checker.strip(),
        result=result,
        score=score,
        note=note.strip(),
        created_by=acting_user,
    )
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        problems["score"] = ["评分应在0至100之间"]
    try:
        check.full_clean(exclude=["application", "created_by", *problems])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    if problems:
        raise ValidationError(problems)
    check.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=check,
        changes={"kind": kind, "result": result, "checked_on": str(checked_on)},
        message=f"法律援助质量检查：{check.get_kind_display()}",
    )
    return check
