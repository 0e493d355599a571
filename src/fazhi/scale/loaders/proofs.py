"""Certificate-free services (证明事项告知承诺) of the synthetic province.

Each county gets a small catalog shaped like Rongcheng's (`proofs.demo`): a tenth of its four
releases' additions in two releases, 2021-1 and 2022-1, so the commitment items at the end of
2021 and 2022 differ as the report's 299 → 356 do. Its 2022 applications (办件) are opened by
the county's one synthetic clerk account for the departments that ask for the proofs, each proof
dealt with as the services would: a cancelled item is not needed, a commitment is signed on
the rendered letter (one in ten applicants brings the paper proof instead), a data check asks
its source or, without one, another department (协助核查), a retained item needs the paper.
Every quarter each department samples its signed commitments with core's verifiable draw
(computed here by `core.draws`, so it replays); a few samples prove untrue and become
corrected false-commitment records.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cache
from math import ceil

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from fazhi.core import draws
from fazhi.core.bulkload import bulk_load
from fazhi.core.crypto import blind_index, encrypt_text
from fazhi.core.deadlines import is_working_day
from fazhi.core.models import Enterprise, Organization, RandomDraw, User
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.proofs.demo import (
    DEPARTMENTS as PROOF_DEPARTMENTS,
)
from fazhi.proofs.demo import (
    HIGH_RISK_RATE,
    LAWS,
    MATTERS,
    RELEASES,
    SOURCE_OF_FIELD,
    SUBJECTS,
)
from fazhi.proofs.letters import letter_render
from fazhi.proofs.models import (
    EXCLUDED_FROM_COMMITMENT,
    ApplicantKind,
    ApplicationProof,
    CatalogRelease,
    FalseCommitment,
    HandlingMode,
    ProofField,
    ProofItem,
    ProofItemVersion,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
    VerificationMethod,
)
from fazhi.proofs.parameters import ASSISTED_REPLY_DAYS, SPOT_CHECK_RATE
from fazhi.proofs.services.applications import SIGNATURES
from fazhi.scale.loaders.common import id_people, moment, person_names, phone_ciphertexts
from fazhi.scale.loaders.regions import DEPARTMENTS, CountyIds
from fazhi.scale.plan import County, ProvincePlan

YEAR = 2022
D = datetime.date
# Rongcheng's four releases folded into two, each addition a tenth of Rongcheng's (rounded up).
CATALOG_SHARE = 10
TEMPLATE_VERSION = "2021版"
PAPER_INSTEAD_OF_COMMITMENT = 0.1
ASSISTED_CONFIRMED = 0.97
SPOT_CHECK_CONFIRMED = 0.96
ENTERPRISE_APPLICANTS = 200
ANSWER_DAYS = (1, 2, 3, 4, 6, 9)
SEED_RULE = "以抽取日前一交易日上证综合指数收盘点位（保留两位小数）作为随机种子值"


def clerk_username(county: County) -> str:
    return f"clerk@{county.code}"


def load_clerk(county: County) -> int:
    """The county's one synthetic clerk: no usable password, inactive, so nobody signs in as it.

    The applications and verifications name it as the clerk who handled them (a non-null key).
    It holds no membership: the records' scope follows their department, not the clerk.
    """
    return bulk_load(
        User,
        ["username", "password", "is_active", "full_name", "date_joined"],
        [
            (
                clerk_username(county),
                make_password(None),
                False,
                f"{county.name}政务服务窗口（合成）",
                timezone.now(),
            )
        ],
    )


def _clerk(county: County) -> int:
    return User.objects.filter(username=clerk_username(county)).values_list("pk", flat=True).get()


# The catalog ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ItemSpec:
    code: str
    release: str
    department: str
    field: str
    mode: str
    name: str
    legal_basis: str
    issuer: str
    matters: tuple[str, ...]
    method: str
    days: int | None
    source: str
    rate: Decimal | None


def _releases() -> list[tuple[str, D, D, dict[str, int]]]:
    """Rongcheng's releases folded into one a year: (number, published, effective, additions)."""
    folded: dict[int, tuple[str, D, D, dict[str, int]]] = {}
    for _, published, effective, adds, _, _ in RELEASES:
        year = effective.year
        if year not in folded:
            folded[year] = (f"{year}-1", published, effective, {})
        counts = folded[year][3]
        for mode, count in adds.items():
            counts[mode] = counts.get(mode, 0) + count
    return [
        (number, published, effective, {m: ceil(n / CATALOG_SHARE) for m, n in adds.items()})
        for number, published, effective, adds in folded.values()
    ]


