"""Normative documents (行政规范性文件) of the synthetic province, each through its procedure.

Every document went the whole way and was filed (Rongcheng: 100% reviewed and filed): public
comment for 30 days (山东省行政规范性文件制定和备案规定, 省政府令第353号), fair-competition review
when it concerns market subjects, legality review by the justice bureau within its working-day
limits, collective deliberation, signing with a document number and registration number,
publication, validity of five years from taking effect, filing within 30 days of publication.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType

from fazhi.core.bulkload import bulk_load
from fazhi.core.deadlines import add_years
from fazhi.core.parameters import parameter_value
from fazhi.legality.models import CommentPeriod
from fazhi.rules.models import NormativeDocument
from fazhi.rules.parameters import (
    FILING_DAYS,
    LEGALITY_REVIEW_MAX_DAYS,
    LEGALITY_REVIEW_MIN_DAYS,
    PUBLIC_COMMENT_DAYS,
    VALIDITY_YEARS,
)
from fazhi.rules.services.documents import default_filing_authority
from fazhi.scale.loaders.common import days, person_names
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.loaders.reviews import PlannedReview, due_on, load_reviews, review_plan
from fazhi.scale.plan import County, ProvincePlan

# Rongcheng issued 16 government and 56 department documents in 2021–2022.
LEVELS = (("government", 16), ("department", 56))
KINDS = (("measures", 4), ("opinion", 3), ("notice", 3), ("provision", 1), ("rules", 1))
KIND_LABELS = dict(NormativeDocument.Kind.choices)
TOPICS = (
    "进一步优化营商环境",
    "加强城乡环境卫生管理",
    "规范农村宅基地审批管理",
    "促进海洋渔业高质量发展",
    "加强安全生产监督管理",
    "规范行政执法裁量权基准",
    "支持中小微企业发展",
    "加强住宅专项维修资金管理",
    "规范政府投资项目管理",
    "做好困难群众基本生活保障",
)
# Documents touching market subjects' economic activity (fair-competition review).
MARKET_SHARE = 0.4
# Abbreviations (机关代字) for document numbers; the government's, then the departments' in turn.
GOVERNMENT_ABBREVIATION = "县政发"
DEPARTMENT_ABBREVIATION = "部门发"
MATERIALS = ("draft", "drafting_notes", "basis", "comments")
# Dates are drawn so that a document started in the covered years is filed within them.
LEAD_DAYS = 150


@dataclass(frozen=True)
class _Document:
    row: tuple[object, ...]
    comment: tuple[datetime.date, datetime.date]
    review: PlannedReview


@cache
def _validity_years(year: int) -> int:
    return int(parameter_value(VALIDITY_YEARS, on=datetime.date(year, 7, 1)).amount)


def load_documents(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` filed documents of the county."""
    documents = _documents(plan.rng("normative_documents", county.code), county, ids, count)
    return bulk_load(
        NormativeDocument,
        [
            *("region", "issuer", "organization", "title", "kind", "level", "concerns_market"),
            *("draft_text", "status", "fair_competition_conclusion", "fair_competition_on"),
            *("deliberation_meeting", "deliberation_on", "signer", "signed_on", "doc_number"),
            *("registration_number", "published_on", "effective_on", "valid_until"),
            *("filing_authority", "filing_due_on", "filed_on"),
        ],
        [document.row for document in documents],
    )


