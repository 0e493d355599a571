"""Rongcheng's normative documents of 2021 and 2022, built through the services.

Every document runs the whole procedure: comment, fair-competition review where it concerns the
market, legality review by the bureau, deliberation, issue, publication and filing, on dates in
its year. The 2022 report's figures (rules.government_documents 6, 2021: 10; department
documents 26, 2021: 30; 100% reviewed and filed; 10 post-evaluations) are then counted from them.
One draft is open for public comment today and one waits for review, so the portal and the
review desk have something to show.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from fazhi.core.deadlines import add_working_days, is_working_day
from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Organization, Region, User
from fazhi.legality import services as legality
from fazhi.legality.models import Opinion
from fazhi.rules.models import DocumentEvaluation, NormativeDocument, PlanItem
from fazhi.rules.services import documents, plans

Log = Callable[[str], None]
D = datetime.date
ALL_MATERIALS = ["draft", "drafting_notes", "basis", "comments", "fair_competition"]

# (drafting department, title, concerns the market) of the government documents of each year.
GOVERNMENT_DOCUMENTS = {
    2021: [
        ("housing", "荣成市城镇老旧小区改造实施办法", False),
        ("commerce", "荣成市促进外贸稳定发展若干措施", True),
        ("agriculture", "荣成市农村集体经济组织资产管理办法", False),
        ("natural-resources", "荣成市国有建设用地使用权出让管理办法", True),
        ("civil-affairs", "荣成市最低生活保障实施细则", False),
        ("transport", "荣成市城市公共交通管理办法", True),
        ("ocean", "荣成市海域使用权招标拍卖挂牌出让管理办法", True),
        ("education", "荣成市学前教育发展规定", False),
        ("finance", "荣成市政府投资项目资金管理办法", False),
        ("culture", "荣成市文化旅游产业扶持暂行办法", True),
    ],
    2022: [
        ("market", "荣成市农贸市场管理办法", True),
        ("housing", "荣成市住房公积金缴存管理办法", False),
        ("industry", "荣成市支持中小企业发展若干政策", True),
        ("emergency", "荣成市安全生产举报奖励办法", False),
        ("water", "荣成市城市供水用水管理办法", True),
        ("veterans", "荣成市退役军人优待实施办法", False),
    ],
}
# Drafted for the government's 2022 plan but not made that year (the plan's other outcomes).
PLAN_DROPPED = ("labour", "荣成市职业技能提升补贴办法", "上级政策调整，待省级办法出台后再行制定")
PLAN_REJECTED = ("statistics", "荣成市统计调查工作规定", "属于内部工作制度，不属于行政规范性文件")

DEPARTMENT_TOPICS = [
    ("market", "市监", ["行政处罚裁量基准", "食品小作坊登记管理办法", "广告监督管理细则"]),
    ("urban", "综执", ["城市管理行政处罚裁量基准", "户外广告设置管理办法"]),
    ("natural-resources", "自然资", ["不动产登记办事指南", "临时用地管理办法"]),
    ("housing", "住建", ["建筑市场信用管理办法", "物业服务企业考核办法"]),
    ("transport", "交运", ["道路运输行政处罚裁量基准", "出租汽车经营权管理办法"]),
    ("agriculture", "农农", ["农业行政处罚裁量基准", "农机购置补贴实施细则"]),
    ("ocean", "海发", ["渔业船舶管理办法", "海洋牧场建设管理办法"]),
    ("culture", "文旅", ["旅游市场秩序管理办法", "文化市场行政处罚裁量基准"]),
    ("health", "卫健", ["医疗机构执业登记管理办法", "卫生健康行政处罚裁量基准"]),
    ("emergency", "应急", ["安全生产行政处罚裁量基准", "危险化学品经营许可管理办法"]),
    ("education", "教体", ["民办培训机构管理办法", "校外托管机构管理办法"]),
    ("labour", "人社", ["就业创业补贴管理办法", "劳动保障监察行政处罚裁量基准"]),
    ("water", "水务", ["河道采砂管理办法", "水行政处罚裁量基准"]),
    ("commerce", "商务", ["单用途预付卡管理办法", "外贸发展资金管理办法"]),
    ("medical-insurance", "医保", ["定点医药机构协议管理办法", "医疗保障基金监管办法"]),
    ("civil-affairs", "民政", ["养老机构管理办法", "社会组织登记管理办法"]),
]
DEPARTMENT_COUNTS = {2021: 30, 2022: 26}
POST_EVALUATIONS = {"continue": 8, "amend": 1, "repeal": 1}
DRAFT_TEMPLATE = (
    "第一条 为了规范{subject}，根据有关法律、法规，结合本市实际，制定本办法。\n"
    "第二条 本办法适用于本市行政区域内的{subject}工作。\n"
    "第三条 {organization}负责本办法的组织实施，有关部门按照各自职责做好相关工作。\n"
    "第四条 本办法自发布之日起施行。"
)


def _working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _draft_text(title: str, organization: Organization) -> str:
    subject = title.removeprefix("荣成市").removesuffix("办法").removesuffix("实施细则")
    return DRAFT_TEMPLATE.format(subject=subject or title, organization=organization.name)


class _Numbers:
    """Document numbers and registration numbers in issue order, per issuer and year."""

    def __init__(self) -> None:
        self._next: dict[tuple[str, int], int] = {}

    def take(self, key: str, year: int) -> int:
        value = self._next.get((key, year), 1)
        self._next[(key, year)] = value + 1
        return value


def _run_procedure(
    *,
    document: NormativeDocument,
    drafter: User,
    reviewer: User,
    signed_on: datetime.date,
    doc_number: str,
    registration_number: str,
    rng: random.Random,
    comments: int = 0,
) -> NormativeDocument:
    """Take a fresh draft through every step to filing, the steps dated before `signed_on`."""
    # Forward from a submission six weeks before signing, so every limit holds on real calendars.
    submitted = _working_day(signed_on - datetime.timedelta(days=45))
    accepted = _working_day(submitted + datetime.timedelta(days=1))
    concluded = add_working_days(accepted, rng.randint(5, 12)).due_on
    deliberated = _working_day(concluded + datetime.timedelta(days=rng.randint(2, 5)))
    signed_on = max(signed_on, _working_day(deliberated + datetime.timedelta(days=2)))
    comment_ends = submitted - datetime.timedelta(days=rng.randint(5, 12))
    comment_starts = comment_ends - datetime.timedelta(days=29 + rng.randint(0, 5))
    documents.document_comment_open(
        acting_user=drafter,
        document_id=document.pk,
        starts_on=comment_starts,
        ends_on=comment_ends,
    )
    _collect_comments(document, drafter, comment_starts, comments, rng)
    if document.concerns_market:
        documents.document_fair_competition_record(
            acting_user=drafter,
            document_id=document.pk,
            conclusion="经审查，未发现排除、限制竞争的内容，符合公平竞争审查标准",
            on=comment_ends + datetime.timedelta(days=2),
        )
    review = documents.document_submit_review(
        acting_user=drafter,
        document_id=document.pk,
        materials_provided=ALL_MATERIALS,
        on=submitted,
    )
    legality.review_accept(acting_user=reviewer, review_id=review.pk, on=accepted)
    opinion = Opinion.LAWFUL_AFTER_CHANGES if rng.random() < 0.35 else Opinion.LAWFUL
    legality.review_conclude(
        acting_user=reviewer,
        review_id=review.pk,
        opinion=opinion,
        opinion_text=""
        if opinion == Opinion.LAWFUL
        else "建议删除增加市场主体义务的表述，明确制定依据",
        on=concluded,
    )
    documents.document_deliberate(
        acting_user=drafter,
        document_id=document.pk,
        meeting=(
            "市政府常务会议"
            if document.level == NormativeDocument.Level.GOVERNMENT
            else f"{document.organization.short_name}局务会议"
        ),
        on=deliberated,
    )
    documents.document_issue(
        acting_user=drafter,
        document_id=document.pk,
        signer="主要负责人",
        signed_on=signed_on,
        doc_number=doc_number,
        registration_number=registration_number,
    )
    published = signed_on + datetime.timedelta(days=rng.randint(1, 4))
    documents.document_publish(
        acting_user=drafter,
        document_id=document.pk,
        published_on=published,
        effective_on=published + datetime.timedelta(days=30),
    )
    documents.document_file(
        acting_user=drafter,
        document_id=document.pk,
        filed_on=published + datetime.timedelta(days=rng.randint(5, 20)),
    )
    return document


def _collect_comments(
    document: NormativeDocument,
    drafter: User,
    starts_on: datetime.date,
    count: int,
    rng: random.Random,
) -> None:
    if not count:
        return
    from fazhi.legality.selectors import comment_period_latest_of

    period = comment_period_latest_of(document)
    assert period is not None
    passages = [line for line in document.draft_text.splitlines() if line]
    for index in range(count):
        passage = rng.choice(passages)
        comment = legality.comment_submit(
            period_id=period.pk,
            quoted_passage=passage[:24],
            text="建议进一步明确适用范围和各部门职责分工。",
            commenter_name=f"市民{index + 1}",
            on=starts_on + datetime.timedelta(days=3 + index),
        )
        adopted = index % 2 == 0
        legality.comment_answer(
            acting_user=drafter,
            comment_id=comment.pk,
            adopted=adopted,
            reason="" if adopted else "该事项已由上位法明确规定，无需重复规定",
        )
    legality.comment_summary_publish(
        acting_user=drafter,
        period_id=period.pk,
        on=period.ends_on + datetime.timedelta(days=1),
    )


def _signing_days(year: int, count: int, rng: random.Random) -> list[datetime.date]:
    start = D(year, 1, 20).toordinal()
    end = D(year, 12, 15).toordinal()
    return sorted(_working_day(D.fromordinal(rng.randint(start, end))) for _ in range(count))


def _government_year(
    year: int,
    county: Region,
    government: Organization,
    reviewer: User,
    numbers: _Numbers,
    rng: random.Random,
) -> list[NormativeDocument]:
    plan = plans.plan_open(acting_user=reviewer, region=county, year=year)
    items = []
    entries = GOVERNMENT_DOCUMENTS[year]
    extras = [PLAN_DROPPED, PLAN_REJECTED] if year == 2022 else []
    for code, title, _concerns_market in [*entries, *((c, t, False) for c, t, _ in extras)]:
        drafter = demo_legal_officer(code)
        items.append(
            plans.plan_item_propose(
                acting_user=drafter,
                plan_id=plan.pk,
                organization=Organization.objects.get(code=code),
                issuer=government,
                title=title,
                reason=f"落实上级部署，规范{title.removeprefix('荣成市')}相关工作",
                planned_quarter=rng.randint(1, 4),
            )
        )
    for item in items:
        if extras and item.title == PLAN_REJECTED[1]:
            plans.plan_item_reject(acting_user=reviewer, item_id=item.pk, reason=PLAN_REJECTED[2])
        else:
            plans.plan_item_include(acting_user=reviewer, item_id=item.pk)
    plans.plan_publish(acting_user=reviewer, plan_id=plan.pk, on=D(year, 1, 25))
    if extras:
        dropped = next(item for item in items if item.title == PLAN_DROPPED[1])
        plans.plan_item_drop(
            acting_user=demo_legal_officer(PLAN_DROPPED[0]),
            item_id=dropped.pk,
            reason=PLAN_DROPPED[2],
        )
    issued = []
    for (code, title, concerns_market), signed_on in zip(
        entries, _signing_days(year, len(entries), rng), strict=True
    ):
        drafter = demo_legal_officer(code)
        organization = Organization.objects.get(code=code)
        item = next(item for item in items if item.title == title)
        document = documents.document_create(
            acting_user=drafter,
            issuer=government,
            organization=organization,
            title=title,
            kind=NormativeDocument.Kind.MEASURES,
            concerns_market=concerns_market,
            draft_text=_draft_text(title, organization),
            plan_item_id=item.pk,
        )
        serial = numbers.take("government", year)
        issued.append(
            _run_procedure(
                document=document,
                drafter=drafter,
                reviewer=reviewer,
                signed_on=signed_on,
                doc_number=f"荣政发〔{year}〕{serial}号",
                registration_number=f"RCDR-{year}-001{serial:04d}",
                rng=rng,
                comments=2 if concerns_market else 0,
            )
        )
    return issued


def _department_year(
    year: int, reviewer: User, numbers: _Numbers, rng: random.Random
) -> list[NormativeDocument]:
    topics = [(code, short, topic) for code, short, titles in DEPARTMENT_TOPICS for topic in titles]
    chosen = rng.sample(topics, DEPARTMENT_COUNTS[year])
    issued = []
    for (code, short, topic), signed_on in zip(
        chosen, _signing_days(year, len(chosen), rng), strict=True
    ):
        drafter = demo_legal_officer(code)
        organization = Organization.objects.get(code=code)
        suffix = "（2022年修订）" if year == 2022 and rng.random() < 0.3 else ""
        title = f"{organization.name}{topic}{suffix}"
        document = documents.document_create(
            acting_user=drafter,
            issuer=organization,
            organization=organization,
            title=title,
            kind=NormativeDocument.Kind.MEASURES,
            concerns_market="裁量基准" not in topic,
            draft_text=_draft_text(topic, organization),
        )
        serial = numbers.take(code, year)
        issued.append(
            _run_procedure(
                document=document,
                drafter=drafter,
                reviewer=reviewer,
                signed_on=signed_on,
                doc_number=f"荣{short}发〔{year}〕{serial}号",
                registration_number=f"RCDR-{year}-{_issuer_serial(code):03d}{serial:04d}",
                rng=rng,
            )
        )
    return issued


def _issuer_serial(code: str) -> int:
    """The issuer's part of a registration number: 001 the government, then the departments."""
    return 2 + [row[0] for row in DEPARTMENT_TOPICS].index(code)