def _departments_asking() -> list[tuple[str, list[str], str]]:
    """The demo's requesting departments that the synthetic counties have."""
    present = {slug for slug, _ in DEPARTMENTS}
    return [
        (slug, [str(f) for f in fields], issuer)
        for slug, fields, issuer in PROOF_DEPARTMENTS
        if slug in present
    ]


def _item_specs(plan: ProvincePlan, county: County) -> list[_ItemSpec]:
    rng = plan.rng("proof-catalog", county.code)
    departments = _departments_asking()
    specs: list[_ItemSpec] = []
    for number, _, _, adds in _releases():
        for mode, count in adds.items():
            for _ in range(count):
                specs.append(_item_spec(rng, departments, county, number, mode, len(specs) + 1))
    return specs


def _item_spec(
    rng: random.Random,
    departments: list[tuple[str, list[str], str]],
    county: County,
    release: str,
    mode: str,
    serial: int,
) -> _ItemSpec:
    commitment = mode == HandlingMode.COMMITMENT
    allowed = [
        (slug, [f for f in fields if not (commitment and f in EXCLUDED_FROM_COMMITMENT)], issuer)
        for slug, fields, issuer in departments
    ]
    slug, fields, issuer = rng.choice([entry for entry in allowed if entry[1]])
    proof_field = rng.choice(fields)
    label = ProofField(proof_field).label
    method, days, source = "", None, ""
    if mode in (HandlingMode.COMMITMENT, HandlingMode.DATA_CHECK):
        method = rng.choice(VerificationMethod.values)
        days = rng.choice([3, 5, 10])
        source = SOURCE_OF_FIELD.get(ProofField(proof_field), "")
        if method == VerificationMethod.ASSISTED or not source:
            method, source = VerificationMethod.ASSISTED, ""
    rate = HIGH_RISK_RATE.get(ProofField(proof_field)) if commitment else None
    return _ItemSpec(
        code=f"{county.prefix}ZM{serial:04d}",
        release=release,
        department=slug,
        field=proof_field,
        mode=mode,
        name=f"{rng.choice(SUBJECTS)}证明（{label}类第{serial}号）",
        legal_basis=rng.choice(LAWS),
        issuer=issuer,
        matters=tuple(rng.sample([f"{label}{m}" for m in MATTERS], 2)),
        method=method,
        days=days,
        source=source,
        rate=Decimal(rate) if rate is not None else None,
    )


