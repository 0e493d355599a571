"""The verifiable random draw (可验证随机抽取) as a pure function of its frozen inputs (ADR 0006).

No database here: everything takes and returns plain values, so the same code re-runs a draw
from a published JSON document (`draw_replay`) as well as inside the services.

1. The population is a list of entries (key, weight ≥ 0, optional stratum). Its canonical form
   (`population_canonical`) is sorted by key, with weights in plain decimal notation; its SM3
   digest is published when the draw is announced.
2. The seed is SM3 over the algorithm version, the seed value (a public number declared before
   the draw and known only after the population was frozen), the population digest and the
   purpose.
3. Each entry gets u = HMAC-SM3(seed, key) read as a number in (0, 1) and the sort key
   -ln(u) / weight (Efraimidis–Spirakis weighted sampling without replacement); the smallest
   keys are drawn. Logarithms are taken with `decimal`, which rounds correctly, so the ranking
   does not depend on the platform's floating-point library.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac

from fazhi.core.crypto import sm3_hexdigest

ALGORITHM_VERSION = "fazhi-draw/1 (SM3, HMAC-SM3, Efraimidis-Spirakis)"
_DECIMAL = Context(prec=50)
_TWO_256 = Decimal(2) ** 256


class DrawInputError(ValueError):
    """The inputs of a draw are unusable; the message is Chinese and names the input.

    `field` is the input at fault: "population", "sample_size", "seed_value" or "document"
    (a published document that is not one, see `document_parse`).
    """

    def __init__(self, message: str, *, field: str = "population") -> None:
        super().__init__(message)
        self.field = field


class Rounding(StrEnum):
    """How a sampling rate turns into a count."""

    UP = "up"
    HALF_UP = "half_up"
    DOWN = "down"


_ROUNDING_MODES = {
    Rounding.UP: ROUND_CEILING,
    Rounding.HALF_UP: ROUND_HALF_UP,
    Rounding.DOWN: ROUND_FLOOR,
}
_ROUNDING_WORDS = {Rounding.UP: "向上取整", Rounding.HALF_UP: "四舍五入", Rounding.DOWN: "向下取整"}


@dataclass(frozen=True)
class Entry:
    """One member of the population: its key (e.g. a commitment's id), weight and stratum."""

    key: str
    weight: Decimal = Decimal(1)
    stratum: str = ""


@dataclass(frozen=True)
class SizeRule:
    """How many to draw: a fixed count or a rate of the eligible entries (rounded by `rounding`)."""

    count: int | None = None
    rate: Decimal | None = None
    rounding: Rounding = Rounding.UP

    def __post_init__(self) -> None:
        if (self.count is None) == (self.rate is None):
            raise DrawInputError("抽取数量：请填写抽取数量或抽取比例中的一项", field="sample_size")
        if self.count is not None and self.count < 0:
            raise DrawInputError("抽取数量：不能为负数", field="sample_size")
        if self.rate is not None and not Decimal(0) <= self.rate <= Decimal(1):
            raise DrawInputError("抽取比例：应在0到1之间", field="sample_size")

    def size_of(self, eligible: int) -> int:
        if self.count is not None:
            return min(self.count, eligible)
        assert self.rate is not None
        exact = self.rate * eligible
        return min(int(exact.to_integral_value(rounding=_ROUNDING_MODES[self.rounding])), eligible)

    def describe(self) -> str:
        """The rule in words for pages: "3个" or "比例0.05（向上取整）"."""
        if self.count is not None:
            return f"{self.count}个"
        assert self.rate is not None
        return f"比例{_plain(self.rate)}（{_ROUNDING_WORDS[self.rounding]}）"

    def as_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "rate": _plain(self.rate) if self.rate is not None else None,
            "rounding": str(self.rounding),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SizeRule:
        rate = data.get("rate")
        return cls(
            count=data.get("count"),
            rate=_decimal(rate, "抽取比例") if rate is not None else None,
            rounding=Rounding(data.get("rounding", Rounding.UP)),
        )


@dataclass(frozen=True)
class SampleRule:
    """The sample size: overall, or per stratum (strata without a rule of their own use `default`).

    With `strata` empty, `default` applies to the whole population regardless of strata.
    """

    default: SizeRule | None = None
    strata: Mapping[str, SizeRule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.default is None and not self.strata:
            raise DrawInputError(
                "抽取数量：请填写抽取数量、抽取比例或分层抽取数量", field="sample_size"
            )

    def describe(self) -> str:
        """The rule in words for pages: "3个" or "A：2个；B：比例0.1（向上取整）"."""
        parts = [self.default.describe()] if self.default is not None else []
        parts.extend(
            f"{name or '未分层'}：{rule.describe()}" for name, rule in sorted(self.strata.items())
        )
        return "；".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "default": self.default.as_json() if self.default is not None else None,
            "strata": {name: rule.as_json() for name, rule in sorted(self.strata.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SampleRule:
        default = data.get("default")
        return cls(
            default=SizeRule.from_json(default) if default is not None else None,
            strata={
                name: SizeRule.from_json(rule) for name, rule in data.get("strata", {}).items()
            },
        )


@dataclass(frozen=True)
class DrawResult:
    """The drawn keys in rank order, with what the draw was computed from."""

    population_digest: str
    seed: str
    selected: tuple[str, ...]
    eligible: int
    excluded_zero_weight: int


def _plain(value: Decimal) -> str:
    """A decimal in plain notation without trailing zeros: 1, 0.05, 2.5 (never 1E+1 or 1.0)."""
    text = format(value.normalize(_DECIMAL), "f")
    return text if text != "-0" else "0"


def _decimal(value: Any, label: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DrawInputError(f"{label}：“{value}”不是有效的数字") from None
    if not result.is_finite():
        raise DrawInputError(f"{label}：“{value}”不是有效的数字")
    return result


def entries_from(rows: Iterable[Entry | Mapping[str, Any] | Sequence[Any] | str]) -> list[Entry]:
    """Entries from the forms callers have at hand.

    Each row is an Entry, a mapping {"key", "weight", "stratum"}, a sequence (key, weight[,
    stratum]) or a bare key (weight 1). Raises DrawInputError naming a bad row.
    """
    entries: list[Entry] = []
    for row in rows:
        if isinstance(row, Entry):
            entry = row
        elif isinstance(row, str):
            entry = Entry(key=row)
        elif isinstance(row, Mapping):
            entry = Entry(
                key=str(row["key"]),
                weight=_decimal(row.get("weight", 1), f"权重（{row['key']}）"),
                stratum=str(row.get("stratum") or ""),
            )
        else:
            key, weight, *rest = list(row)
            entry = Entry(
                key=str(key),
                weight=_decimal(weight, f"权重（{key}）"),
                stratum=str(rest[0]) if rest and rest[0] is not None else "",
            )
        entries.append(entry)
    _check(entries)
    return entries


def _check(entries: Sequence[Entry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if not entry.key:
            raise DrawInputError("抽取对象：编号不能为空")
        if entry.key in seen:
            raise DrawInputError(f"抽取对象：编号“{entry.key}”重复")
        seen.add(entry.key)
        if not entry.weight.is_finite() or entry.weight < 0:
            raise DrawInputError(f"权重（{entry.key}）：应为不小于0的数")


def population_canonical(entries: Iterable[Entry]) -> str:
    """The frozen population as canonical JSON text: the exact bytes whose SM3 digest is published.

    Sorted by key, so the order in which the caller listed the entries does not matter.
    """
    ordered = sorted(entries, key=lambda entry: entry.key)
    _check(ordered)
    rows = [[entry.key, _plain(entry.weight), entry.stratum] for entry in ordered]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def population_parse(canonical: str) -> list[Entry]:
    """The entries of a canonical population text (the inverse of population_canonical)."""
    try:
        rows = json.loads(canonical)
    except json.JSONDecodeError:
        raise DrawInputError("抽取对象：不是有效的JSON") from None
    if not isinstance(rows, list):
        raise DrawInputError("抽取对象：应为列表")
    return entries_from(rows)


def population_digest(canonical: str) -> str:
    return sm3_hexdigest(canonical.encode())


def seed_derive(*, seed_value: str, population_digest: str, purpose: str) -> str:
    """The draw's seed: SM3 over the version, the public seed value, the population and purpose."""
    material = [ALGORITHM_VERSION, seed_value.strip(), population_digest, purpose]
    return sm3_hexdigest(json.dumps(material, ensure_ascii=False, separators=(",", ":")).encode())


def _uniform(seed: str, key: str) -> Decimal:
    mac = hmac.HMAC(bytes.fromhex(seed), hashes.SM3())
    mac.update(key.encode())
    number = int.from_bytes(mac.finalize(), "big")
    # (n + 1) / (2^256 + 1) lies strictly inside (0, 1), so ln is always defined and negative.
    return _DECIMAL.divide(Decimal(number + 1), _TWO_256 + 1)


def rank_key(seed: str, entry: Entry) -> Decimal:
    """Efraimidis–Spirakis key -ln(u)/w: the smaller, the earlier the entry is drawn."""
    return _DECIMAL.divide(-_DECIMAL.ln(_uniform(seed, entry.key)), entry.weight)


def _size_rule_for(rule: SampleRule, stratum: str) -> SizeRule | None:
    return rule.strata.get(stratum, rule.default)


def select(entries: Sequence[Entry], *, seed: str, rule: SampleRule) -> tuple[str, ...]:
    """The drawn keys in rank order; entries of weight 0 are never drawn.

    Without strata the size rule applies to all eligible entries; with strata each stratum draws
    its own size from its own entries. A size at least the eligible count draws them all.
    """
    eligible = [entry for entry in entries if entry.weight > 0]
    ranked = sorted(eligible, key=lambda entry: (rank_key(seed, entry), entry.key))
    if not rule.strata:
        assert rule.default is not None
        return tuple(entry.key for entry in ranked[: rule.default.size_of(len(ranked))])
    sizes: dict[str, int] = {}
    counts: dict[str, int] = {}
    for entry in ranked:
        counts[entry.stratum] = counts.get(entry.stratum, 0) + 1
    for stratum, count in counts.items():
        size_rule = _size_rule_for(rule, stratum)
        sizes[stratum] = size_rule.size_of(count) if size_rule is not None else 0
    selected: list[str] = []
    for entry in ranked:
        if sizes[entry.stratum] > 0:
            selected.append(entry.key)
            sizes[entry.stratum] -= 1
    return tuple(selected)


def draw_compute(*, population: str, seed_value: str, purpose: str, rule: SampleRule) -> DrawResult:
    """Run the draw on a canonical population text. Raises DrawInputError for unusable inputs."""
    if not seed_value.strip():
        raise DrawInputError("随机种子值：不能为空", field="seed_value")
    entries = population_parse(population)
    digest = population_digest(population)
    seed = seed_derive(seed_value=seed_value, population_digest=digest, purpose=purpose)
    eligible = sum(1 for entry in entries if entry.weight > 0)
    return DrawResult(
        population_digest=digest,
        seed=seed,
        selected=select(entries, seed=seed, rule=rule),
        eligible=eligible,
        excluded_zero_weight=len(entries) - eligible,
    )


@dataclass(frozen=True)
class ReplayReport:
    """Whether a published draw re-computes to what it claims, with a Chinese explanation."""

    digest_matches: bool
    seed_matches: bool
    sample_matches: bool
    recomputed: DrawResult | None
    explanation: str

    @property
    def ok(self) -> bool:
        return self.digest_matches and self.seed_matches and self.sample_matches

    @property
    def parts(self) -> tuple[tuple[str, bool], ...]:
        """(Chinese name of the checked part, whether it matches), in the order they are checked."""
        return (
            ("抽取对象摘要", self.digest_matches),
            ("随机种子", self.seed_matches),
            ("抽取结果", self.sample_matches),
        )


def draw_replay(document: Mapping[str, Any]) -> ReplayReport:
    """Re-run a draw from its published document (the JSON `draw_document` builds) and compare.

    The population text is re-canonicalised, so a document edited by hand (an entry added,
    removed or re-weighted) fails on the digest even if its author recomputed the digest field.
    """
    try:
        entries = population_parse(json.dumps(document["population"], ensure_ascii=False))
        canonical = population_canonical(entries)
        rule = SampleRule.from_json(document["sample_rule"])
        recomputed = draw_compute(
            population=canonical,
            seed_value=str(document["seed_value"]),
            purpose=str(document["purpose"]),
            rule=rule,
        )
    # AttributeError: a rule that is not an object; ArithmeticError: a weight out of decimal range.
    except (
        DrawInputError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        ArithmeticError,
    ) as error:
        if isinstance(error, DrawInputError):
            message = str(error)
        elif isinstance(error, KeyError):
            message = f"缺少字段{error}"
        else:  # Python's own message would be English
            message = "抽取对象或抽取数量规则的格式不正确"
        return ReplayReport(False, False, False, None, f"无法重新计算：{message}")
    digest_matches = recomputed.population_digest == document.get("population_digest")
    seed_matches = recomputed.seed == document.get("seed")
    sample_matches = list(recomputed.selected) == list(document.get("selected", []))
    return ReplayReport(
        digest_matches,
        seed_matches,
        sample_matches,
        recomputed,
        _explain(digest_matches, seed_matches, sample_matches, len(recomputed.selected)),
    )


def _explain(digest_matches: bool, seed_matches: bool, sample_matches: bool, size: int) -> str:
    if digest_matches and seed_matches and sample_matches:
        return f"验证通过：抽取对象摘要、随机种子与抽取结果（{size}个）均与重新计算一致。"
    problems = []
    if not digest_matches:
        problems.append("抽取对象的SM3摘要与公布的摘要不一致，抽取对象可能已被改动")
    if not seed_matches:
        problems.append("随机种子与按公布的种子值重新计算的结果不一致")
    if not sample_matches:
        problems.append("抽取结果与重新计算的结果不一致")
    return "验证未通过：" + "；".join(problems) + "。"


def draw_document(
    *,
    purpose: str,
    seed_rule: str,
    announced_at: str,
    population: str,
    population_digest: str,
    rule: SampleRule,
    seed_value: str,
    seed: str,
    selected: Sequence[str],
    drawn_at: str,
) -> dict[str, Any]:
    """The self-contained record of a draw that anyone can re-run with draw_replay."""
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "purpose": purpose,
        "seed_rule": seed_rule,
        "announced_at": announced_at,
        "population": json.loads(population),
        "population_digest": population_digest,
        "sample_rule": rule.as_json(),
        "seed_value": seed_value,
        "seed": seed,
        "selected": list(selected),
        "drawn_at": drawn_at,
    }


# The fields draw_replay reads, with their Chinese names and JSON types.
DOCUMENT_FIELDS: dict[str, tuple[str, type]] = {
    "purpose": ("抽取事由", str),
    "population": ("抽取对象", list),
    "population_digest": ("抽取对象SM3摘要", str),
    "sample_rule": ("抽取数量规则", dict),
    "seed_value": ("随机种子值", str),
    "seed": ("随机种子", str),
    "selected": ("抽取结果", list),
}
_JSON_TYPE_WORDS: dict[type, str] = {str: "文本", list: "列表（[…]）", dict: "对象（{…}）"}


def document_parse(text: str | bytes) -> dict[str, Any]:
    """A published draw document read from its JSON text, with the fields draw_replay needs.

    Raises DrawInputError (field "document") naming what is wrong: not UTF-8 text, not JSON
    (with the line and column), not a JSON object, fields missing or of the wrong type.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DrawInputError("公开数据：不是UTF-8编码的文本", field="document") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DrawInputError(
            f"公开数据：不是有效的JSON（第{error.lineno}行第{error.colno}列附近有格式错误）",
            field="document",
        ) from None
    except RecursionError:
        raise DrawInputError("公开数据：JSON嵌套层次过深", field="document") from None
    if not isinstance(document, dict):
        raise DrawInputError("公开数据：应为一个JSON对象（{…}）", field="document")
    missing = [
        f"{name}（{label}）" for name, (label, _) in DOCUMENT_FIELDS.items() if name not in document
    ]
    if missing:
        raise DrawInputError(f"公开数据：缺少字段{'、'.join(missing)}", field="document")
    for name, (label, kind) in DOCUMENT_FIELDS.items():
        if not isinstance(document[name], kind):
            raise DrawInputError(
                f"公开数据：字段{name}（{label}）应为{_JSON_TYPE_WORDS[kind]}", field="document"
            )
    for number, row in enumerate(document["population"], start=1):
        if not (isinstance(row, list) and 2 <= len(row) <= 3) and not (
            isinstance(row, dict) and "key" in row
        ):
            raise DrawInputError(
                f"公开数据：抽取对象第{number}项格式不正确，应为[编号, 权重, 分层]",
                field="document",
            )
    return document