def _post_evaluate(documents_2021: list[NormativeDocument], reviewer: User) -> None:
    """The bureau post-evaluates each 2021 government document in 2022 (实施后评估)."""
    conclusions = [c for c, count in POST_EVALUATIONS.items() for _ in range(count)]
    for index, (document, conclusion) in enumerate(zip(documents_2021, conclusions, strict=True)):
        documents.document_evaluate(
            acting_user=reviewer,
            document_id=document.pk,
            kind=DocumentEvaluation.Kind.POST,
            evaluated_on=_working_day(D(2022, 9, 1) + datetime.timedelta(days=7 * index)),
            conclusion=conclusion,
            report={
                "continue": "实施效果良好，达到预期目的，继续有效",
                "amend": "部分条款与新修订的上位法不一致，建议修改",
                "repeal": "制定依据已废止，建议废止",
            }[conclusion],
        )


def _current_work(government: Organization, reviewer: User) -> None:
    """One draft open for comment today and one waiting for review: today's work."""
    today = timezone.localdate()
    drafter = demo_legal_officer("market")
    market = Organization.objects.get(code="market")
    open_draft = documents.document_create(
        acting_user=drafter,
        issuer=government,
        organization=market,
        title="荣成市电动自行车销售维修管理办法",
        kind=NormativeDocument.Kind.MEASURES,
        concerns_market=True,
        draft_text=_draft_text("电动自行车销售维修管理", market)
        + "\n第五条 销售者应当查验产品合格证明，不得销售不符合强制性国家标准的电动自行车。",
    )
    documents.document_comment_open(
        acting_user=drafter,
        document_id=open_draft.pk,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=25),
    )
    drafter = demo_legal_officer("health")
    health = Organization.objects.get(code="health")
    waiting = documents.document_create(
        acting_user=drafter,
        issuer=health,
        organization=health,
        title=f"{health.name}医疗美容机构监督管理办法",
        kind=NormativeDocument.Kind.MEASURES,
        draft_text=_draft_text("医疗美容机构监督管理", health)
        + "\n第五条 未经批准的，一律不得开展医疗美容活动，违者处以罚款。",
    )
    documents.document_submit_review(
        acting_user=drafter,
        document_id=waiting.pk,
        materials_provided=["draft", "drafting_notes", "basis"],
        comment_skip_reason="已书面征求相关单位意见，不涉及市场主体",
        on=today,
    )


@transaction.atomic
def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过规范性文件")
        return
    if NormativeDocument.objects.filter(region=county).exists():
        log("规范性文件已存在，跳过")
        return
    rng = random.Random(2022)
    reviewer = demo_bureau_user()
    government = Organization.objects.get(code="government")
    numbers = _Numbers()
    issued: dict[int, dict[str, list[NormativeDocument]]] = {}
    for year in (2021, 2022):
        issued[year] = {
            "government": _government_year(year, county, government, reviewer, numbers, rng),
            "department": _department_year(year, reviewer, numbers, rng),
        }
    _post_evaluate(issued[2021]["government"], reviewer)
    _current_work(government, reviewer)
    for year, by_level in issued.items():
        log(
            f"{year}年规范性文件：政府{len(by_level['government'])}件、"
            f"部门{len(by_level['department'])}件，均经合法性审核并报送备案"
        )
    dropped = PlanItem.objects.filter(status=PlanItem.Status.DROPPED).count()
    log(f"2022年制定计划：{len(GOVERNMENT_DOCUMENTS[2022])}项已印发、{dropped}项撤销、1项未列入")
    log(f"2022年政府规范性文件后评估：{sum(POST_EVALUATIONS.values())}件；征求意见中1件、待审核1件")
