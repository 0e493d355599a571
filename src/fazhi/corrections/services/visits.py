"""Visits that need approval (会客): the application and its decision at the tier of the visitor.

刑法 arts. 39, 75, 84 [R] and 社区矫正法 art. 23 [C]: the subject keeps the body's rules on visits.
Which visitors need approval and who decides is the platform's rule (domain notes §12.4 [I]):
a person from abroad or the media, the county corrections body; a co-offender or a victim, the
judicial office under the body's entrustment.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, User
from fazhi.corrections.models import CorrectionSubject, VisitRequest
from fazhi.corrections.permissions import (
    access_subject_by_id,
    access_visit_by_id,
    require_corrections_body_for,
    require_supervisor_for,
)

Visitor = VisitRequest.Visitor
_COUNTY_VISITORS = frozenset({Visitor.FOREIGN, Visitor.MEDIA})


def visit_tier(visitor_kind: str) -> str:
    """Who decides a visit: the county body for visitors from abroad and the media, else the office.

    Raises ValidationError naming `visitor_kind` for a kind that needs no approval here.
    """
    if visitor_kind not in Visitor.values:
        raise ValidationError({"visitor_kind": "请选择需经批准的会见对象类别"})
    if visitor_kind in _COUNTY_VISITORS:
        return VisitRequest.Tier.COUNTY
    return VisitRequest.Tier.OFFICE


@transaction.atomic
def visit_apply(
    *,
    acting_user: User,
    subject_id: int,
    applied_on: datetime.date,
    visit_on: datetime.date,
    visitor_kind: str,
    visitor_name: str,
    visitor_identity: str,
    place: str,
    purpose: str,
) -> VisitRequest:
    """Register a subject's application to receive a visitor; the tier follows the visitor."""
    subject: CorrectionSubject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, "会客审批")
    if not subject.is_active:
        raise ValidationError({"subject": "只有在矫对象可以办理会客审批"})
    if visit_on < applied_on:
        raise ValidationError({"visit_on": "会客日期不能早于申请日期，应事先申请"})
    request = VisitRequest(
        subject=subject,
        applied_on=applied_on,
        visit_on=visit_on,
        visitor_kind=visitor_kind,
        visitor_name=visitor_name.strip(),
        visitor_identity=visitor_identity.strip(),
        place=place.strip(),
        purpose=purpose.strip(),
        tier=visit_tier(visitor_kind),
        created_by=acting_user,
    )
    request.full_clean()
    request.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=request)
    return request


def visit_require_decider(user: User, request: VisitRequest) -> None:
    """PermissionDenied (audited) unless the user decides at the request's tier."""
    if request.tier == VisitRequest.Tier.COUNTY:
        require_corrections_body_for(user, request.subject.region, "该会客审批")
    else:
        require_supervisor_for(user, request.subject, "会客审批")


@transaction.atomic
def visit_decide(
    *,
    acting_user: User,
    visit_id: int,
    approve: bool,
    decided_on: datetime.date,
    refusal_ground: str = "",
    opinion: str = "",
) -> VisitRequest:
    """Approve or refuse a visit at its tier; a refusal names its ground.

    A visit is decided before the day of the visit; the county body decides both tiers.
    """
    request = access_visit_by_id(acting_user, visit_id, for_update=True)
    visit_require_decider(acting_user, request)
    if request.status != VisitRequest.Status.APPLIED:
        raise ValidationError({"status": "该申请已审批"})
    if decided_on < request.applied_on:
        raise ValidationError({"decided_on": "审批日期不能早于申请日期"})
    if approve and decided_on > request.visit_on:
        raise ValidationError({"decided_on": "会客日期已过，不能再批准"})
    if approve:
        refusal_ground = ""
    elif refusal_ground not in VisitRequest.RefusalGround.values or not refusal_ground:
        raise ValidationError({"refusal_ground": "不予批准的，应选择不予批准理由"})
    elif refusal_ground == VisitRequest.RefusalGround.OTHER and not opinion.strip():
        raise ValidationError({"opinion": "以其他理由不予批准的，应在审批意见中写明理由"})
    request.status = VisitRequest.Status.APPROVED if approve else VisitRequest.Status.REFUSED
    request.decided_on = decided_on
    request.decided_by = acting_user
    request.refusal_ground = refusal_ground
    request.opinion = opinion.strip()
    request.full_clean()
    request.save(
        update_fields=[
            "status",
            "decided_on",
            "decided_by",
            "refusal_ground",
            "opinion",
            "updated_at",
        ]
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=request,
        changes={"status": ["applied", request.status]},
        message=f"会客审批：{request.get_status_display()}",
    )
    return request
