from fazhi.enforcement.models.officers import (
    ENFORCEMENT_BUREAU_FUNCTIONS,
    FORMAL_STAFFING,
    Certificate,
    Officer,
    StaffingType,
)

__all__ = [
    "ENFORCEMENT_BUREAU_FUNCTIONS",
    "FORMAL_STAFFING",
    "Certificate",
    "Officer",
    "StaffingType",
]
