"""The corrections app's models, one module per area of work."""

from fazhi.corrections.models.approvals import ApprovalRequest, LocationDevice, RewardSanction
from fazhi.corrections.models.education import EducationSession
from fazhi.corrections.models.files import CorrectionFile, FileDocument, FileReview
from fazhi.corrections.models.remote import RemoteHearing, RemoteVisit
from fazhi.corrections.models.resettlement import ReleasedPerson, SupportPathway, SupportVisit
from fazhi.corrections.models.subjects import (
    CorrectionPlan,
    CorrectionSubject,
    LevelChange,
    ManagementLevel,
    TeamMember,
)
from fazhi.corrections.models.supervision import (
    CheckResult,
    LocationCheck,
    LocationSpotCheck,
    SupervisionAlert,
    SupervisionRecord,
)
from fazhi.corrections.models.transfers import FileHandover, PlaceTransfer
from fazhi.corrections.models.visits import VisitRequest

__all__ = [
    "ApprovalRequest",
    "CheckResult",
    "CorrectionFile",
    "CorrectionPlan",
    "CorrectionSubject",
    "EducationSession",
    "FileDocument",
    "FileHandover",
    "FileReview",
    "LevelChange",
    "LocationCheck",
    "LocationDevice",
    "LocationSpotCheck",
    "ManagementLevel",
    "PlaceTransfer",
    "ReleasedPerson",
    "RemoteHearing",
    "RemoteVisit",
    "RewardSanction",
    "SupervisionAlert",
    "SupervisionRecord",
    "SupportPathway",
    "SupportVisit",
    "TeamMember",
    "VisitRequest",
]