def _loaded(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> list[tuple[int, _Document]]:
    """The county's planned documents with the primary keys they were loaded under."""
    documents = _documents(plan.rng("normative_documents", county.code), county, ids, count)
    pks = NormativeDocument.objects.filter(region=ids.region).order_by("pk").values_list("pk")
    return [(pk, document) for (pk,), document in zip(pks, documents, strict=True)]


def load_comment_periods(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Each document's 30-day public comment period, ended before its legality review."""
    content_type = ContentType.objects.get_for_model(NormativeDocument).pk
    return bulk_load(
        CommentPeriod,
        [
            *("content_type", "object_id", "kind", "title", "draft_text", "region"),
            *("organization", "starts_on", "ends_on", "minimum_days", "summary_published_on"),
        ],
        [
            (
                content_type,
                pk,
                "document",
                f"{document.row[3]}（征求意见稿）",
                document.row[7],
                ids.region,
                document.row[2],
                starts_on,
                ends_on,
                (ends_on - starts_on).days + 1,
                ends_on + datetime.timedelta(days=5),
            )
            for pk, document in _loaded(plan, county, ids, count)
            for starts_on, ends_on in [document.comment]
        ],
    )


def load_document_reviews(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Each document's concluded legality review."""
    loaded = _loaded(plan, county, ids, count)
    return load_reviews(
        NormativeDocument,
        "document",
        ids.region,
        [pk for pk, _ in loaded],
        [document.review for _, document in loaded],
    )


def _documents(rng: random.Random, county: County, ids: CountyIds, count: int) -> list[_Document]:
    """The county's documents in signing order (the same on each call for the same county)."""
    levels = rng.choices([k for k, _ in LEVELS], [w for _, w in LEVELS], k=count)
    kinds = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS], k=count)
    starts = sorted(rng.choices(days()[:-LEAD_DAYS], k=count))
    signers = person_names(rng, 8)
    serials: Counter[tuple[int, int]] = Counter()
    registrations: Counter[int] = Counter()
    documents = []
    for n in range(count):
        drafter = rng.choice([ids.bureau, *ids.departments])
        issuer = ids.government if levels[n] == "government" else drafter
        market = rng.random() < MARKET_SHARE
        topic, label = rng.choice(TOPICS), KIND_LABELS[kinds[n]]
        title = f"关于{topic}的{label}"
        comment_from = starts[n]
        comment_to = due_on(PUBLIC_COMMENT_DAYS, comment_from) - datetime.timedelta(days=1)
        reviewed_from = comment_to + datetime.timedelta(days=rng.randint(3, 10))
        review = review_plan(
            rng,
            title=title,
            organization=drafter,
            materials=MATERIALS + (("fair_competition",) if market else ()),
            submitted_on=reviewed_from,
            max_days=LEGALITY_REVIEW_MAX_DAYS,
            min_days=LEGALITY_REVIEW_MIN_DAYS,
            precheck=True,
        )
        deliberated = review.concluded_on + datetime.timedelta(days=rng.randint(3, 20))
        signed = deliberated + datetime.timedelta(days=rng.randint(0, 7))
        published = signed + datetime.timedelta(days=rng.randint(1, 7))
        effective = published + datetime.timedelta(days=rng.choice((0, 30)))
        serials[(issuer, signed.year)] += 1
        registrations[signed.year] += 1
        abbreviation = (
            GOVERNMENT_ABBREVIATION if levels[n] == "government" else DEPARTMENT_ABBREVIATION
        )
        document = NormativeDocument(level=levels[n])
        meeting = "县政府常务会议" if levels[n] == "government" else "局长办公会议"
        row = (
            ids.region,
            issuer,
            drafter,
            title,
            kinds[n],
            levels[n],
            market,
            f"第一条 为{topic}，结合本县实际，制定本{label}。",
            "filed",
            "经审查，未发现排除、限制竞争的内容。" if market else "",
            comment_to + datetime.timedelta(days=rng.randint(1, 3)) if market else None,
            f"{county.name}{meeting}",
            deliberated,
            rng.choice(signers),
            signed,
            f"{abbreviation}〔{signed.year}〕{serials[(issuer, signed.year)]}号",
            f"{county.prefix}DR-{signed.year}-{registrations[signed.year]:04d}",
            published,
            effective,
            add_years(effective, _validity_years(effective.year)),
            default_filing_authority(document),
            due_on(FILING_DAYS, published),
            published + datetime.timedelta(days=rng.randint(3, 25)),
        )
        documents.append(_Document(row, (comment_from, comment_to), review))
    return documents
