"""Proposing, reviewing and publishing the proof-item catalog (证明事项清单).

Departments propose to add, adjust or remove their items (威海市证明事项告知承诺制工作规程 art. 4–5:
each authority drafts its list and submits it to the 司法行政部门 for review; the list is adjusted
dynamically). The bureau takes each proposal into a draft release or rejects it with the reason,
then publishes the release with an effective date: the affected versions close on that date and
the new ones open from it, so every past catalog stays queryable. An item in a field excluded by
山东省优化营商环境条例 art. 29 can never be put under notification-commitment.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_batch, audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.proofs.models import (
    CatalogChange,
    CatalogRelease,
    HandlingMode,
    ProofItem,
    ProofItemVersion,
)
from fazhi.proofs.permissions import (
    access_change_by_id,
    access_release_by_id,
    can_propose_for,
    require_catalog_review,
)

# The fields of a version a proposal may set.
VERSION_FIELDS = (
    "name",
    "legal_basis",
    "issuing_authority",
    "service_matters",
    "field",
    "handling_mode",
    "verification_method",
    "verification_days",
    "exempt_from_verification",
    "template_version",
    "data_source",
    "spot_check_rate",
)
_NOT_PROPOSED = ["item", "release", "organization", "valid_from", "valid_to"]


@dataclass(frozen=True)
class Proposal:
    """One change a department proposes: kind add / modify / remove, the item's code, fields."""

    kind: str
    code: str
    reason: str
    fields: dict[str, Any] = field(default_factory=dict)


def _version_data(version: ProofItemVersion) -> dict[str, Any]:
    """The proposed fields as JSON values (the rate as a string: JSON has no decimals)."""
    data = {name: getattr(version, name) for name in VERSION_FIELDS}
    if data["spot_check_rate"] is not None:
        data["spot_check_rate"] = str(data["spot_check_rate"])
    return data


def _build_version(data: dict[str, Any], organization: Organization) -> ProofItemVersion:
    """An unsaved version from `data`, validated field by field (exclusion rule included)."""
    unknown = set(data) - set(VERSION_FIELDS)
    if unknown:
        raise ValidationError({"proposed": f"不能调整的字段：{'、'.join(sorted(unknown))}"})
    values = dict(data)
    for text in (
        "name",
        "legal_basis",
        "issuing_authority",
        "verification_method",
        "template_version",
        "data_source",
    ):
        if isinstance(values.get(text), str):
            values[text] = values[text].strip()
    matters = values.get("service_matters") or []
    if not isinstance(matters, list) or not all(isinstance(m, str) for m in matters):
        raise ValidationError({"service_matters": "适用的政务服务事项应为事项名称列表"})
    values["service_matters"] = [m.strip() for m in matters if m.strip()]
    if values.get("handling_mode") in (HandlingMode.CANCELLED, HandlingMode.RETAINED):
        values["verification_method"] = ""
        values["verification_days"] = None
    version = ProofItemVersion(organization=organization, **values)
    errors: dict[str, list[str]] = {}
    try:
        version.clean_fields(exclude=_NOT_PROPOSED)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        version.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return version


def _open_version(region: Region, code: str) -> ProofItemVersion | None:
    return (
        ProofItemVersion.objects.filter(item__region=region, item__code=code, valid_to__isnull=True)
        .select_related("item", "organization")
        .first()
    )


def _prepare(acting_user: Any, organization: Organization, proposal: Proposal) -> CatalogChange:
    """Validate one proposal and return its unsaved change row."""
    region = organization.region
    code = proposal.code.strip()
    if not code:
        raise ValidationError({"code": "请填写事项编码"})
    if not proposal.reason.strip():
        raise ValidationError({"reason": "请写明调整理由"})
    current = _open_version(region, code)
    item = current.item if current is not None else None
    proposed: dict[str, Any] = {}
    if proposal.kind == CatalogChange.Kind.ADD:
        if current is not None:
            raise ValidationError({"code": f"事项编码{code}已在清单中，请提出调整申请"})
        built = _build_version(proposal.fields, organization)
        proposed = _version_data(built)
        item = ProofItem.objects.filter(region=region, code=code).first()
    elif proposal.kind in (CatalogChange.Kind.MODIFY, CatalogChange.Kind.REMOVE):
        if current is None:
            raise ValidationError({"code": f"清单中没有现行有效的事项{code}"})
        if current.organization_id != organization.pk:
            raise ValidationError(
                {"code": f"事项{code}的索要单位是{current.organization.name}，只能由该单位提出调整"}
            )
        if proposal.kind == CatalogChange.Kind.MODIFY:
            changed = {k: v for k, v in proposal.fields.items() if v is not None}
            if not changed:
                raise ValidationError({"proposed": "请写明要调整的内容"})
            merged = {**_version_data(current), **changed}
            built = _build_version(merged, organization)
            proposed = {k: v for k, v in _version_data(built).items() if k in changed}
        else:
            proposed = {"name": current.name}
    else:
        raise ValidationError({"kind": "调整类型应为新增、调整或删除"})
    return CatalogChange(
        region=region,
        organization=organization,
        kind=proposal.kind,
        item=item,
        code=code,
        proposed=proposed,
        reason=proposal.reason.strip(),
        created_by=acting_user,
    )


