"""The decisions part of the Rongcheng demo: the 2021 and 2022 catalogs and their decisions.

Built through the services with the historic dates: departments propose, the bureau compiles,
the government adopts and the catalog is published; each decision then runs its procedure to
publication. The 2022 report shows 2 catalog decisions (rongcheng-2022 report). Skipped when the
county already has a catalog.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Organization, Region, User
from fazhi.decisions import services
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, StepKind
from fazhi.legality.services import (
    comment_answer,
    comment_submit,
    comment_summary_publish,
    review_accept,
    review_conclude,
)

Log = Callable[[str], None]
D = datetime.date


@dataclass(frozen=True)
class DemoDecision:
    lead: str
    title: str
    reason: str
    basis: str
    attributes: dict[str, bool]
    # step -> date; "comment" is (start, end); "hearing" is (materials sent, hearing day)
    dates: dict[str, Any]
    meeting: str
    doc_number: str
    comments: list[tuple[str, str, bool, str]] = field(default_factory=list)
    implementation_report: datetime.date | None = None


@dataclass(frozen=True)
class DemoCatalog:
    year: int
    proposed_on: datetime.date
    included_on: datetime.date
    adopted_on: datetime.date
    adopted_document: str
    published_on: datetime.date
    decisions: list[DemoDecision]
    rejected: list[tuple[str, str, str]] = field(default_factory=list)


DRAFT_2022_HOUSING = (
    "第一条 为改善城区老旧小区居住条件，制定本方案。\n"
    "第二条 改造对象为2000年以前建成、基础设施老化的城区住宅小区。\n"
    "第三条 改造费用由财政补助、居民合理分担、社会资本参与共同筹集。"
)
DRAFT_2022_EDUCATION = (
    "第一条 为优化全市中小学幼儿园布局，制定本规划。\n"
    "第二条 规划期限为2022年至2035年。\n"
    "第三条 新建、改扩建学校应当与城镇人口增长相适应，保障适龄儿童就近入学。"
)

CATALOGS = [
    DemoCatalog(
        year=2021,
        proposed_on=D(2021, 1, 12),
        included_on=D(2021, 1, 28),
        adopted_on=D(2021, 3, 5),
        adopted_document="荣政字〔2021〕7号",
        published_on=D(2021, 3, 12),
        decisions=[
            DemoDecision(
                lead="transport",
                title="荣成市城乡公交一体化实施方案",
                reason="城乡公交线路分割经营，农村群众出行不便",
                basis="《山东省道路运输条例》、交通运输部城乡交通运输一体化有关要求",
                attributes={"affects_public_interest": True, "concerns_market": True},
                dates={
                    "start": D(2021, 3, 22),
                    "drafting": D(2021, 4, 9),
                    "comment": (D(2021, 4, 12), D(2021, 5, 11)),
                    "public_participation": D(2021, 5, 13),
                    "fair_competition": D(2021, 5, 17),
                    "review": (D(2021, 5, 24), D(2021, 6, 4)),
                    "decided": D(2021, 6, 11),
                    "party_report": D(2021, 6, 15),
                    "published": D(2021, 6, 22),
                },
                meeting="市政府第36次常务会议",
                doc_number="荣政发〔2021〕6号",
                implementation_report=D(2022, 1, 20),
            ),
            DemoDecision(
                lead="civil-affairs",
                title="荣成市养老服务设施布局规划（2021—2035年）",
                reason="养老服务设施总量不足、分布不均",
                basis="《山东省养老服务条例》",
                attributes={"affects_public_interest": True, "professional_technical": True},
                dates={
                    "start": D(2021, 3, 25),
                    "drafting": D(2021, 5, 10),
                    "comment": (D(2021, 5, 12), D(2021, 6, 10)),
                    "public_participation": D(2021, 6, 11),
                    "expert_review": D(2021, 6, 18),
                    "review": (D(2021, 6, 28), D(2021, 7, 9)),
                    "decided": D(2021, 7, 16),
                    "party_report": D(2021, 7, 20),
                    "published": D(2021, 7, 28),
                },
                meeting="市政府第40次常务会议",
                doc_number="荣政发〔2021〕9号",
                implementation_report=D(2022, 2, 18),
            ),
            DemoDecision(
                lead="natural-resources",
                title="荣成市海岸带保护与利用规划",
                reason="岸线开发利用与生态保护矛盾突出",
                basis="《山东省海岸带保护条例》",
                attributes={"professional_technical": True, "risk_to_stability": True},
                dates={
                    "start": D(2021, 4, 6),
                    "drafting": D(2021, 7, 2),
                    "expert_review": D(2021, 7, 23),
                    "risk_assessment": D(2021, 8, 6),
                    "review": (D(2021, 8, 16), D(2021, 8, 27)),
                    "decided": D(2021, 9, 3),
                    "party_report": D(2021, 9, 8),
                    "published": D(2021, 9, 15),
                },
                meeting="市政府第45次常务会议",
                doc_number="荣政发〔2021〕12号",
            ),
        ],
    ),
    DemoCatalog(
        year=2022,
        proposed_on=D(2022, 1, 10),
        included_on=D(2022, 1, 25),
        adopted_on=D(2022, 2, 18),
        adopted_document="荣政字〔2022〕9号",
        published_on=D(2022, 2, 25),
        decisions=[
            DemoDecision(
                lead="housing",
                title="荣成市城区老旧小区改造提升三年行动方案（2022—2024年）",
                reason="城区老旧小区基础设施老化，居民改造意愿强烈",
                basis="《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》",
                attributes={"affects_public_interest": True, "risk_to_stability": True},
                dates={
                    "start": D(2022, 3, 1),
                    "drafting": D(2022, 3, 15),
                    "comment": (D(2022, 3, 16), D(2022, 4, 14)),
                    "public_participation": D(2022, 4, 18),
                    "risk_assessment": D(2022, 4, 22),
                    "review": (D(2022, 5, 6), D(2022, 5, 18)),
                    "decided": D(2022, 5, 26),
                    "party_report": D(2022, 5, 30),
                    "published": D(2022, 6, 8),
                },
                meeting="市政府第12次常务会议",
                doc_number="荣政发〔2022〕5号",
                comments=[
                    (
                        "居民合理分担",
                        "建议明确低保户、特困户的分担减免办法。",
                        True,
                        "已在方案中增加减免条款",
                    ),
                    (
                        "社会资本参与",
                        "建议不引入社会资本。",
                        False,
                        "引入社会资本可拓宽资金来源，符合国家政策",
                    ),
                ],
            ),
            DemoDecision(
                lead="education",
                title="荣成市中小学幼儿园布局专项规划（2022—2035年）",
                reason="城镇人口向城区集聚，部分学校学位紧张",
                basis="《中华人民共和国教育法》《山东省中小学校幼儿园规划建设条例》",
                attributes={
                    "affects_public_interest": True,
                    "professional_technical": True,
                    "hearing_required": True,
                },
                dates={
                    "start": D(2022, 3, 10),
                    "drafting": D(2022, 4, 1),
                    "comment": (D(2022, 4, 6), D(2022, 5, 10)),
                    "hearing": (D(2022, 5, 12), D(2022, 5, 20)),
                    "public_participation": D(2022, 5, 23),
                    "expert_review": D(2022, 5, 25),
                    "review": (D(2022, 6, 7), D(2022, 6, 20)),
                    "decided": D(2022, 6, 29),
                    "party_report": D(2022, 7, 4),
                    "published": D(2022, 7, 12),
                },
                meeting="市政府第15次常务会议",
                doc_number="荣政发〔2022〕9号",
                comments=[
                    (
                        "保障适龄儿童就近入学",
                        "建议在港湾街道增设一所小学。",
                        True,
                        "已纳入规划近期建设项目",
                    ),
                ],
            ),
        ],
        rejected=[
            (
                "culture",
                "荣成市文化和旅游局机关内部管理制度汇编",
                "属于内部管理事项，不属于重大行政决策事项",
            )
        ],
    ),
]


def _propose(
    catalog: DecisionCatalog, plan: DemoCatalog, lead: str, title: str, reason: str, basis: str
) -> DecisionProposal:
    return services.proposal_submit(
        acting_user=demo_legal_officer(lead),
        catalog_id=catalog.pk,
        lead_organization=Organization.objects.get(code=lead),
        title=title,
        reason=reason,
        basis=basis,
        plan="见建议书附件",
        on=plan.proposed_on,
    )


def _run_decision(item: DecisionProposal, plan: DemoDecision, bureau: User) -> None:
    lead = demo_legal_officer(plan.lead)
    dates = plan.dates
    decision = services.decision_start(
        acting_user=lead,
        catalog_item_id=item.pk,
        description=plan.reason,
        on=dates["start"],
        **plan.attributes,
    )

    def record(kind: str, **facts: Any) -> None:
        services.decision_step_record(
            acting_user=lead,
            decision_id=decision.pk,
            kind=kind,
            done_on=dates[kind],
            evidence=f"{StepKind(kind).label}材料（存{lead.full_name.removesuffix('法制员')}档案）",
            **facts,
        )

    record(StepKind.DRAFTING, summary="开展调研，形成决策草案及起草说明")
    if "comment" in dates:
        starts_on, ends_on = dates["comment"]
        draft = DRAFT_2022_HOUSING if plan.lead == "housing" else DRAFT_2022_EDUCATION
        period = services.decision_comment_open(
            acting_user=lead,
            decision_id=decision.pk,
            draft_text=draft if plan.comments else f"《{plan.title}》（征求意见稿）全文",
            starts_on=starts_on,
            ends_on=ends_on,
        )
        for offset, (quote, text, adopted, answer) in enumerate(plan.comments):
            comment = comment_submit(
                period_id=period.pk,
                quoted_passage=quote,
                text=text,
                commenter_name="市民",
                on=starts_on + datetime.timedelta(days=3 + offset),
            )
            comment_answer(acting_user=lead, comment_id=comment.pk, adopted=adopted, reason=answer)
        comment_summary_publish(
            acting_user=lead, period_id=period.pk, on=ends_on + datetime.timedelta(days=1)
        )
    if "hearing" in dates:
        sent_on, hearing_on = dates["hearing"]
        services.decision_step_record(
            acting_user=lead,
            decision_id=decision.pk,
            kind=StepKind.HEARING,
            done_on=hearing_on,
            hearing_on=hearing_on,
            materials_sent_on=sent_on,
            participants="家长代表、教师代表、人大代表、政协委员共15人",
            evidence="听证公告、参加人遴选办法和名单、听证记录（签字）",
        )
    if "public_participation" in dates:
        record(StepKind.PUBLIC_PARTICIPATION, method="public_comment")
    if "expert_review" in dates:
        record(
            StepKind.EXPERT_REVIEW,
            method="argumentation_meeting",
            participants="威海市决策咨询论证专家库专家5名",
        )
    if "risk_assessment" in dates:
        record(StepKind.RISK_ASSESSMENT, risk_level="low", summary="风险可控")
    if "fair_competition" in dates:
        record(StepKind.FAIR_COMPETITION, summary="经审查未发现排除、限制竞争的内容")
    submitted_on, concluded_on = dates["review"]
    materials = ["draft", "legal_basis", "procedure_note"]
    materials += [
        key
        for attribute, key in (
            ("affects_public_interest", "public_opinions"),
            ("professional_technical", "expert_opinions"),
            ("risk_to_stability", "risk_report"),
            ("concerns_market", "fair_competition"),
        )
        if plan.attributes.get(attribute)
    ]
    review = services.decision_submit_for_review(
        acting_user=lead, decision_id=decision.pk, materials_provided=materials, on=submitted_on
    )
    review_accept(acting_user=bureau, review_id=review.pk, on=submitted_on)
    review_conclude(acting_user=bureau, review_id=review.pk, opinion="lawful", on=concluded_on)
    services.decision_decide(
        acting_user=lead,
        decision_id=decision.pk,
        meeting_name=plan.meeting,
        decided_on=dates["decided"],
        outcome="adopted",
        evidence=f"{plan.meeting}纪要",
    )
    record(StepKind.PARTY_REPORT)
    services.decision_publish(
        acting_user=lead,
        decision_id=decision.pk,
        published_on=dates["published"],
        channel="荣成市人民政府网站、《荣成市人民政府公报》",
        evidence="公布文本及政策解读",
        doc_number=plan.doc_number,
    )
    if plan.implementation_report is not None:
        services.decision_report_implementation(
            acting_user=lead,
            decision_id=decision.pk,
            done_on=plan.implementation_report,
            summary="决策执行情况良好，阶段性目标已完成",
            evidence="决策执行情况报告",
        )


def _build_catalog(county: Region, plan: DemoCatalog, bureau: User) -> int:
    catalog = services.catalog_create(acting_user=bureau, region=county, year=plan.year)
    items = []
    for decision in plan.decisions:
        proposal = _propose(
            catalog, plan, decision.lead, decision.title, decision.reason, decision.basis
        )
        items.append(
            services.proposal_include(
                acting_user=bureau, proposal_id=proposal.pk, on=plan.included_on
            )
        )
    for lead, title, reason in plan.rejected:
        proposal = _propose(catalog, plan, lead, title, "规范机关内部管理", "有关规定")
        services.proposal_reject(
            acting_user=bureau, proposal_id=proposal.pk, reason=reason, on=plan.included_on
        )
    services.catalog_adopt(
        acting_user=bureau,
        catalog_id=catalog.pk,
        adopted_on=plan.adopted_on,
        adopted_document=plan.adopted_document,
    )
    services.catalog_publish(acting_user=bureau, catalog_id=catalog.pk, on=plan.published_on)
    for item, decision in zip(items, plan.decisions, strict=True):
        _run_decision(item, decision, bureau)
    return len(items)


@transaction.atomic
def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过重大行政决策")
        return
    if DecisionCatalog.objects.filter(region=county).exists():
        log("重大行政决策：已存在，跳过")
        return
    bureau = demo_bureau_user()
    for plan in CATALOGS:
        count = _build_catalog(county, plan, bureau)
        log(f"{plan.year}年度重大行政决策事项目录：{count}项，均已履行法定程序并公布")
