"""Major administrative decisions (重大行政决策) of the synthetic province.

Each county government publishes a catalog (决策事项目录, 国务院令第713号 art. 3) every year of
the covered years; each item is decided through the procedure its attributes demand: drafting
(art. 12), public participation (arts. 14–18), expert argumentation (art. 19), risk assessment
(art. 22), fair-competition review, legality review (art. 25), collective discussion (art. 30),
the report to the Party committee (art. 31) and publication (art. 32).
"""

import datetime
import random
from dataclasses import dataclass

from fazhi.core.bulkload import bulk_load
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, DecisionStep, MajorDecision
from fazhi.decisions.parameters import LEGALITY_REVIEW_MIN_DAYS
from fazhi.scale.loaders.common import YEARS, person_names
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.loaders.reviews import PlannedReview, load_reviews, review_plan
from fazhi.scale.plan import County, ProvincePlan

TITLES = (
    "城区老旧小区改造实施方案",
    "城乡供水一体化建设规划",
    "公共交通线路优化调整方案",
    "生活垃圾分类实施方案",
    "历史文化街区保护利用规划",
    "中小学校布局调整规划",
    "海岸带综合整治修复方案",
    "农村人居环境整治提升方案",
)
PARTICIPATION = ("symposium", "field_visit", "written", "survey")
EXPERT_METHODS = ("argumentation_meeting", "written_consultation", "commissioned")
RISK_LEVELS = (("low", 7), ("medium", 3))
MATERIALS = ("draft", "legal_basis", "procedure_note", "public_opinions")
ADOPTED_ON = (3, 10)
PUBLISHED_ON = (3, 15)


@dataclass(frozen=True)
class _Decision:
    year: int
    number: int
    lead: int
    title: str
    proposed_on: datetime.date
    row: tuple[object, ...]
    steps: tuple[tuple[object, ...], ...]
    review: PlannedReview


def load_catalogs(county: County, ids: CountyIds) -> int:
    """The county government's published catalog of each covered year."""
    return bulk_load(
        DecisionCatalog,
        ["region", "year", "title", "status", "adopted_on", "adopted_document", "published_on"],
        [
            (
                ids.region,
                year,
                f"{county.name}{year}年度重大行政决策事项目录",
                "published",
                datetime.date(year, *ADOPTED_ON),
                f"县政字〔{year}〕1号",
                datetime.date(year, *PUBLISHED_ON),
            )
            for year in YEARS
        ],
    )