def _check_proposer(acting_user: Any, organization: Organization) -> None:
    if not can_propose_for(acting_user, organization):
        raise deny(acting_user, None, f"您不能以{organization.name}的名义提出证明事项调整")


@transaction.atomic
def change_propose(
    *, acting_user: Any, organization: Organization, proposal: Proposal
) -> CatalogChange:
    """A department proposes one change to the catalog; the bureau reviews it."""
    _check_proposer(acting_user, organization)
    change = _prepare(acting_user, organization, proposal)
    change.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=change,
        changes={"kind": [None, change.kind], "code": [None, change.code]},
    )
    return change


@transaction.atomic
def changes_propose(
    *, acting_user: Any, organization: Organization, proposals: Sequence[Proposal]
) -> list[CatalogChange]:
    """Several proposals of one department at once (a whole list); all or nothing."""
    _check_proposer(acting_user, organization)
    codes = [p.code.strip() for p in proposals]
    if len(set(codes)) != len(codes):
        raise ValidationError({"code": "同一批申请中事项编码不能重复"})
    changes = []
    for index, proposal in enumerate(proposals, start=1):
        try:
            changes.append(_prepare(acting_user, organization, proposal))
        except ValidationError as error:
            raise ValidationError(
                {
                    k: [f"第{index}项（{proposal.code}）：{m}" for m in v]
                    for k, v in error.message_dict.items()
                }
            ) from error
    with audit_batch():
        created = CatalogChange.objects.bulk_create(changes)
        for change in created:
            audit_record(
                event=AuditLog.Event.CREATE,
                user=acting_user,
                target=change,
                changes={"kind": [None, change.kind], "code": [None, change.code]},
            )
    return created


@transaction.atomic
def release_open(
    *, acting_user: Any, region: Region, number: str, note: str = ""
) -> CatalogRelease:
    """The bureau opens a draft release of its region's catalog."""
    require_catalog_review(acting_user)
    number = number.strip()
    if not number:
        raise ValidationError({"number": "请填写清单版本号"})
    if CatalogRelease.objects.filter(region=region, number=number).exists():
        raise ValidationError({"number": f"清单版本号{number}已存在"})
    release = CatalogRelease.objects.create(
        region=region, number=number, note=note.strip(), created_by=acting_user
    )
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=release)
    return release


def _draft_release(acting_user: Any, release_id: int) -> CatalogRelease:
    release = access_release_by_id(acting_user, release_id, for_update=True)
    require_catalog_review(acting_user, release)
    if release.status != CatalogRelease.Status.DRAFT:
        raise InvalidTransition(f"{release}已发布，不能再纳入调整")
    return release


def _check_acceptable(change: CatalogChange, release: CatalogRelease) -> None:
    if change.region_id != release.region_id:
        raise ValidationError({"release": "只能纳入本区域的清单版本"})
    clash = release.changes.filter(code=change.code).exclude(pk=change.pk).exists()
    if clash:
        raise ValidationError({"release": f"该清单版本已纳入事项{change.code}的其他调整"})


@transaction.atomic
def change_accept(*, acting_user: Any, change_id: int, release_id: int) -> CatalogChange:
    """The bureau takes a proposal into a draft release."""
    change = access_change_by_id(acting_user, change_id, for_update=True)
    require_catalog_review(acting_user, change)
    release = _draft_release(acting_user, release_id)
    _check_acceptable(change, release)
    change.release = release
    change.save(update_fields=["release", "updated_at"])
    transition_run(change, "accept", action="采纳", actor=acting_user, opinion=str(release))
    return change


@transaction.atomic
def changes_accept(*, acting_user: Any, change_ids: Sequence[int], release_id: int) -> int:
    """Take several proposals into one draft release at once; all or nothing."""
    require_catalog_review(acting_user)
    release = _draft_release(acting_user, release_id)
    changes = list(
        CatalogChange.objects.visible_to(acting_user).select_for_update().filter(pk__in=change_ids)
    )
    if len(changes) != len(set(change_ids)):
        raise ValidationError({"change_ids": "部分调整申请不存在或无权处理"})
    codes = [c.code for c in changes]
    if len(set(codes)) != len(codes) or release.changes.filter(code__in=codes).exists():
        raise ValidationError({"release": "同一清单版本中一个事项只能有一项调整"})
    with audit_batch():
        for change in changes:
            if change.status != CatalogChange.Status.PROPOSED:
                raise InvalidTransition(f"“{change}”已处理，不能再采纳")
            if change.region_id != release.region_id:
                raise ValidationError({"release": "只能纳入本区域的清单版本"})
            audit_record(
                event=AuditLog.Event.TRANSITION,
                user=acting_user,
                target=change,
                changes={"status": [change.status, CatalogChange.Status.ACCEPTED]},
                message=f"采纳，纳入{release}",
            )
        CatalogChange.objects.filter(pk__in=[c.pk for c in changes]).update(
            status=CatalogChange.Status.ACCEPTED, release=release, updated_at=timezone.now()
        )
    return len(changes)


