"""Writes of the annual catalog of major decision matters (决策事项目录).

Departments and towns propose matters (条例 art. 10); the Justice Bureau compiles the catalog
(山东省重大行政决策程序规定 art. 4), records the government's adoption, publishes it (条例
art. 3) and keeps it up to date during the year: additions, removals and changes, each with its
reason and date (dynamic management, 山东省重大行政决策事项目录管理办法 art. 15).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.decisions.models import (
    CatalogAdjustment,
    DecisionCatalog,
    DecisionProposal,
    MajorDecision,
)
from fazhi.decisions.permissions import (
    access_catalog_by_id,
    access_proposal_by_id,
    can_compile_catalog,
    proposing_organizations,
)

WITHDRAWABLE = frozenset({MajorDecision.Status.DRAFTING, MajorDecision.Status.DEFERRED})


def _required(value: str, field: str, label: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: f"请填写{label}"})
    return text


def _catalog_for_bureau(acting_user: Any, catalog_id: int) -> DecisionCatalog:
    catalog = access_catalog_by_id(acting_user, catalog_id, for_update=True)
    if not can_compile_catalog(acting_user, catalog.region):
        raise deny(acting_user, catalog, "只有司法局合法性审核人员可以编制决策事项目录")
    return catalog


def _proposal_for_bureau(acting_user: Any, proposal_id: int) -> DecisionProposal:
    proposal = access_proposal_by_id(acting_user, proposal_id, for_update=True)
    if not can_compile_catalog(acting_user, proposal.catalog.region):
        raise deny(acting_user, proposal, "只有司法局合法性审核人员可以编制决策事项目录")
    return proposal


@transaction.atomic
def catalog_create(
    *, acting_user: Any, region: Region, year: int, title: str = ""
) -> DecisionCatalog:
    """Open the catalog of `year` for a county (or town) government, as the bureau.

    Raises PermissionDenied outside the bureau's county, ValidationError when the region
    already has a catalog for the year.
    """
    if not can_compile_catalog(acting_user, region):
        raise deny(acting_user, region, "只有本级司法局合法性审核人员可以编制决策事项目录")
    if region.level not in (Region.Level.COUNTY, Region.Level.TOWN):
        raise ValidationError({"region": "决策事项目录按县(市、区)或镇(街道)编制"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度不正确"})
    if DecisionCatalog.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": f"{region.name}{year}年度的决策事项目录已存在"})
    catalog = DecisionCatalog(
        region=region,
        year=year,
        title=title.strip() or f"{region.name}{year}年度重大行政决策事项目录",
        created_by=acting_user,
    )
    catalog.full_clean(exclude=["status"])
    catalog.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=catalog,
        changes={"region": [None, region.code], "year": [None, year]},
    )
    return catalog


@transaction.atomic
def proposal_submit(
    *,
    acting_user: Any,
    catalog_id: int,
    lead_organization: Organization,
    title: str,
    reason: str,
    basis: str,
    plan: str = "",
    organization: Organization | None = None,
    on: datetime.date | None = None,
) -> DecisionProposal:
    """A department or town proposes a decision matter for the catalog (条例 art. 10(二)).

    The proposal argues the problem, the reasons and basis, and the initial plan. It may come
    after publication: the bureau then adds it during the year. Raises PermissionDenied for a
    user without a proposing unit in the catalog's county, ValidationError naming the field.
    """
    catalog = access_catalog_by_id(acting_user, catalog_id)
    units = proposing_organizations(acting_user, catalog)
    if not units:
        raise deny(acting_user, catalog, "只有本地区的部门、镇街可以提出决策事项建议")
    if organization is None:
        organization = units[0]
    elif all(unit.pk != organization.pk for unit in units):
        raise deny(acting_user, catalog, f"您不能以{organization.name}的名义提出建议")
    if not lead_organization.region.code.startswith(catalog.region.prefix):
        raise ValidationError({"lead_organization": "拟定承办单位须为本地区的单位"})
    proposal = DecisionProposal(
        catalog=catalog,
        organization=organization,
        lead_organization=lead_organization,
        title=_required(title, "title", "决策事项名称"),
        reason=_required(reason, "reason", "拟解决的主要问题和建议理由"),
        basis=_required(basis, "basis", "依据"),
        plan=plan.strip(),
        proposed_on=day_or_today(on),
        created_by=acting_user,
    )
    proposal.full_clean(exclude=["status"])
    proposal.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=proposal,
        changes={"catalog": [None, catalog.title], "organization": [None, organization.name]},
        message="提出决策事项建议",
    )
    return proposal


@transaction.atomic
def proposal_include(
    *, acting_user: Any, proposal_id: int, reason: str = "", on: datetime.date | None = None
) -> DecisionProposal:
    """The bureau takes a proposal into the catalog and numbers it.

    Into a published catalog it is an in-year addition: the reason is then required and the
    addition is recorded as an adjustment.
    """
    proposal = _proposal_for_bureau(acting_user, proposal_id)
    catalog = DecisionCatalog.objects.select_for_update().get(pk=proposal.catalog_id)
    day = day_or_today(on)
    published = catalog.status == DecisionCatalog.Status.PUBLISHED
    text = reason.strip()
    if published and not text:
        raise ValidationError({"reason": "目录公布后增补事项，须写明增补理由"})
    highest = catalog.items.aggregate(highest=Max("number"))["highest"] or 0
    proposal.number = highest + 1
    proposal.included_on = day
    proposal.is_addition = published
    proposal.save(update_fields=["number", "included_on", "is_addition", "updated_at"])
    transition_run(
        proposal,
        "include",
        action="年度中增补列入目录" if published else "列入目录",
        actor=acting_user,
        opinion=text,
        on=day,
    )
    if published:
        CatalogAdjustment.objects.create(
            catalog=catalog,
            item=proposal,
            kind=CatalogAdjustment.Kind.ADDED,
            adjusted_on=day,
            reason=text,
            created_by=acting_user,
        )
    return proposal


@transaction.atomic
def proposal_reject(
    *, acting_user: Any, proposal_id: int, reason: str, on: datetime.date | None = None
) -> DecisionProposal:
    """The bureau leaves a proposal out of the catalog; the reason is required."""
    proposal = _proposal_for_bureau(acting_user, proposal_id)
    text = _required(reason, "reason", "未列入目录的理由")
    proposal.rejection_reason = text
    proposal.save(update_fields=["rejection_reason", "updated_at"])
    transition_run(
        proposal,
        "reject",
        action="不予列入目录",
        actor=acting_user,
        opinion=text,
        on=day_or_today(on),
    )
    return proposal


@transaction.atomic
def catalog_adopt(
    *,
    acting_user: Any,
    catalog_id: int,
    adopted_on: datetime.date,
    adopted_document: str = "",
) -> DecisionCatalog:
    """Record the government's adoption of the compiled catalog (date and document number)."""
    catalog = _catalog_for_bureau(acting_user, catalog_id)
    if catalog.status != DecisionCatalog.Status.DRAFT:
        raise InvalidTransition("目录已公布，不能再登记审定")
    if not catalog.items.filter(status=DecisionProposal.Status.INCLUDED).exists():
        raise ValidationError({"adopted_on": "目录中还没有列入的决策事项"})
    if catalog.items.filter(status=DecisionProposal.Status.PROPOSED).exists():
        raise ValidationError({"adopted_on": "还有决策事项建议未作处理，请先列入目录或不予列入"})
    before = {"adopted_on": catalog.adopted_on, "adopted_document": catalog.adopted_document}
    catalog.adopted_on = adopted_on
    catalog.adopted_document = adopted_document.strip()
    catalog.full_clean(exclude=["status"])
    catalog.save(update_fields=["adopted_on", "adopted_document", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=catalog,
        changes={
            "adopted_on": [str(before["adopted_on"] or ""), str(adopted_on)],
            "adopted_document": [before["adopted_document"], catalog.adopted_document],
        },
        message="登记政府审定",
    )
    return catalog


@transaction.atomic
def catalog_publish(
    *, acting_user: Any, catalog_id: int, on: datetime.date | None = None
) -> DecisionCatalog:
    """Publish the adopted catalog (条例 art. 3: published after the Party committee agrees)."""
    catalog = _catalog_for_bureau(acting_user, catalog_id)
    day = day_or_today(on)
    if catalog.status == DecisionCatalog.Status.DRAFT:
        if catalog.adopted_on is None:
            raise ValidationError({"published_on": "目录须经政府审定后才能公布，请先登记审定情况"})
        if day < catalog.adopted_on:
            raise ValidationError({"published_on": "公布日期不能早于审定日期"})
    catalog.published_on = day
    catalog.save(update_fields=["published_on", "updated_at"])
    transition_run(catalog, "publish", action="公布目录", actor=acting_user, on=day)
    return catalog


def _published_item_for_bureau(acting_user: Any, item_id: int) -> DecisionProposal:
    item = _proposal_for_bureau(acting_user, item_id)
    if item.catalog.status != DecisionCatalog.Status.PUBLISHED:
        raise InvalidTransition("目录尚未公布；公布前请直接调整事项建议")
    return item


@transaction.atomic
def catalog_item_remove(
    *, acting_user: Any, item_id: int, reason: str, on: datetime.date | None = None
) -> DecisionProposal:
    """Take an item out of the published catalog during the year, with its reason.

    A decision already started on the item ends with it (终止); one already decided cannot be
    undone this way (条例 art. 37: changes only through the statutory procedure).
    """
    item = _published_item_for_bureau(acting_user, item_id)
    text = _required(reason, "reason", "调出目录的理由")
    day = day_or_today(on)
    decision = MajorDecision.objects.select_for_update().filter(catalog_item=item).first()
    if decision is not None and decision.status not in WITHDRAWABLE:
        raise InvalidTransition(
            f"该事项的决策已{decision.get_status_display()}，不能调出目录；须依法定程序调整决策"
        )
    item.removed_on = day
    item.removal_reason = text
    item.save(update_fields=["removed_on", "removal_reason", "updated_at"])
    transition_run(item, "remove", action="调出目录", actor=acting_user, opinion=text, on=day)
    CatalogAdjustment.objects.create(
        catalog=item.catalog,
        item=item,
        kind=CatalogAdjustment.Kind.REMOVED,
        adjusted_on=day,
        reason=text,
        created_by=acting_user,
    )
    if decision is not None:
        transition_run(
            decision,
            "withdraw",
            action="事项调出目录，终止决策程序",
            actor=acting_user,
            opinion=text,
            on=day,
        )
    return item


@transaction.atomic
def catalog_item_change(
    *,
    acting_user: Any,
    item_id: int,
    reason: str,
    title: str | None = None,
    lead_organization: Organization | None = None,
    on: datetime.date | None = None,
) -> DecisionProposal:
    """Change an item of the published catalog (its name or lead unit), with the reason."""
    item = _published_item_for_bureau(acting_user, item_id)
    if item.status != DecisionProposal.Status.INCLUDED:
        raise InvalidTransition(f"该事项{item.get_status_display()}，不能调整")
    text = _required(reason, "reason", "调整理由")
    changes: dict[str, list[str]] = {}
    if title is not None and title.strip() and title.strip() != item.title:
        changes["title"] = [item.title, title.strip()]
        item.title = title.strip()
    if lead_organization is not None and lead_organization.pk != item.lead_organization_id:
        if not lead_organization.region.code.startswith(item.catalog.region.prefix):
            raise ValidationError({"lead_organization": "承办单位须为本地区的单位"})
        if hasattr(item, "decision"):
            raise ValidationError({"lead_organization": "决策程序已启动，不能更换承办单位"})
        changes["lead_organization"] = [item.lead_organization.name, lead_organization.name]
        item.lead_organization = lead_organization
    if not changes:
        raise ValidationError({"title": "没有需要调整的内容"})
    item.save(update_fields=["title", "lead_organization", "updated_at"])
    CatalogAdjustment.objects.create(
        catalog=item.catalog,
        item=item,
        kind=CatalogAdjustment.Kind.CHANGED,
        adjusted_on=day_or_today(on),
        reason=text,
        changes=changes,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=item,
        changes=changes,
        message=f"调整目录事项：{text}",
    )
    return item