def _planned(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> list[_Decision]:
    """The county's decisions, in catalog order (the same on each call)."""
    rng = plan.rng("major_decisions", county.code)
    years = sorted(rng.choices(YEARS, k=count))
    names = person_names(rng, 12)
    numbers: dict[int, int] = {}
    decisions = []
    for year in years:
        numbers[year] = numbers.get(year, 0) + 1
        decisions.append(_decision(rng, county, ids, year, numbers[year], names))
    return decisions


def _decision(
    rng: random.Random, county: County, ids: CountyIds, year: int, number: int, names: list[str]
) -> _Decision:
    lead = rng.choice(ids.departments)
    title = f"{county.name}{rng.choice(TITLES)}"
    technical, risky, market = rng.random() < 0.6, rng.random() < 0.5, rng.random() < 0.3
    started = datetime.date(year, *PUBLISHED_ON) + datetime.timedelta(days=rng.randint(1, 90))
    day = started + datetime.timedelta(days=rng.randint(10, 30))
    steps: list[tuple[object, ...]] = [_step("drafting", day, "决策草案及起草说明")]
    day += datetime.timedelta(days=rng.randint(5, 20))
    steps.append(
        _step("public_participation", day, "公众参与意见汇总", method=rng.choice(PARTICIPATION))
    )
    if technical:
        day += datetime.timedelta(days=rng.randint(3, 15))
        experts = "、".join(rng.sample(names, 3))
        method = rng.choice(EXPERT_METHODS)
        steps.append(_step("expert_review", day, "专家论证意见", method=method, people=experts))
    if risky:
        day += datetime.timedelta(days=rng.randint(3, 15))
        level = rng.choices([k for k, _ in RISK_LEVELS], [w for _, w in RISK_LEVELS])[0]
        steps.append(_step("risk_assessment", day, "社会稳定风险评估报告", risk=level))
    if market:
        day += datetime.timedelta(days=rng.randint(1, 5))
        steps.append(_step("fair_competition", day, "公平竞争审查表"))
    review = review_plan(
        rng,
        title=title,
        organization=lead,
        materials=MATERIALS + (("expert_opinions",) if technical else ()),
        submitted_on=day + datetime.timedelta(days=rng.randint(1, 5)),
        max_days=None,
        min_days=LEGALITY_REVIEW_MIN_DAYS,
    )
    decided = review.concluded_on + datetime.timedelta(days=rng.randint(3, 20))
    outcome = rng.choice(("adopted", "adopted", "adopted_after_changes"))
    steps.append(
        _step("collective_decision", decided, "会议纪要", meeting="县政府常务会议", outcome=outcome)
    )
    reported = decided + datetime.timedelta(days=rng.randint(1, 5))
    steps.append(_step("party_report", reported, "请示报告及批复"))
    published = reported + datetime.timedelta(days=rng.randint(1, 10))
    doc_number = f"县政字〔{published.year}〕{number + 1}号"
    steps.append(_step("publication", published, doc_number, channel="政府网站"))
    row = (
        *(ids.region, lead, year, title, f"{title}，由{county.name}人民政府决定。", True),
        *(technical, risky, False, market, "published", started, decided, outcome, published),
        doc_number,
    )
    proposed_on = datetime.date(year - 1, 11, rng.randint(1, 30))
    return _Decision(year, number, lead, title, proposed_on, row, tuple(steps), review)


def _step(
    kind: str,
    day: datetime.date,
    evidence: str,
    *,
    method: str = "",
    people: str = "",
    risk: str = "",
    meeting: str = "",
    outcome: str = "",
    channel: str = "",
) -> tuple[object, ...]:
    """A step's values after the decision's key (filled in when loading)."""
    return (kind, day, evidence, method, people, risk, meeting, outcome, channel)


def load_items(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """The catalog items, proposed by their lead units and included at adoption."""
    catalogs = dict(DecisionCatalog.objects.filter(region=ids.region).values_list("year", "pk"))
    return bulk_load(
        DecisionProposal,
        [
            *("catalog", "organization", "lead_organization", "title", "reason", "basis"),
            *("status", "proposed_on", "number", "included_on"),
        ],
        [
            (
                catalogs[decision.year],
                decision.lead,
                decision.lead,
                decision.title,
                "关系经济社会发展全局，涉及群众切身利益。",
                "《重大行政决策程序暂行条例》第三条",
                "included",
                decision.proposed_on,
                decision.number,
                datetime.date(decision.year, *ADOPTED_ON),
            )
            for decision in _planned(plan, county, ids, count)
        ],
    )


def _items(ids: CountyIds) -> list[int]:
    return list(
        DecisionProposal.objects.filter(catalog__region=ids.region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def load_decisions(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Each item's decision, decided and published."""
    return bulk_load(
        MajorDecision,
        [
            *("region", "organization", "year", "title", "description"),
            *("affects_public_interest", "professional_technical", "risk_to_stability"),
            *("hearing_required", "concerns_market", "status", "started_on", "decided_on"),
            *("outcome", "published_on", "doc_number", "catalog_item"),
        ],
        [
            (*decision.row, item)
            for decision, item in zip(_planned(plan, county, ids, count), _items(ids), strict=True)
        ],
    )


def _decision_pks(ids: CountyIds) -> list[int]:
    return list(
        MajorDecision.objects.filter(region=ids.region).order_by("pk").values_list("pk", flat=True)
    )


def load_steps(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Each decision's recorded steps with their evidence."""
    return bulk_load(
        DecisionStep,
        [
            *("decision", "kind", "done_on", "evidence", "method", "participants"),
            *("risk_level", "meeting_name", "outcome", "channel"),
        ],
        [
            (pk, *step)
            for decision, pk in zip(
                _planned(plan, county, ids, count), _decision_pks(ids), strict=True
            )
            for step in decision.steps
        ],
    )


def load_decision_reviews(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Each decision's concluded legality review (art. 25)."""
    return load_reviews(
        MajorDecision,
        "decision",
        ids.region,
        _decision_pks(ids),
        [decision.review for decision in _planned(plan, county, ids, count)],
    )
