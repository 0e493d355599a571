"""A year (2022) of applications handled without proofs, built through the services.

Each month 20 applicants apply for matters of the catalog in force; the departments' clerks
take commitments, ask the demo data sources (whose time-outs and maintenance windows are
retried as the retry job would, at the scheduled moments), fall back to assisted verification
when a source gives up, and decide. Each quarter every department samples its commitments
with the verifiable draw; untrue ones become credit records (one later repaired), and an
applicant so barred who applies again has to bring the paper proof.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from stdnum.cn import ric

from fazhi.core.demo import demo_legal_officer
from fazhi.core.models import Enterprise, Organization, Region
from fazhi.proofs.models import (
    ApplicantKind,
    ApplicationProof,
    FalseCommitment,
    ProofField,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.selectors import matter_requirements, service_matters_in_force
from fazhi.proofs.services import applications, spot_checks, verifications

Log = Callable[[str], None]
D = datetime.date
YEAR = 2022
PER_MONTH = 20
UNANSWERED_AT_YEAR_END = 3
UNANSWERED_FROM = D(YEAR, 11, 15)
CHINA = datetime.timezone(datetime.timedelta(hours=8))
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]
# The other Weihai counties: their residents are not in Rongcheng's household register.
OTHER_PREFIXES = ("371002", "371003", "371083")


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    identifier: str


def _person(rng: random.Random, prefix: str) -> Applicant:
    birth = D(rng.randint(1955, 2002), rng.randint(1, 12), rng.randint(1, 28))
    body = f"{prefix}{birth:%Y%m%d}{rng.randint(100, 999)}"
    name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
    return Applicant(ApplicantKind.PERSON, name, body + ric.calc_check_digit(body + "0"))


class _World:
    """The demo's applicants, clerks and the moments it works at."""

    def __init__(self, county: Region, rng: random.Random) -> None:
        self.rng = rng
        self.county = county
        self.people = [_person(rng, "371082") for _ in range(260)] + [
            _person(rng, rng.choice(OTHER_PREFIXES)) for _ in range(12)
        ]
        self.enterprises = [
            Applicant(ApplicantKind.ENTERPRISE, e.name, e.uscc)
            for e in Enterprise.objects.filter(region__code__startswith=county.prefix)[:200]
        ]
        self.departments = list(
            Organization.objects.filter(region=county, kind=Organization.Kind.DEPARTMENT)
        )
        self._matters: dict[D, list[str]] = {}
        self.unanswered_left = UNANSWERED_AT_YEAR_END

    def matters_on(self, day: D) -> list[str]:
        if day not in self._matters:
            self._matters[day] = service_matters_in_force(region=self.county, on=day)
        return self._matters[day]

    def applicant_for(self, field: str) -> Applicant:
        if field == ProofField.MARKET_ACCESS and self.enterprises:
            return self.rng.choice(self.enterprises)
        return self.rng.choice(self.people)

    def moment(self, day: D) -> datetime.datetime:
        """A moment in office hours, so some lookups fall into a source's maintenance window."""
        hour = self.rng.choice([8, 9, 9, 10, 10, 11, 14, 15, 15, 16])
        return datetime.datetime(
            day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=CHINA
        )

    def working_day(self, month: int) -> D:
        while True:
            day = D(YEAR, month, self.rng.randint(1, 28))
            if day.weekday() < 5:
                return day

    def other_department(self, own: Organization) -> Organization:
        return self.rng.choice([d for d in self.departments if d.pk != own.pk])


def _await_lookup(verification: Verification) -> Verification:
    """Run the retries the beat job would run, each at its scheduled moment."""
    while verification.status == Verification.Status.PENDING and verification.next_attempt_at:
        verification = verifications.verification_attempt(
            verification_id=verification.pk, at=verification.next_attempt_at
        )
    return verification


