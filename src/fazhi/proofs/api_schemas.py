"""Schemas of the applications API (办件、核查、事后抽查、不实承诺).

The applicant's ID number leaves only masked; the full number stays in the database (PIPL
art. 28, 51).
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from fazhi.core.crypto import mask_phone
from fazhi.proofs import selectors
from fazhi.proofs.models import (
    ApplicationProof,
    FalseCommitment,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.services.applications import decision_blockers
from fazhi.proofs.sources.base import data_source_label

# Applications.


class ApplicationOut(Schema):
    id: int
    number: str
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    matter: str
    channel: str
    applicant_kind: str
    applicant_name: str
    masked_applicant_id: str = Field(description="脱敏的证件号码；完整号码不经接口输出")
    masked_applicant_phone: str
    status: str
    status_label: str
    opened_on: datetime.date
    decided_on: datetime.date | None
    decision_note: str

    @staticmethod
    def resolve_masked_applicant_phone(application: ServiceApplication) -> str:
        return mask_phone(application.applicant_phone) if application.applicant_phone else ""

    @staticmethod
    def resolve_status_label(application: ServiceApplication) -> str:
        return application.get_status_display()


class ProofOut(Schema):
    id: int
    application_id: int
    item_code: str = Field(alias="item.code")
    name: str = Field(alias="version.name")
    handling_mode: str = Field(alias="version.handling_mode")
    route: str
    route_label: str
    state: str
    state_label: str
    template_version: str
    signature: str
    signed_at: datetime.datetime | None
    letter_digest: str = Field(description="已签署承诺书文本的 SHA-256；未签署时为空")
    paper_note: str

    @staticmethod
    def resolve_route_label(proof: ApplicationProof) -> str:
        return proof.get_route_display()

    @staticmethod
    def resolve_state_label(proof: ApplicationProof) -> str:
        return proof.get_state_display()


class VerificationOut(Schema):
    id: int
    proof_id: int
    proof_name: str = Field(alias="proof.version.name")
    method: str
    purpose: str
    status: str
    status_label: str
    source: str
    source_label: str
    requested_at: datetime.datetime
    attempts: int
    last_error: str
    next_attempt_at: datetime.datetime | None = Field(description="核查中时下次自动重试的时间")
    latency_ms: int | None
    answered_at: datetime.datetime | None
    answer: str
    question: str
    requested_organization_id: int | None
    requested_organization: str | None = Field(description="协查单位名称")
    due_on: datetime.date | None = Field(description="协助核查的答复期限")
    escalated_on: datetime.date | None

    @staticmethod
    def resolve_status_label(verification: Verification) -> str:
        return verification.get_status_display()

    @staticmethod
    def resolve_source_label(verification: Verification) -> str:
        return data_source_label(verification.source) if verification.source else ""

    @staticmethod
    def resolve_requested_organization(verification: Verification) -> str | None:
        organization = verification.requested_organization
        return organization.name if organization is not None else None


class ApplicationDetailOut(ApplicationOut):
    proofs: list[ProofOut]
    verifications: list[VerificationOut]
    decision_blockers: list[str] = Field(description="尚不能准予办理的原因；已办结时为空")

    @staticmethod
    def resolve_proofs(application: ServiceApplication) -> list[ApplicationProof]:
        return list(selectors.application_proofs(application))

    @staticmethod
    def resolve_verifications(application: ServiceApplication) -> list[Verification]:
        return list(selectors.verifications_of(application))

    @staticmethod
    def resolve_decision_blockers(application: ServiceApplication) -> list[str]:
        if application.status != ServiceApplication.Status.OPEN:
            return []
        return decision_blockers(application)


class ApplicationFilterIn(Schema):
    status: str | None = Field(None, description="open、approved、refused、terminated、revoked")
    matter: str | None = Field(None, description="政务服务事项名称")


class ApplicationIn(Schema):
    organization_id: int = Field(description="受理单位ID")
    matter: str = Field(min_length=1, max_length=200)
    applicant_kind: Literal["person", "enterprise"]
    applicant_name: str = Field(max_length=128)
    applicant_id: str = Field(description="身份证号码或统一社会信用代码")
    applicant_phone: str = ""
    channel: Literal["hall", "online"] = "hall"


class RouteIn(Schema):
    route: str = Field(description="commitment、verification、assisted、paper")


class SignIn(Schema):
    signature: str = Field(description="现场签字 或 电子签名")


class LetterOut(Schema):
    template_version: str
    text: str
    digest: str = Field(description="文本的 SHA-256")
    signed: bool


class AssistIn(Schema):
    organization_id: int = Field(description="协查单位ID")
    question: str


class PaperIn(Schema):
    note: str = Field("", max_length=200)


class DecideIn(Schema):
    approve: bool
    note: str = ""


class TerminateIn(Schema):
    reason: str


# Assisted verification, as the requested department sees it.


class AssistedOut(Schema):
    id: int
    status: str
    status_label: str
    question: str
    requested_at: datetime.datetime
    due_on: datetime.date | None
    escalated_on: datetime.date | None
    answered_at: datetime.datetime | None
    answer: str
    application_number: str = Field(alias="proof.application.number")
    requesting_organization: str = Field(alias="proof.application.organization.name")
    matter: str = Field(alias="proof.application.matter")
    proof_name: str = Field(alias="proof.version.name")
    applicant_name: str = Field(alias="proof.application.applicant_name")
    masked_applicant_id: str = Field(alias="proof.application.masked_applicant_id")

    @staticmethod
    def resolve_status_label(verification: Verification) -> str:
        return verification.get_status_display()


class AssistedFilterIn(Schema):
    status: str | None = Field(None, description="pending、confirmed、contradicted、withdrawn")


class AnswerIn(Schema):
    confirmed: bool
    answer: str


# Spot checks.


class SpotCheckOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(alias="organization.name")
    period_start: datetime.date
    period_end: datetime.date
    status: str
    status_label: str
    closed_on: datetime.date | None
    draw_id: int
    seed_rule: str = Field(alias="draw.seed_rule")
    population_size: int = Field(alias="draw.population_size")
    population_digest: str = Field(alias="draw.population_digest")
    seed_value: str = Field(alias="draw.seed_value")
    drawn_at: datetime.datetime | None = Field(alias="draw.drawn_at")
    selected_count: int

    @staticmethod
    def resolve_status_label(spot_check: SpotCheck) -> str:
        return spot_check.get_status_display()

    @staticmethod
    def resolve_selected_count(spot_check: SpotCheck) -> int:
        return len(spot_check.draw.selected_keys or [])


class SampledVerificationOut(VerificationOut):
    application_id: int = Field(alias="proof.application_id")
    application_number: str = Field(alias="proof.application.number")
    applicant_name: str = Field(alias="proof.application.applicant_name")
    false_commitment_id: int | None

    @staticmethod
    def resolve_false_commitment_id(verification: Verification) -> int | None:
        record = getattr(verification.proof, "false_commitment", None)
        return record.pk if record is not None else None


class SpotCheckDetailOut(SpotCheckOut):
    verifications: list[SampledVerificationOut]

    @staticmethod
    def resolve_verifications(spot_check: SpotCheck) -> list[Verification]:
        return list(selectors.spot_check_verifications(spot_check))


class SpotCheckFilterIn(Schema):
    status: str | None = Field(None, description="announced、checking、closed")


class SpotCheckIn(Schema):
    organization_id: int = Field(description="抽查单位ID")
    period_start: datetime.date
    period_end: datetime.date
    seed_rule: str = Field(min_length=1, description="公告的随机种子确定规则")


class DrawIn(Schema):
    seed_value: str = Field(min_length=1, description="按公告规则取得的种子值")


# Untrue commitments.


class FalseCommitmentOut(Schema):
    id: int
    proof_id: int
    proof_name: str = Field(alias="proof.version.name")
    application_id: int
    application_number: str = Field(alias="application.number")
    organization_name: str = Field(alias="application.organization.name")
    applicant_name: str = Field(alias="application.applicant_name")
    masked_applicant_id: str = Field(alias="application.masked_applicant_id")
    found_on: datetime.date
    finding: str
    measure: str
    measure_label: str
    correction_due_on: datetime.date | None
    status: str
    status_label: str
    credit_record: str
    credit_repaired_on: datetime.date | None
    repair_reason: str

    @staticmethod
    def resolve_measure_label(record: FalseCommitment) -> str:
        return record.get_measure_display()

    @staticmethod
    def resolve_status_label(record: FalseCommitment) -> str:
        return record.get_status_display()


class FalseCommitmentFilterIn(Schema):
    status: str | None = Field(None, description="correcting、settled、repaired")


class FalseCommitmentIn(Schema):
    proof_id: int = Field(description="已签署的告知承诺(办件证明材料)ID")
    finding: str
    measure: str = Field(
        description="terminate 终止办理、correct 责令限期整改、revoke 撤销办理决定"
    )
    correction_due_on: datetime.date | None = None


class CorrectionIn(Schema):
    corrected: bool
    note: str


class RepairIn(Schema):
    reason: str
