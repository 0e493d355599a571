"""Build the synthetic province: divisions and units, then each county's records, timed."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.contracts.models import Contract
from fazhi.core.bulkload import tables_analyze
from fazhi.core.models import AuditLog, Enterprise, Organization, RandomDraw, Region, User
from fazhi.corrections.models import (
    CorrectionSubject,
    LocationCheck,
    LocationSpotCheck,
    ReleasedPerson,
)
from fazhi.decisions.models import (
    DecisionCatalog,
    DecisionProposal,
    DecisionStep,
    MajorDecision,
)
from fazhi.enforcement.models import (
    BatchFile,
    BatchReviewer,
    CaseFile,
    Certificate,
    ContactPoint,
    Exam,
    ExamRule,
    InvitedSupervisor,
    ItemResult,
    Officer,
    Paper,
    PaperAnswer,
    Problem,
    Question,
    RectificationNotice,
    ReviewBatch,
    RubricItem,
    RubricVersion,
    ScoreSheet,
    StudyAssignment,
    StudyEvent,
    StudyList,
    SupervisionVisit,
    SupervisorParticipation,
    TrainingAttendance,
    TrainingCourse,
)
from fazhi.inspections.models import InspectionMatter, InspectionPlan, PlanItem
from fazhi.legality.models import CommentPeriod, LegalityReview
from fazhi.legalservice.aid_models import LegalAidApplication
from fazhi.legalservice.models import (
    LegalService,
    Mediation,
    MediationAgreement,
    MediationCommittee,
    MediationParty,
    Mediator,
    ServiceStation,
)
from fazhi.proofs.models import (
    ApplicationProof,
    CatalogRelease,
    FalseCommitment,
    ProofItem,
    ProofItemVersion,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.publicity.models import PublicityActivity
from fazhi.rules.models import NormativeDocument
from fazhi.scale.loaders import (
    audit,
    contracts,
    corrections,
    decisions,
    enforcement,
    enforcement_reviews,
    enforcement_training,
    inspections,
    legalaid,
    legalservice,
    mediation,
    proofs,
    publicity,
    regions,
    rules,
)
from fazhi.scale.plan import PROVINCE_CODE, County, ProvincePlan, Volumes

Log = Callable[[str], None]
LOADED_MODELS = (
    Region,
    Organization,
    ServiceStation,
    LegalService,
    LegalAidApplication,
    MediationCommittee,
    Mediator,
    Mediation,
    MediationParty,
    MediationAgreement,
    PublicityActivity,
    Enterprise,
    InspectionMatter,
    InspectionPlan,
    PlanItem,
    NormativeDocument,
    CommentPeriod,
    Contract,
    DecisionCatalog,
    DecisionProposal,
    MajorDecision,
    DecisionStep,
    LegalityReview,
    Officer,
    Certificate,
    Question,
    Exam,
    ExamRule,
    Exam.candidates.through,
    Paper,
    PaperAnswer,
    TrainingCourse,
    TrainingAttendance,
    StudyList,
    StudyAssignment,
    StudyEvent,
    InvitedSupervisor,
    ContactPoint,
    SupervisionVisit,
    SupervisionVisit.departments.through,
    SupervisionVisit.invited_supervisors.through,
    SupervisorParticipation,
    RubricVersion,
    RubricItem,
    CaseFile,
    ReviewBatch,
    ReviewBatch.departments.through,
    BatchReviewer,
    BatchFile,
    ScoreSheet,
    ItemResult,
    RectificationNotice,
    Problem,
    CorrectionSubject,
    LocationSpotCheck,
    LocationCheck,
    ReleasedPerson,
    User,
    CatalogRelease,
    ProofItem,
    ProofItemVersion,
    ServiceApplication,
    ApplicationProof,
    RandomDraw,
    SpotCheck,
    Verification,
    FalseCommitment,
    AuditLog,
)


@dataclass
class LoadStat:
    """Rows written to one table and the seconds it took, over the whole province."""

    table: str
    rows: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class _Timer:
    def __init__(self) -> None:
        self.stats: dict[str, LoadStat] = {}

    def run(self, table: str, load: Callable[..., int], *args: Any) -> None:
        started = time.perf_counter()
        rows = load(*args)
        stat = self.stats.setdefault(table, LoadStat(table))
        stat.rows += rows
        stat.seconds += time.perf_counter() - started


def province_generate(plan: ProvincePlan, volumes: Volumes, log: Log) -> list[LoadStat]:
    """Load the whole province, the statistics per table.

    One transaction per county, so an interrupted run keeps whole counties. Refuses when the
    province is already there.
    """
    if Region.objects.filter(code=PROVINCE_CODE).exists():
        raise ValidationError({"province": "规模测试省的数据已存在：请使用新的数据库"})
    timer = _Timer()
    with transaction.atomic():
        timer.run("core_region", regions.load_regions, plan)
        timer.run("core_organization", regions.load_organizations, plan)
        timer.run("enforcement_question", enforcement.question_bank)
    services = plan.shares(volumes.legal_services)
    activities = plan.shares(volumes.publicity_activities)
    aid_cases = plan.shares(volumes.legal_aid_cases)
    mediations = plan.shares(volumes.mediations)
    enterprises = plan.shares(volumes.enterprises)
    plan_items = plan.shares(volumes.plan_items)
    documents = plan.shares(volumes.normative_documents)
    contract_counts = plan.shares(volumes.contracts)
    decision_counts = plan.shares(volumes.major_decisions)
    officers = plan.shares(volumes.officers)
    subjects = plan.shares(volumes.correction_subjects)
    checks = plan.shares(volumes.location_checks)
    released = plan.shares(volumes.released_persons)
    audit_rows = plan.shares(volumes.audit_rows)
    applications = plan.shares(volumes.proof_applications)
    for index, county in enumerate(plan.counties):
        with transaction.atomic():
            ids = regions.county_ids(county)
            timer.run("legalservice_station", legalservice.load_stations, county, ids)
            timer.run(
                "legalservice_service", legalservice.load_services, plan, county, services[index]
            )
            timer.run(
                "publicity_activity",
                publicity.load_activities,
                plan,
                county,
                ids,
                activities[index],
            )
            timer.run("legalservice_aid", legalaid.load_cases, plan, county, ids, aid_cases[index])
            _county_mediations(timer, plan, county, ids, mediations[index])
            timer.run(
                "core_enterprise",
                inspections.load_enterprises,
                plan,
                county,
                ids,
                enterprises[index],
            )
            timer.run("inspections_plan", inspections.load_plans, ids)
            timer.run(
                "inspections_planitem",
                inspections.load_plan_items,
                plan,
                county,
                ids,
                plan_items[index],
            )
            _county_governance(timer, plan, county, ids, documents[index], contract_counts[index])
            _county_decisions(timer, plan, county, ids, decision_counts[index])
            _county_people(timer, plan, county, ids, officers[index], subjects[index])
            timer.run(
                "corrections_check", corrections.load_checks, plan, county, ids, checks[index]
            )
            timer.run("corrections_spotcheck", corrections.load_spot_checks, plan, county, ids)
            timer.run(
                "corrections_released",
                corrections.load_released,
                plan,
                county,
                ids,
                released[index],
            )
            _county_proofs(timer, plan, county, ids, applications[index])
            timer.run("core_auditlog", audit.load_audit, plan, county, ids, audit_rows[index])
        log(f"{index + 1}/{len(plan.counties)} {county.name}")
    timer.run("analyze", _analyze)
    return list(timer.stats.values())


def _county_people(
    timer: _Timer,
    plan: ProvincePlan,
    county: County,
    ids: regions.CountyIds,
    officers: int,
    subjects: int,
) -> None:
    """The county's officers with their certificates and 2022 exam, its correction subjects."""
    timer.run("enforcement_officer", enforcement.load_officers, plan, county, ids, officers)
    timer.run("enforcement_certificate", enforcement.load_certificates, plan, county, ids)
    timer.run("enforcement_exam", enforcement.load_exam, county)
    timer.run("enforcement_exam_candidates", enforcement.load_candidates, county, ids)
    timer.run("enforcement_paper", enforcement.load_papers, plan, county, ids)
    timer.run("enforcement_paperanswer", enforcement.load_answers, plan, county)
    _county_oversight(timer, plan, county, ids)
    timer.run("corrections_subject", corrections.load_subjects, plan, county, ids, subjects)