@transaction.atomic
def change_reject(*, acting_user: Any, change_id: int, reason: str) -> CatalogChange:
    """The bureau rejects a proposal with the reason, which the department reads."""
    change = access_change_by_id(acting_user, change_id, for_update=True)
    require_catalog_review(acting_user, change)
    if not reason.strip():
        raise ValidationError({"reason": "请写明不予采纳的理由"})
    change.decision_reason = reason.strip()
    change.save(update_fields=["decision_reason", "updated_at"])
    transition_run(change, "reject", action="不予采纳", actor=acting_user, opinion=reason)
    return change


def _apply(
    release: CatalogRelease, changes: list[CatalogChange], effective_on: datetime.date
) -> None:
    """Close the versions the changes affect on `effective_on` and open the new ones."""
    codes = [c.code for c in changes]
    open_versions = {
        v.item.code: v
        for v in ProofItemVersion.objects.select_for_update()
        .filter(item__region=release.region, item__code__in=codes, valid_to__isnull=True)
        .select_related("item", "organization")
    }
    items = {i.code: i for i in ProofItem.objects.filter(region=release.region, code__in=codes)}
    new_items = [
        ProofItem(region=release.region, code=c.code, created_by=release.created_by)
        for c in changes
        if c.kind == CatalogChange.Kind.ADD and c.code not in items
    ]
    for item in ProofItem.objects.bulk_create(new_items):
        items[item.code] = item
    closing: list[ProofItemVersion] = []
    opening: list[ProofItemVersion] = []
    for change in changes:
        current = open_versions.get(change.code)
        label = f"事项{change.code}"
        if change.kind == CatalogChange.Kind.ADD:
            if current is not None:
                raise ValidationError({"changes": f"{label}已在清单中，不能重复新增"})
            data, organization = dict(change.proposed), change.organization
        else:
            if current is None:
                raise ValidationError(
                    {"changes": f"{label}已不在清单中，无法{change.get_kind_display()}"}
                )
            if current.valid_from >= effective_on:
                raise ValidationError(
                    {"effective_on": f"生效日期应晚于{label}现行版本的生效日期{current.valid_from}"}
                )
            current.valid_to = effective_on
            closing.append(current)
            if change.kind == CatalogChange.Kind.REMOVE:
                continue
            data = {**_version_data(current), **change.proposed}
            organization = current.organization
        try:
            version = _build_version(data, organization)
        except ValidationError as error:
            raise ValidationError(
                {k: [f"{label}：{m}" for m in v] for k, v in error.message_dict.items()}
            ) from error
        version.item = items[change.code]
        version.release = release
        version.valid_from = effective_on
        version.created_by = release.created_by
        opening.append(version)
    ProofItemVersion.objects.bulk_update(closing, ["valid_to", "updated_at"])
    ProofItemVersion.objects.bulk_create(opening)
    CatalogChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        status=CatalogChange.Status.APPLIED, updated_at=timezone.now()
    )


@transaction.atomic
def release_publish(
    *,
    acting_user: Any,
    release_id: int,
    effective_on: datetime.date,
    on: datetime.date | None = None,
) -> CatalogRelease:
    """Publish a draft release: its accepted changes take effect on `effective_on`."""
    release = access_release_by_id(acting_user, release_id, for_update=True)
    require_catalog_review(acting_user, release)
    if release.status != CatalogRelease.Status.DRAFT:
        raise InvalidTransition(f"{release}已发布")
    day = day_or_today(on)
    if effective_on < day:
        raise ValidationError({"effective_on": "生效日期不能早于发布日期"})
    changes = list(
        release.changes.filter(status=CatalogChange.Status.ACCEPTED).select_related("organization")
    )
    if not changes:
        raise InvalidTransition("清单版本中没有采纳的调整，不能发布")
    later = CatalogRelease.objects.filter(
        region=release.region,
        status=CatalogRelease.Status.PUBLISHED,
        effective_on__gte=effective_on,
    )
    if later.exists():
        raise ValidationError({"effective_on": "生效日期应晚于已发布清单版本的生效日期"})
    release.published_on = day
    release.effective_on = effective_on
    release.save(update_fields=["published_on", "effective_on", "updated_at"])
    transition_run(release, "publish", action="发布清单", actor=acting_user, on=day)
    with audit_batch():
        _apply(release, changes, effective_on)
        audit_record(
            event=AuditLog.Event.UPDATE,
            user=acting_user,
            target=release,
            message=f"发布{release}，{len(changes)}项调整自{effective_on}起生效",
        )
    return release
