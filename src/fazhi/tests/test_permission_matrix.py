"""Every persona over every scoped model: lists, details, API responses and Excel exports show the
rows the persona's scope holds and never one outside it (DESIGN "Scoping", STYLE P9).

The expected rows are written out by hand per persona, independently of `visible_to`, so a
wrong scope rule fails here rather than being mirrored by the test.
"""

import dataclasses
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.db import models
from django.test import Client

from fazhi.conftest import PASSWORD, PERSONAS, World, login_client
from fazhi.contracts.models import (
    Contract,
    ContractAccountability,
    ContractChange,
    ContractDispute,
    ContractMilestone,
)
from fazhi.core.figures import ReportPart
from fazhi.core.models import Enterprise, Organization, Person, RandomDraw, Region, User
from fazhi.core.scoping import scoped_models
from fazhi.core.services.accounts import api_token_issue
from fazhi.core.services.draws import draw_announce
from fazhi.corrections.models import (
    ApprovalRequest,
    CorrectionFile,
    CorrectionPlan,
    CorrectionSubject,
    EducationSession,
    FileDocument,
    FileHandover,
    FileReview,
    LevelChange,
    LocationCheck,
    LocationDevice,
    LocationSpotCheck,
    PlaceTransfer,
    ReleasedPerson,
    RemoteHearing,
    RemoteVisit,
    RewardSanction,
    SupervisionAlert,
    SupervisionRecord,
    SupportPathway,
    SupportVisit,
    TeamMember,
    VisitRequest,
)
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, MajorDecision
from fazhi.enforcement.models import (
    Certificate,
    Officer,
    StudyAssignment,
    StudyEvent,
    StudyList,
    TrainingAttendance,
    TrainingCourse,
)
from fazhi.enforcement.models.exams import Exam, Paper
from fazhi.enforcement.models.reviews import (
    BatchFile,
    BatchReviewer,
    CaseFile,
    ItemResult,
    Problem,
    RectificationNotice,
    ReviewBatch,
    RubricItem,
    RubricVersion,
    ScoreSheet,
)
from fazhi.enforcement.models.supervision import (
    ContactPoint,
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
    SupervisorParticipation,
)
from fazhi.inspections.models import (
    InspectionMatter,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectorConflict,
    InspectorDraw,
    JointInspection,
    PlanningRun,
    SupervisionDraw,
    TargetDraw,
)
from fazhi.inspections.models import (
    PlanItem as InspectionPlanItem,
)
from fazhi.legality import services as legality
from fazhi.legality.models import CommentPeriod, LegalityReview, PublicComment
from fazhi.legalservice.models import (
    LegalAidApplication,
    LegalAidQualityCheck,
    LegalLiaison,
    LegalService,
    LiaisonActivity,
    LiaisonTraining,
    Mediation,
    MediationAgreement,
    MediationCommittee,
    MediationFollowUp,
    MediationParty,
    Mediator,
    ServiceStation,
    VillageAdviser,
)
from fazhi.proofs.models import (
    ApplicationProof,
    CatalogChange,
    CatalogRelease,
    FalseCommitment,
    HandlingMode,
    ProofField,
    ProofItem,
    ProofItemVersion,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.publicity.models import (
    Campaign,
    CaseEpisode,
    PublicityActivity,
    ResponsibilityList,
    ResponsibilityTask,
)
from fazhi.reports.models import NarrativeItem
from fazhi.reports.services import narrative_item_create
from fazhi.rules.models import DocumentEvaluation, DraftingPlan, NormativeDocument, PlanItem
from fazhi.rules.services import documents, plans

pytestmark = pytest.mark.django_db

EVERYONE_IN_RONGCHENG = {"county", "yatou", "ningjin", "yatou_village", "ningjin_village"}
RONGCHENG_ORGANIZATIONS = {
    "government",
    "bureau",
    "market",
    "ecology",
    "office_yatou",
    "office_ningjin",
    "law_firm",
}

# The legality family (documents, reviews, comments, plans, decisions, contracts): each model has
# a row of the market department, one of the ecology department and one of 乳山's bureau, named
# "<prefix>_market", "<prefix>_ecology", "<prefix>_other_county". A plan belongs to the county.
LEGALITY_MODELS: dict[type[models.Model], str] = {
    NormativeDocument: "document",
    DocumentEvaluation: "evaluation",
    PlanItem: "plan_item",
    LegalityReview: "review",
    CommentPeriod: "period",
    PublicComment: "comment",
    MajorDecision: "decision",
    DecisionProposal: "proposal",
    Contract: "contract",
    ContractMilestone: "milestone",
    ContractChange: "change",
    ContractDispute: "dispute",
    ContractAccountability: "accountability",
}


def _legality_rows(*owners: str) -> dict[type[models.Model], set[str]]:
    return {
        model: {f"{prefix}_{owner}" for owner in owners}
        for model, prefix in LEGALITY_MODELS.items()
    }


# The proof catalog is public to every unit of its region (releases, items, versions named
# "<prefix>_county" / "<prefix>_other_county"); a catalog change belongs to its department; a
# random draw to the organization that holds it.
CATALOG_MODELS: dict[type[models.Model], str] = {
    CatalogRelease: "release",
    ProofItem: "proof_item",
    ProofItemVersion: "proof_version",
}


# Applications (办件) and what follows them: one family per handling unit, rows named
# "<prefix>_market" / "_ecology" / "_other_county". They carry applicants' identity numbers, so
# the system administrator sees none (sensitive) except spot checks, which name no one.
APPLICATION_MODELS: dict[type[models.Model], str] = {
    ServiceApplication: "application",
    ApplicationProof: "application_proof",
    Verification: "verification",
    SpotCheck: "spot_check",
    FalseCommitment: "false_commitment",
}


def _application_rows(*owners: str) -> dict[type[models.Model], set[str]]:
    return {
        model: {f"{prefix}_{owner}" for owner in owners}
        for model, prefix in APPLICATION_MODELS.items()
    }


# Joint inspections: a matters list and a plan (with one item) per department, rows named
# "<prefix>_market" / "_ecology" / "_other_county"; a planner run and one of its visits per
# county ("<prefix>_county" / "_other_county"). Matters lists and the schedule are shared with
# the region's departments; plans stay with their department. The bureau's supervision and
# general functions coordinate; the legality reviewer has no business with them.
INSPECTION_UNIT_MODELS: dict[type[models.Model], str] = {
    InspectionMatter: "inspection_matter",
    InspectionPlan: "inspection_plan",
    InspectionPlanItem: "inspection_item",
    InspectionTarget: "inspection_target",
    TargetDraw: "target_draw",
    InspectionResult: "inspection_result",
    InspectorDraw: "inspector_draw",
    InspectorConflict: "inspector_conflict",
}
INSPECTION_REGION_MODELS: dict[type[models.Model], str] = {
    PlanningRun: "planning_run",
    JointInspection: "joint_inspection",
}
# The bureau's accompanying-supervision draws ("supervision_draw_<county>"): the bureau's own,
# not shared with the departments, who must not learn in advance which visits are watched.
INSPECTION_BUREAU_MODELS: dict[type[models.Model], str] = {
    SupervisionDraw: "supervision_draw",
}


def _inspection_rows(
    units: tuple[str, ...], regions: tuple[str, ...], *, shared_units: tuple[str, ...] = ()
) -> dict[type[models.Model], set[str]]:
    """`units` see their own plans; `shared_units` the matters lists too; `regions` the runs."""
    rows = {
        model: {f"{prefix}_{unit}" for unit in units}
        for model, prefix in INSPECTION_UNIT_MODELS.items()
    }
    rows[InspectionMatter] = rows[InspectionMatter] | {
        f"inspection_matter_{unit}" for unit in shared_units
    }
    rows.update(
        {
            model: {f"{prefix}_{region}" for region in regions}
            for model, prefix in INSPECTION_REGION_MODELS.items()
        }
    )
    return rows


# The officer register: an officer with a certificate per unit, named "officer_<unit>" and
# "certificate_<unit>". Sensitive (ID numbers): departments see their own, the bureau's
# supervision and general functions the region's; the system administrator none.
ENFORCEMENT_MODELS: dict[type[models.Model], str] = {
    Officer: "officer",
    Certificate: "certificate",
}


def _enforcement_rows(*units: str) -> dict[type[models.Model], set[str]]:
    return {
        model: {f"{prefix}_{unit}" for unit in units}
        for model, prefix in ENFORCEMENT_MODELS.items()
    }


def _catalog_rows(*regions: str) -> dict[type[models.Model], set[str]]:
    return {
        model: {f"{prefix}_{region}" for region in regions}
        for model, prefix in CATALOG_MODELS.items()
    }


# persona -> model -> names of the world's rows that persona may see.
EXPECTED: dict[str, dict[type[models.Model], set[str]]] = {
    "sysadmin": {
        **_catalog_rows("county", "other_county"),
        CatalogChange: {"change_market", "change_ecology", "change_other_county"},
        RandomDraw: {"draw_market", "draw_ecology", "draw_other_county"},
        SpotCheck: {"spot_check_market", "spot_check_ecology", "spot_check_other_county"},
        **_inspection_rows(("market", "ecology", "other_county"), ("county", "other_county")),
        SupervisionDraw: {"supervision_draw_county", "supervision_draw_other_county"},
        **_legality_rows("market", "ecology", "other_county"),
        DraftingPlan: {"plan_county", "plan_other_county"},
        Region: EVERYONE_IN_RONGCHENG | {"province", "city", "other_county", "other_town"},
        Organization: RONGCHENG_ORGANIZATIONS | {"other_bureau"},
        Enterprise: {"enterprise_yatou", "enterprise_ningjin", "enterprise_other_county"},
        Person: set(),  # sensitive records are not the system administrator's business
        NarrativeItem: {"item_yatou", "item_ningjin", "item_market", "item_other_county"},
    },
    "security_admin": {},
    "audit_admin": {},
    "bureau_staff": {
        **_enforcement_rows("market", "ecology"),
        **_catalog_rows("county"),
        **_inspection_rows(("market", "ecology"), ("county",)),
        SupervisionDraw: {"supervision_draw_county"},
        **_application_rows("market", "ecology"),
        CatalogChange: {"change_market", "change_ecology"},
        RandomDraw: {"draw_market", "draw_ecology"},
        **_legality_rows("market", "ecology"),
        DraftingPlan: {"plan_county"},
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: {"person_yatou", "person_ningjin", "person_market"},
        NarrativeItem: {"item_yatou", "item_ningjin", "item_market"},
    },
    "bureau_reviewer": {
        **_catalog_rows("county"),
        **_application_rows("market", "ecology"),
        CatalogChange: {"change_market", "change_ecology"},
        RandomDraw: {"draw_market", "draw_ecology"},
        **_legality_rows("market", "ecology"),
        DraftingPlan: {"plan_county"},
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: set(),  # the legality-review function has no business with persons
        NarrativeItem: {"item_yatou", "item_ningjin", "item_market"},
    },
    "other_county_bureau": {
        **_enforcement_rows("other_county"),
        **_catalog_rows("other_county"),
        **_inspection_rows(("other_county",), ("other_county",)),
        SupervisionDraw: {"supervision_draw_other_county"},
        **_application_rows("other_county"),
        CatalogChange: {"change_other_county"},
        RandomDraw: {"draw_other_county"},
        **_legality_rows("other_county"),
        DraftingPlan: {"plan_other_county"},
        Region: {"other_county", "other_town"},
        Organization: {"other_bureau"},
        Enterprise: {"enterprise_other_county"},
        Person: {"person_other_county"},
        NarrativeItem: {"item_other_county"},
    },
    "department_officer": {
        **_enforcement_rows("market"),
        **_catalog_rows("county"),
        **_inspection_rows(("market",), ("county",), shared_units=("ecology",)),
        **_application_rows("market"),
        CatalogChange: {"change_market"},
        RandomDraw: {"draw_market"},
        **_legality_rows("market"),
        DraftingPlan: {"plan_county"},  # a plan is public to the units of its region
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: {"person_market"},
        NarrativeItem: {"item_market"},
    },
    "other_department_officer": {
        **_enforcement_rows("ecology"),
        **_catalog_rows("county"),
        **_inspection_rows(("ecology",), ("county",), shared_units=("market",)),
        **_application_rows("ecology"),
        CatalogChange: {"change_ecology"},
        RandomDraw: {"draw_ecology"},
        **_legality_rows("ecology"),
        DraftingPlan: {"plan_county"},
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: set(),
        NarrativeItem: set(),
    },
    "town_staff": {
        Region: {"yatou", "yatou_village"},
        Organization: {"office_yatou"},
        Enterprise: {"enterprise_yatou"},
        Person: {"person_yatou", "person_market"},
        NarrativeItem: {"item_yatou"},
    },
    "other_town_staff": {
        Region: {"ningjin", "ningjin_village"},
        Organization: {"office_ningjin"},
        Enterprise: {"enterprise_ningjin"},
        Person: {"person_ningjin"},
        NarrativeItem: {"item_ningjin"},
    },
    "officer": {},
    "supervisor": {},
    "lawyer": {},
}


# Rows in scope whose page the persona's roles do not open: the system administrator maintains
# accounts and code lists and has no report-writing capability.
REFUSED_PAGES = (
    {("sysadmin", NarrativeItem)}
    | {
        ("sysadmin", model)
        for model in [*LEGALITY_MODELS, DraftingPlan, *CATALOG_MODELS, CatalogChange]
    }
    # spot checks name no one, but they are the application desk's, not the administrator's
    | {("sysadmin", SpotCheck), ("sysadmin", InspectionMatter), ("sysadmin", InspectionPlan)}
    # the catalog's releases are the bureau's desk; departments read the published catalog
    | {(persona, CatalogRelease) for persona in ("department_officer", "other_department_officer")}
)


# Training and study: a course, a study list and a study event per county ("<prefix>_county" /
# "_other_county"), shared with the region's departments; an attendance per officer and a study
# assignment per unit ("<prefix>_market" / "_ecology" / "_other_county"), kept with the unit. The
# bureau's supervision and general functions see the region's; attendances are sensitive.
TRAINING_REGION_MODELS: dict[type[models.Model], str] = {
    TrainingCourse: "course",
    StudyList: "study_list",
    StudyEvent: "study_event",
}
TRAINING_UNIT_MODELS: dict[type[models.Model], str] = {
    TrainingAttendance: "attendance",
    StudyAssignment: "assignment",
}


def _training_rows(
    regions: tuple[str, ...], units: tuple[str, ...]
) -> dict[type[models.Model], set[str]]:
    rows = {
        model: {f"{prefix}_{region}" for region in regions}
        for model, prefix in TRAINING_REGION_MODELS.items()
    }
    rows.update(
        {
            model: {f"{prefix}_{unit}" for unit in units}
            for model, prefix in TRAINING_UNIT_MODELS.items()
        }
    )
    return rows


for _persona_name, _training_expected in {
    "sysadmin": {
        **_training_rows(("county", "other_county"), ("market", "ecology", "other_county")),
        TrainingAttendance: set(),  # sensitive
    },
    "bureau_staff": _training_rows(("county",), ("market", "ecology")),
    "other_county_bureau": _training_rows(("other_county",), ("other_county",)),
    "department_officer": _training_rows(("county",), ("market",)),
    "other_department_officer": _training_rows(("county",), ("ecology",)),
}.items():
    EXPECTED[_persona_name].update(_training_expected)
# The training desk is the officer register's: the administrator sees the rows, not the pages.
REFUSED_PAGES = REFUSED_PAGES | {("sysadmin", model) for model in TRAINING_REGION_MODELS}


@dataclass(frozen=True)
class Surface:
    """Where a model's rows show up, and how to recognise a row in each place.

    A model shown only inside its parent's page (a contract's milestones) has no list of its
    own: for it the matrix checks the queryset every interface starts from.
    """

    list_url: str | None
    detail_url: Callable[[Any], str] | None
    api_list: str | None
    api_detail: Callable[[Any], str] | None
    marker: Callable[[Any], str]  # a string identifying the row in the list page's HTML
    export_label: Callable[[Any], str]  # the row's first cell in the exported workbook


SURFACES: dict[type[models.Model], Surface] = {
    Region: Surface(
        "/regions/", None, "/api/v1/regions", None, lambda row: row.code, lambda row: row.code
    ),
    Organization: Surface(
        "/organizations/",
        lambda pk: f"/organizations/{pk}/",
        "/api/v1/organizations",
        lambda pk: f"/api/v1/organizations/{pk}",
        lambda row: f'href="/organizations/{row.pk}/"',
        lambda row: row.name,
    ),
    Enterprise: Surface(
        "/enterprises/",
        lambda pk: f"/enterprises/{pk}/",
        "/api/v1/enterprises",
        lambda pk: f"/api/v1/enterprises/{pk}",
        lambda row: f'href="/enterprises/{row.pk}/"',
        lambda row: row.name,
    ),
    Person: Surface(
        "/persons/",
        lambda pk: f"/persons/{pk}/",
        "/api/v1/persons",
        lambda pk: f"/api/v1/persons/{pk}",
        lambda row: f'href="/persons/{row.pk}/"',
        lambda row: row.name,
    ),
    NarrativeItem: Surface(
        "/reports/narratives/",
        lambda pk: f"/reports/narratives/{pk}/",
        None,
        None,
        lambda row: f'href="/reports/narratives/{row.pk}/"',
        lambda row: row.title,
    ),
    NormativeDocument: Surface(
        "/rules/documents/",
        lambda pk: f"/rules/documents/{pk}/",
        "/api/v1/rules/documents",
        lambda pk: f"/api/v1/rules/documents/{pk}",
        lambda row: f'href="/rules/documents/{row.pk}/"',
        lambda row: row.title,
    ),
    DraftingPlan: Surface(
        "/rules/plans/",
        lambda pk: f"/rules/plans/{pk}/",
        "/api/v1/rules/plans",
        None,
        lambda row: f'href="/rules/plans/{row.pk}/"',
        lambda row: f"{row.year}年度",
    ),
    LegalityReview: Surface(
        "/legality/reviews/",
        lambda pk: f"/legality/reviews/{pk}/",
        "/api/v1/legality/reviews",
        lambda pk: f"/api/v1/legality/reviews/{pk}",
        lambda row: f'href="/legality/reviews/{row.pk}/"',
        lambda row: row.title,
    ),
    CommentPeriod: Surface(
        "/legality/comment-periods/",
        lambda pk: f"/legality/comment-periods/{pk}/",
        "/api/v1/legality/comment-periods",
        lambda pk: f"/api/v1/legality/comment-periods/{pk}",
        lambda row: f'href="/legality/comment-periods/{row.pk}/"',
        lambda row: row.title,
    ),
    MajorDecision: Surface(
        "/decisions/",
        lambda pk: f"/decisions/{pk}/",
        "/api/v1/decisions/",
        lambda pk: f"/api/v1/decisions/{pk}",
        lambda row: f'href="/decisions/{row.pk}/"',
        lambda row: row.title,
    ),
    DecisionProposal: Surface(
        "/decisions/proposals/",
        None,
        None,
        None,
        lambda row: f'href="/decisions/catalogs/{row.catalog_id}/#proposal-{row.pk}"',
        lambda row: row.title,
    ),
    Contract: Surface(
        "/contracts/",
        lambda pk: f"/contracts/{pk}/",
        "/api/v1/contracts/",
        lambda pk: f"/api/v1/contracts/{pk}",
        lambda row: f'href="/contracts/{row.pk}/"',
        lambda row: row.title,
    ),
    CatalogRelease: Surface(
        "/proofs/releases/",
        lambda pk: f"/proofs/releases/{pk}/",
        None,
        None,
        lambda row: f'href="/proofs/releases/{row.pk}/"',
        lambda row: row.number,
    ),
    ProofItemVersion: Surface(
        "/proofs/",
        None,
        "/api/v1/proofs/items",
        None,
        lambda row: f'href="/proofs/items/{row.item_id}/"',
        lambda row: row.item.code,
    ),
    CatalogChange: Surface(
        "/proofs/changes/",
        lambda pk: f"/proofs/changes/{pk}/",
        "/api/v1/proofs/changes",
        None,
        lambda row: f'href="/proofs/changes/{row.pk}/"',
        lambda row: row.code,
    ),
    RandomDraw: Surface(
        "/draws/",
        lambda pk: f"/draws/{pk}/",
        None,
        None,
        lambda row: f'href="/draws/{row.pk}/"',
        lambda row: row.purpose,
    ),
    InspectionMatter: Surface(
        "/inspections/matters/",
        None,
        None,
        None,
        lambda row: f">{row.code}<",
        lambda row: row.code,
    ),
    TrainingCourse: Surface(
        "/enforcement/training/courses/",
        lambda pk: f"/enforcement/training/courses/{pk}/",
        None,
        None,
        lambda row: f'href="/enforcement/training/courses/{row.pk}/"',
        lambda row: row.title,
    ),
    StudyList: Surface(
        "/enforcement/study-lists/",
        lambda pk: f"/enforcement/study-lists/{pk}/",
        None,
        None,
        lambda row: f'href="/enforcement/study-lists/{row.pk}/"',
        lambda row: row.title,
    ),
    StudyEvent: Surface(
        "/enforcement/study-events/", None, None, None, lambda row: row.topic, lambda row: row.topic
    ),
    TrainingAttendance: Surface(None, None, None, None, str, str),
    StudyAssignment: Surface(None, None, None, None, str, str),
    Officer: Surface(
        "/enforcement/officers/",
        lambda pk: f"/enforcement/officers/{pk}/",
        None,
        None,
        lambda row: f'href="/enforcement/officers/{row.pk}/"',
        lambda row: row.name,
    ),
    InspectionPlan: Surface(
        "/inspections/plans/",
        lambda pk: f"/inspections/plans/{pk}/",
        None,
        None,
        lambda row: f'href="/inspections/plans/{row.pk}/"',
        lambda row: f"{row.year}年{row.get_period_display()}检查计划",
    ),
    ServiceApplication: Surface(
        "/proofs/applications/",
        lambda pk: f"/proofs/applications/{pk}/",
        "/api/v1/proofs/applications",
        lambda pk: f"/api/v1/proofs/applications/{pk}",
        lambda row: f'href="/proofs/applications/{row.pk}/"',
        lambda row: row.number,
    ),
    SpotCheck: Surface(
        "/proofs/spot-checks/",
        lambda pk: f"/proofs/spot-checks/{pk}/",
        "/api/v1/proofs/spot-checks",
        None,
        lambda row: f'href="/proofs/spot-checks/{row.pk}/"',
        lambda row: row.organization.name,
    ),
    FalseCommitment: Surface(
        "/proofs/false-commitments/",
        lambda pk: f"/proofs/false-commitments/{pk}/",
        "/api/v1/proofs/false-commitments",
        None,
        lambda row: f'href="/proofs/false-commitments/{row.pk}/"',
        lambda row: row.credit_record,
    ),
    **{
        model: Surface(None, None, None, None, str, str)
        for model in (
            Certificate,
            InspectionPlanItem,
            InspectionResult,
            InspectionTarget,
            InspectorConflict,
            InspectorDraw,
            SupervisionDraw,
            TargetDraw,
            PlanningRun,
            JointInspection,
            ApplicationProof,
            Verification,
            ProofItem,
            PlanItem,
            DocumentEvaluation,
            PublicComment,
            ContractMilestone,
            ContractChange,
            ContractDispute,
            ContractAccountability,
        )
    },
}


# The online exam: a paper per unit's officer ("paper_market" / "_ecology" / "_other_county")
# and one of the `officer` persona's own officer record ("paper_own", market). Papers are
# sensitive and kept with the officer's unit; an officer sees only their own.
SURFACES[Paper] = Surface(None, None, None, None, str, str)
for _persona_name, _paper_rows in {
    "bureau_staff": {"paper_market", "paper_ecology", "paper_own"},
    "other_county_bureau": {"paper_other_county"},
    "department_officer": {"paper_market", "paper_own"},
    "other_department_officer": {"paper_ecology"},
    "officer": {"paper_own"},
}.items():
    EXPECTED[_persona_name][Paper] = _paper_rows


def _papers(world: World, named: dict[str, models.Model], own: User) -> dict[str, models.Model]:
    """An exam and a paper per unit's officer and the officer persona's. Written directly."""
    opens_at = datetime.datetime(2022, 9, 5, 8, tzinfo=datetime.UTC)
    exam = Exam.objects.create(
        title="公共法律知识考试",
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=10),
        time_limit_minutes=60,
        pass_mark=60,
    )
    own_officer = Officer.objects.create(
        name="本人",
        id_number="371082198001019991",
        organization=world.market,
        staffing_type="administrative",
        user=own,
    )
    candidates = {
        **{unit: named[f"officer_{unit}"] for unit in ("market", "ecology", "other_county")},
        "own": own_officer,
    }
    return {
        f"paper_{unit}": Paper.objects.create(
            exam=exam,
            candidate=candidate,
            seed="0",
            bank_high_water=0,
            started_at=opens_at,
            deadline_at=opens_at + datetime.timedelta(hours=1),
        )
        for unit, candidate in candidates.items()
    }


