"""Reading the proof-item catalog: what was in force on a day, an item's history, proposals."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.core.models import Region
from fazhi.core.permissions import organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.proofs.models import (
    ROUTES_SAVING_A_PROOF,
    ApplicationProof,
    CatalogChange,
    CatalogRelease,
    FalseCommitment,
    ProofItem,
    ProofItemVersion,
    ServiceApplication,
    SpotCheck,
    Verification,
    VerificationMethod,
)


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


def matter_requirements(
    *, region: Region, matter: str, on: datetime.date
) -> list[ProofItemVersion]:
    """The proofs the catalog in force on `on` lists for the service matter `matter`.

    The matters are matched in Python on the bare JSON lists (JSON containment is not portable
    to SQLite), then only the matching versions are loaded.
    """
    names = items_in_force(region, on).values_list("pk", "service_matters")
    wanted = [pk for pk, matters in names if matter in matters]
    versions = ProofItemVersion.objects.filter(pk__in=wanted).select_related("item", "organization")
    return sorted(versions, key=lambda v: v.item.code)


def service_matters_in_force(*, region: Region, on: datetime.date) -> list[str]:
    """Every service matter the catalog in force names, for the clerk's choice."""
    matters = items_in_force(region, on).values_list("service_matters", flat=True)
    return sorted({name for names in matters for name in names})


def false_commitment_unrepaired(applicant_digest: str) -> FalseCommitment | None:
    """The applicant's latest untrue commitment whose credit is not yet repaired, if any."""
    return (
        FalseCommitment.objects.filter(applicant_digest=applicant_digest)
        .exclude(status=FalseCommitment.Status.REPAIRED)
        .select_related("application__organization")
        .order_by("-found_on", "-pk")
        .first()
    )


def application_list(*, user: Any) -> QuerySet[ServiceApplication]:
    return ServiceApplication.objects.visible_to(user).select_related("organization", "clerk")


def application_proofs(application: ServiceApplication) -> QuerySet[ApplicationProof]:
    return application.proofs.select_related("item", "version").order_by("item__code")


def verifications_of(application: ServiceApplication) -> QuerySet[Verification]:
    return (
        Verification.objects.filter(proof__application=application)
        .select_related("proof__version", "requested_organization", "answered_by")
        .order_by("requested_at", "pk")
    )


def assisted_requests_for(*, user: Any) -> QuerySet[Verification]:
    """Assisted verifications addressed to the user's departments (协助核查请求)."""
    organizations = organizations_acting_with(user, Capability.HANDLE_SERVICE_APPLICATIONS)
    return (
        Verification.objects.filter(
            method=VerificationMethod.ASSISTED, requested_organization__in=organizations
        )
        .select_related("proof__application__organization", "proof__version")
        .order_by("status", "due_on", "pk")
    )


def verifications_needing_clerk(*, user: Any) -> QuerySet[Verification]:
    """Before-decision lookups that gave up: the clerk must fall back (协查 or paper)."""
    return (
        Verification.objects.visible_to(user)
        .filter(
            status=Verification.Status.UNANSWERED,
            purpose=Verification.Purpose.BEFORE_DECISION,
            proof__application__status=ServiceApplication.Status.OPEN,
        )
        .select_related("proof__application", "proof__version")
    )


def assisted_overdue(*, user: Any, today: datetime.date) -> QuerySet[Verification]:
    """Assisted requests past their reply deadline, in the user's scope (the bureau's view)."""
    return (
        Verification.objects.visible_to(user)
        .filter(
            method=VerificationMethod.ASSISTED,
            status=Verification.Status.PENDING,
            due_on__lt=today,
        )
        .select_related("proof__application__organization", "requested_organization")
        .order_by("due_on", "pk")
    )


def spot_check_list(*, user: Any) -> QuerySet[SpotCheck]:
    return SpotCheck.objects.visible_to(user).select_related("organization", "draw")


def spot_check_verifications(spot_check: SpotCheck) -> QuerySet[Verification]:
    return spot_check.verifications.select_related(
        "proof__application", "proof__version", "proof__false_commitment"
    ).order_by("pk")


def false_commitment_list(*, user: Any) -> QuerySet[FalseCommitment]:
    return FalseCommitment.objects.visible_to(user).select_related(
        "application__organization", "proof__version"
    )


def false_commitment_list_with_bar(*, user: Any) -> QuerySet[FalseCommitment]:
    """The records, each annotated `barred`: its applicant still has an unrepaired record."""
    unrepaired = FalseCommitment.objects.filter(
        applicant_digest=OuterRef("applicant_digest")
    ).exclude(status=FalseCommitment.Status.REPAIRED)
    return false_commitment_list(user=user).annotate(barred=Exists(unrepaired))


def corrections_due(*, user: Any) -> QuerySet[FalseCommitment]:
    return false_commitment_list(user=user).filter(status=FalseCommitment.Status.CORRECTING)


# Reads for the report figures: region subtree and year, no user (core.figures).


def applications_decided(*, region_prefix: str, year: int) -> QuerySet[ServiceApplication]:
    """Applications decided in `year` (approved, refused, or approved and later revoked)."""
    return ServiceApplication.objects.filter(
        region__code__startswith=region_prefix,
        decided_on__year=year,
        status__in=[
            ServiceApplication.Status.APPROVED,
            ServiceApplication.Status.REFUSED,
            ServiceApplication.Status.REVOKED,
        ],
    )


def proofs_saved(*, region_prefix: str, year: int) -> QuerySet[ApplicationProof]:
    """Proofs the applicants of the year's decided applications did not have to bring."""
    decided = applications_decided(region_prefix=region_prefix, year=year)
    return ApplicationProof.objects.filter(
        application__in=decided, route__in=ROUTES_SAVING_A_PROOF
    ).exclude(state=ApplicationProof.State.FAILED)


def verifications_answered(
    *, region_prefix: str, year: int, methods: tuple[str, ...]
) -> QuerySet[Verification]:
    """Verifications of `methods` answered (属实 or 不符) in `year`."""
    return Verification.objects.filter(
        proof__application__region__code__startswith=region_prefix,
        answered_at__year=year,
        method__in=methods,
        status__in=[Verification.Status.CONFIRMED, Verification.Status.CONTRADICTED],
    )


def commitments_spot_checked(*, region_prefix: str, year: int) -> QuerySet[Verification]:
    return Verification.objects.filter(
        proof__application__region__code__startswith=region_prefix,
        purpose=Verification.Purpose.SPOT_CHECK,
        requested_at__year=year,
    )


def false_commitments_found(*, region_prefix: str, year: int) -> QuerySet[FalseCommitment]:
    return FalseCommitment.objects.filter(
        application__region__code__startswith=region_prefix, found_on__year=year
    )
