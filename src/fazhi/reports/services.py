"""Writes of the reports app: report passages from draft to accepted (STYLE §5)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record, changed_fields, field_snapshot
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.figures import chapters
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.reports.models import NarrativeItem
from fazhi.reports.permissions import (
    EDITABLE_STATES,
    REPORT_LEVELS,
    access_narrative_item_by_id,
    can_create_narrative_item,
    can_review_narrative_item,
    can_submit_narrative_item,
    can_write_for_organization,
    writing_organizations,
)

EDITABLE_FIELDS = ("region", "year", "part", "chapter", "title", "body", "order")


def _validate_placement(
    *, region: Region, organization: Organization, part: int, chapter: str
) -> None:
    """An organization writes for the report of its own region or of a region around it."""
    if region.level not in REPORT_LEVELS:
        raise ValidationError({"region": "报告区域须为县(市、区)或镇(街道)"})
    if not organization.region.code.startswith(region.prefix):
        raise ValidationError(
            {"region": f"{organization.name}不在{region.name}范围内，不能为其报告报送素材"}
        )
    if chapter:
        known = {item.key: item for item in chapters()}
        if chapter not in known:
            raise ValidationError({"chapter": "所属章节不存在"})
        if known[chapter].part != part:
            raise ValidationError({"chapter": "所属章节不在所选的报告部分中"})


def _writing_organization(acting_user: Any, organization: Organization | None) -> Organization:
    if organization is None:
        candidates = writing_organizations(acting_user)
        if not candidates:
            raise deny(acting_user, None, "您没有撰写报告素材的权限")
        return candidates[0]
    if not can_write_for_organization(acting_user, organization):
        raise deny(acting_user, None, f"您不能以{organization.name}的名义撰写报告素材")
    return organization


@transaction.atomic
def narrative_item_create(
    *,
    acting_user: Any,
    region: Region,
    year: int,
    part: int,
    title: str,
    body: str,
    chapter: str = "",
    order: int = 0,
    organization: Organization | None = None,
) -> NarrativeItem:
    """Draft a passage for the annual report of `region` and `year`, in the author's organization.

    `organization` defaults to the first organization in which the user may write passages.
    Raises PermissionDenied if the user may not write for it, ValidationError naming the field
    for a region outside the organization's reach or a chapter of another part. Audited.
    """
    if not can_create_narrative_item(acting_user):
        raise deny(acting_user, None, "您没有撰写报告素材的权限")
    author = _writing_organization(acting_user, organization)
    item = NarrativeItem(
        region=region,
        year=year,
        part=part,
        chapter=chapter,
        title=title.strip(),
        body=body.strip(),
        order=order,
        organization=author,
        created_by=acting_user,
    )
    item.full_clean(exclude=["status"])  # protected FSM field: only transitions set it
    _validate_placement(region=region, organization=author, part=part, chapter=chapter)
    item.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=item,
        changes=changed_fields(
            dict.fromkeys(EDITABLE_FIELDS), field_snapshot(item, EDITABLE_FIELDS)
        )
        | {"organization": [None, author.name]},
    )
    return item


@transaction.atomic
def narrative_item_update(*, acting_user: Any, item_id: int, **values: Any) -> NarrativeItem:
    """Change a draft or returned passage of the user's own organization; the changes are audited.

    Raises Http404 outside scope, PermissionDenied for another organization's passage,
    InvalidTransition once submitted or accepted, ValidationError for unknown or bad fields.
    """
    item = access_narrative_item_by_id(acting_user, item_id, for_update=True)
    if not can_write_for_organization(acting_user, item.organization):
        raise deny(acting_user, item, "只能修改本单位的报告素材")
    if item.status not in EDITABLE_STATES:
        raise InvalidTransition(f"素材已{item.get_status_display()}，不能修改")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该字段不可修改"))
    before = field_snapshot(item, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(
            item,
            name,
            value.strip() if isinstance(value, str) and name in {"title", "body"} else value,
        )
    item.full_clean(exclude=["status"])  # protected FSM field: only transitions set it
    _validate_placement(
        region=item.region, organization=item.organization, part=item.part, chapter=item.chapter
    )
    changes = changed_fields(before, field_snapshot(item, EDITABLE_FIELDS))
    if not changes:
        return item
    item.save(update_fields=[*changes, "updated_at"])
    audit_record(event=AuditLog.Event.UPDATE, user=acting_user, target=item, changes=changes)
    return item


@transaction.atomic
def narrative_item_submit(*, acting_user: Any, item_id: int, opinion: str = "") -> NarrativeItem:
    """Send a draft or returned passage to the bureau for review.

    Raises Http404 outside scope, PermissionDenied for another organization's passage,
    InvalidTransition when it is already submitted or accepted. Logs the transition (办理记录).
    """
    item = access_narrative_item_by_id(acting_user, item_id, for_update=True)
    if not can_submit_narrative_item(acting_user, item):
        raise deny(acting_user, item, "只能提交本单位的报告素材")
    transition_run(item, "submit", action="提交", actor=acting_user, opinion=opinion)
    return item


@transaction.atomic
def narrative_item_accept(*, acting_user: Any, item_id: int, opinion: str = "") -> NarrativeItem:
    """Take a submitted passage into the annual report (bureau reviewers only).

    Raises Http404 outside scope, PermissionDenied without REVIEW_NARRATIVE, InvalidTransition
    unless the passage is submitted. Logs the transition (办理记录).
    """
    item = access_narrative_item_by_id(acting_user, item_id, for_update=True)
    if not can_review_narrative_item(acting_user, item):
        raise deny(acting_user, item, "只有司法局审核人员可以采用报告素材")
    transition_run(item, "accept", action="采用", actor=acting_user, opinion=opinion)
    return item


@transaction.atomic
def narrative_item_return(*, acting_user: Any, item_id: int, opinion: str) -> NarrativeItem:
    """Send a submitted passage back to its authors with the reviewer's opinion (required).

    Raises Http404 outside scope, PermissionDenied without REVIEW_NARRATIVE, ValidationError
    without an opinion, InvalidTransition unless the passage is submitted. Logs the transition.
    """
    item = access_narrative_item_by_id(acting_user, item_id, for_update=True)
    if not can_review_narrative_item(acting_user, item):
        raise deny(acting_user, item, "只有司法局审核人员可以退回报告素材")
    if not opinion.strip():
        raise ValidationError({"opinion": "退回时须填写退回意见"})
    transition_run(item, "return_for_revision", action="退回", actor=acting_user, opinion=opinion)
    return item
