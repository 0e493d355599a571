"""The proofs app's models: the catalog (catalog.py) and the applications handled with it."""

from fazhi.proofs.models.applications import (
    ROUTES_SAVING_A_PROOF,
    ApplicantKind,
    ApplicationProof,
    FalseCommitment,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.models.catalog import (
    EXCLUDED_FROM_COMMITMENT,
    EXCLUSION_BASIS,
    PROOF_BUREAU_FUNCTIONS,
    CatalogChange,
    CatalogRelease,
    HandlingMode,
    ProofField,
    ProofItem,
    ProofItemVersion,
    VerificationMethod,
    commitment_exclusion_error,
)

__all__ = [
    "EXCLUDED_FROM_COMMITMENT",
    "EXCLUSION_BASIS",
    "PROOF_BUREAU_FUNCTIONS",
    "ROUTES_SAVING_A_PROOF",
    "ApplicantKind",
    "ApplicationProof",
    "CatalogChange",
    "CatalogRelease",
    "FalseCommitment",
    "HandlingMode",
    "ProofField",
    "ProofItem",
    "ProofItemVersion",
    "Route",
    "ServiceApplication",
    "SpotCheck",
    "Verification",
    "VerificationMethod",
    "commitment_exclusion_error",
]