def _narrative_item(author: User, region: Region, title: str) -> NarrativeItem:
    return narrative_item_create(
        acting_user=author,
        region=region,
        year=2022,
        part=ReportPart.MEASURES,
        title=title,
        body="内容",
    )


# Enforcement supervision: invited supervisors (sensitive: phone numbers), their participations
# and the enterprise contact points per county ("<prefix>_county" / "_other_county"); a visit,
# its opinion and the decision per supervised unit ("<prefix>_market" / "_ecology" /
# "_other_county"). The bureau's supervision and general functions see their region's; a
# department its own findings; the administrator the rows but not the supervision desk's pages.
SUPERVISION_REGION_MODELS: dict[type[models.Model], str] = {
    InvitedSupervisor: "invited_supervisor",
    SupervisorParticipation: "supervisor_participation",
    ContactPoint: "contact_point",
}
SUPERVISION_UNIT_MODELS: dict[type[models.Model], str] = {
    SupervisionVisit: "supervision_visit",
    SupervisionOpinion: "supervision_opinion",
    SupervisionDecision: "supervision_decision",
}


def _supervision_rows(
    regions: tuple[str, ...], units: tuple[str, ...]
) -> dict[type[models.Model], set[str]]:
    rows = {
        model: {f"{prefix}_{region}" for region in regions}
        for model, prefix in SUPERVISION_REGION_MODELS.items()
    }
    rows.update(
        {
            model: {f"{prefix}_{unit}" for unit in units}
            for model, prefix in SUPERVISION_UNIT_MODELS.items()
        }
    )
    return rows


