"""Reading the proof-item catalog: what was in force on a day, an item's history, proposals."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.models import Region
from fazhi.proofs.models import CatalogChange, CatalogRelease, ProofItem, ProofItemVersion


def in_force_on(on: datetime.date) -> Q:
    """Versions in force on `on`: from valid_from (inclusive) until valid_to (exclusive)."""
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def items_in_force(
    region: Region, on: datetime.date, handling_mode: str | None = None
) -> QuerySet[ProofItemVersion]:
    """The versions of the region subtree's catalog in force on `on`, optionally of one mode."""
    versions = ProofItemVersion.objects.filter(
        in_force_on(on), item__region__code__startswith=region.prefix
    )
    if handling_mode is not None:
        versions = versions.filter(handling_mode=handling_mode)
    return versions


def version_list_in_force(*, user: Any, on: datetime.date) -> QuerySet[ProofItemVersion]:
    """The catalog in force on `on` as the user may see it (list pages, API, export)."""
    return (
        ProofItemVersion.objects.visible_to(user)
        .filter(in_force_on(on))
        .select_related("item", "organization", "release")
        .order_by("item__code")
    )


def version_history(item: ProofItem) -> QuerySet[ProofItemVersion]:
    return item.versions.select_related("organization", "release").order_by("valid_from", "pk")


def version_current(item: ProofItem) -> ProofItemVersion | None:
    """The open version (null valid_to), or the last one when the item was removed."""
    return item.versions.select_related("organization", "release").order_by("-valid_from").first()


def change_list(*, user: Any) -> QuerySet[CatalogChange]:
    return CatalogChange.objects.visible_to(user).select_related(
        "organization", "item", "release", "region"
    )


def release_list(*, user: Any) -> QuerySet[CatalogRelease]:
    return CatalogRelease.objects.visible_to(user).select_related("region")


def release_drafts(*, user: Any) -> QuerySet[CatalogRelease]:
    return release_list(user=user).filter(status=CatalogRelease.Status.DRAFT)


def catalog_public(*, region: Region, on: datetime.date) -> QuerySet[ProofItemVersion]:
    """The catalog in force for the public portal (no login, the region subtree)."""
    return items_in_force(region, on).select_related("item", "organization").order_by("item__code")