def _assist(world: _World, clerk: object, proof: ApplicationProof, day: D) -> D:
    """Ask another department; it answers within days (most within the limit).

    The first requests from mid-November stay unanswered, so the dashboard has overdue ones.
    """
    application = proof.application
    helper = world.other_department(application.organization)
    request = verifications.assisted_request(
        acting_user=clerk,
        proof_id=proof.pk,
        organization=helper,
        question=f"请协助核查申请人{application.applicant_name}的“{proof.version.name}”相关情况",
        on=day,
    )
    if day >= UNANSWERED_FROM and world.unanswered_left > 0:
        world.unanswered_left -= 1
        return day
    answered_on = day + datetime.timedelta(days=world.rng.choice([1, 2, 3, 4, 6, 9]))
    confirmed = world.rng.random() > 0.03
    verifications.assisted_answer(
        acting_user=demo_legal_officer(str(helper.code)),
        verification_id=request.pk,
        confirmed=confirmed,
        answer="经查本单位档案记录，情况属实" if confirmed else "本单位档案记录与申请材料不一致",
        on=answered_on,
    )
    return answered_on


def _handle_line(world: _World, clerk: object, proof: ApplicationProof, day: D) -> D:
    """Deal with one proof line; returns the day it was settled."""
    rng = world.rng
    if proof.route == Route.COMMITMENT:
        if rng.random() < 0.9:
            applications.commitment_sign(
                acting_user=clerk,
                proof_id=proof.pk,
                signature=rng.choice(applications.SIGNATURES),
                on=day,
            )
            return day
        applications.proof_route_choose(acting_user=clerk, proof_id=proof.pk, route=Route.PAPER)
        applications.paper_proof_receive(
            acting_user=clerk, proof_id=proof.pk, note="申请人选择提交证明"
        )
        return day
    if proof.route == Route.VERIFICATION:
        verification = verifications.verification_start(
            acting_user=clerk, proof_id=proof.pk, on=world.moment(day)
        )
        verification = _await_lookup(verification)
        if verification.status == Verification.Status.UNANSWERED:
            applications.proof_route_choose(
                acting_user=clerk, proof_id=proof.pk, route=Route.ASSISTED
            )
            return _assist(world, clerk, proof, day)
        return day
    if proof.route == Route.ASSISTED:
        return _assist(world, clerk, proof, day)
    if proof.route == Route.PAPER:
        applications.paper_proof_receive(acting_user=clerk, proof_id=proof.pk, note="原件已核验")
    return day


def _one_application(world: _World, matter: str, day: D) -> None:
    requirements = matter_requirements(region=world.county, matter=matter, on=day)
    organization = requirements[0].organization
    clerk = demo_legal_officer(str(organization.code))
    applicant = world.applicant_for(requirements[0].field)
    application = applications.application_open(
        acting_user=clerk,
        organization=organization,
        matter=matter,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id=applicant.identifier,
        channel=world.rng.choice(ServiceApplication.Channel.values),
        on=day,
    )
    settled = day
    for proof in application.proofs.select_related("version", "item", "application__organization"):
        settled = max(settled, _handle_line(world, clerk, proof, day))
    if application.proofs.filter(state=ApplicationProof.State.WAITING).exists():
        return  # an assisted request is still unanswered: the application stays open
    blockers = applications.decision_blockers(application)
    applications.application_decide(
        acting_user=clerk,
        application_id=application.pk,
        approve=not blockers,
        note="；".join(blockers) if blockers else "",
        on=settled,
    )


def _spot_checks(world: _World, quarter: int) -> None:
    start = D(YEAR, 3 * quarter - 2, 1)
    end = D(YEAR, 3 * quarter, 31 if quarter in (1, 4) else 30)
    checked_on = min(end + datetime.timedelta(days=6), D(YEAR, 12, 30))
    for organization in world.departments:
        if not spot_checks.commitments_signed(organization, start, end):
            continue
        clerk = demo_legal_officer(str(organization.code))
        spot_check = spot_checks.spot_check_announce(
            acting_user=clerk,
            organization=organization,
            period_start=start,
            period_end=end,
            seed_rule="以抽取日前一交易日上证综合指数收盘点位（保留两位小数）作为随机种子值",
            on=checked_on,
        )
        seed = f"{world.rng.randint(2900, 3500)}.{world.rng.randint(0, 99):02d}"
        spot_checks.spot_check_draw(
            acting_user=clerk, spot_check_id=spot_check.pk, seed_value=seed, on=checked_on
        )
        _finish_spot_check(world, clerk, spot_check, checked_on)


