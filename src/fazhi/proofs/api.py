"""Proofs API: the proof-item catalog on a day, an item's versions, proposals, review, release.

Lists answer `{count, limit, offset, items}`; a refused step answers the central error envelope
(422 naming the field, 409 for a wrong state).
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from fazhi.core.api import ErrorOut, LimitOffsetPage
from fazhi.core.models import Organization
from fazhi.proofs import selectors
from fazhi.proofs.models import CatalogChange, CatalogRelease, ProofItem, ProofItemVersion
from fazhi.proofs.permissions import (
    access_change_by_id,
    access_item_by_id,
    access_release_by_id,
    require_catalog_desk,
)
from fazhi.proofs.services import catalog

router = Router(tags=["证明事项告知承诺"])

_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, type[ErrorOut]] = {**_ERRORS, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class VersionOut(Schema):
    id: int
    item_id: int
    code: str = Field(alias="item.code")
    name: str
    legal_basis: str
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    issuing_authority: str
    service_matters: list[str]
    field: str
    handling_mode: str
    verification_method: str
    verification_days: int | None
    exempt_from_verification: bool
    template_version: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    release_number: str = Field(alias="release.number")


class ItemOut(Schema):
    id: int
    code: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(item: ProofItem) -> list[ProofItemVersion]:
        return list(selectors.version_history(item).select_related("item"))


class ItemFilterIn(Schema):
    on: datetime.date | None = Field(None, description="清单日期，默认今天")
    handling_mode: str | None = Field(
        None, description="cancelled、commitment、data_check、retained"
    )
    field: str | None = Field(None, description="所属领域代码")
    organization_id: int | None = Field(None, description="索要单位ID")
    q: str | None = Field(None, description="按名称或编码查找")


@router.get("/items", response={200: list[VersionOut], **_ERRORS}, summary="某日有效的证明事项")
@paginate(LimitOffsetPage)
def item_list_api(request: HttpRequest, filters: Query[ItemFilterIn]) -> QuerySet[ProofItemVersion]:
    user = _user(request)
    require_catalog_desk(user)
    versions = selectors.version_list_in_force(user=user, on=filters.on or timezone.localdate())
    if filters.handling_mode:
        versions = versions.filter(handling_mode=filters.handling_mode)
    if filters.field:
        versions = versions.filter(field=filters.field)
    if filters.organization_id:
        versions = versions.filter(organization_id=filters.organization_id)
    if filters.q:
        versions = versions.filter(name__icontains=filters.q) | versions.filter(
            item__code__icontains=filters.q
        )
    return versions


@router.get("/items/{item_id}", response={200: ItemOut, **_ERRORS}, summary="证明事项及其版本")
def item_detail_api(request: HttpRequest, item_id: int) -> ProofItem:
    return access_item_by_id(_user(request), item_id)


class ChangeOut(Schema):
    id: int
    kind: str
    code: str
    organization_id: int
    proposed: dict[str, Any]
    reason: str
    status: str
    release_id: int | None
    decision_reason: str


class ChangeIn(Schema):
    organization_id: int = Field(description="提出单位(索要单位)ID")
    kind: Literal["add", "modify", "remove"]
    code: str = Field(min_length=1, max_length=32)
    reason: str = Field(min_length=1)
    fields: dict[str, Any] = Field(default_factory=dict, description="拟定内容(新增时为全部字段)")


@router.get("/changes", response={200: list[ChangeOut], **_ERRORS}, summary="清单调整申请")
@paginate(LimitOffsetPage)
def change_list_api(request: HttpRequest) -> QuerySet[CatalogChange]:
    user = _user(request)
    require_catalog_desk(user)
    return selectors.change_list(user=user)


@router.post("/changes", response={201: ChangeOut, **_WRITE_ERRORS}, summary="提出清单调整")
def change_propose_api(request: HttpRequest, payload: ChangeIn) -> Status[CatalogChange]:
    organization = (
        Organization.objects.select_related("region").filter(pk=payload.organization_id).first()
    )
    if organization is None:
        raise ValidationError({"organization_id": "提出单位不存在"})
    change = catalog.change_propose(
        acting_user=_user(request),
        organization=organization,
        proposal=catalog.Proposal(
            kind=payload.kind, code=payload.code, reason=payload.reason, fields=payload.fields
        ),
    )
    return Status(201, change)


class AcceptIn(Schema):
    release_id: int


class RejectIn(Schema):
    reason: str


@router.post(
    "/changes/{change_id}/accept", response={200: ChangeOut, **_WRITE_ERRORS}, summary="采纳"
)
def change_accept_api(request: HttpRequest, change_id: int, payload: AcceptIn) -> CatalogChange:
    catalog.change_accept(
        acting_user=_user(request), change_id=change_id, release_id=payload.release_id
    )
    return access_change_by_id(_user(request), change_id)


@router.post(
    "/changes/{change_id}/reject", response={200: ChangeOut, **_WRITE_ERRORS}, summary="不予采纳"
)
def change_reject_api(request: HttpRequest, change_id: int, payload: RejectIn) -> CatalogChange:
    return catalog.change_reject(
        acting_user=_user(request), change_id=change_id, reason=payload.reason
    )


class ReleaseOut(Schema):
    id: int
    number: str
    status: str
    published_on: datetime.date | None
    effective_on: datetime.date | None
    note: str


class PublishIn(Schema):
    effective_on: datetime.date
    on: datetime.date | None = Field(None, description="发布日期，默认今天")


@router.post(
    "/releases/{release_id}/publish",
    response={200: ReleaseOut, **_WRITE_ERRORS},
    summary="发布清单版本",
)
def release_publish_api(
    request: HttpRequest, release_id: int, payload: PublishIn
) -> CatalogRelease:
    catalog.release_publish(
        acting_user=_user(request),
        release_id=release_id,
        effective_on=payload.effective_on,
        on=payload.on,
    )
    return access_release_by_id(_user(request), release_id)