for _persona_name, _supervision_expected in {
    "sysadmin": {
        **_supervision_rows(("county", "other_county"), ("market", "ecology", "other_county")),
        InvitedSupervisor: set(),  # sensitive
    },
    "bureau_staff": _supervision_rows(("county",), ("market", "ecology")),
    "other_county_bureau": _supervision_rows(("other_county",), ("other_county",)),
    "department_officer": _supervision_rows((), ("market",)),
    "other_department_officer": _supervision_rows((), ("ecology",)),
}.items():
    EXPECTED[_persona_name].update(_supervision_expected)
REFUSED_PAGES = REFUSED_PAGES | {
    ("sysadmin", model) for model in (ContactPoint, SupervisionVisit, SupervisionOpinion)
}
SURFACES.update(
    {
        InvitedSupervisor: Surface(
            "/enforcement/supervisors/",
            None,
            None,
            None,
            lambda row: row.name,
            lambda row: row.name,
        ),
        ContactPoint: Surface(
            "/enforcement/contact-points/",
            None,
            None,
            None,
            lambda row: row.enterprise.name,
            lambda row: row.enterprise.name,
        ),
        SupervisionVisit: Surface(
            "/enforcement/supervision/visits/",
            lambda pk: f"/enforcement/supervision/visits/{pk}/",
            None,
            None,
            lambda row: f'href="/enforcement/supervision/visits/{row.pk}/"',
            lambda row: row.subject,
        ),
        SupervisionOpinion: Surface(
            "/enforcement/supervision/opinions/",
            lambda pk: f"/enforcement/supervision/opinions/{pk}/",
            None,
            None,
            lambda row: f'href="/enforcement/supervision/opinions/{row.pk}/"',
            lambda row: row.number,
        ),
        SupervisorParticipation: Surface(None, None, None, None, str, str),
        SupervisionDecision: Surface(None, None, None, None, str, str),
    }
)