def _finish_spot_check(world: _World, clerk: object, spot_check: SpotCheck, day: D) -> None:
    for verification in spot_check.verifications.select_related("proof__application"):
        verification = _await_lookup(verification)
        if verification.status == Verification.Status.PENDING:
            verifications.internal_check_record(
                acting_user=clerk,
                verification_id=verification.pk,
                confirmed=world.rng.random() > 0.04,
                answer="调取申请人档案并实地核实",
                on=day,
            )
            verification = Verification.objects.get(pk=verification.pk)
        elif verification.status == Verification.Status.UNANSWERED:
            continue  # left for the clerk: the source never answered
        if verification.status == Verification.Status.CONTRADICTED:
            _record_untrue(world, clerk, verification, day)
    if not spot_check.verifications.filter(status=Verification.Status.UNANSWERED).exists():
        spot_checks.spot_check_close(acting_user=clerk, spot_check_id=spot_check.pk, on=day)


def _record_untrue(world: _World, clerk: object, verification: Verification, day: D) -> None:
    application = ServiceApplication.objects.get(pk=verification.proof.application_id)
    revoked = application.status == ServiceApplication.Status.REVOKED
    correct = world.rng.random() < 0.6 and not revoked
    record = spot_checks.false_commitment_record(
        acting_user=clerk,
        proof_id=verification.proof_id,
        finding=f"事后核查发现：{verification.answer}",
        measure=FalseCommitment.Measure.CORRECT if correct else FalseCommitment.Measure.REVOKE,
        correction_due_on=day + datetime.timedelta(days=15) if correct else None,
        on=day,
    )
    if correct:
        spot_checks.correction_conclude(
            acting_user=clerk,
            false_commitment_id=record.pk,
            corrected=world.rng.random() < 0.7,
            note="申请人在期限内补交了证明材料" if world.rng.random() < 0.5 else "逾期未整改",
            on=day + datetime.timedelta(days=15),
        )


def _repair_one(world: _World) -> None:
    """The earliest settled record is repaired (信用修复) after the applicant put it right."""
    record = (
        FalseCommitment.objects.filter(status=FalseCommitment.Status.SETTLED)
        .select_related("application__organization")
        .order_by("found_on", "pk")
        .first()
    )
    if record is None:
        return
    spot_checks.credit_repair(
        acting_user=demo_legal_officer(str(record.application.organization.code)),
        false_commitment_id=record.pk,
        reason="申请人已纠正失信行为并提交信用修复申请，经审核同意修复",
        on=record.found_on + datetime.timedelta(days=60),
    )


def build_applications(county: Region, log: Log) -> None:
    if ServiceApplication.objects.filter(region=county).exists():
        log("办件已存在，跳过")
        return
    world = _World(county, random.Random(4042))  # noqa: S311 - reproducible demo data
    with transaction.atomic():
        for month in range(1, 13):
            days = sorted(world.working_day(month) for _ in range(PER_MONTH))
            for day in days:
                _one_application(world, world.rng.choice(world.matters_on(day)), day)
            if month % 3 == 0:
                _spot_checks(world, month // 3)
        _repair_one(world)
        escalated = verifications.assisted_escalate_overdue(today=D(YEAR + 1, 1, 16))
    decided = ServiceApplication.objects.filter(region=county).count()
    findings = FalseCommitment.objects.filter(application__region=county).count()
    log(
        f"办件：2022年{decided}件(告知承诺、数据核查、协助核查)，季度事后抽查，"
        f"不实承诺{findings}件，逾期协助核查{escalated}件"
    )
