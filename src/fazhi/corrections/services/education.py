"""Education sessions and public-interest activities (教育学习、公益活动), recorded in hours.

The monthly totals and the shortfall against the required hours are reads (selectors.education);
the required hours are rule parameters (MONTHLY_HOURS, MONTHLY_HOURS_STRICT).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, User
from fazhi.corrections.models import CorrectionSubject, EducationSession
from fazhi.corrections.permissions import access_subject_by_id, require_supervisor_for
from fazhi.corrections.services.files import file_document_mark


@transaction.atomic
def education_session_record(
    *,
    acting_user: User,
    subject_id: int,
    held_on: datetime.date,
    kind: str,
    hours: Decimal,
    content: str,
    organizer: str,
) -> EducationSession:
    """Record one session a subject attended, within the period of correction.

    The judicial office or the county body records; the session is filed in the work file.
    """
    subject: CorrectionSubject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, "教育学习、公益活动登记")
    if subject.registered_on is None:
        raise ValidationError({"held_on": "尚未接收登记的对象不能登记教育学习、公益活动"})
    if held_on < subject.registered_on:
        raise ValidationError(
            {"held_on": f"日期不能早于接收登记日期（{subject.registered_on:%Y-%m-%d}）"}
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "不能登记今天以后的教育学习、公益活动"})
    if subject.ended_on is not None and held_on > subject.ended_on:
        raise ValidationError(
            {"held_on": f"日期不能晚于解除（终止）矫正日期（{subject.ended_on:%Y-%m-%d}）"}
        )
    session = EducationSession(
        subject=subject,
        held_on=held_on,
        kind=kind,
        hours=hours,
        content=content.strip(),
        organizer=organizer.strip(),
        created_by=acting_user,
    )
    session.full_clean()
    session.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=session)
    file_document_mark(subject=subject, code="education", on=held_on, acting_user=acting_user)
    return session