def _supervision(world: World) -> dict[str, models.Model]:
    """Supervisors, participations and contact points per county; a visit, opinion and decision
    per unit. Written directly."""
    day = datetime.date(2022, 5, 10)
    rows: dict[str, models.Model] = {}
    for county, region, enterprise, name in (
        ("county", world.county, world.enterprise_yatou, "荣成特邀监督员"),
        ("other_county", world.other_county, world.enterprise_other_county, "乳山特邀监督员"),
    ):
        supervisor = InvitedSupervisor.objects.create(
            region=region,
            batch_year=2022,
            category="lawyer",
            name=name,
            phone="13800000000",
            term_start=datetime.date(2022, 3, 1),
            term_end=datetime.date(2027, 2, 28),
        )
        rows[f"invited_supervisor_{county}"] = supervisor
        rows[f"supervisor_participation_{county}"] = SupervisorParticipation.objects.create(
            supervisor=supervisor, activity="case_review", took_part_on=day, description="评查"
        )
        rows[f"contact_point_{county}"] = ContactPoint.objects.create(
            region=region, enterprise=enterprise, designated_on=day, contact_person="联系人"
        )
    for unit, region, organization in (
        ("market", world.county, world.market),
        ("ecology", world.county, world.ecology),
        ("other_county", world.other_county, world.other_bureau),
    ):
        visit = SupervisionVisit.objects.create(
            region=region, kind="special", visited_on=day, subject=f"专项监督-{unit}"
        )
        visit.departments.set([organization])
        opinion = SupervisionOpinion.objects.create(
            visit=visit,
            department=organization,
            number=f"监督意见-{unit}",
            issued_on=day,
            problems="问题",
            correction_due_on=day + datetime.timedelta(days=30),
        )
        rows[f"supervision_visit_{unit}"] = visit
        rows[f"supervision_opinion_{unit}"] = opinion
        rows[f"supervision_decision_{unit}"] = SupervisionDecision.objects.create(
            opinion=opinion,
            number=f"监督决定-{unit}",
            kind="correct",
            issued_on=day,
            content="责令改正",
            report_due_on=day + datetime.timedelta(days=30),
        )
    return rows


# Case-file review: a rubric (with an item), a batch and its reviewer per county, named
# "<prefix>_county" / "_other_county"; a case file drawn into the batch with a sheet, an item
# result, a notice and a problem per unit ("<prefix>_market" / "_ecology" / "_other_county").
# The rubric is public to the region's departments; batches, reviewers and sheets are the bureau
# supervision function's; a department sees its own files, problems and notices.
REVIEW_REGION_MODELS: dict[type[models.Model], str] = {
    RubricVersion: "rubric",
    RubricItem: "rubric_item",
    ReviewBatch: "review_batch",
    BatchReviewer: "batch_reviewer",
}
REVIEW_UNIT_MODELS: dict[type[models.Model], str] = {
    CaseFile: "case_file",
    BatchFile: "batch_file",
    ScoreSheet: "score_sheet",
    ItemResult: "item_result",
    RectificationNotice: "rectification_notice",
    Problem: "review_problem",
}
REVIEW_DEPARTMENT_MODELS = (CaseFile, BatchFile, RectificationNotice, Problem)


def _review_rows(
    regions: tuple[str, ...], units: tuple[str, ...], *, department: bool = False
) -> dict[type[models.Model], set[str]]:
    """The bureau's view of `regions` and `units`; a department's: the rubric and its own rows."""
    rows = {
        model: {f"{prefix}_{unit}" for unit in units}
        for model, prefix in REVIEW_UNIT_MODELS.items()
        if not department or model in REVIEW_DEPARTMENT_MODELS
    }
    rows.update(
        {
            model: {f"{prefix}_{region}" for region in regions}
            for model, prefix in REVIEW_REGION_MODELS.items()
            if not department or model in (RubricVersion, RubricItem)
        }
    )
    return rows


for _persona_name, _review_expected in {
    "sysadmin": _review_rows(("county", "other_county"), ("market", "ecology", "other_county")),
    "bureau_staff": _review_rows(("county",), ("market", "ecology")),
    "other_county_bureau": _review_rows(("other_county",), ("other_county",)),
    "department_officer": _review_rows(("county",), ("market",), department=True),
    "other_department_officer": _review_rows(("county",), ("ecology",), department=True),
}.items():
    EXPECTED[_persona_name].update(_review_expected)
SURFACES.update(
    {
        model: Surface(None, None, None, None, str, str)
        for model in (*REVIEW_REGION_MODELS, *REVIEW_UNIT_MODELS)
    }
)


@pytest.fixture
def rows(request, world: World) -> dict[str, models.Model]:
    """Every named row of the world, plus one report passage per author organization."""
    named: dict[str, models.Model] = {
        field.name: getattr(world, field.name) for field in dataclasses.fields(world)
    }
    named["province"] = Region.objects.get(code="370000000000")
    named["city"] = Region.objects.get(code="371000000000")
    named["other_town"] = Region.objects.get(code="371083001000")
    town = request.getfixturevalue("town_staff")
    other_town = request.getfixturevalue("other_town_staff")
    department = request.getfixturevalue("department_officer")
    other_county = request.getfixturevalue("other_county_bureau")
    named["item_yatou"] = _narrative_item(town, world.county, "崖头街道报告素材")
    named["item_ningjin"] = _narrative_item(other_town, world.county, "宁津街道报告素材")
    named["item_market"] = _narrative_item(department, world.county, "市场监管局报告素材")
    named["item_other_county"] = _narrative_item(other_county, world.other_county, "乳山市报告素材")
    model = getattr(request.node, "callspec", None) and request.node.callspec.params.get("model")
    other = request.getfixturevalue("other_department_officer")
    if model in CATALOG_MODELS or model in (CatalogChange, RandomDraw):
        named.update(_catalog_and_draws(world, department, other, other_county))
    inspection_models = (
        *INSPECTION_UNIT_MODELS,
        *INSPECTION_REGION_MODELS,
        *INSPECTION_BUREAU_MODELS,
    )
    if model in ENFORCEMENT_MODELS or model in inspection_models:
        named.update(_officers(world))
    if model in inspection_models:
        named.update(_inspections(world, named))
    if model in APPLICATION_MODELS:
        named.update(_catalog_and_draws(world, department, other, other_county))
        named.update(_applications(world, named, department, other, other_county))
    if model in LEGALITY_MODELS or model is DraftingPlan:
        # Built only for the tests that look at them: the family takes many service calls.
        reviewer = request.getfixturevalue("bureau_reviewer")
        named.update(
            _legality_family(world, reviewer, other_county, market=department, ecology=other)
        )
    if model is Paper:
        named.update(_officers(world))
        named.update(_papers(world, named, request.getfixturevalue("officer")))
    if model in TRAINING_REGION_MODELS or model in TRAINING_UNIT_MODELS:
        named.update(_officers(world))
        named.update(_training(world, named))
    if model in SUPERVISION_REGION_MODELS or model in SUPERVISION_UNIT_MODELS:
        named.update(_supervision(world))
    if model in REVIEW_REGION_MODELS or model in REVIEW_UNIT_MODELS:
        named.update(_reviews(world))
    if model in PUBLICITY_UNIT_MODELS or model is Campaign:
        named.update(_publicity(world))
    if model in LEGALSERVICE_MODELS:
        named.update(_legalservice(world, request.getfixturevalue("lawyer")))
    if model in CORRECTIONS_MODELS or model is LocationSpotCheck:
        named.update(_corrections(world, request.getfixturevalue("bureau_staff")))
    if model in RESETTLEMENT_MODELS or model is RemoteHearing:
        named.update(_resettlement(world))
    return named


def _catalog_and_draws(
    world: World, market: User, ecology: User, other_county: User
) -> dict[str, models.Model]:
    """A catalog release, item and version per county, a change per department, a draw per unit.

    Catalog rows are written directly: this test is about who sees them, not how they come about.
    """
    day = datetime.date(2022, 1, 1)
    named: dict[str, models.Model] = {}
    for name, region, organization in (
        ("county", world.county, world.market),
        ("other_county", world.other_county, world.other_bureau),
    ):
        release = CatalogRelease.objects.create(region=region, number=f"2022-{name}")
        item = ProofItem.objects.create(region=region, code=f"ZM-{name}")
        named[f"release_{name}"] = release
        named[f"proof_item_{name}"] = item
        named[f"proof_version_{name}"] = ProofItemVersion.objects.create(
            item=item,
            release=release,
            name="户籍证明",
            legal_basis="《户口登记条例》",
            organization=organization,
            issuing_authority="公安派出所",
            field=next(iter(ProofField)).value,
            handling_mode=HandlingMode.RETAINED,
            valid_from=day,
        )
    for name, region, organization, user in (
        ("market", world.county, world.market, market),
        ("ecology", world.county, world.ecology, ecology),
        ("other_county", world.other_county, world.other_bureau, other_county),
    ):
        named[f"change_{name}"] = CatalogChange.objects.create(
            region=region,
            organization=organization,
            kind=CatalogChange.Kind.ADD,
            code=f"ZM-{name}-new",
            reason="新增",
        )
        named[f"draw_{name}"] = draw_announce(
            acting_user=user,
            purpose=f"{organization.name}告知承诺核查抽取",
            region=region,
            organization=organization,
            population=["A", "B", "C"],
            seed_rule="抽取当日公布的随机数",
            sample_size=1,
        )
    return named