def _county_oversight(
    timer: _Timer, plan: ProvincePlan, county: County, ids: regions.CountyIds
) -> None:
    """The officers' 2022 training and study, the supervision and the case-file reviews."""
    timer.run("enforcement_trainingcourse", enforcement_training.load_courses, county, ids)
    timer.run(
        "enforcement_trainingattendance", enforcement_training.load_attendances, plan, county, ids
    )
    timer.run("enforcement_study", enforcement_training.load_study, county, ids)
    timer.run("enforcement_studyevent", enforcement_training.load_events, plan, county, ids)
    timer.run("enforcement_supervisor", enforcement_reviews.load_supervisors, plan, county, ids)
    timer.run(
        "enforcement_contactpoint", enforcement_reviews.load_contact_points, plan, county, ids
    )
    timer.run("enforcement_visit", enforcement_reviews.load_visits, plan, county, ids)
    timer.run("enforcement_rubric", enforcement_reviews.load_rubric, county, ids)
    timer.run("enforcement_casefile", enforcement_reviews.load_case_files, plan, county, ids)
    timer.run("enforcement_reviewbatch", enforcement_reviews.load_batches, plan, county, ids)
    timer.run("enforcement_review_scores", enforcement_reviews.load_scores, plan, county, ids)


def _county_governance(
    timer: _Timer,
    plan: ProvincePlan,
    county: County,
    ids: regions.CountyIds,
    documents: int,
    contract_count: int,
) -> None:
    """The county's normative documents and contracts with their legality reviews."""
    timer.run("rules_document", rules.load_documents, plan, county, ids, documents)
    timer.run("legality_commentperiod", rules.load_comment_periods, plan, county, ids, documents)
    timer.run("legality_review_document", rules.load_document_reviews, plan, county, ids, documents)
    timer.run("contracts_contract", contracts.load_contracts, plan, county, ids, contract_count)
    timer.run(
        "legality_review_contract", contracts.load_reviews_of, plan, county, ids, contract_count
    )