def load_catalog(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """The county's published releases, their items and each item's one version; rows written."""
    releases = _releases()
    count = bulk_load(
        CatalogRelease,
        ["region", "number", "status", "published_on", "effective_on", "note"],
        [
            (ids.region, number, CatalogRelease.Status.PUBLISHED, published, effective, note)
            for number, published, effective, _ in releases
            for note in [f"{published.year}年证明事项清单调整"]
        ],
    )
    effective = {number: effective for number, _, effective, _ in releases}
    release_ids = dict(CatalogRelease.objects.filter(region=ids.region).values_list("number", "pk"))
    specs = _item_specs(plan, county)
    count += bulk_load(ProofItem, ["region", "code"], [(ids.region, s.code) for s in specs])
    item_ids = dict(ProofItem.objects.filter(region=ids.region).values_list("code", "pk"))
    units = dict(zip([slug for slug, _ in DEPARTMENTS], ids.departments, strict=True))
    return count + bulk_load(
        ProofItemVersion,
        [
            *("item", "release", "name", "legal_basis", "organization", "issuing_authority"),
            *("service_matters", "field", "handling_mode", "verification_method"),
            *("verification_days", "data_source", "spot_check_rate", "template_version"),
            "valid_from",
        ],
        (
            (
                *(item_ids[s.code], release_ids[s.release], s.name, s.legal_basis),
                *(units[s.department], s.issuer, list(s.matters), s.field, s.mode, s.method),
                *(s.days, s.source, s.rate),
                TEMPLATE_VERSION if s.mode == HandlingMode.COMMITMENT else "",
                effective[s.release],
            )
            for s in specs
        ),
    )


# Applications ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Version:
    pk: int
    item: int
    code: str
    organization: int
    organization_name: str
    name: str
    legal_basis: str
    field: str
    mode: str
    method: str
    source: str
    rate: Decimal | None
    valid_from: D
    matters: tuple[str, ...]


@dataclass(frozen=True)
class _Applicant:
    kind: str
    name: str
    id_cipher: str
    digest: str
    shown_id: str


@dataclass
class _Check:
    """A verification before the decision: a lookup, or an assisted request."""

    method: str
    source: str
    status: str
    requested_at: datetime.datetime
    answered_at: datetime.datetime | None
    latency_ms: int | None = None
    helper: int | None = None
    due_on: D | None = None
    due_provisional: bool = False


@dataclass
class _Line:
    version: _Version
    route: str
    state: str
    signed_at: datetime.datetime | None = None
    signature: str = ""
    letter_text: str = ""
    letter_digest: str = ""
    paper_note: str = ""
    check: _Check | None = None


@dataclass
class _Application:
    number: str
    organization: int
    matter: str
    channel: str
    applicant: _Applicant
    phone: str
    opened_on: D
    status: str = ServiceApplication.Status.APPROVED
    decided_on: D | None = None
    note: str = ""
    lines: list[_Line] = field(default_factory=list)


@dataclass(frozen=True)
class _World:
    """What a county's applications are drawn from, read before anything is loaded."""

    clerk: int
    versions: list[_Version]
    enterprises: list[_Applicant]
    departments: list[int]
    working_days: list[D]
    reply_due: dict[D, tuple[D, bool]]


def _versions(ids: CountyIds) -> list[_Version]:
    rows = (
        ProofItemVersion.objects.filter(item__region=ids.region)
        .order_by("item__code")
        .values_list(
            *("pk", "item", "item__code", "organization", "organization__name", "name"),
            *("legal_basis", "field", "handling_mode", "verification_method", "data_source"),
            *("spot_check_rate", "valid_from", "service_matters"),
        )
    )
    # The matters come as a list (a JSON field): a tuple keeps the version hashable.
    names = [each.name for each in fields(_Version)]
    return [_Version(**dict(zip(names, (*row[:-1], tuple(row[-1])), strict=True))) for row in rows]


def _enterprise_applicants(county: County) -> list[_Applicant]:
    """The county's first enterprises, their credit codes encrypted once each."""
    rows = Enterprise.objects.filter(region__code__startswith=county.prefix).order_by("uscc")
    return [
        _Applicant(ApplicantKind.ENTERPRISE, name, encrypt_text(uscc), blind_index(uscc), uscc)
        for name, uscc in rows.values_list("name", "uscc")[:ENTERPRISE_APPLICANTS]
    ]


@cache
def _working_days() -> tuple[D, ...]:
    first = D(YEAR, 1, 1)
    year = [first + datetime.timedelta(days=n) for n in range(365)]
    return tuple(day for day in year if is_working_day(day))


@cache
def _reply_due() -> dict[D, tuple[D, bool]]:
    """The assisted-verification reply deadline from each day of the year, looked up once."""
    first = D(YEAR, 1, 1)
    due = {}
    for day in (first + datetime.timedelta(days=n) for n in range(365)):
        deadline = due_date_by_parameter(ASSISTED_REPLY_DAYS, day)
        due[day] = (deadline.due_on, deadline.provisional)
    return due


def _world(county: County, ids: CountyIds) -> _World:
    return _World(
        clerk=_clerk(county),
        versions=_versions(ids),
        enterprises=_enterprise_applicants(county),
        departments=list(ids.departments),
        working_days=list(_working_days()),
        reply_due=_reply_due(),
    )


_CACHE: dict[tuple[int, str, int], tuple[_World, list[_Application]]] = {}


def _county_applications(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> tuple[_World, list[_Application]]:
    """The county's applications, built once and kept for the loaders of the county's tables."""
    key = (plan.seed, county.code, count)
    if key not in _CACHE:
        _CACHE.clear()  # one county at a time
        world = _world(county, ids)
        _CACHE[key] = (
            world,
            _applications(plan.rng("proof-applications", county.code), world, county, count),
        )
    return _CACHE[key]


def _matters_on(versions: list[_Version], day: D) -> dict[str, list[_Version]]:
    """Each matter of the catalog in force on `day` with the versions naming it, by code."""
    by_matter: dict[str, list[_Version]] = {}
    for version in versions:
        if version.valid_from <= day:
            for matter in version.matters:
                by_matter.setdefault(matter, []).append(version)
    return by_matter


def _applications(
    rng: random.Random, world: _World, county: County, count: int
) -> list[_Application]:
    days = sorted(rng.choices(world.working_days, k=count))
    people = id_people("proof-applicants")
    phones = phone_ciphertexts()
    names = person_names(rng, count)
    catalogs: dict[D, dict[str, list[_Version]]] = {}
    applications = []
    for n, day in enumerate(days):
        effective = max(v.valid_from for v in world.versions if v.valid_from <= day)
        if effective not in catalogs:
            catalogs[effective] = _matters_on(world.versions, day)
        matters = catalogs[effective]
        matter = rng.choice(sorted(matters))
        requirements = matters[matter]
        if requirements[0].field == ProofField.MARKET_ACCESS and world.enterprises:
            applicant = rng.choice(world.enterprises)
        else:
            person = rng.choice(people)
            applicant = _Applicant(
                ApplicantKind.PERSON, names[n], person.id_number, person.digest, person.masked
            )
        application = _Application(
            number=f"{county.prefix}{YEAR}{n + 1:07d}",
            organization=requirements[0].organization,
            matter=matter,
            channel=rng.choice(ServiceApplication.Channel.values),
            applicant=applicant,
            phone=rng.choice(phones),
            opened_on=day,
        )
        application.lines = [_line(rng, world, application, v) for v in requirements]
        _decide(application)
        applications.append(application)
    return applications


def _line(rng: random.Random, world: _World, application: _Application, version: _Version) -> _Line:
    day = application.opened_on
    satisfied = ApplicationProof.State.SATISFIED
    if version.mode == HandlingMode.CANCELLED:
        return _Line(version, Route.NOT_NEEDED, satisfied)
    if version.mode == HandlingMode.RETAINED:
        return _Line(version, Route.PAPER, satisfied, paper_note="原件已核验")
    if version.mode == HandlingMode.COMMITMENT:
        if rng.random() < PAPER_INSTEAD_OF_COMMITMENT:
            return _Line(version, Route.PAPER, satisfied, paper_note="申请人选择提交证明")
        return _signed(rng, application, version)
    if version.method == VerificationMethod.ASSISTED:
        return _assisted(rng, world, application, version)
    requested_at = moment(day, rng)
    latency = rng.randint(80, 2500)
    check = _Check(
        method=version.method,
        source=version.source,
        status=Verification.Status.CONFIRMED,
        requested_at=requested_at,
        answered_at=requested_at + datetime.timedelta(milliseconds=latency),
        latency_ms=latency,
    )
    return _Line(version, Route.VERIFICATION, satisfied, check=check)


def _signed(rng: random.Random, application: _Application, version: _Version) -> _Line:
    """A commitment signed on the letter rendered as `commitment_sign` renders it."""
    signature = rng.choice(SIGNATURES)
    letter = letter_render(
        TEMPLATE_VERSION,
        organization=version.organization_name,
        applicant_name=application.applicant.name,
        applicant_id=application.applicant.shown_id,
        matter=application.matter,
        proof_name=version.name,
        legal_basis=version.legal_basis,
        signature=signature,
        signed_on=f"{application.opened_on:%Y年%m月%d日}",
    )
    return _Line(
        version,
        Route.COMMITMENT,
        ApplicationProof.State.SATISFIED,
        signed_at=moment(application.opened_on, rng),
        signature=signature,
        letter_text=letter.text,
        letter_digest=letter.digest,
    )


def _assisted(
    rng: random.Random, world: _World, application: _Application, version: _Version
) -> _Line:
    """Another department is asked; an answer not due before the year's end is still awaited."""
    day = application.opened_on
    helper = rng.choice([d for d in world.departments if d != application.organization])
    due_on, provisional = world.reply_due[day]
    answered_on = day + datetime.timedelta(days=rng.choice(ANSWER_DAYS))
    check = _Check(
        method=VerificationMethod.ASSISTED,
        source="",
        status=Verification.Status.PENDING,
        requested_at=moment(day, rng),
        answered_at=None,
        helper=helper,
        due_on=due_on,
        due_provisional=provisional,
    )
    state = ApplicationProof.State.WAITING
    if answered_on.year == YEAR:
        confirmed = rng.random() < ASSISTED_CONFIRMED
        check.status = (
            Verification.Status.CONFIRMED if confirmed else Verification.Status.CONTRADICTED
        )
        check.answered_at = moment(answered_on, rng)
        state = ApplicationProof.State.SATISFIED if confirmed else ApplicationProof.State.FAILED
    return _Line(version, Route.ASSISTED, state, check=check)


def _decide(application: _Application) -> None:
    """Approved when every proof is satisfied, refused when one failed, else still open."""
    states = {line.state for line in application.lines}
    if ApplicationProof.State.WAITING in states:
        application.status = ServiceApplication.Status.OPEN
        return
    answered = [
        line.check.answered_at.date()
        for line in application.lines
        if line.check is not None and line.check.answered_at is not None
    ]
    application.decided_on = max([application.opened_on, *answered])
    if ApplicationProof.State.FAILED in states:
        application.status = ServiceApplication.Status.REFUSED
        failed = [line.version.name for line in application.lines if line.state == "failed"]
        application.note = "；".join(f"“{name}”协助核查结果与申请材料不符" for name in failed)


def load_applications(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` applications opened in the county's service hall in 2022."""
    world, applications = _county_applications(plan, county, ids, count)
    return bulk_load(
        ServiceApplication,
        [
            *("number", "region", "organization", "matter", "channel", "applicant_kind"),
            *("applicant_name", "applicant_id", "applicant_digest", "applicant_phone", "status"),
            *("opened_on", "decided_on", "decision_note", "clerk", "created_by"),
        ],
        (
            (
                *(a.number, ids.region, a.organization, a.matter, a.channel, a.applicant.kind),
                *(a.applicant.name, a.applicant.id_cipher, a.applicant.digest, a.phone, a.status),
                *(a.opened_on, a.decided_on, a.note, world.clerk, world.clerk),
            )
            for a in applications
        ),
        stored=["applicant_id", "applicant_phone"],
    )


def _application_ids(ids: CountyIds) -> dict[str, int]:
    return dict(ServiceApplication.objects.filter(region=ids.region).values_list("number", "pk"))


def load_proofs(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Each application's proof lines, as `application_open` lists them and the clerk dealt."""
    world, applications = _county_applications(plan, county, ids, count)
    numbers = _application_ids(ids)
    return bulk_load(
        ApplicationProof,
        [
            *("application", "item", "version", "route", "state", "template_version"),
            *("letter_text", "letter_digest", "signed_at", "signature", "paper_note"),
            "created_by",
        ],
        (
            (
                *(numbers[a.number], line.version.item, line.version.pk, line.route, line.state),
                TEMPLATE_VERSION if line.route == Route.COMMITMENT else "",
                *(line.letter_text, line.letter_digest, line.signed_at, line.signature),
                *(line.paper_note, world.clerk),
            )
            for a in applications
            for line in a.lines
        ),
    )


def _proof_ids(ids: CountyIds) -> dict[tuple[str, int], int]:
    """(application number, item) → proof line."""
    rows = ApplicationProof.objects.filter(application__region=ids.region).values_list(
        "application__number", "item", "pk"
    )
    return {(number, item): pk for number, item, pk in rows}


_VERIFICATION_FIELDS = [
    *("proof", "method", "purpose", "spot_check", "status", "source", "requested_by"),
    *("requested_at", "question", "answered_at", "attempts", "latency_ms", "answer"),
    *("requested_organization", "due_on", "due_provisional", "created_by"),
]


def load_verifications(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """The lookups and assisted requests made before the decisions."""
    world, applications = _county_applications(plan, county, ids, count)
    proofs = _proof_ids(ids)
    return bulk_load(
        Verification,
        _VERIFICATION_FIELDS,
        (
            _verification_row(proofs[(a.number, line.version.item)], line, a, world.clerk)
            for a in applications
            for line in a.lines
            if line.check is not None
        ),
    )


def _verification_row(
    proof: int, line: _Line, application: _Application, clerk: int
) -> tuple[object, ...]:
    check = line.check
    assert check is not None
    assisted = check.method == VerificationMethod.ASSISTED
    answers: dict[str, str] = {
        Verification.Status.CONFIRMED: "经查本单位档案记录，情况属实" if assisted else "核查属实",
        Verification.Status.CONTRADICTED: "本单位档案记录与申请材料不一致",
    }
    question = (
        f"请协助核查申请人{application.applicant.name}的“{line.version.name}”相关情况"
        if assisted
        else ""
    )
    return (
        *(proof, check.method, Verification.Purpose.BEFORE_DECISION, None, check.status),
        *(check.source, clerk, check.requested_at, question, check.answered_at),
        *(0 if assisted else 1, check.latency_ms, answers.get(check.status, "")),
        *(check.helper, check.due_on, check.due_provisional, clerk),
    )


# Spot checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sample:
    """One department's quarterly spot check: its draw and the commitments drawn."""

    organization: int
    start: D
    end: D
    checked_on: D
    population: str
    rule: draws.SampleRule
    seed_value: str
    purpose: str
    result: draws.DrawResult
    lines: dict[str, tuple[_Application, _Line]]


def _quarters() -> list[tuple[D, D, D]]:
    """(period start, period end, day checked) of 2022's quarters."""
    quarters = []
    for quarter in range(1, 5):
        start = D(YEAR, 3 * quarter - 2, 1)
        end = D(YEAR, 3 * quarter, 31 if quarter in (1, 4) else 30)
        quarters.append((start, end, min(end + datetime.timedelta(days=6), D(YEAR, 12, 30))))
    return quarters


def _samples(
    rng: random.Random,
    applications: list[_Application],
    proofs: dict[tuple[str, int], int],
    default_rate: Decimal,
    organization_names: dict[int, str],
) -> list[_Sample]:
    """Each department's quarterly draws over its approved applications' signed commitments."""
    signed: dict[tuple[int, D], dict[str, tuple[_Application, _Line]]] = {}
    quarters = _quarters()
    for application in applications:
        if application.status != ServiceApplication.Status.APPROVED:
            continue
        for line in application.lines:
            if line.signed_at is None:
                continue
            start = next(q[0] for q in quarters if q[0] <= application.opened_on <= q[1])
            key = str(proofs[(application.number, line.version.item)])
            signed.setdefault((application.organization, start), {})[key] = (application, line)
    samples = []
    for (organization, start), lines in sorted(signed.items(), key=lambda entry: entry[0]):
        _, end, checked_on = next(q for q in quarters if q[0] == start)
        entries, strata = [], {}
        for key, (_, line) in lines.items():
            rate = line.version.rate
            stratum = line.version.code if rate is not None else ""
            if rate is not None:
                strata[stratum] = draws.SizeRule(rate=rate / 100)
            entries.append(draws.Entry(key=key, stratum=stratum))
        population = draws.population_canonical(entries)
        rule = draws.SampleRule(default=draws.SizeRule(rate=default_rate / 100), strata=strata)
        seed_value = f"{rng.randint(2900, 3500)}.{rng.randint(0, 99):02d}"
        # The purpose spot_check_announce gives the draw; the seed is derived from it. It names
        # the department that handled the applications (an item's own department may differ):
        # one draw per department and quarter, so the purposes differ.
        purpose = f"{organization_names[organization]}告知承诺事后抽查（{start}至{end}）"
        result = draws.draw_compute(
            population=population, seed_value=seed_value, purpose=purpose, rule=rule
        )
        samples.append(
            _Sample(
                organization,
                start,
                end,
                checked_on,
                population,
                rule,
                seed_value,
                purpose,
                result,
                lines,
            )
        )
    return samples


def load_spot_checks(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """The quarterly spot checks: draws, checks, their verifications and the untrue commitments.

    Returns the rows written to the four tables.
    """
    world, applications = _county_applications(plan, county, ids, count)
    proofs = _proof_ids(ids)
    application_ids = _application_ids(ids)
    default_rate = parameter_value(SPOT_CHECK_RATE, on=D(YEAR, 1, 1)).value
    rng = plan.rng("proof-spot-checks", county.code)
    departments = {application.organization for application in applications}
    names = dict(Organization.objects.filter(pk__in=departments).values_list("pk", "name"))
    samples = _samples(rng, applications, proofs, Decimal(default_rate), names)
    written = bulk_load(
        RandomDraw,
        [
            *("purpose", "region", "organization", "status", "announced_at", "seed_rule"),
            *("population", "population_digest", "population_size", "sample_rule"),
            *("algorithm_version", "seed_value", "seed", "selected_keys", "drawn_at"),
            "created_by",
        ],
        (_draw_row(rng, s, ids, world.clerk) for s in samples),
    )
    draw_ids = dict(
        RandomDraw.objects.filter(
            region=ids.region, purpose__in=[s.purpose for s in samples]
        ).values_list("purpose", "pk")
    )
    written += bulk_load(
        SpotCheck,
        [
            *("region", "organization", "period_start", "period_end", "draw", "status"),
            *("closed_on", "created_by"),
        ],
        (
            (
                ids.region,
                s.organization,
                s.start,
                s.end,
                draw_ids[s.purpose],
                SpotCheck.Status.CLOSED,
                s.checked_on,
                world.clerk,
            )
            for s in samples
        ),
    )
    check_ids = dict(SpotCheck.objects.filter(region=ids.region).values_list("draw", "pk"))
    outcomes = [
        (s, key, rng.random() < SPOT_CHECK_CONFIRMED, moment(s.checked_on, rng))
        for s in samples
        for key in s.result.selected
    ]
    written += bulk_load(
        Verification,
        _VERIFICATION_FIELDS,
        (
            _sample_verification_row(
                int(key),
                s.lines[key][1],
                confirmed,
                at,
                check_ids[draw_ids[s.purpose]],
                world.clerk,
            )
            for s, key, confirmed, at in outcomes
        ),
    )
    return written + bulk_load(
        FalseCommitment,
        [
            *("proof", "application", "applicant_digest", "found_on", "finding", "measure"),
            *("correction_due_on", "status", "credit_record", "created_by"),
        ],
        (
            (
                int(key),
                application_ids[s.lines[key][0].number],
                s.lines[key][0].applicant.digest,
                s.checked_on,
                "事后核查发现：本单位档案记录与申请材料不一致",
                FalseCommitment.Measure.CORRECT,
                s.checked_on + datetime.timedelta(days=15),
                FalseCommitment.Status.SETTLED,
                f"XY{YEAR}{county.prefix}{n:04d}",
                world.clerk,
            )
            for n, (s, key, _, _) in enumerate(
                (outcome for outcome in outcomes if not outcome[2]), start=1
            )
        ),
    )


def _draw_row(rng: random.Random, sample: _Sample, ids: CountyIds, clerk: int) -> Sequence[object]:
    announced_at = moment(sample.checked_on, rng, hours=(8, 9))
    return (
        *(sample.purpose, ids.region, sample.organization, RandomDraw.Status.DRAWN, announced_at),
        *(SEED_RULE, sample.population, sample.result.population_digest),
        *(len(sample.lines), sample.rule.as_json(), draws.ALGORITHM_VERSION, sample.seed_value),
        *(sample.result.seed, list(sample.result.selected)),
        *(announced_at + datetime.timedelta(hours=2), clerk),
    )


def _sample_verification_row(
    proof: int, line: _Line, confirmed: bool, at: datetime.datetime, spot_check: int, clerk: int
) -> tuple[object, ...]:
    """A sampled commitment checked through its source, or by the department itself."""
    source = line.version.source
    method = line.version.method if source else VerificationMethod.INTERNAL
    if method not in (VerificationMethod.INTERNAL, VerificationMethod.ONLINE):
        method = VerificationMethod.ONLINE
    latency = 300 + proof % 2000 if source else None
    answered_at = (
        at + datetime.timedelta(milliseconds=latency)
        if latency
        else at + datetime.timedelta(hours=3)
    )
    status = Verification.Status.CONFIRMED if confirmed else Verification.Status.CONTRADICTED
    answer = "核查属实" if confirmed else "本单位档案记录与申请材料不一致"
    return (
        *(proof, method, Verification.Purpose.SPOT_CHECK, spot_check, status, source, clerk, at),
        *("", answered_at, 1 if source else 0, latency, answer, None, None, False, clerk),
    )