def _inspections(world: World, named: dict[str, models.Model]) -> dict[str, models.Model]:
    """Matters, plans and items per unit; a run and a visit per county; the draws around the
    visits (a department's inspectors, the bureau's supervision). Written directly."""
    day = datetime.date(2022, 4, 1)
    rows: dict[str, models.Model] = {}
    for unit, organization, enterprise in (
        ("market", world.market, world.enterprise_yatou),
        ("ecology", world.ecology, world.enterprise_ningjin),
        ("other_county", world.other_bureau, world.enterprise_other_county),
    ):
        matter = InspectionMatter.objects.create(
            organization=organization,
            code=f"JC-{unit}",
            name="检查",
            legal_basis="依据",
            category="routine",
        )
        plan = InspectionPlan.objects.create(organization=organization, year=2022)
        rows[f"inspection_matter_{unit}"] = matter
        rows[f"inspection_plan_{unit}"] = plan
        rows[f"inspection_target_{unit}"] = InspectionTarget.objects.create(
            organization=organization, enterprise=enterprise, risk_grade="low"
        )
        draw = draw_announce(
            acting_user=None,
            purpose=f"{unit}双随机抽查",
            region=organization.region,
            organization=organization,
            population=[enterprise.uscc],
            seed_rule="公告的随机数",
            sample_size=1,
        )
        rows[f"target_draw_{unit}"] = TargetDraw.objects.create(
            matter=matter, draw=draw, window_start=day, window_end=day
        )
        rows[f"inspection_item_{unit}"] = InspectionPlanItem.objects.create(
            plan=plan,
            enterprise=enterprise,
            matter=matter,
            method="routine",
            window_start=day,
            window_end=day,
        )
    for name, region, organization, enterprise in (
        ("county", world.county, world.market, world.enterprise_yatou),
        ("other_county", world.other_county, world.other_bureau, world.enterprise_other_county),
    ):
        run = PlanningRun.objects.create(region=region, year=2022)
        rows[f"planning_run_{name}"] = run
        rows[f"joint_inspection_{name}"] = JointInspection.objects.create(
            run=run, region=region, enterprise=enterprise, day=day, lead=organization
        )
    for unit, county in (
        ("market", "county"),
        ("ecology", "county"),
        ("other_county", "other_county"),
    ):
        rows[f"inspection_result_{unit}"] = InspectionResult.objects.create(
            item=rows[f"inspection_item_{unit}"],
            joint_inspection=rows[f"joint_inspection_{county}"],
            outcome="passed",
            recorded_on=day,
            disclosure_due_on=day,
        )
        officer = named[f"officer_{unit}"]
        rows[f"inspector_conflict_{unit}"] = InspectorConflict.objects.create(
            officer=officer, enterprise=world.enterprise_ningjin, reason="亲属", declared_on=day
        )
        organization = officer.organization
        rows[f"inspector_draw_{unit}"] = InspectorDraw.objects.create(
            joint_inspection=rows[f"joint_inspection_{county}"],
            organization=organization,
            draw=draw_announce(
                acting_user=None,
                purpose=f"{unit}随机选派检查人员",
                region=organization.region,
                organization=organization,
                population=["ZF-1", "ZF-2"],
                seed_rule="公告的随机数",
                sample_size=1,
            ),
        )
    for county, region, organization in (
        ("county", world.county, world.bureau),
        ("other_county", world.other_county, world.other_bureau),
    ):
        rows[f"supervision_draw_{county}"] = SupervisionDraw.objects.create(
            region=region,
            draw=draw_announce(
                acting_user=None,
                purpose="伴随式监督",
                region=region,
                organization=organization,
                population=[str(rows[f"joint_inspection_{county}"].pk)],
                seed_rule="公告的随机数",
                sample_size=1,
            ),
            window_start=day,
            window_end=day,
        )
    return rows


def _officers(world: World) -> dict[str, models.Model]:
    """An officer with an issued certificate per unit. Written directly."""
    day = datetime.date(2022, 1, 10)
    rows: dict[str, models.Model] = {}
    for number, (unit, organization) in enumerate(
        (("market", world.market), ("ecology", world.ecology), ("other_county", world.other_bureau))
    ):
        officer = Officer.objects.create(
            name=f"{unit}执法人员",
            id_number=f"37108219800101{number:03d}1",
            organization=organization,
            staffing_type="administrative",
        )
        rows[f"officer_{unit}"] = officer
        rows[f"certificate_{unit}"] = Certificate.objects.create(
            officer=officer,
            number=f"ZF-{unit}",
            applied_on=day,
            issued_on=day,
            valid_until=datetime.date(2027, 12, 31),
        )
    return rows


def _training(world: World, named: dict[str, models.Model]) -> dict[str, models.Model]:
    """A course, study list and event per county; an attendance and assignment per unit.

    Written directly: this test is about who sees them, not how they come about.
    """
    day = datetime.date(2022, 3, 1)
    rows: dict[str, models.Model] = {}
    for county, region, organization, label in (
        ("county", world.county, world.bureau, "荣成"),
        ("other_county", world.other_county, world.other_bureau, "乳山"),
    ):
        rows[f"course_{county}"] = TrainingCourse.objects.create(
            region=region,
            organizer=organization,
            title=f"{label}公共法律知识培训",
            kind="public_law",
            hours=12,
            held_on=day,
        )
        rows[f"study_list_{county}"] = StudyList.objects.create(
            region=region,
            issuer=organization,
            year=2022,
            title=f"{label}学法责任清单",
            issued_on=day,
        )
        rows[f"study_event_{county}"] = StudyEvent.objects.create(
            region=region,
            organizer=organization,
            kind="case_training",
            held_on=day,
            topic=f"{label}典型案例学习",
            attendee_count=30,
        )
    for unit, county in (
        ("market", "county"),
        ("ecology", "county"),
        ("other_county", "other_county"),
    ):
        officer = named[f"officer_{unit}"]
        assert isinstance(officer, Officer)
        rows[f"attendance_{unit}"] = TrainingAttendance.objects.create(
            course=rows[f"course_{county}"], officer=officer, hours=12
        )
        rows[f"assignment_{unit}"] = StudyAssignment.objects.create(
            study_list=rows[f"study_list_{county}"],
            organization=officer.organization,
            task="学习行政处罚法",
            due_on=datetime.date(2022, 6, 30),
        )
    return rows


def _applications(
    world: World, named: dict[str, models.Model], market: User, ecology: User, other_county: User
) -> dict[str, models.Model]:
    """An application with one proof line, a verification, a spot check and a finding per unit.

    Written directly: this test is about who sees them, not how they come about.
    """
    day = datetime.date(2022, 6, 1)
    moment = datetime.datetime(2022, 6, 1, 2, tzinfo=datetime.UTC)
    rows: dict[str, models.Model] = {}
    for owner, region, organization, user, catalog in (
        ("market", world.county, world.market, market, "county"),
        ("ecology", world.county, world.ecology, ecology, "county"),
        ("other_county", world.other_county, world.other_bureau, other_county, "other_county"),
    ):
        application = ServiceApplication.objects.create(
            number=f"BJ-{owner}",
            region=region,
            organization=organization,
            matter="公租房申请",
            applicant_kind="person",
            applicant_name=f"{owner}申请人",
            applicant_id="371082199001011239",
            applicant_digest=f"digest-{owner}",
            opened_on=day,
            clerk=user,
        )
        version = named[f"proof_version_{catalog}"]
        proof = ApplicationProof.objects.create(
            application=application, item=version.item, version=version, route="commitment"
        )
        rows[f"application_{owner}"] = application
        rows[f"application_proof_{owner}"] = proof
        rows[f"verification_{owner}"] = Verification.objects.create(
            proof=proof, method="online", source="household", requested_by=user, requested_at=moment
        )
        rows[f"spot_check_{owner}"] = SpotCheck.objects.create(
            region=region,
            organization=organization,
            period_start=day,
            period_end=day,
            draw=named[f"draw_{owner}"],
        )
        rows[f"false_commitment_{owner}"] = FalseCommitment.objects.create(
            proof=proof,
            application=application,
            applicant_digest=application.applicant_digest,
            found_on=day,
            finding="不实",
            measure="revoke",
            credit_record=f"XY-{owner}",
        )
    return rows


def _legality_family(
    world: World, reviewer: User, other_county: User, *, market: User, ecology: User
) -> dict[str, models.Model]:
    """One row per legality-family model for the market, ecology and 乳山 units.

    Workflow rows come from the services; the children of a contract or of a document, which
    only need an owner for this test, are written directly.
    """
    named: dict[str, models.Model] = {
        "plan_county": plans.plan_open(acting_user=reviewer, region=world.county, year=2022),
        "plan_other_county": plans.plan_open(
            acting_user=other_county, region=world.other_county, year=2022
        ),
    }
    owners = {
        "market": (market, world.market, world.county, named["plan_county"]),
        "ecology": (ecology, world.ecology, world.county, named["plan_county"]),
        "other_county": (
            other_county,
            world.other_bureau,
            world.other_county,
            named["plan_other_county"],
        ),
    }
    for owner, (user, organization, region, plan) in owners.items():
        named.update(_family_of(owner, user, organization, region, plan))
    return named


def _family_of(
    owner: str, user: User, organization: Organization, region: Region, plan: DraftingPlan
) -> dict[str, models.Model]:
    import datetime

    day = datetime.date(2022, 3, 1)
    label = {"market": "市场监管", "ecology": "生态环境", "other_county": "乳山司法"}[owner]
    document = documents.document_create(
        acting_user=user,
        issuer=organization,
        organization=organization,
        title=f"{label}局规范性文件",
        kind=NormativeDocument.Kind.MEASURES,
        draft_text="第一条 为了规范管理，制定本办法。",
    )
    period = legality.comment_period_open(
        acting_user=user,
        subject=document,
        region=region,
        organization=organization,
        title=f"{label}征求意见",
        draft_text=document.draft_text,
        starts_on=day,
        ends_on=day + datetime.timedelta(days=30),
    )
    comment = legality.comment_submit(
        period_id=period.pk, quoted_passage="第一条", text="建议", on=day
    )
    review = legality.review_submit(
        acting_user=user,
        subject=document,
        region=region,
        organization=organization,
        title=f"{label}送审",
        materials_provided=["draft"],
        on=day,
    )
    plan_item = plans.plan_item_propose(
        acting_user=user,
        plan_id=plan.pk,
        organization=organization,
        issuer=organization,
        title=f"{label}计划项目",
        reason="需要",
        planned_quarter=1,
    )
    evaluation = DocumentEvaluation.objects.create(
        document=document, kind="post", evaluated_on=day, conclusion="continue", report="良好"
    )
    catalog = DecisionCatalog.objects.get_or_create(
        region=region, year=2022, defaults={"title": "2022年度重大行政决策事项目录"}
    )[0]
    proposal = DecisionProposal.objects.create(
        catalog=catalog,
        organization=organization,
        lead_organization=organization,
        title=f"{label}决策建议",
        reason="理由",
        basis="依据",
        proposed_on=day,
    )
    decision = MajorDecision.objects.create(
        region=region, organization=organization, year=2022, title=f"{label}决策", started_on=day
    )
    contract = Contract.objects.create(
        category="department",
        region=region,
        organization=organization,
        party=organization,
        title=f"{label}合同",
        contract_type="service",
        counterparty_name="某公司",
    )
    return {
        f"document_{owner}": document,
        f"evaluation_{owner}": evaluation,
        f"plan_item_{owner}": plan_item,
        f"review_{owner}": review,
        f"period_{owner}": period,
        f"comment_{owner}": comment,
        f"decision_{owner}": decision,
        f"proposal_{owner}": proposal,
        f"contract_{owner}": contract,
        f"milestone_{owner}": ContractMilestone.objects.create(
            contract=contract, kind="payment", title="首付款", due_on=day
        ),
        f"change_{owner}": ContractChange.objects.create(
            contract=contract, changed_on=day, content="延期", reason="需要"
        ),
        f"dispute_{owner}": ContractDispute.objects.create(
            contract=contract, kind="negotiation", filed_on=day, description="争议"
        ),
        f"accountability_{owner}": ContractAccountability.objects.create(
            contract=contract, person_name="某人", reason="失职", measure="诫勉", decided_on=day
        ),
    }