def _county_decisions(
    timer: _Timer, plan: ProvincePlan, county: County, ids: regions.CountyIds, count: int
) -> None:
    """The county government's yearly catalogs and its major decisions, reviewed and published."""
    timer.run("decisions_catalog", decisions.load_catalogs, county, ids)
    timer.run("decisions_proposal", decisions.load_items, plan, county, ids, count)
    timer.run("decisions_decision", decisions.load_decisions, plan, county, ids, count)
    timer.run("decisions_step", decisions.load_steps, plan, county, ids, count)
    timer.run("legality_review_decision", decisions.load_decision_reviews, plan, county, ids, count)


def _county_proofs(
    timer: _Timer, plan: ProvincePlan, county: County, ids: regions.CountyIds, count: int
) -> None:
    """The county's clerk account, proof catalog, 2022 applications and their spot checks."""
    timer.run("core_user_clerk", proofs.load_clerk, county)
    timer.run("proofs_catalog", proofs.load_catalog, plan, county, ids)
    timer.run("proofs_application", proofs.load_applications, plan, county, ids, count)
    timer.run("proofs_applicationproof", proofs.load_proofs, plan, county, ids, count)
    timer.run("proofs_verification", proofs.load_verifications, plan, county, ids, count)
    timer.run("proofs_spotcheck", proofs.load_spot_checks, plan, county, ids, count)


def _county_mediations(
    timer: _Timer, plan: ProvincePlan, county: County, ids: regions.CountyIds, count: int
) -> None:
    """The county's mediation committees, their mediators and cases with ledger entries."""
    timer.run("legalservice_mediationcommittee", mediation.load_committees, county, ids)
    timer.run("legalservice_mediator", mediation.load_mediators, plan, county)
    timer.run("legalservice_mediation", mediation.load_mediations, plan, county, ids, count)
    timer.run("legalservice_service_mediation", mediation.load_entries, county, ids)
    timer.run("legalservice_mediationagreement", mediation.load_agreements, plan, county)


def _analyze() -> int:
    tables_analyze(model._meta.db_table for model in LOADED_MODELS)
    return 0
