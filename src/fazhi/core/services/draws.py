"""Announcing, running and verifying verifiable random draws (随机抽取, ADR 0006).

Other apps (spot checks of commitments, double-random inspections, case-file sampling) call
these services with their own population. Who may announce or run a draw is the calling app's
business: it checks its own capability before calling, or passes `capability` and the service
refuses unless the acting user holds it in the draw's organization. Seeing a draw follows the
draw's scope (its region and organization).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from fazhi.core import draws
from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, RandomDraw, Region, User
from fazhi.core.permissions import access_random_draw_by_id, acts_for, deny
from fazhi.core.roles import Capability
from fazhi.core.workflow import transition_run

StratumSize = draws.SizeRule | int | Decimal


@dataclass(frozen=True)
class VerificationResult:
    """The outcome of re-running a stored draw, with a Chinese explanation for the page."""

    ok: bool
    digest_matches: bool
    seed_matches: bool
    sample_matches: bool
    explanation: str


def _size_rule(
    count: int | None, rate: Decimal | None, rounding: draws.Rounding
) -> draws.SizeRule | None:
    if count is None and rate is None:
        return None
    return draws.SizeRule(count=count, rate=rate, rounding=rounding)


def _stratum_rule(size: StratumSize, rounding: draws.Rounding) -> draws.SizeRule:
    if isinstance(size, draws.SizeRule):
        return size
    if isinstance(size, int):
        return draws.SizeRule(count=size)
    return draws.SizeRule(rate=size, rounding=rounding)


def _check_capability(
    acting_user: User, organization: Organization, capability: Capability | None, target: Any
) -> None:
    if capability is not None and not acts_for(acting_user, organization, capability):
        raise deny(acting_user, target, f"无权以“{organization.name}”的名义组织随机抽取")


@transaction.atomic
def draw_announce(
    *,
    acting_user: User,
    purpose: str,
    region: Region,
    organization: Organization,
    population: Iterable[draws.Entry | Mapping[str, Any] | tuple[Any, ...] | str],
    seed_rule: str,
    sample_size: int | None = None,
    sample_rate: Decimal | None = None,
    strata: Mapping[str, StratumSize] | None = None,
    rounding: draws.Rounding = draws.Rounding.UP,
    subject: models.Model | None = None,
    capability: Capability | None = None,
) -> RandomDraw:
    """Freeze and hash the population and record the seed rule, before anyone knows the seed.

    `population` rows are Entry, {"key", "weight", "stratum"}, (key, weight[, stratum]) or bare
    keys. The sample size is `sample_size` (a count) or `sample_rate` (of the eligible entries,
    rounded by `rounding`, up by default); `strata` maps a stratum to its own count (int), rate
    (Decimal) or SizeRule, strata not named using the overall size. Entries of weight 0 stay in
    the frozen population (so the exclusion is on record) but are never drawn.

    Raises ValidationError naming the field for unusable inputs, PermissionDenied when
    `capability` is given and the user lacks it in `organization`. Writes a creation audit row
    carrying the population digest.
    """
    _check_capability(acting_user, organization, capability, None)
    if not purpose.strip():
        raise ValidationError({"purpose": "请填写抽取事由"})
    if not seed_rule.strip():
        raise ValidationError({"seed_rule": "请在抽取前写明随机种子的确定规则"})
    try:
        entries = draws.entries_from(population)
        canonical = draws.population_canonical(entries)
        rule = draws.SampleRule(
            default=_size_rule(sample_size, sample_rate, rounding),
            strata={name: _stratum_rule(size, rounding) for name, size in (strata or {}).items()},
        )
    except draws.DrawInputError as error:
        raise ValidationError({error.field: str(error)}) from None
    draw = RandomDraw(
        purpose=purpose.strip(),
        region=region,
        organization=organization,
        announced_at=timezone.now(),
        seed_rule=seed_rule.strip(),
        population=canonical,
        population_digest=draws.population_digest(canonical),
        population_size=len(entries),
        sample_rule=rule.as_json(),
        algorithm_version=draws.ALGORITHM_VERSION,
        created_by=acting_user,
    )
    if subject is not None:
        draw.subject_type = ContentType.objects.get_for_model(subject)
        draw.subject_id = subject.pk
    draw.full_clean(exclude=["status"])  # protected FSM field: only transitions set it
    draw.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=draw,
        changes={"population_digest": draw.population_digest, "seed_rule": draw.seed_rule},
        message="公告随机抽取",
    )
    return draw


@transaction.atomic
def draw_run(
    *,
    acting_user: User,
    draw_id: int,
    seed_value: str,
    capability: Capability | None = None,
) -> RandomDraw:
    """Enter the public seed value named by the announced rule and draw the sample.

    The draw must be announced (not yet drawn) and announced strictly before now. Raises
    Http404 outside the user's scope, PermissionDenied as in draw_announce, InvalidTransition
    when already drawn, ValidationError for an empty seed value or a draw in the same instant
    as its announcement. Logs the transition (with the seed value) and its audit row.
    """
    draw = access_random_draw_by_id(acting_user, draw_id, for_update=True)
    _check_capability(acting_user, draw.organization, capability, draw)
    if not seed_value.strip():
        raise ValidationError({"seed_value": "请填写按公告规则取得的随机种子值"})
    now = timezone.now()
    if draw.status == RandomDraw.Status.ANNOUNCED and now <= draw.announced_at:
        raise ValidationError({"seed_value": "抽取时间必须晚于公告时间"})
    if draw.status == RandomDraw.Status.ANNOUNCED:
        result = draws.draw_compute(
            population=draw.population,
            seed_value=seed_value,
            purpose=draw.purpose,
            rule=draws.SampleRule.from_json(draw.sample_rule),
        )
        draw.seed_value = seed_value.strip()
        draw.seed = result.seed
        draw.selected_keys = list(result.selected)
        draw.drawn_at = now
        draw.save(update_fields=["seed_value", "seed", "selected_keys", "drawn_at", "updated_at"])
    transition_run(
        draw,
        "draw",
        action="随机抽取",
        actor=acting_user,
        opinion=f"随机种子值：{draw.seed_value}；抽中{len(draw.selected_keys)}个",
    )
    return draw


def draw_document_of(draw: RandomDraw) -> dict[str, Any]:
    """The published record of a draw: everything needed to re-run it (core.draws.draw_replay)."""
    return draws.draw_document(
        purpose=draw.purpose,
        seed_rule=draw.seed_rule,
        announced_at=draw.announced_at.isoformat(),
        population=draw.population,
        population_digest=draw.population_digest,
        rule=draws.SampleRule.from_json(draw.sample_rule),
        seed_value=draw.seed_value,
        seed=draw.seed,
        selected=draw.selected_keys,
        drawn_at=draw.drawn_at.isoformat() if draw.drawn_at else "",
    )


def draw_verify(draw: RandomDraw) -> VerificationResult:
    """Re-run the draw from its stored inputs and say whether digest, seed and sample match.

    A draw only announced is checked for its population digest alone (`ok` when it matches,
    `sample_matches` False as there is no sample yet). Reads only; no audit row.
    """
    if draw.status != RandomDraw.Status.DRAWN:
        matches = draws.population_digest(draw.population) == draw.population_digest
        explanation = (
            "抽取对象的SM3摘要与公告一致；尚未抽取，待公布随机种子值后可验证抽取结果。"
            if matches
            else "验证未通过：抽取对象的SM3摘要与公告的摘要不一致，抽取对象可能已被改动。"
        )
        return VerificationResult(matches, matches, False, False, explanation)
    report = draws.draw_replay(draw_document_of(draw))
    return VerificationResult(
        ok=report.ok,
        digest_matches=report.digest_matches,
        seed_matches=report.seed_matches,
        sample_matches=report.sample_matches,
        explanation=report.explanation,
    )