def _rows_of(model: type[models.Model], rows: dict[str, models.Model]) -> dict[str, Any]:
    return {name: row for name, row in rows.items() if isinstance(row, model)}


def _expected(persona_name: str, model: type[models.Model]) -> set[str]:
    return EXPECTED[persona_name].get(model, set())


def _api_client(user: User) -> Client:
    raw, _token = api_token_issue(username=user.username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _api_ids(response: Any) -> set[int]:
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return {item["id"] for item in items}


def _exported_rows(content: bytes) -> set[str]:
    """The first column of every data row: the row's name, code or title."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {
        str(row[0])
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row and row[0] is not None
    }


# Publicity (普法): a responsibility list with its task, an activity and an episode per unit
# ("<prefix>_market" / "_ecology" / "_other_county"), kept by the unit and followed by the
# bureau's general function; a campaign per county, which the region's departments read to
# record under it. The market's activity was held in 崖头, so 崖头's town sees it.
PUBLICITY_UNIT_MODELS: dict[type[models.Model], str] = {
    ResponsibilityList: "publicity_list",
    ResponsibilityTask: "publicity_task",
    PublicityActivity: "publicity_activity",
    CaseEpisode: "publicity_episode",
}


def _publicity_rows(
    units: tuple[str, ...], counties: tuple[str, ...]
) -> dict[type[models.Model], set[str]]:
    rows = {
        model: {f"{prefix}_{unit}" for unit in units}
        for model, prefix in PUBLICITY_UNIT_MODELS.items()
    }
    rows[Campaign] = {f"publicity_campaign_{county}" for county in counties}
    return rows


for _persona_name, _publicity_expected in {
    "sysadmin": _publicity_rows(("market", "ecology", "other_county"), ("county", "other_county")),
    "bureau_staff": _publicity_rows(("market", "ecology"), ("county",)),
    "other_county_bureau": _publicity_rows(("other_county",), ("other_county",)),
    "department_officer": _publicity_rows(("market",), ("county",)),
    "other_department_officer": _publicity_rows(("ecology",), ("county",)),
    "town_staff": {PublicityActivity: {"publicity_activity_market"}},
}.items():
    EXPECTED.setdefault(_persona_name, {}).update(_publicity_expected)
SURFACES.update(
    {model: Surface(None, None, None, None, str, str) for model in PUBLICITY_UNIT_MODELS}
    | {Campaign: Surface(None, None, None, None, str, str)}
    | {
        PublicityActivity: Surface(
            "/publicity/activities/?year=2022",
            lambda pk: f"/publicity/activities/{pk}/",
            None,
            None,
            lambda row: f'href="/publicity/activities/{row.pk}/"',
            lambda row: row.title,
        )
    }
)
# The system administrator sees the rows (to keep the platform) but not the ledger pages.
REFUSED_PAGES = REFUSED_PAGES | {("sysadmin", PublicityActivity)}


# Public legal services (公共法律服务): a row of every model in 崖头's village, in 宁津's village
# and in 乳山 ("<prefix>_yatou" / "_ningjin" / "_other_county"). The towns see their own, the
# bureau's legal-service function its whole county, departments nothing; liaisons, ledger entries,
# mediations and legal aid applications name persons, so the system administrator does not see
# them. 宁津's legal-aid case is assigned to the lawyer's account: the lawyer sees it and its
# quality check, and nothing else (法律援助法 art. 43; ADR 0001 owner scope).
LEGALSERVICE_MODELS: dict[type[models.Model], str] = {
    ServiceStation: "station",
    VillageAdviser: "adviser",
    LegalLiaison: "liaison",
    MediationCommittee: "committee",
    Mediator: "mediator",
    Mediation: "mediation",
    LegalService: "legal_service",
    LegalAidApplication: "legal_aid",
    MediationParty: "party",
    MediationAgreement: "agreement",
    MediationFollowUp: "follow_up",
    LiaisonTraining: "training",
    LiaisonActivity: "activity",
    LegalAidQualityCheck: "legal_aid_check",
}
LEGALSERVICE_SENSITIVE = (
    LegalLiaison,
    LegalService,
    Mediation,
    LegalAidApplication,
    MediationParty,
    MediationAgreement,
    MediationFollowUp,
    LiaisonTraining,
    LiaisonActivity,
    LegalAidQualityCheck,
)


def _legalservice_rows(
    places: tuple[str, ...], *, sensitive: bool = True
) -> dict[type[models.Model], set[str]]:
    return {
        model: {f"{prefix}_{place}" for place in places}
        if sensitive or model not in LEGALSERVICE_SENSITIVE
        else set()
        for model, prefix in LEGALSERVICE_MODELS.items()
    }


for _persona_name, _legalservice_expected in {
    "sysadmin": _legalservice_rows(("yatou", "ningjin", "other_county"), sensitive=False),
    "bureau_staff": _legalservice_rows(("yatou", "ningjin")),
    "other_county_bureau": _legalservice_rows(("other_county",)),
    "town_staff": _legalservice_rows(("yatou",)),
    "other_town_staff": _legalservice_rows(("ningjin",)),
    "lawyer": {
        LegalAidApplication: {"legal_aid_ningjin"},
        LegalAidQualityCheck: {"legal_aid_check_ningjin"},
    },
}.items():
    EXPECTED.setdefault(_persona_name, {}).update(_legalservice_expected)
SURFACES.update({model: Surface(None, None, None, None, str, str) for model in LEGALSERVICE_MODELS})
SURFACES[LegalAidApplication] = Surface(
    "/legalservice/aid/",
    lambda pk: f"/legalservice/aid/{pk}/",
    "/api/v1/legalservice/aid/",
    lambda pk: f"/api/v1/legalservice/aid/{pk}",
    lambda row: f'href="/legalservice/aid/{row.pk}/"',
    lambda row: f"{row.received_on:%Y-%m-%d}",
)
SURFACES[LegalLiaison] = Surface(
    "/legalservice/liaisons/",
    lambda pk: f"/legalservice/liaisons/{pk}/",
    None,
    None,
    lambda row: f'href="/legalservice/liaisons/{row.pk}/"',
    # the list's first column: the village's town (the town itself in 乳山's row)
    lambda row: row.village.parent.name if row.village.level == "village" else row.village.name,
)
SURFACES[Mediation] = Surface(
    "/legalservice/mediations/",
    lambda pk: f"/legalservice/mediations/{pk}/",
    None,
    None,
    lambda row: f'href="/legalservice/mediations/{row.pk}/"',
    lambda row: f"{row.received_on:%Y-%m-%d}",
)


# Community corrections (社区矫正): a subject and a row of every model hanging off it in 崖头's
# village, in 宁津's village and in 乳山 ("<prefix>_yatou" / "_ningjin" / "_other_county"); a city
# spot check per county. Only the county corrections body (the bureau's corrections function) and
# the town's judicial office see them; departments, administrators and the legality reviewer see
# nothing. Exports of the subject list need the personal-data export permission (bureau only).
CORRECTIONS_MODELS: dict[type[models.Model], str] = {
    CorrectionSubject: "subject",
    LevelChange: "level_change",
    TeamMember: "team_member",
    CorrectionPlan: "correction_plan",
    LocationCheck: "location_check",
    SupervisionAlert: "alert",
    SupervisionRecord: "supervision_record",
    ApprovalRequest: "approval",
    LocationDevice: "device",
    RewardSanction: "reward_sanction",
    CorrectionFile: "correction_file",
    FileDocument: "file_document",
    FileReview: "file_review",
    VisitRequest: "visit",
    PlaceTransfer: "transfer",
    FileHandover: "file_handover",
    EducationSession: "education",
}


def _corrections_rows(
    places: tuple[str, ...], counties: tuple[str, ...]
) -> dict[type[models.Model], set[str]]:
    rows = {
        model: {f"{prefix}_{place}" for place in places}
        for model, prefix in CORRECTIONS_MODELS.items()
    }
    rows[LocationSpotCheck] = {f"location_spot_check_{county}" for county in counties}
    return rows


for _persona_name, _corrections_expected in {
    "bureau_staff": _corrections_rows(("yatou", "ningjin"), ("county",)),
    "other_county_bureau": _corrections_rows(("other_county",), ("other_county",)),
    "town_staff": _corrections_rows(("yatou",), ()),
    "other_town_staff": _corrections_rows(("ningjin",), ()),
}.items():
    EXPECTED.setdefault(_persona_name, {}).update(_corrections_expected)
SURFACES.update(
    {model: Surface(None, None, None, None, str, str) for model in CORRECTIONS_MODELS}
    | {LocationSpotCheck: Surface(None, None, None, None, str, str)}
)
SURFACES[CorrectionSubject] = Surface(
    "/corrections/subjects/",
    lambda pk: f"/corrections/subjects/{pk}/",
    None,
    None,
    lambda row: f'href="/corrections/subjects/{row.pk}/"',
    lambda row: row.display_name,
)
SURFACES[SupervisionAlert] = Surface(
    "/corrections/alerts/",
    lambda pk: f"/corrections/alerts/{pk}/close/",
    None,
    None,
    lambda row: f'id="alert-{row.pk}"',
    lambda row: row.subject.display_name,
)


# Resettlement (安置帮教) and remote visits: a released person with a visit and a pathway, and a
# remote visit application, in 崖头's village, in 宁津's village and in 乳山 ("<prefix>_yatou" /
# "_ningjin" / "_other_county"); a remote hearing per county ("remote_hearing_county" /
# "_other_county"). A town's judicial office sees its own residents, the bureau's corrections
# function its county, nobody else; all name persons, so the system administrator sees none.
RESETTLEMENT_MODELS: dict[type[models.Model], str] = {
    ReleasedPerson: "released",
    SupportVisit: "support_visit",
    SupportPathway: "support_pathway",
    RemoteVisit: "remote_visit",
}


def _resettlement_rows(*places: str) -> dict[type[models.Model], set[str]]:
    return {
        model: {f"{prefix}_{place}" for place in places}
        for model, prefix in RESETTLEMENT_MODELS.items()
    }


for _persona_name, _resettlement_expected in {
    "bureau_staff": {
        **_resettlement_rows("yatou", "ningjin"),
        RemoteHearing: {"remote_hearing_county"},
    },
    "other_county_bureau": {
        **_resettlement_rows("other_county"),
        RemoteHearing: {"remote_hearing_other_county"},
    },
    "town_staff": _resettlement_rows("yatou"),
    "other_town_staff": _resettlement_rows("ningjin"),
}.items():
    EXPECTED.setdefault(_persona_name, {}).update(_resettlement_expected)
SURFACES.update(
    {model: Surface(None, None, None, None, str, str) for model in RESETTLEMENT_MODELS}
    | {RemoteHearing: Surface(None, None, None, None, str, str)}
)
SURFACES[ReleasedPerson] = Surface(
    "/corrections/released/",
    lambda pk: f"/corrections/released/{pk}/",
    None,
    None,
    lambda row: f'href="/corrections/released/{row.pk}/"',
    lambda row: row.name,
)
SURFACES[RemoteVisit] = Surface(
    "/corrections/remote-visits/",
    lambda pk: f"/corrections/remote-visits/{pk}/",
    None,
    None,
    lambda row: f'href="/corrections/remote-visits/{row.pk}/"',
    lambda row: f"{row.applied_on:%Y-%m-%d}",
)
SURFACES[RemoteHearing] = Surface(
    "/corrections/remote-hearings/",
    lambda pk: f"/corrections/remote-hearings/{pk}/",
    None,
    None,
    lambda row: f'href="/corrections/remote-hearings/{row.pk}/"',
    lambda row: f"{row.scheduled_on:%Y-%m-%d}",
)


def _resettlement(world: World) -> dict[str, models.Model]:
    """Written directly: this test is about who sees the rows, not how they come about."""
    day = datetime.date(2022, 4, 10)
    rows: dict[str, models.Model] = {}
    other_town = Region.objects.get(code="371083001000")
    for place, village in (
        ("yatou", world.yatou_village),
        ("ningjin", world.ningjin_village),
        ("other_county", other_town),
    ):
        person = ReleasedPerson.objects.create(
            region=village,
            name=f"帮教对象{place}",
            gender="male",
            id_number="11010519491231002X",
            prison="山东省潍北监狱",
            offence="盗窃罪",
            sentence="1年",
            release_on=day,
            notice_received_on=day,
            notice_due_on=day,
            support_until=day,
        )
        rows |= {
            f"released_{place}": person,
            f"support_visit_{place}": SupportVisit.objects.create(
                person=person, visited_on=day, kind="home", visitor="司法所"
            ),
            f"support_pathway_{place}": SupportPathway.objects.create(
                person=person, pathway="housing"
            ),
            f"remote_visit_{place}": RemoteVisit.objects.create(
                region=village,
                applicant_name="申请人",
                id_number="11010519491231002X",
                relationship="parent",
                visitors=1,
                prisoner_name="服刑人员",
                prison="山东省潍北监狱",
                channel="desk",
                applied_on=day,
            ),
        }
    for county, region in (("county", world.county), ("other_county", world.other_county)):
        rows[f"remote_hearing_{county}"] = RemoteHearing.objects.create(
            region=region,
            body_kind="court",
            body_name="人民法院",
            kind="trial",
            person_name="被告人",
            facility="看守所",
            requested_on=day,
            scheduled_on=day,
        )
    return rows


def test_every_scoped_model_is_covered_by_the_matrix():
    assert set(scoped_models()) == set(SURFACES)


# One test per model, every persona inside it: the world and the model's family are built once
# for the thirteen personas (building them per persona was most of the suite's time). A failure
# names each persona that saw too much or too little.
@pytest.mark.parametrize("model", list(SURFACES), ids=lambda model: model.__name__)
def test_every_persona_sees_exactly_its_scope(request, rows, model):
    failures = []
    for persona_name in PERSONAS:
        user = request.getfixturevalue(persona_name)
        try:
            _check_scope(user, persona_name, model, rows)
        except AssertionError as error:
            failures.append(f"{persona_name}: {error}")
    assert not failures, "\n".join(failures)


def _check_scope(
    user: User, persona_name: str, model: type[models.Model], rows: dict[str, models.Model]
) -> None:
    surface = SURFACES[model]
    model_rows = _rows_of(model, rows)
    expected = _expected(persona_name, model)
    assert expected <= set(model_rows), "the expectation names rows the world does not have"
    inside = {model_rows[name] for name in expected}
    outside = {row for name, row in model_rows.items() if name not in expected}

    # the queryset the interfaces start from
    world_pks = [row.pk for row in model_rows.values()]
    assert set(model.objects.visible_to(user).filter(pk__in=world_pks)) == inside

    if surface.list_url is None:
        return
    client = login_client(user)

    # the list page: in-scope rows appear, no out-of-scope row does (or the page is refused)
    page = client.get(surface.list_url)
    assert page.status_code in (200, 403)
    html = page.content.decode()
    if page.status_code == 200:
        assert all(surface.marker(row) in html for row in inside)
    else:
        assert not inside or (persona_name, model) in REFUSED_PAGES, (
            f"{persona_name} is refused a list holding rows it may see"
        )
    assert not any(surface.marker(row) in html for row in outside)

    # the Excel export of the same list
    export = client.get(surface.list_url, {"export": "xlsx"})
    assert export.status_code in (200, 403)
    if export.status_code == 200:
        exported = _exported_rows(export.content)
        assert {surface.export_label(row) for row in inside} == exported

    # detail pages: 404 outside the scope, never a leak through a guessed id
    if surface.detail_url is not None:
        for row in outside:
            assert client.get(surface.detail_url(row.pk)).status_code in (403, 404)
        for row in inside:
            allowed = (403, 200) if (persona_name, model) in REFUSED_PAGES else (200,)
            assert client.get(surface.detail_url(row.pk)).status_code in allowed

    # the API, with a bearer token
    if surface.api_list is not None:
        api = _api_client(user)
        listed = api.get(surface.api_list, {"limit": 100})
        assert listed.status_code in (200, 403)
        ids = _api_ids(listed) if listed.status_code == 200 else set()
        refused = listed.status_code == 403
        assert {row.pk for row in inside} <= ids or (
            refused and (not inside or (persona_name, model) in REFUSED_PAGES)
        )
        assert not ids & {row.pk for row in outside}
        if surface.api_detail is not None:
            for row in outside:
                assert api.get(surface.api_detail(row.pk)).status_code in (403, 404)


def _reviews(world: World) -> dict[str, models.Model]:
    """A rubric, batch and reviewer per county; a drawn file and what follows per unit.

    Written directly: this test is about who sees them, not how they come about.
    """
    day = datetime.date(2022, 4, 1)
    rows: dict[str, models.Model] = {}
    for county, region, bureau, units in (
        (
            "county",
            world.county,
            world.bureau,
            (("market", world.market), ("ecology", world.ecology)),
        ),
        (
            "other_county",
            world.other_county,
            world.other_bureau,
            (("other_county", world.other_bureau),),
        ),
    ):
        rubric = RubricVersion.objects.create(region=region, name="评查标准", effective_from=day)
        item = RubricItem.objects.create(
            version=rubric, kind="scored", code="N1", title="证据充分", max_points=80, deduction=5
        )
        batch = ReviewBatch.objects.create(
            region=region,
            organization=bureau,
            title="第一季度案卷评查",
            starts_on=day,
            rubric_version=rubric,
            closed_from=datetime.date(2022, 1, 1),
            closed_until=datetime.date(2022, 3, 31),
            sample_count=1,
        )
        invited = InvitedSupervisor.objects.create(
            region=region,
            batch_year=2022,
            category="lawyer",
            name="评查特邀监督员",
            term_start=datetime.date(2022, 3, 1),
            term_end=datetime.date(2027, 2, 28),
        )
        reviewer = BatchReviewer.objects.create(batch=batch, invited_supervisor=invited)
        rows |= {
            f"rubric_{county}": rubric,
            f"rubric_item_{county}": item,
            f"review_batch_{county}": batch,
            f"batch_reviewer_{county}": reviewer,
        }
        for unit, organization in units:
            case_file = CaseFile.objects.create(
                organization=organization,
                case_number=f"{unit}-001",
                case_type="penalty",
                title="案件",
                closed_on=datetime.date(2022, 2, 1),
            )
            batch_file = BatchFile.objects.create(batch=batch, case_file=case_file)
            sheet = ScoreSheet.objects.create(batch_file=batch_file, reviewer=reviewer)
            notice = RectificationNotice.objects.create(
                batch=batch, organization=organization, issued_on=day, due_on=day
            )
            rows |= {
                f"case_file_{unit}": case_file,
                f"batch_file_{unit}": batch_file,
                f"score_sheet_{unit}": sheet,
                f"item_result_{unit}": ItemResult.objects.create(sheet=sheet, item=item),
                f"rectification_notice_{unit}": notice,
                f"review_problem_{unit}": Problem.objects.create(
                    batch_file=batch_file, item=item, description="问题", notice=notice
                ),
            }
    return rows


def _publicity(world: World) -> dict[str, models.Model]:
    """Written directly: this test is about who sees the rows, not how they come about."""
    day = datetime.date(2022, 4, 10)
    rows: dict[str, models.Model] = {}
    for county, region, bureau in (
        ("county", world.county, world.bureau),
        ("other_county", world.other_county, world.other_bureau),
    ):
        rows[f"publicity_campaign_{county}"] = Campaign.objects.create(
            region=region, organization=bureau, title="集中普法宣传", starts_on=day, ends_on=day
        )
    for unit, organization, place in (
        ("market", world.market, world.yatou),
        ("ecology", world.ecology, world.county),
        ("other_county", world.other_bureau, world.other_county),
    ):
        responsibility_list = ResponsibilityList.objects.create(
            region=organization.region,
            organization=organization,
            year=2022,
            title=f"{unit}普法责任清单",
            issued_on=day,
        )
        rows[f"publicity_list_{unit}"] = responsibility_list
        task = ResponsibilityTask.objects.create(
            responsibility_list=responsibility_list,
            number=1,
            content="进企业",
            target_group="business",
            planned_count=2,
        )
        rows[f"publicity_task_{unit}"] = task
        rows[f"publicity_activity_{unit}"] = PublicityActivity.objects.create(
            region=place,
            organization=organization,
            task=task,
            title=f"{unit}普法活动",
            venue="enterprise",
            held_on=day,
            target_group="business",
        )
        rows[f"publicity_episode_{unit}"] = CaseEpisode.objects.create(
            region=organization.region,
            organization=organization,
            title=f"{unit}以案释法",
            outlet="电视台",
            published_on=day,
            case_summary="案情",
        )
    return rows


def _legalservice(world: World, lawyer: User) -> dict[str, models.Model]:
    """Written directly: this test is about who sees the rows, not how they come about."""
    day = datetime.date(2022, 4, 10)
    rows: dict[str, models.Model] = {}
    other_town = Region.objects.get(code="371083001000")
    for place, village in (
        ("yatou", world.yatou_village),
        ("ningjin", world.ningjin_village),
        ("other_county", other_town),
    ):
        station = ServiceStation.objects.create(
            level="village",
            name=f"{place}工作室",
            region=village,
            address="村委",
            opening_hours="周二",
            established_on=day,
        )
        committee = MediationCommittee.objects.create(
            name=f"{place}调委会",
            kind="village",
            region=village,
            established_on=day,
            term_ends_on=day,
        )
        mediator = Mediator.objects.create(
            committee=committee, name="调解员", gender="female", position="chair"
        )
        mediation = Mediation.objects.create(
            committee=committee,
            intake="application",
            dispute_type="neighbour",
            parties="甲、乙",
            summary="纠纷",
            received_on=day,
        )
        liaison = LegalLiaison.objects.create(
            village=village,
            name="明白人",
            id_number=f"37108219800101{len(rows):03d}0"[:17] + "X",
            source="party_member",
            selected_on=day,
        )
        rows |= {
            f"party_{place}": MediationParty.objects.create(
                mediation=mediation,
                name="甲",
                gender="male",
                id_number="11010519491231002X",
                address="村",
            ),
            f"agreement_{place}": MediationAgreement.objects.create(
                mediation=mediation,
                facts="事实",
                issues="争议",
                terms="协议",
                performance_method="现金",
                performance_due_on=day,
            ),
            f"follow_up_{place}": MediationFollowUp.objects.create(
                mediation=mediation, followed_up_on=day, result="full"
            ),
            f"training_{place}": LiaisonTraining.objects.create(
                liaison=liaison, trained_on=day, hours=2, topic="普法"
            ),
            f"activity_{place}": LiaisonActivity.objects.create(
                liaison=liaison, held_on=day, kind="law_promotion", village=village
            ),
            f"station_{place}": station,
            f"adviser_{place}": VillageAdviser.objects.create(
                village=village,
                name="顾问",
                profession="lawyer",
                workplace="律所",
                term_start=day,
                term_end=day,
            ),
            f"liaison_{place}": liaison,
            f"committee_{place}": committee,
            f"mediator_{place}": mediator,
            f"mediation_{place}": mediation,
            f"legal_service_{place}": LegalService.objects.create(
                station=station,
                kind="mediation",
                served_on=day,
                person_name="甲",
                subject="调解",
                mediation=mediation,
            ),
            f"legal_aid_{place}": LegalAidApplication.objects.create(
                region=village,
                applicant_name="申请人",
                id_number="11010519491231002X",
                channel="counter",
                kind="civil",
                matter="labour_pay",
                received_on=day,
                decision_due_on=day,
                assignee_user=lawyer if place == "ningjin" else None,
            ),
        }
        rows[f"legal_aid_check_{place}"] = LegalAidQualityCheck.objects.create(
            application=rows[f"legal_aid_{place}"],
            kind="file",
            checked_on=day,
            checker="检查人",
            result="pass",
        )
    return rows


def _corrections(world: World, clerk: User) -> dict[str, models.Model]:
    """Written directly: this test is about who sees the rows, not how they come about."""
    day = datetime.date(2022, 4, 10)
    at = datetime.datetime(2022, 4, 10, 10, tzinfo=datetime.UTC)
    rows: dict[str, models.Model] = {}
    other_town = Region.objects.get(code="371083001000")
    spot_checks = {}
    for county, region, bureau in (
        ("county", world.county, world.bureau),
        ("other_county", world.other_county, world.other_bureau),
    ):
        spot_checks[county] = rows[f"location_spot_check_{county}"] = (
            LocationSpotCheck.objects.create(
                region=region, organization=bureau, performed_at=at, subjects_covered=1
            )
        )
    for place, village, office, county, name in (
        ("yatou", world.yatou_village, world.office_yatou, "county", "崖头矫正对象"),
        ("ningjin", world.ningjin_village, world.office_ningjin, "county", "宁津矫正对象"),
        ("other_county", other_town, world.other_bureau, "other_county", "乳山矫正对象"),
    ):
        subject = CorrectionSubject.objects.create(
            name=name,
            id_number="11010519491231002X",
            gender="male",
            birth_date=datetime.date(1949, 12, 31),
            category="probation",
            crime="盗窃罪",
            sentence="有期徒刑一年，缓刑一年",
            decision_authority="人民法院",
            decision_number=f"（2022）{place}1号",
            decision_effective_on=day,
            term_start=day,
            term_end=day,
            region=village,
            office=office,
            notice_due_on=day,
            documents_due_on=day,
            report_due_on=day,
            registered_on=day,
        )
        check = LocationCheck.objects.create(
            subject=subject,
            office=office,
            kind="spot",
            spot_check=spot_checks[county],
            planned_on=day,
            performed_at=at,
            result="out_of_area",
        )
        correction_file = CorrectionFile.objects.create(
            subject=subject, kind="execution", compiled_on=day, keeper=office
        )
        rows |= {
            f"subject_{place}": subject,
            f"level_change_{place}": LevelChange.objects.create(
                subject=subject, level="strict", rule="intake", effective_on=day
            ),
            f"team_member_{place}": TeamMember.objects.create(
                subject=subject, name="组员", role="office", gender="female", joined_on=day
            ),
            f"correction_plan_{place}": CorrectionPlan.objects.create(
                subject=subject, version=1, content="方案", effective_on=day
            ),
            f"location_check_{place}": check,
            f"alert_{place}": SupervisionAlert.objects.create(
                subject=subject, kind="out_of_area", location_check=check, raised_at=at
            ),
            f"supervision_record_{place}": SupervisionRecord.objects.create(
                subject=subject, kind="report", occurred_on=day, summary="报告"
            ),
            f"approval_{place}": ApprovalRequest.objects.create(
                subject=subject,
                kind="leave",
                applied_on=day,
                starts_on=day,
                ends_on=day,
                destination="济南",
                reason="就医",
                tier="office",
            ),
            f"device_{place}": LocationDevice.objects.create(
                subject=subject,
                ground="left_without_approval",
                device_number="D1",
                starts_on=day,
                ends_on=day,
            ),
            f"reward_sanction_{place}": RewardSanction.objects.create(
                subject=subject, kind="praise", decided_on=day, facts="表现良好"
            ),
            f"correction_file_{place}": correction_file,
            f"file_document_{place}": FileDocument.objects.create(
                file=correction_file, code="judgment", title="判决书"
            ),
            f"file_review_{place}": FileReview.objects.create(
                file=correction_file, reviewed_on=day, result="qualified"
            ),
            f"visit_{place}": VisitRequest.objects.create(
                subject=subject,
                applied_on=day,
                visit_on=day,
                visitor_kind="media",
                visitor_name="记者",
                visitor_identity="报社",
                place="司法所",
                purpose="采访",
                tier="county",
            ),
            f"education_{place}": EducationSession.objects.create(
                subject=subject,
                held_on=day,
                kind="education",
                hours=2,
                content="法治教育",
                organizer="司法所",
            ),
        }
        # A change of place within the subject's own town: only who sees it matters here.
        transfer = rows[f"transfer_{place}"] = PlaceTransfer.objects.create(
            subject=subject,
            applied_on=day,
            reason="迁居",
            from_region=village,
            from_office=office,
            to_region=village,
            to_office=office,
        )
        rows[f"file_handover_{place}"] = FileHandover.objects.create(
            transfer=transfer,
            file=correction_file,
            from_keeper=office,
            to_keeper=office,
            handed_over_on=day,
            handed_over_by=clerk,
            received_by="接收人",
        )
    return rows
