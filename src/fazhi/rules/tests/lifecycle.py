"""Drive a normative document to a given stage through the services (for view and API tests)."""

import datetime

from fazhi.legality import services as legality
from fazhi.rules.models import NormativeDocument
from fazhi.rules.services import documents

D = datetime.date
MATERIALS = ["draft", "drafting_notes", "basis", "comments", "fair_competition"]
DRAFT = "第一条 为规范本市农贸市场管理，制定本办法。\n第二条 市场开办者应当建立台账。"

STAGES = (
    "drafting",
    "commented",
    "fair_competition",
    "submitted",
    "reviewed",
    "deliberated",
    "issued",
    "published",
    "filed",
)


def reload(document: NormativeDocument) -> NormativeDocument:
    return NormativeDocument.objects.get(pk=document.pk)


def make_document(
    world,
    drafter,
    reviewer,
    *,
    stage: str = "drafting",
    title: str = "荣成市农贸市场管理办法",
    opinion: str = "lawful",
    number: int = 3,
    issuer=None,
    published_on: datetime.date | None = None,
    filed_on: datetime.date | None = None,
) -> NormativeDocument:
    """A market-related government document at `stage` (one of STAGES).

    Published on 2022-04-29 and filed on 2022-05-20 (in time) unless told otherwise.
    """
    published_on = published_on or D(2022, 4, 29)
    filed_on = filed_on or D(2022, 5, 20)
    wanted = STAGES.index(stage)
    document = documents.document_create(
        acting_user=drafter,
        issuer=issuer or world.government,
        title=title,
        kind=NormativeDocument.Kind.MEASURES,
        concerns_market=True,
        draft_text=DRAFT,
    )
    pk = document.pk
    if wanted >= STAGES.index("commented"):
        documents.document_comment_open(
            acting_user=drafter, document_id=pk, starts_on=D(2022, 3, 1), ends_on=D(2022, 3, 31)
        )
    if wanted >= STAGES.index("fair_competition"):
        documents.document_fair_competition_record(
            acting_user=drafter,
            document_id=pk,
            conclusion="未发现排除限制竞争内容",
            on=D(2022, 4, 6),
        )
    if wanted >= STAGES.index("submitted"):
        review = documents.document_submit_review(
            acting_user=drafter, document_id=pk, materials_provided=MATERIALS, on=D(2022, 4, 7)
        )
    if wanted >= STAGES.index("reviewed"):
        legality.review_accept(acting_user=reviewer, review_id=review.pk, on=D(2022, 4, 8))
        legality.review_conclude(
            acting_user=reviewer,
            review_id=review.pk,
            opinion=opinion,
            opinion_text="" if opinion == "lawful" else "第二条缺乏上位法依据",
            on=D(2022, 4, 20),
        )
    if wanted >= STAGES.index("deliberated"):
        documents.document_deliberate(
            acting_user=drafter, document_id=pk, meeting="市政府第5次常务会议", on=D(2022, 4, 25)
        )
    if wanted >= STAGES.index("issued"):
        documents.document_issue(
            acting_user=drafter,
            document_id=pk,
            signer="市长",
            signed_on=D(2022, 4, 28),
            doc_number=f"荣政发〔2022〕{number}号",
            registration_number=f"RCDR-2022-001{number:04d}",
        )
    if wanted >= STAGES.index("published"):
        documents.document_publish(acting_user=drafter, document_id=pk, published_on=published_on)
    if wanted >= STAGES.index("filed"):
        documents.document_file(acting_user=drafter, document_id=pk, filed_on=filed_on)
    return reload(document)
